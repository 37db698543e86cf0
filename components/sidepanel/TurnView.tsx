import { readsLabel } from '@/lib/arxiv/paper-text';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { AgError, Citation, Turn } from '@/lib/answer/schema';
import type { Paper } from '@/lib/arxiv/schema';
import { insertCitationMarkers, renderMarkdown } from '@/lib/render/markdown';
import { sendRequest } from '@/lib/messaging';
import { retrievalBody } from '@/lib/answer';
import { MathText } from '../shared/MathText';
import { ErrorNotice } from './ErrorNotice';
import { StreamingMarkdown } from './StreamingMarkdown';
import { ExportBar } from './ExportBar';
import { SourceScore } from './SourceScore';
import { addUsage } from '@/lib/answer';

export const RESEARCH_AID_NOTE =
  'This is a research aid — not a peer review. Verify sources before citing.';

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** "1,234 in · 567 out · 1,000 cached · ~$0.0042", or null without usage. */
export function formatUsage(t: Pick<Turn, 'usage' | 'retrievalUsage'>): string | null {
  // The retrieval model's calls (planning, rating) are part of the answer's cost.
  const u = t.usage && t.retrievalUsage ? addUsage(t.usage, t.retrievalUsage) : t.usage;
  if (!u) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(u.inputTokens)} in`, `${n(u.outputTokens)} out`];
  if (u.cacheReadTokens) parts.push(`${n(u.cacheReadTokens)} cached`);
  return `${parts.join(' · ')} · ~$${u.costUsd < 0.01 ? u.costUsd.toFixed(4) : u.costUsd.toFixed(3)}`;
}

/**
 * What the answer-status test id says: `streaming`, `done` or `error`. An answer the reader
 * stopped is `done` (and marked incomplete): stopping is not an error.
 */
export function answerStatus(
  turn: Pick<Turn, 'status' | 'error'>,
  streaming: boolean | undefined,
  error: AgError | null | undefined,
): 'streaming' | 'done' | 'error' {
  if (streaming) return 'streaming';
  const err = error ?? turn.error;
  if (err && err.code !== 'aborted') return 'error';
  return turn.status === 'streaming' ? 'streaming' : 'done';
}

interface Props {
  turn: Turn;
  /** Live text while streaming (the turn's own answer otherwise). */
  liveText?: string;
  streaming?: boolean;
  thinking?: boolean;
  notices?: string[];
  error?: AgError | null;
  paper?: Paper | null;
  onFollowup: (q: string) => void;
  onOpenOptions: () => void;
  onRetry?: () => void;
}

interface CardState {
  /** A verified citation, or null for an unverified id. */
  c: Citation | null;
  unverified?: string;
  x: number;
  y: number;
  /** The chip the card describes (for aria-describedby). */
  chip: HTMLElement;
}

/** The ids of the open paper's bibliography (base ids), for "add to corpus". */
function referenceIds(paper: Paper | null | undefined): Set<string> {
  const out = new Set<string>();
  for (const r of paper?.references ?? []) for (const id of r.arxivIds) out.add(id);
  return out;
}

export function TurnView({
  turn,
  liveText,
  streaming,
  thinking,
  notices,
  error,
  paper,
  onFollowup,
  onOpenOptions,
  onRetry,
}: Props) {
  const text = streaming ? (liveText ?? '') : turn.answer || liveText || '';
  const status = answerStatus(turn, streaming, error);
  const shownError = error ?? turn.error ?? null;
  /** Failed before any text: nothing was answered (and there is nothing to export). */
  const unanswered = !streaming && Boolean(shownError) && !text.trim() && turn.mode !== 'retrieval';
  /** Retrieval-only with no passage and no source: nothing to read, nothing to export. */
  const emptyRetrieval =
    turn.mode === 'retrieval' && !turn.passages?.length && turn.sources.length === 0;
  const finalHtml = useMemo(
    () =>
      streaming
        ? ''
        : turn.mode === 'retrieval'
          ? renderMarkdown(retrievalBody(text))
          : renderMarkdown(insertCitationMarkers(text, turn.citations, turn.unverifiedIds)),
    [streaming, text, turn.mode, turn.citations, turn.unverifiedIds],
  );
  const [card, setCard] = useState<CardState | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const htmlRef = useRef<HTMLDivElement>(null);
  const hideTimer = useRef<number | undefined>(undefined);
  const cardId = `cite-card-${turn.id}`;

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

  // The chip described by the card points to it while the card is shown.
  useEffect(() => {
    if (!card) return;
    const chip = card.chip;
    chip.setAttribute('aria-describedby', cardId);
    return () => chip.removeAttribute('aria-describedby');
  }, [card, cardId]);
  useEffect(() => () => window.clearTimeout(hideTimer.current), []);

  const cancelHide = () => window.clearTimeout(hideTimer.current);
  const hideSoon = useCallback(() => {
    window.clearTimeout(hideTimer.current);
    hideTimer.current = window.setTimeout(() => setCard(null), 200);
  }, []);

  const sourceOf = (id: string) => turn.sources.find((s) => s.id === id);

  const showCard = (target: EventTarget | null): boolean => {
    const el = (target as HTMLElement | null)?.closest?.(
      '[data-testid="citation"]',
    ) as HTMLElement | null;
    if (!el || !bodyRef.current) return false;
    const rect = el.getBoundingClientRect();
    const host = bodyRef.current.getBoundingClientRect();
    // Keep the card inside the answer column, even next to a chip at the right edge.
    const width = Math.min(360, host.width);
    const x = Math.max(0, Math.min(rect.left - host.left - 20, host.width - width));
    const pos = { x, y: rect.bottom - host.top + 4, chip: el };
    cancelHide();
    if (el.dataset.verified === 'false') {
      setCard({ c: null, unverified: el.dataset.arxivId, ...pos });
      return true;
    }
    const n = Number(el.dataset.n);
    const c = turn.citations.find((x) => x.n === n) ?? null;
    setCard(c ? { c, ...pos } : null);
    return Boolean(c);
  };
  const inCard = (t: EventTarget | null) =>
    t instanceof Node && Boolean(document.getElementById(cardId)?.contains(t));

  const refIds = useMemo(() => referenceIds(paper), [paper]);
  const addable = useMemo(
    () => (streaming ? [] : turn.unverifiedIds.filter((id) => refIds.has(id))),
    [streaming, turn.unverifiedIds, refIds],
  );
  const primaryOfPaper = paper?.categories[0];

  return (
    <article
      className={`turn ${status}`}
      data-testid="answer"
      data-turn-id={turn.id}
      aria-busy={streaming ? true : undefined}
      aria-labelledby={`q-${turn.id}`}
    >
      <h2 className="question" id={`q-${turn.id}`}>
        {turn.question}
      </h2>
      <p className="answer-meta" data-testid="answer-meta">
        {turn.mode === 'retrieval' ? (
          <>Retrieval-only answer · {formatDate(turn.createdAt)}</>
        ) : unanswered ? (
          <>
            Not answered ({turn.model}) · {formatDate(turn.createdAt)}
          </>
        ) : (
          <>
            Answered by {turn.model} · {formatDate(turn.createdAt)}
          </>
        )}
        <span className="visually-hidden" data-testid="answer-status">
          {status}
        </span>
        {turn.status === 'incomplete' && !streaming && (
          <span
            className="badge warn"
            data-testid="answer-incomplete"
            title="The answer was stopped before it finished: what arrived is kept."
          >
            incomplete
          </span>
        )}
      </p>
      {turn.mode === 'retrieval' &&
        (turn.sources.length > 0 ? (
          <p className="retrieval-note" data-testid="retrieval-note">
            No API key yet, so this shows the best sources and the passages that match your question
            — not a written answer.{' '}
            <button type="button" className="link" onClick={onOpenOptions}>
              Add a key
            </button>{' '}
            to get cited answers from Claude.
          </p>
        ) : (
          // No key and no related paper: one notice saying what works now and what each adds.
          <p className="retrieval-note" data-testid="retrieval-note">
            No API key and no related papers in your corpus yet, so this shows only the passages of
            this paper that match your question — not a written answer.{' '}
            <button type="button" className="link" onClick={onOpenOptions}>
              Add a key
            </button>{' '}
            for cited answers from Claude; import or harvest papers in the same settings to add
            related work as sources.
          </p>
        ))}
      {turn.reads && (
        <p className="hint reads" data-testid="answer-reads">
          Read: {readsLabel(turn.reads)}
        </p>
      )}
      {turn.paperTrimmed && !notices?.length && !turn.notices?.length && (
        <p className="hint">
          The paper was too long to send whole: its text was trimmed to fit the model’s budget.
        </p>
      )}
      {(notices ?? turn.notices ?? []).map((n, i) => (
        <p key={i} className="hint notice" role="status" data-testid="answer-notice">
          {n}
        </p>
      ))}
      {thinking && !text && (
        <p className="thinking" role="status">
          Thinking…
        </p>
      )}
      {streaming && !text && !thinking && (
        <div
          className="progress-bar indeterminate"
          role="progressbar"
          aria-label="Waiting for the answer"
        />
      )}
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
        {card && (
          <div
            id={cardId}
            className="cite-card"
            role="tooltip"
            data-testid="citation-card"
            style={{ left: card.x, top: card.y }}
          >
            {card.c ? (
              <>
                <div className="cite-title">
                  <MathText text={card.c.title} />
                </div>
                <div className="cite-id">
                  <span>arXiv:{card.c.arxivId}</span>
                  {(sourceOf(card.c.arxivId)?.primaryCategory ??
                    (card.c.kind === 'paper' ? primaryOfPaper : undefined)) && (
                    <span className="cat">
                      {sourceOf(card.c.arxivId)?.primaryCategory ?? primaryOfPaper}
                    </span>
                  )}
                  {card.c.kind === 'paper' && (
                    <span className="where">
                      this paper{card.c.section ? ` · ${card.c.section}` : ''}
                    </span>
                  )}
                </div>
                <blockquote className="cite-text">“{card.c.citedText.trim()}”</blockquote>
              </>
            ) : (
              <p className="cite-unverified">
                <strong>Unverified:</strong> arXiv:{card.unverified} is neither the open paper nor
                one of the sources retrieved for this answer, so nothing checks what the answer says
                about it. It is not linked.
                {card.unverified && refIds.has(card.unverified) && (
                  <> The open paper cites it: you can add it to your corpus below.</>
                )}
              </p>
            )}
          </div>
        )}
      </div>
      {turn.mode === 'retrieval' && turn.passages && turn.passages.length > 0 && (
        <section className="passages" aria-label="Matching passages">
          <h3>Matching passages</h3>
          <ul>
            {turn.passages.map((p, i) => (
              <li key={i}>
                <span className="cat">
                  {p.arxivId === paper?.id ? 'this paper' : `arXiv:${p.arxivId}`}
                </span>{' '}
                <span className="muted">{p.section}</span>
                <blockquote>
                  <MathText text={p.text} />
                </blockquote>
              </li>
            ))}
          </ul>
        </section>
      )}
      {shownError && (
        <ErrorNotice error={shownError} onOpenOptions={onOpenOptions} onRetry={onRetry} />
      )}
      {turn.sources.length > 0 && (
        <section className="sources" aria-labelledby={`src-${turn.id}`}>
          <h3 id={`src-${turn.id}`}>Sources · {turn.sources.length}</h3>
          <ol>
            {turn.sources.map((s) => {
              return (
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
              );
            })}
          </ol>
        </section>
      )}
      {addable.length > 0 && <AddToCorpus ids={addable} paper={paper ?? null} />}
      {turn.followups.length > 0 && !streaming && (
        <section className="followups" aria-labelledby={`fu-${turn.id}`}>
          <h3 id={`fu-${turn.id}`}>Keep exploring</h3>
          <ul>
            {turn.followups.map((q) => (
              <li key={q}>
                <button type="button" data-testid="followup" onClick={() => onFollowup(q)}>
                  {q}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {!streaming && (
        <footer className="turn-footer">
          {formatUsage(turn) && (
            <span
              className="usage"
              data-testid="usage"
              title="Tokens in / out, cached input, and the estimated cost"
            >
              {formatUsage(turn)}
            </span>
          )}
          {!unanswered && !emptyRetrieval && <ExportBar target={{ turn }} paper={paper ?? null} />}
        </footer>
      )}
      <p className="note" data-testid="research-note">
        {RESEARCH_AID_NOTE}
      </p>
    </article>
  );
}

/** Papers the answer names that the open paper cites but the corpus does not hold yet. */
function AddToCorpus({ ids, paper }: { ids: string[]; paper: Paper | null }) {
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
