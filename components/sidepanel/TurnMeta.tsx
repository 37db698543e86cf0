import type { Turn } from '@/lib/answer/schema';
import { formatDate } from './turn-format';

/** Who answered and when, the answer's state for tests and screen readers, "incomplete". */
export function TurnMeta({
  turn,
  status,
  unanswered,
  streaming,
}: {
  turn: Turn;
  status: 'streaming' | 'done' | 'error';
  unanswered: boolean;
  streaming?: boolean;
}) {
  return (
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
  );
}
