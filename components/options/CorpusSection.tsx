import { useCallback, useEffect, useRef, useState } from 'react';
import { clearCorpus, corpusStats, importKaggleSnapshot, removeCategory } from '@/lib/corpus';
import type { AgError } from '@/lib/answer/schema';
import { HarvestPanel } from './HarvestPanel';
import { formatBytes, formatDuration } from './display-format';

type Stats = Awaited<ReturnType<typeof corpusStats>>;
type ImportProgress = Parameters<
  NonNullable<Parameters<typeof importKaggleSnapshot>[1]['onProgress']>
>[0];
type ImportResult = Awaited<ReturnType<typeof importKaggleSnapshot>>;

/** Corpus management: counts by category, storage used, bulk import, harvest, removal. */
export function CorpusSection() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [storage, setStorage] = useState<{ usage?: number; quota?: number } | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [cats, setCats] = useState('');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<AgError | null>(null);
  const [busy, setBusy] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let live = true;
    void corpusStats().then((s) => live && setStats(s));
    void navigator.storage
      ?.estimate?.()
      .then((e) => live && setStorage(e))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [tick]);

  const start = async () => {
    if (!file) return;
    const controller = new AbortController();
    abortRef.current = controller;
    setBusy(true);
    setResult(null);
    setError(null);
    setProgress(null);
    try {
      const categories = cats
        .split(/[\s,;]+/)
        .map((c) => c.trim())
        .filter(Boolean);
      const r = await importKaggleSnapshot(file, {
        categories,
        signal: controller.signal,
        onProgress: (p) => setProgress(p),
      });
      setResult(r);
      if (r.error) setError(r.error);
    } catch (e) {
      setError({
        code: 'unknown',
        message: e instanceof Error ? e.message : String(e),
        action: 'Check the file and try again.',
      });
    } finally {
      setBusy(false);
      abortRef.current = null;
      void refresh();
    }
  };

  const pct = progress?.totalBytes
    ? Math.min(100, (progress.bytesRead / progress.totalBytes) * 100)
    : undefined;
  const byCat = stats ? Object.entries(stats.byCategory).sort((a, b) => b[1] - a[1]) : [];

  return (
    <section aria-labelledby="corpus-h">
      <h2 id="corpus-h">Your corpus</h2>
      <p data-testid="corpus-total">
        <strong data-testid="corpus-count" data-count={stats?.total}>
          {stats ? stats.total.toLocaleString('en-US') : '…'}
        </strong>{' '}
        papers
        {storage?.usage !== undefined && (
          <span className="hint">
            {' '}
            · {formatBytes(storage.usage)} used
            {storage.quota ? ` of ${formatBytes(storage.quota)} available` : ''}
          </span>
        )}
      </p>
      {byCat.length > 0 && (
        <details>
          <summary>By primary category ({byCat.length})</summary>
          <table className="cats" data-testid="corpus-categories">
            <tbody>
              {byCat.slice(0, 40).map(([cat, n]) => (
                <tr key={cat}>
                  <td>{cat}</td>
                  <td className="num">{n.toLocaleString('en-US')}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => {
                        if (confirm(`Remove the ${n} papers of ${cat} from your corpus?`))
                          void removeCategory(cat).then(refresh);
                      }}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}

      <h3>Import the arXiv snapshot</h3>
      <p className="hint">
        Kaggle’s <code>arxiv-metadata-oai-snapshot.json</code> (JSON lines, optionally gzipped). The
        file is streamed, never loaded whole; importing again adds nothing twice. Keep this page
        open while it runs.
      </p>
      <div className="field">
        <label htmlFor="import-file">Snapshot file</label>
        <input
          id="import-file"
          data-testid="import-file"
          type="file"
          accept=".json,.jsonl,.gz,application/json"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <div className="field">
        <label htmlFor="import-cats">Categories to keep</label>
        <input
          id="import-cats"
          data-testid="import-categories"
          placeholder="e.g. hep-th hep-ph, or a prefix like cs. (empty: all)"
          value={cats}
          onChange={(e) => setCats(e.target.value)}
        />
      </div>
      <div className="row">
        <button
          type="button"
          className="primary"
          data-testid="import-start"
          disabled={!file || busy}
          onClick={() => void start()}
        >
          Import
        </button>
        {busy && (
          <button
            type="button"
            data-testid="import-cancel"
            onClick={() => abortRef.current?.abort()}
          >
            Cancel
          </button>
        )}
      </div>
      {(busy || progress) && (
        <div className="progress" aria-live="polite">
          <progress
            data-testid="import-progress"
            max={100}
            value={pct}
            aria-label="Import progress"
          />
          {progress && (
            <p className="hint" data-testid="import-progress-text">
              {progress.linesRead.toLocaleString('en-US')} read ·{' '}
              {progress.kept.toLocaleString('en-US')} kept
              {progress.malformed ? ` · ${progress.malformed} malformed` : ''} ·{' '}
              {Math.round(progress.papersPerSecond).toLocaleString('en-US')} papers/s
              {progress.etaSeconds !== null && busy
                ? ` · about ${formatDuration(progress.etaSeconds)} left`
                : ''}
            </p>
          )}
        </div>
      )}
      {result && (
        <div className="status ok" data-testid="import-result" role="status">
          {result.cancelled ? 'Import cancelled. ' : 'Import finished. '}
          {result.linesRead.toLocaleString('en-US')} lines read,{' '}
          {result.kept.toLocaleString('en-US')} kept: {result.added.toLocaleString('en-US')} new,{' '}
          {result.updated.toLocaleString('en-US')} updated.
          {result.malformed.length > 0 && (
            <details>
              <summary>{result.malformed.length} malformed lines skipped</summary>
              <ul>
                {result.malformed.slice(0, 50).map((m) => (
                  <li key={m.line}>
                    line {m.line}: {m.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {error && (
        <p className="status error" role="alert" data-testid="import-error">
          {error.message} {error.action}
        </p>
      )}

      <HarvestPanel onDone={refresh} />

      <h3>Remove</h3>
      <button
        type="button"
        data-testid="clear-corpus"
        onClick={() => {
          if (confirm('Remove every paper from your corpus? Your threads are kept.'))
            void clearCorpus().then(refresh);
        }}
      >
        Remove all papers
      </button>
    </section>
  );
}
