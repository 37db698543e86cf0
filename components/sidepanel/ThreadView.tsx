import type { RefObject } from 'react';
import type { Turn } from '@/lib/answer/schema';
import type { Paper } from '@/lib/arxiv/schema';
import { TurnView } from './TurnView';
import { EmptyThread } from './EmptyThread';
import { LiveTurn } from './LiveTurn';
import type { LiveAnswer } from './use-answer';

/** The thread shown: its saved turns, oldest first, then the answer being written here. */
export function ThreadView({
  paper,
  turns,
  live,
  liveHere,
  asked,
  hasApiKey,
  otherPapers,
  endRef,
  onAsk,
  onRetry,
  onOpenOptions,
}: {
  paper: Paper | null;
  /** The saved turns of the thread (without the live one). */
  turns: Turn[];
  live: LiveAnswer;
  /** The live answer belongs to this paper and thread. */
  liveHere: boolean;
  asked: string | null;
  hasApiKey: boolean | undefined;
  otherPapers: number | null;
  endRef: RefObject<HTMLDivElement | null>;
  onAsk: (q: string) => void;
  onRetry: () => void;
  onOpenOptions: () => void;
}) {
  const showLive = liveHere && Boolean(live.turn || live.streaming || live.error);
  return (
    <main className="thread" aria-label="Questions and answers">
      {paper && turns.length === 0 && !showLive && (
        <EmptyThread
          hasApiKey={hasApiKey}
          otherPapers={otherPapers}
          onOpenOptions={onOpenOptions}
        />
      )}
      {turns.map((t) => (
        <TurnView
          key={t.id}
          turn={t}
          paper={paper}
          onFollowup={onAsk}
          onOpenOptions={onOpenOptions}
        />
      ))}
      {showLive && (
        <LiveTurn
          live={live}
          asked={asked}
          paper={paper}
          onFollowup={onAsk}
          onOpenOptions={onOpenOptions}
          onRetry={onRetry}
        />
      )}
      {live.streaming && !liveHere && (
        <p className="hint" role="status">
          An answer is still being written in another thread or for another paper. Stop it to ask
          here.
        </p>
      )}
      <div ref={endRef} />
    </main>
  );
}
