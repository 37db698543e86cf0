import { useCallback, useEffect, useState } from 'react';
import { toAgError, type AgError } from '@/lib/errors';
import { sendRequest, type ResponseOf } from '@/lib/messaging';
import { useJob } from '../shared/use-job';
import { HarvestPanel } from './HarvestPanel';
import { KaggleImport } from './KaggleImport';
import { formatBytes } from './display-format';
import { countOf, noun } from '@/lib/text';

type Stats = ResponseOf<'corpus/stats'>;

/**
 * Corpus management: counts by category, storage used, bulk import and harvest (jobs run by the
 * background: this page only shows them), removal. Every write is asked of the background, the
 * corpus's writer; this page only reads what it answers.
 */
export function CorpusSection() {
  const jobs = useJob();
  const [stats, setStats] = useState<Stats | null>(null);
  const [storage, setStorage] = useState<{ usage?: number; quota?: number } | null>(null);
  const [tick, setTick] = useState(0);
  const [error, setError] = useState<AgError | null>(null);
  const ended = jobs.job && jobs.job.status !== 'running' ? jobs.job.id + jobs.job.status : '';
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let live = true;
    sendRequest('corpus/stats', {}).then(
      (s) => live && setStats(s),
      (e: unknown) => live && setError(toAgError(e)),
    );
    void navigator.storage
      ?.estimate?.()
      .then((e) => live && setStorage(e))
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // A job that ends changes the counts (`ended`).
  }, [tick, ended]);

  /** Asks the background to write; the counts are read again once it answers. */
  const write = (ask: () => Promise<unknown>) => {
    setError(null);
    void ask().then(refresh, (e: unknown) => setError(toAgError(e)));
  };

  const byCat = stats ? Object.entries(stats.byCategory).sort((a, b) => b[1] - a[1]) : [];

  return (
    <section aria-labelledby="corpus-h">
      <h2 id="corpus-h">Your corpus</h2>
      <p data-testid="corpus-total">
        <strong data-testid="corpus-count" data-count={stats?.total}>
          {stats ? stats.total.toLocaleString('en-US') : '…'}
        </strong>{' '}
        {noun(stats?.total ?? 0, 'paper')}
        {storage?.usage !== undefined && (
          <span className="hint">
            {' '}
            · {formatBytes(storage.usage)} used
            {storage.quota ? ` of ${formatBytes(storage.quota)} available` : ''}
          </span>
        )}
      </p>
      {error && (
        <p className="status error" role="alert" data-testid="corpus-error">
          {error.message} {error.action}
        </p>
      )}
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
                        if (
                          confirm(`Remove the ${countOf(n, 'paper')} of ${cat} from your corpus?`)
                        )
                          write(() => sendRequest('corpus/remove-category', { category: cat }));
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

      <KaggleImport job={jobs.job} start={jobs.start} cancel={() => void jobs.cancel()} />

      <HarvestPanel jobs={jobs} />

      <h3>Remove</h3>
      <button
        type="button"
        data-testid="clear-corpus"
        onClick={() => {
          if (confirm('Remove every paper from your corpus? Your threads are kept.'))
            write(() => sendRequest('corpus/clear', {}));
        }}
      >
        Remove all papers
      </button>
    </section>
  );
}
