import type { Paper } from '@/lib/arxiv/schema';
import { ErrorNotice } from './ErrorNotice';
import { TurnView } from './TurnView';
import type { LiveAnswer } from './use-answer';

/**
 * The answer being written: its turn once the background started it, before that the question
 * with "Finding sources…" (or the error that stopped it before it started).
 */
export function LiveTurn({
  live,
  asked,
  paper,
  onFollowup,
  onOpenOptions,
  onRetry,
}: {
  live: LiveAnswer;
  /** The question asked (shown while its turn has not started). */
  asked: string | null;
  paper: Paper | null;
  onFollowup: (q: string) => void;
  onOpenOptions: () => void;
  onRetry: () => void;
}) {
  if (live.turn) {
    return (
      <TurnView
        turn={live.turn}
        liveText={live.text}
        streaming={live.streaming}
        thinking={live.thinking}
        notices={live.notices}
        error={live.error}
        paper={paper}
        onFollowup={onFollowup}
        onOpenOptions={onOpenOptions}
        onRetry={onRetry}
      />
    );
  }
  if (live.error) {
    return (
      <div className="turn error">
        <h2 className="question">{asked}</h2>
        <span className="visually-hidden" data-testid="answer-status">
          error
        </span>
        <ErrorNotice error={live.error} onOpenOptions={onOpenOptions} onRetry={onRetry} />
      </div>
    );
  }
  return (
    <div className="turn streaming" aria-busy="true">
      <h2 className="question">{asked}</h2>
      <span className="visually-hidden" data-testid="answer-status">
        streaming
      </span>
      <div className="progress-bar indeterminate" role="progressbar" aria-label="Finding sources" />
      <p className="hint" data-testid="retrieval-status">
        {live.status ?? 'Finding sources in your corpus…'}
      </p>
    </div>
  );
}
