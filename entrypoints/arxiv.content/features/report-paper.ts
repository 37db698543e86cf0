import type { ExtractResult } from '@/lib/arxiv/schema';
import { sendRequest } from '@/lib/messaging';
import type { Feature } from './page-feature';
import { markPage } from '../ui/test-hooks';

/**
 * Hands the page's paper to the background (side panel, corpus). Early, and first: the background
 * answers the badge requests that follow only about the ids this report names
 * (lib/background/page-scope.ts).
 */
export const reportPaper: Feature = {
  id: 'report-paper',
  early: true,
  include: () => true,
  async init(_ctx, page) {
    markPage('antigravityKind', page.result.kind);
    if (page.result.paper) markPage('antigravityPaper', page.result.paper.id);
    const entryIds = page.result.entries?.map((e) => e.id);
    await sendRequest('paper/extracted', {
      url: page.url,
      result: reported(page.result),
      ...(entryIds?.length ? { entryIds } : {}),
    });
  },
};

/**
 * What the background keeps of a page: everything but a listing's entries, which only the
 * badges use (their own request carries them). Writing fifty entries into the tab's session
 * state took the worker ~10 ms on every listing page, in the middle of that page's badge request.
 */
export function reported(result: ExtractResult): ExtractResult {
  if (!result.entries) return result;
  const { entries: _entries, ...rest } = result;
  return rest;
}
