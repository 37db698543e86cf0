import type { Turn } from '@/lib/answer/schema';
import { MathText } from '../shared/MathText';

/** A retrieval-only answer's passages: where each comes from, its section, its text. */
export function MatchingPassages({
  passages,
  paperId,
}: {
  passages: NonNullable<Turn['passages']>;
  paperId: string | undefined;
}) {
  return (
    <section className="passages" aria-label="Matching passages">
      <h3>Matching passages</h3>
      <ul>
        {passages.map((passage, i) => (
          <li key={i}>
            <span className="cat">
              {passage.arxivId === paperId ? 'this paper' : `arXiv:${passage.arxivId}`}
            </span>{' '}
            <span className="muted">{passage.section}</span>
            <blockquote>
              <MathText text={passage.text} />
            </blockquote>
          </li>
        ))}
      </ul>
    </section>
  );
}
