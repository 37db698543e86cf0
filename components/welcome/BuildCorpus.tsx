import { useState } from 'react';
import { browser } from 'wxt/browser';
import { countQuery, RequestGate, STORAGE_BYTES_PER_PAPER, submittedSince } from '@/lib/corpus';
import { MIN_INTERVAL_MS } from '@/lib/corpus';
import { toAgError, type AgError } from '@/lib/errors';
import { JobView } from '../shared/JobView';
import { useJob } from '../shared/use-job';
import { formatBytes, formatDuration } from '../options/display-format';
import type { Period } from './FieldsPicker';

const EXPORT_ORIGIN = 'https://export.arxiv.org/*';
/** Newest papers kept per category: a field-year is well below it. */
export const MAX_PER_CATEGORY = 50_000;
/** Papers per export API request of the harvest (lib/jobs/runner.ts). */
const PAGE = 2000;

interface Estimate {
  perCategory: Array<{ code: string; count: number }>;
  papers: number;
  requests: number;
  seconds: number;
  bytes: number;
}

/** YYYY-MM-DD `months` before now, or undefined for all time. */
export function fromDateOf(period: Period, now = new Date()): string | undefined {
  if (period === 'all') return undefined;
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - Number(period));
  return d.toISOString().slice(0, 10);
}

/**
 * Step 3: count the papers of the chosen fields (one export API request per category, 3 s
 * apart), show papers, time under arXiv's 3 s rule and storage, then start the harvest as a
 * background job. Host access to export.arxiv.org is checked first and asked for with a button
 * (Firefox before 127 does not grant it at install).
 */
export function BuildCorpus({ categories, period }: { categories: string[]; period: Period }) {
  const jobs = useJob();
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const [estimating, setEstimating] = useState<string | null>(null);
  const [error, setError] = useState<AgError | null>(null);
  const [needsAccess, setNeedsAccess] = useState(false);
  const [gate] = useState(() => new RequestGate());
  const fromDate = fromDateOf(period);
  const key = `${categories.join(',')}|${period}`;
  const [estimatedFor, setEstimatedFor] = useState('');
  const current = estimate && estimatedFor === key ? estimate : null;

  const hasAccess = () =>
    browser.permissions.contains({ origins: [EXPORT_ORIGIN] }).catch(() => false);

  const allow = async () => {
    const ok = await browser.permissions.request({ origins: [EXPORT_ORIGIN] }).catch(() => false);
    setNeedsAccess(!ok);
    if (ok) void runEstimate();
  };

  const runEstimate = async () => {
    setError(null);
    if (!(await hasAccess())) {
      setNeedsAccess(true);
      return;
    }
    const perCategory: Estimate['perCategory'] = [];
    try {
      for (const code of categories) {
        setEstimating(code);
        const count = await countQuery(
          { category: code, query: fromDate ? submittedSince(fromDate) : undefined },
          { fetch: (i, init) => fetch(i, init), gate },
        );
        perCategory.push({ code, count: Math.min(count, MAX_PER_CATEGORY) });
      }
    } catch (e) {
      setError(toAgError(e));
      return;
    } finally {
      setEstimating(null);
    }
    const papers = perCategory.reduce((s, c) => s + c.count, 0);
    const requests = perCategory.reduce((s, c) => s + Math.max(1, Math.ceil(c.count / PAGE)), 0);
    setEstimate({
      perCategory,
      papers,
      requests,
      seconds: (requests * MIN_INTERVAL_MS) / 1000,
      bytes: papers * STORAGE_BYTES_PER_PAPER,
    });
    setEstimatedFor(key);
  };

  const build = async () => {
    if (!current) return;
    const err = await jobs.start({
      kind: 'harvest-fields',
      categories,
      ...(fromDate ? { fromDate } : {}),
      maxPerCategory: MAX_PER_CATEGORY,
      expectedTotal: current.papers,
    });
    setError(err);
  };

  const job = jobs.job?.spec.kind === 'harvest-fields' ? jobs.job : null;
  return (
    <section aria-labelledby="build-h">
      <h2 id="build-h">3. Build my corpus</h2>
      <p className="hint">
        The papers of your fields come from arXiv’s export API, one request every 3 seconds as arXiv
        asks. The harvest runs in the background: you may close this page (progress on the toolbar
        icon and in Options).
      </p>
      {needsAccess && (
        <div className="status warn" role="alert" data-testid="build-access">
          Antigravity needs your permission to read export.arxiv.org, where arXiv serves paper
          metadata. Your browser will ask you once.{' '}
          <button type="button" data-testid="build-allow" onClick={() => void allow()}>
            Allow access to export.arxiv.org
          </button>
        </div>
      )}
      <div className="row">
        <button
          type="button"
          data-testid="build-estimate"
          disabled={!categories.length || estimating !== null || jobs.running}
          onClick={() => void runEstimate()}
        >
          {estimating ? `Counting ${estimating}…` : 'Estimate'}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="build-start"
          disabled={!current || jobs.running}
          onClick={() => void build()}
        >
          Build my corpus
        </button>
      </div>
      {!categories.length && <p className="hint">Choose at least one field above.</p>}
      {current && (
        <p data-testid="build-estimate-text">
          About {current.papers.toLocaleString('en-US')} papers (
          {current.perCategory
            .map((c) => `${c.code} ${c.count.toLocaleString('en-US')}`)
            .join(', ')}
          ): {current.requests} requests, at least {formatDuration(current.seconds)} under arXiv’s
          3-second rule plus download time, about {formatBytes(current.bytes)} of storage.
        </p>
      )}
      {error && (
        <p className="status error" role="alert" data-testid="build-error">
          {error.message} {error.action}
        </p>
      )}
      {job && <JobView job={job} prefix="build" onCancel={() => void jobs.cancel()} />}
    </section>
  );
}
