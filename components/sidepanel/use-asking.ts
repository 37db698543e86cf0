import { useCallback, useRef, useState } from 'react';
import type { AgError, Turn } from '@/lib/answer/schema';
import { useAnswer } from './use-answer';
import type { useThreads } from './use-threads';

/** The announcement of the live region when an answer ends. */
export function finishedAnnouncement(turn: Turn | null, error: AgError | null): string {
  if (error?.code === 'aborted') return 'Answer stopped. What arrived is kept.';
  if (error) return `The answer stopped with an error: ${error.message}`;
  const n = turn?.sources.length ?? 0;
  return `Answer finished${n ? `, with ${n} source${n === 1 ? '' : 's'}` : ''}.`;
}

/**
 * The question box and the answer it starts: the text being typed, the question asked last
 * (shown until its answer starts; back in the box when the answer fails), the announcement when
 * it ends, and whether the live answer belongs to the paper and thread shown. The answer's start
 * and end go to the threads as they happen.
 */
export function useAsking(
  tabId: number | null | undefined,
  paperId: string | null,
  threads: ReturnType<typeof useThreads>,
) {
  const { threadId, applyStart, applyEnd } = threads;
  const [question, setQuestion] = useState('');
  const [announce, setAnnounce] = useState('');
  const lastAsked = useRef<string | null>(null);
  const [asked, setAsked] = useState<string | null>(null);
  /** The paper the live answer is about (it keeps streaming when the reader switches tabs). */
  const [livePaper, setLivePaper] = useState<string | null>(null);
  const onFinished = useCallback(
    (turn: Turn | null, error: AgError | null) => {
      setAnnounce(finishedAnnouncement(turn, error));
      if (error && error.code !== 'aborted') setQuestion((q) => q || lastAsked.current || '');
      if (turn) applyEnd(turn);
    },
    [applyEnd],
  );
  const { live, ask, stop, reset } = useAnswer(onFinished, applyStart);

  /** Asks `q` (or the typed question); false when there is nothing to ask or no paper. */
  const submit = (q?: string): boolean => {
    const text = (q ?? question).trim();
    if (!text || typeof tabId !== 'number' || !paperId) return false;
    lastAsked.current = text;
    setAsked(text);
    setQuestion('');
    setAnnounce('');
    setLivePaper(paperId);
    ask({
      type: 'ask',
      tabId,
      question: text,
      threadId: threadId ?? undefined,
      newThread: threadId === null,
    });
    return true;
  };
  const liveHere = live.turn
    ? live.turn.paperId === paperId && live.turn.threadId === threadId
    : livePaper === paperId;
  return {
    question,
    setQuestion,
    announce,
    asked,
    lastAsked,
    live,
    liveHere,
    submit,
    stop,
    reset,
  };
}
