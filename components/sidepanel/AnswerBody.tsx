import {
  useLayoutEffect,
  useMemo,
  useRef,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { Turn } from '@/lib/answer/schema';
import type { Paper } from '@/lib/arxiv/schema';
import { insertCitationMarkers, renderMarkdown } from '@/lib/render/markdown';
import { retrievalBody } from '@/lib/answer';
import { StreamingMarkdown } from './StreamingMarkdown';
import { CitationCard } from './CitationCard';
import { useCitationCard } from './use-citation-card';

/**
 * The answer's text: live Markdown while it streams, then the final HTML with its citation chips,
 * each explained by a card on hover or focus.
 */
export function AnswerBody({
  turn,
  text,
  streaming,
  paper,
  refIds,
}: {
  turn: Turn;
  text: string;
  streaming?: boolean;
  paper: Paper | null | undefined;
  refIds: Set<string>;
}) {
  const finalHtml = useMemo(
    () =>
      streaming
        ? ''
        : turn.mode === 'retrieval'
          ? renderMarkdown(retrievalBody(text))
          : renderMarkdown(insertCitationMarkers(text, turn.citations, turn.unverifiedIds)),
    [streaming, text, turn.mode, turn.citations, turn.unverifiedIds],
  );
  const bodyRef = useRef<HTMLDivElement>(null);
  const htmlRef = useRef<HTMLDivElement>(null);
  const { card, cardId, setCard, showCard, hideSoon, cancelHide, inCard } = useCitationCard(
    turn,
    bodyRef,
  );

  // Unverified ids are spans: make them reachable by keyboard so their explanation is too.
  useLayoutEffect(() => {
    for (const el of htmlRef.current?.querySelectorAll<HTMLElement>(
      '[data-testid="citation"][data-verified="false"]',
    ) ?? []) {
      el.tabIndex = 0;
      el.setAttribute('role', 'note');
      el.setAttribute('aria-label', `arXiv:${el.dataset.arxivId ?? ''}, unverified`);
    }
  }, [finalHtml]);

  return (
    <div
      ref={bodyRef}
      className="answer-body"
      data-testid="answer-body"
      onMouseOver={(e: MouseEvent) => {
        if (inCard(e.target)) return cancelHide();
        if (!showCard(e.target)) hideSoon();
      }}
      onMouseLeave={hideSoon}
      onFocus={(e: FocusEvent) => {
        if (!inCard(e.target) && !showCard(e.target)) setCard(null);
      }}
      onBlur={(e: FocusEvent) => {
        if (!inCard(e.relatedTarget)) hideSoon();
      }}
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key === 'Escape' && card) {
          e.stopPropagation();
          setCard(null);
        }
      }}
    >
      {streaming ? (
        <StreamingMarkdown text={text} citations={turn.citations} />
      ) : turn.mode === 'retrieval' && turn.passages?.length ? (
        // Retrieval-only: the note above and the passages below say it all; the Markdown
        // (kept for exports) would repeat them.
        <div ref={htmlRef} />
      ) : (
        <div ref={htmlRef} dangerouslySetInnerHTML={{ __html: finalHtml }} />
      )}
      {card && <CitationCard id={cardId} card={card} turn={turn} paper={paper} refIds={refIds} />}
    </div>
  );
}
