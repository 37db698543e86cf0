import type { Citation, Turn } from '@/lib/answer/schema';
import type { Paper } from '@/lib/arxiv/schema';
import { MathText } from '../shared/MathText';

/** Where the card shows and what it describes: a verified citation, or an unverified id. */
export interface CardState {
  /** A verified citation, or null for an unverified id. */
  c: Citation | null;
  unverified?: string;
  x: number;
  y: number;
  /** The chip the card describes (for aria-describedby). */
  chip: HTMLElement;
}

/** The card of a citation chip: the cited paper and the cited words, or why an id is unverified. */
export function CitationCard({
  id,
  card,
  turn,
  paper,
  refIds,
}: {
  id: string;
  card: CardState;
  turn: Turn;
  paper: Paper | null | undefined;
  /** The open paper's bibliography (base ids). */
  refIds: Set<string>;
}) {
  const c = card.c;
  const category = c
    ? (turn.sources.find((s) => s.id === c.arxivId)?.primaryCategory ??
      (c.kind === 'paper' ? paper?.categories[0] : undefined))
    : undefined;
  return (
    <div
      id={id}
      className="cite-card"
      role="tooltip"
      data-testid="citation-card"
      style={{ left: card.x, top: card.y }}
    >
      {c ? (
        <>
          <div className="cite-title">
            <MathText text={c.title} />
          </div>
          <div className="cite-id">
            <span>arXiv:{c.arxivId}</span>
            {category && <span className="cat">{category}</span>}
            {c.kind === 'paper' && (
              <span className="where">this paper{c.section ? ` · ${c.section}` : ''}</span>
            )}
          </div>
          <blockquote className="cite-text">“{c.citedText.trim()}”</blockquote>
        </>
      ) : (
        <p className="cite-unverified">
          <strong>Unverified:</strong> arXiv:{card.unverified} is neither the open paper nor one of
          the sources retrieved for this answer, so nothing checks what the answer says about it. It
          is not linked.
          {card.unverified && refIds.has(card.unverified) && (
            <> The open paper cites it: you can add it to your corpus below.</>
          )}
        </p>
      )}
    </div>
  );
}
