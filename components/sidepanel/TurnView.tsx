import { useMemo, useRef, useState, type FocusEvent, type MouseEvent } from 'react';
import type { AgError, Citation, Turn } from '@/lib/answer/schema';
import { insertCitationMarkers, renderMarkdown } from '@/lib/render/markdown';
import { MathText } from '../shared/MathText';
import { ErrorNotice } from './ErrorNotice';
import { StreamingMarkdown } from './StreamingMarkdown';
import { ExportBar } from './ExportBar';
import type { Paper } from '@/lib/arxiv/schema';

export const RESEARCH_AID_NOTE =
  'This is a research aid — not a peer review. Verify sources before citing.';

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

function formatUsage(t: Turn): string | null {
  const u = t.usage;
  if (!u) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(u.inputTokens)} in`, `${n(u.outputTokens)} out`];
  if (u.cacheReadTokens) parts.push(`${n(u.cacheReadTokens)} cached`);
  return `${parts.join(' · ')} · ~$${u.costUsd < 0.01 ? u.costUsd.toFixed(4) : u.costUsd.toFixed(3)}`;
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
  const status = streaming
    ? 'streaming'
    : (error ?? turn.error)
      ? 'error'
      : turn.status === 'streaming'
        ? 'streaming'
        : 'done';
  const shownError = error ?? turn.error ?? null;
  const finalHtml = useMemo(
    () =>
      streaming
        ? ''
        : renderMarkdown(insertCitationMarkers(text, turn.citations, turn.unverifiedIds)),
    [streaming, text, turn.citations, turn.unverifiedIds],
  );
  const [card, setCard] = useState<{
    c: Citation | null;
    unverified?: string;
    x: number;
    y: number;
  } | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);

  const showCard = (target: EventTarget | null) => {
    const el = (target as HTMLElement | null)?.closest?.(
      '[data-testid="citation"]',
    ) as HTMLElement | null;
    if (!el || !bodyRef.current) return setCard(null);
    const rect = el.getBoundingClientRect();
    const host = bodyRef.current.getBoundingClientRect();
    const pos = { x: rect.left - host.left, y: rect.bottom - host.top + 4 };
    if (el.dataset.verified === 'false')
      return setCard({ c: null, unverified: el.dataset.arxivId, ...pos });
    const n = Number(el.dataset.n);
    const c = turn.citations.find((x) => x.n === n) ?? null;
    setCard(c ? { c, ...pos } : null);
  };
  const sourceOf = (id: string) => turn.sources.find((s) => s.id === id);

  return (
    <article
      className={`turn ${status}`}
      data-testid="answer"
      data-turn-id={turn.id}
      aria-busy={streaming}
    >
      <h2 className="question">{turn.question}</h2>
      <p className="answer-meta" data-testid="answer-meta">
        {turn.mode === 'retrieval' ? (
          <>Retrieval-only answer (no API key) · {formatDate(turn.createdAt)}</>
        ) : (
          <>
            Answered by {turn.model} · {formatDate(turn.createdAt)}
          </>
        )}
        <span className="visually-hidden" data-testid="answer-status">
          {status}
        </span>
        {turn.status === 'incomplete' && !streaming && (
          <span className="badge warn">incomplete</span>
        )}
      </p>
      {turn.mode === 'retrieval' && (
        <p className="retrieval-note">
          No API key yet, so this shows the best sources and the passages that match your question —
          not a written answer.{' '}
          <button type="button" className="link" onClick={onOpenOptions}>
            Add a key
          </button>{' '}
          to get cited answers from Claude.
        </p>
      )}
      {turn.paperTrimmed && (
        <p className="hint">
          The paper was too long to send whole: its text was trimmed to fit the model’s budget.
        </p>
      )}
      {notices?.map((n, i) => (
        <p key={i} className="hint notice" role="status">
          {n}
        </p>
      ))}
      {thinking && !text && (
        <p className="thinking" role="status">
          Thinking…
        </p>
      )}
      {streaming && !text && !thinking && (
        <div className="progress-bar indeterminate" aria-label="Waiting for the answer" />
      )}
      <div
        ref={bodyRef}
        className="answer-body"
        onMouseOver={(e: MouseEvent) => showCard(e.target)}
        onFocus={(e: FocusEvent) => showCard(e.target)}
        onMouseLeave={() => setCard(null)}
        onBlur={() => setCard(null)}
      >
        {streaming ? (
          <StreamingMarkdown text={text} />
        ) : (
          <div dangerouslySetInnerHTML={{ __html: finalHtml }} />
        )}
        {card && (
          <div
            className="cite-card"
            role="tooltip"
            style={{ left: Math.max(0, card.x - 20), top: card.y }}
          >
            {card.c ? (
              <>
                <div className="cite-title">
                  <MathText text={card.c.title} />
                </div>
                <div className="cite-id">
                  arXiv:{card.c.arxivId}
                  {sourceOf(card.c.arxivId) && (
                    <span className="cat">{sourceOf(card.c.arxivId)!.primaryCategory}</span>
                  )}
                  {card.c.kind === 'paper' && (
                    <span className="cat">
                      this paper{card.c.section ? ` · ${card.c.section}` : ''}
                    </span>
                  )}
                </div>
                <blockquote className="cite-text">“{card.c.citedText}”</blockquote>
              </>
            ) : (
              <p>
                <strong>Unverified:</strong> arXiv:{card.unverified} is neither the open paper nor
                one of the sources retrieved for this answer, so nothing checks what the answer says
                about it. It is not linked.
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
        <section className="sources" aria-label={`Sources, ${turn.sources.length}`}>
          <h3>Sources · {turn.sources.length}</h3>
          <ol>
            {turn.sources.map((s) => {
              const pct = Math.round(s.similarity * 100);
              return (
                <li key={s.id} data-testid="source-item" data-arxiv-id={s.id}>
                  <span className="sim" title={`Similarity ${pct}%`}>
                    <span className="sim-bar" aria-hidden="true">
                      <span style={{ width: `${pct}%` }} />
                    </span>
                    <span className="sim-pct">{pct}%</span>
                  </span>
                  <span className="cat">{s.primaryCategory}</span>
                  <a
                    href={`https://arxiv.org/abs/${s.id}`}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="src-title"
                  >
                    <MathText text={s.title} />
                  </a>
                  <span className="src-id">{s.id}</span>
                </li>
              );
            })}
          </ol>
        </section>
      )}
      {turn.followups.length > 0 && !streaming && (
        <section className="followups" aria-label="Keep exploring">
          <h3>Keep exploring</h3>
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
          <ExportBar target={{ turn }} paper={paper ?? null} />
        </footer>
      )}
      <p className="note">{RESEARCH_AID_NOTE}</p>
    </article>
  );
}
