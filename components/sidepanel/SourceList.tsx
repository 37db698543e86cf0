import type { Turn } from '@/lib/answer/schema';
import { MathText } from '../shared/MathText';
import { SourceScore } from './SourceScore';

/** The papers retrieved for an answer, best first, each linked to its abstract page. */
export function SourceList({ turn }: { turn: Turn }) {
  return (
    <section className="sources" aria-labelledby={`src-${turn.id}`}>
      <h3 id={`src-${turn.id}`}>Sources · {turn.sources.length}</h3>
      <ol>
        {turn.sources.map((s) => (
          <li key={s.id} data-testid="source-item" data-arxiv-id={s.id}>
            <SourceScore source={s} />
            <span className="cat">{s.primaryCategory}</span>
            <a
              href={`https://arxiv.org/abs/${s.id}`}
              target="_blank"
              rel="noopener noreferrer"
              className="src-title"
            >
              <MathText text={s.title} />
            </a>
            <span className="src-id">arXiv:{s.id}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
