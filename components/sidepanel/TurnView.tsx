import { useMemo } from 'react';
import { readsLabel } from '@/lib/arxiv/paper-text';
import type { AgError, Turn } from '@/lib/answer/schema';
import type { Paper } from '@/lib/arxiv/schema';
import { ErrorNotice } from './ErrorNotice';
import { TurnMeta } from './TurnMeta';
import { RetrievalNote } from './RetrievalNote';
import { AnswerBody } from './AnswerBody';
import { MatchingPassages } from './MatchingPassages';
import { SourceList } from './SourceList';
import { AddToCorpus } from './AddToCorpus';
import { FollowUps } from './FollowUps';
import { TurnFooter } from './TurnFooter';
import { answerStatus } from './turn-format';

export const RESEARCH_AID_NOTE =
  'This is a research aid — not a peer review. Verify sources before citing.';

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

/** The ids of the open paper's bibliography (base ids), for "add to corpus". */
function referenceIds(paper: Paper | null | undefined): Set<string> {
  const out = new Set<string>();
  for (const r of paper?.references ?? []) for (const id of r.arxivIds) out.add(id);
  return out;
}

/** One question and its answer: meta, notes, the cited text, sources, follow-ups, exports. */
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
  const refIds = useMemo(() => referenceIds(paper), [paper]);
  const addable = useMemo(
    () => (streaming ? [] : turn.unverifiedIds.filter((id) => refIds.has(id))),
    [streaming, turn.unverifiedIds, refIds],
  );

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
      <TurnMeta turn={turn} status={status} unanswered={unanswered} streaming={streaming} />
      {turn.mode === 'retrieval' && (
        <RetrievalNote hasSources={turn.sources.length > 0} onOpenOptions={onOpenOptions} />
      )}
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
      <AnswerBody turn={turn} text={text} streaming={streaming} paper={paper} refIds={refIds} />
      {turn.mode === 'retrieval' && turn.passages && turn.passages.length > 0 && (
        <MatchingPassages passages={turn.passages} paperId={paper?.id} />
      )}
      {shownError && (
        <ErrorNotice error={shownError} onOpenOptions={onOpenOptions} onRetry={onRetry} />
      )}
      {turn.sources.length > 0 && <SourceList turn={turn} />}
      {addable.length > 0 && <AddToCorpus ids={addable} paper={paper ?? null} />}
      {turn.followups.length > 0 && !streaming && (
        <FollowUps turnId={turn.id} questions={turn.followups} onAsk={onFollowup} />
      )}
      {!streaming && (
        <TurnFooter turn={turn} paper={paper ?? null} exportable={!unanswered && !emptyRetrieval} />
      )}
      <p className="note" data-testid="research-note">
        {RESEARCH_AID_NOTE}
      </p>
    </article>
  );
}
