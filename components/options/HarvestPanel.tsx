import { useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { harvestOai, harvestQuery, type HarvestProgress, type HarvestResult } from '@/lib/corpus';
import { countOf, noun } from '@/lib/text/plural';

const OAI_ORIGIN = 'https://oaipmh.arxiv.org/*';

/**
 * Harvest from arXiv: a category or a search query through the export API, or a whole OAI-PMH
 * set. One request every 3 s at most (arXiv's terms), with progress and cancel.
 */
export function HarvestPanel({ onDone }: { onDone: () => void }) {
  const [mode, setMode] = useState<'query' | 'category' | 'oai'>('category');
  const [value, setValue] = useState('');
  const [max, setMax] = useState(500);
  const [progress, setProgress] = useState<HarvestProgress | null>(null);
  const [result, setResult] = useState<HarvestResult | null>(null);
  const [busy, setBusy] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  const start = async () => {
    if (!value.trim()) return;
    if (mode === 'oai') {
      // OAI-PMH lives on its own host: asked for only when the reader harvests a whole set.
      const ok = await browser.permissions.request({ origins: [OAI_ORIGIN] }).catch(() => false);
      if (!ok) {
        setResult({
          requests: 0,
          fetched: 0,
          total: null,
          added: 0,
          updated: 0,
          cancelled: false,
          warnings: [],
          error: {
            code: 'forbidden',
            message: 'Harvesting a whole set needs access to oaipmh.arxiv.org.',
            action: 'Start again and allow it.',
          },
        });
        return;
      }
    }
    const controller = new AbortController();
    abortRef.current = controller;
    setBusy(true);
    setProgress(null);
    setResult(null);
    const deps = { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) };
    const common = { signal: controller.signal, onProgress: setProgress };
    try {
      const r =
        mode === 'oai'
          ? await harvestOai({ set: value.trim(), maxRecords: max, ...common }, deps)
          : await harvestQuery(
              mode === 'category'
                ? { category: value.trim(), maxResults: max, ...common }
                : { query: value.trim(), maxResults: max, ...common },
              deps,
            );
      setResult(r);
    } finally {
      setBusy(false);
      abortRef.current = null;
      onDone();
    }
  };

  const pct = progress?.total
    ? Math.min(100, (progress.fetched / progress.total) * 100)
    : undefined;
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
        {busy && (
          <button
            type="button"
            onClick={() => abortRef.current?.abort()}
            data-testid="harvest-cancel"
          >
            Cancel
          </button>
        )}
      </div>
      {(busy || progress) && (
        <div className="progress" aria-live="polite">
          <progress max={100} value={pct} aria-label="Harvest progress" />
          {progress && (
            <p className="hint">
              {progress.fetched.toLocaleString('en-US')}
              {progress.total !== null ? ` of ${progress.total.toLocaleString('en-US')}` : ''}{' '}
              {noun(progress.total ?? progress.fetched, 'paper')} ·{' '}
              {countOf(progress.requests, 'request')}
              {progress.waitingSeconds
                ? ` · ${progress.message ?? 'waiting'} ${progress.waitingSeconds} s`
                : ''}
            </p>
          )}
        </div>
      )}
      {result && (
        <p
          className={`status ${result.error ? 'error' : 'ok'}`}
          role={result.error ? 'alert' : 'status'}
          data-testid="harvest-result"
        >
          {result.cancelled ? 'Harvest cancelled. ' : result.error ? '' : 'Harvest finished. '}
          {result.added} new, {result.updated} updated{' '}
          {noun(result.added + result.updated, 'paper')}.
          {result.error && ` ${result.error.message} ${result.error.action ?? ''}`}
        </p>
      )}
    </>
  );
}
