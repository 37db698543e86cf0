import { useCallback, useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { ANSWER_PORT, parseAnswerEvent, type PortRequest } from '@/lib/messaging';
import type { AgError, Thread, Turn } from '@/lib/answer/schema';

export interface LiveAnswer {
  turn: Turn | null;
  /** Text received so far (also in turn.answer once the turn is known). */
  text: string;
  thinking: boolean;
  notices: string[];
  error: AgError | null;
  streaming: boolean;
  /** What the pipeline is doing before the answer starts ("Searching arXiv…"). */
  status?: string;
}

const IDLE: LiveAnswer = {
  turn: null,
  text: '',
  thinking: false,
  notices: [],
  error: null,
  streaming: false,
};

/**
 * One answer at a time over the answer Port. Deltas are appended to a buffer and flushed to
 * React at most once per animation frame, so a long answer does not re-render per token.
 */
export function useAnswer(
  onFinished: (turn: Turn | null, error: AgError | null) => void,
  onStart?: (turn: Turn, thread: Thread) => void,
) {
  const [live, setLive] = useState<LiveAnswer>(IDLE);
  const portRef = useRef<ReturnType<typeof browser.runtime.connect> | null>(null);
  const bufRef = useRef<LiveAnswer>(IDLE);
  const frameRef = useRef<number | null>(null);
  const finishedRef = useRef(onFinished);
  const startRef = useRef(onStart);
  useEffect(() => {
    finishedRef.current = onFinished;
    startRef.current = onStart;
  }, [onFinished, onStart]);

  const flush = useCallback(() => {
    frameRef.current = null;
    setLive({ ...bufRef.current });
  }, []);
  const schedule = useCallback(() => {
    if (frameRef.current === null) frameRef.current = requestAnimationFrame(flush);
  }, [flush]);

  const ask = useCallback(
    (req: Extract<PortRequest, { type: 'ask' }>) => {
      portRef.current?.disconnect();
      bufRef.current = { ...IDLE, streaming: true };
      setLive(bufRef.current);
      const port = browser.runtime.connect({ name: ANSWER_PORT });
      portRef.current = port;
      let ended = false;
      port.onMessage.addListener((raw: unknown) => {
        const ev = parseAnswerEvent(raw);
        if (!ev) return;
        const b = bufRef.current;
        switch (ev.type) {
          case 'start':
            bufRef.current = { ...b, turn: ev.turn };
            startRef.current?.(ev.turn, ev.thread);
            break;
          case 'thinking':
            bufRef.current = { ...b, thinking: true };
            break;
          case 'delta':
            bufRef.current = { ...b, thinking: false, text: b.text + ev.text };
            break;
          case 'citation':
            if (b.turn)
              bufRef.current = {
                ...b,
                turn: { ...b.turn, citations: [...b.turn.citations, ev.citation] },
              };
            break;
          case 'usage':
            if (b.turn) bufRef.current = { ...b, turn: { ...b.turn, usage: ev.usage } };
            break;
          case 'notice':
            bufRef.current = { ...b, notices: [...b.notices, ev.message] };
            break;
          case 'status':
            bufRef.current = { ...b, status: ev.message };
            break;
          case 'done':
            ended = true;
            bufRef.current = {
              ...b,
              turn: ev.turn,
              text: ev.turn.answer,
              streaming: false,
              thinking: false,
            };
            port.disconnect();
            finishedRef.current(ev.turn, null);
            break;
          case 'error':
            ended = true;
            bufRef.current = {
              ...b,
              turn: ev.turn ?? b.turn,
              error: ev.error,
              streaming: false,
              thinking: false,
            };
            port.disconnect();
            finishedRef.current(ev.turn ?? b.turn, ev.error);
            break;
        }
        if (ev.type === 'done' || ev.type === 'error') flush();
        else schedule();
      });
      port.onDisconnect.addListener(() => {
        if (ended) return;
        const error: AgError = {
          code: 'network',
          message: 'The connection to the background stopped before the answer finished.',
          action: 'What was received is kept. Ask again to continue.',
        };
        bufRef.current = { ...bufRef.current, streaming: false, error };
        flush();
        finishedRef.current(bufRef.current.turn, error);
      });
      port.postMessage(req);
    },
    [flush, schedule],
  );

  const stop = useCallback(() => {
    portRef.current?.postMessage({ type: 'cancel' } satisfies PortRequest);
  }, []);

  const reset = useCallback(() => {
    portRef.current?.disconnect();
    portRef.current = null;
    bufRef.current = IDLE;
    setLive(IDLE);
  }, []);

  useEffect(() => () => portRef.current?.disconnect(), []);
  return { live, ask, stop, reset };
}
