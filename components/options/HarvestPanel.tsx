import { useState } from 'react';
import { browser } from 'wxt/browser';
import type { AgError } from '@/lib/errors';
import type { useJob } from '../shared/use-job';
import { JobView } from '../shared/JobView';

export const OAI_ORIGIN = 'https://oaipmh.arxiv.org/*';

/**
 * Harvest from arXiv: a category or a search query through the export API, or a whole OAI-PMH
 * set. The harvest is a job of the background (one request every 3 s at most, arXiv's terms):
 * this panel starts it and shows it; it goes on when the page closes.
 */
export function HarvestPanel({ jobs }: { jobs: ReturnType<typeof useJob> }) {
  const [mode, setMode] = useState<'query' | 'category' | 'oai'>('category');
  const [value, setValue] = useState('');
  const [max, setMax] = useState(500);
  const [asking, setAsking] = useState(false);
  const [denied, setDenied] = useState(false);
  const [refused, setRefused] = useState<AgError | null>(null);
  const job = jobs.job && jobs.job.spec.kind.startsWith('harvest-') ? jobs.job : null;
  const busy = jobs.running || asking;

  const start = async () => {
    if (!value.trim()) return;
    setDenied(false);
    setRefused(null);
    if (mode === 'oai') {
      // OAI-PMH lives on its own host: asked for only when the reader harvests a whole set, with
      // the reason on screen while the browser's prompt is open.
      setAsking(true);
      const ok = await browser.permissions.request({ origins: [OAI_ORIGIN] }).catch(() => false);
      setAsking(false);
      if (!ok) {
        setDenied(true);
        return;
      }
    }
    const err = await jobs.start(
      mode === 'oai'
        ? { kind: 'harvest-oai', set: value.trim(), maxRecords: max }
        : mode === 'category'
          ? { kind: 'harvest-query', category: value.trim(), maxResults: max }
          : { kind: 'harvest-query', query: value.trim(), maxResults: max },
    );
    setRefused(err);
  };

  return (
    <>
      <h3>Harvest from arXiv</h3>
      <div className="row">
        <select
          aria-label="What to harvest"
          value={mode}
          onChange={(e) => setMode(e.target.value as typeof mode)}
          data-testid="harvest-mode"
        >
          <option value="category">Newest papers of a category</option>
          <option value="query">A search query</option>
          <option value="oai">A whole OAI-PMH set</option>
        </select>
        <input
          aria-label="Category, query or set"
          data-testid="harvest-input"
          placeholder={
            mode === 'category'
              ? 'hep-th'
              : mode === 'query'
                ? 'all:"dark matter"'
                : 'physics:hep-th'
          }
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <label className="row">
          at most
          <input
            type="number"
            min={1}
            max={100000}
            value={max}
            onChange={(e) => setMax(Number(e.target.value) || 1)}
            style={{ minWidth: 90 }}
          />
        </label>
        <button
          type="button"
          className="primary"
          disabled={busy || !value.trim()}
          onClick={() => void start()}
          data-testid="harvest-start"
        >
          Harvest
        </button>
      </div>
      {asking && (
        <p className="status warn" role="status" data-testid="harvest-permission">
          Harvesting a whole set reads oaipmh.arxiv.org, arXiv’s bulk metadata server: your browser
          asks you to allow Antigravity to reach it. Answer the browser’s prompt to go on.
        </p>
      )}
      {denied && (
        <p className="status error" role="alert" data-testid="harvest-result">
          Harvesting a whole set needs access to oaipmh.arxiv.org, which was not given. Start again
          and allow it, or harvest a category (no extra access needed).
        </p>
      )}
      {refused && (
        <p className="status error" role="alert" data-testid="harvest-error">
          {refused.message} {refused.action}
        </p>
      )}
      {job && <JobView job={job} prefix="harvest" onCancel={() => void jobs.cancel()} />}
    </>
  );
}
