import { useState } from 'react';
import type { Paper } from '@/lib/arxiv/schema';
import { sendRequest } from '@/lib/messaging';
import { MathText } from '../shared/MathText';

/** Papers the answer names that the open paper cites but the corpus does not hold yet. */
export function AddToCorpus({ ids, paper }: { ids: string[]; paper: Paper | null }) {
  const [state, setState] = useState<Record<string, 'adding' | 'added' | string>>({});
  const add = (id: string) => {
    setState((s) => ({ ...s, [id]: 'adding' }));
    void sendRequest('corpus/add', { ids: [id] }).then(
      (r) =>
        setState((s) => ({
          ...s,
          [id]: r.added.includes(id)
            ? 'added'
            : (r.error?.message ?? 'arXiv did not return this paper. Try again later.'),
        })),
      (e: unknown) => setState((s) => ({ ...s, [id]: e instanceof Error ? e.message : String(e) })),
    );
  };
  const refOf = (id: string) => paper?.references.find((r) => r.arxivIds.includes(id));
  return (
    <section className="addable" aria-label="Cited by the paper, not in your corpus">
      <h3>Cited by this paper, not in your corpus</h3>
      <ul>
        {ids.map((id) => {
          const st = state[id];
          const ref = refOf(id);
          return (
            <li key={id}>
              <span className="src-id">arXiv:{id}</span>{' '}
              {ref?.title && <MathText className="ref-title" text={ref.title} />}{' '}
              {st === 'added' ? (
                <span className="ok" role="status">
                  Added to your corpus.
                </span>
              ) : (
                <button
                  type="button"
                  data-testid="add-to-corpus"
                  data-arxiv-id={id}
                  disabled={st === 'adding'}
                  onClick={() => add(id)}
                >
                  {st === 'adding' ? 'Adding…' : 'Add to corpus'}
                </button>
              )}
              {st && st !== 'added' && st !== 'adding' && (
                <span className="hint warn" role="alert">
                  {st}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
