/**
 * Runs inside a benchmark page: the welcome page's harvest of one field (lib/corpus's
 * harvestQuery, as the background job calls it: 2,000 papers a request, arXiv's one request
 * every 3 s through the real RequestGate) against the group's local export API, into this
 * origin's real IndexedDB. Node drives it through `window.__harvestBench`.
 */
import { harvestQuery, submittedSince } from '@/lib/corpus';

export interface HarvestRun {
  apiUrl: string;
  category: string;
  from: string;
  maxResults: number;
}

export interface HarvestSample {
  ms: number;
  added: number;
  requests: number;
  error?: string;
}

declare global {
  interface Window {
    __harvestBench?: { run(a: HarvestRun): Promise<HarvestSample> };
  }
}

window.__harvestBench = {
  async run({ apiUrl, category, from, maxResults }) {
    const t0 = performance.now();
    const r = await harvestQuery(
      { category, query: submittedSince(from), maxResults, pageSize: 2000 },
      { fetch: (i, init) => fetch(i, init), apiUrl },
    );
    return {
      ms: performance.now() - t0,
      added: r.added,
      requests: r.requests,
      ...(r.error ? { error: r.error.message } : {}),
    };
  },
};
