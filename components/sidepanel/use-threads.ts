import { useCallback, useEffect, useState } from 'react';
import { sendRequest } from '@/lib/messaging';
import type { Thread, Turn } from '@/lib/answer/schema';

interface Loaded {
  paperId: string;
  threads: Thread[];
  turns: Turn[];
  /** The thread shown; null for a new thread (the next question starts one). */
  threadId: string | null;
}

const newestFirst = (threads: Thread[]) => [...threads].sort((a, b) => b.updatedAt - a.updatedAt);
const withTurn = (turns: Turn[], turn: Turn) => [...turns.filter((t) => t.id !== turn.id), turn];

/**
 * The threads of a paper and their turns: read once per paper (`threads/list`), then kept by
 * applying what happens here: an answer's `start` (its thread, maybe new) and its end, a delete,
 * an undo. Nothing re-reads the list, so no late answer can undo a newer change.
 */
export function useThreads(paperId: string | null) {
  const [data, setData] = useState<Loaded | null>(null);
  useEffect(() => {
    if (!paperId) return;
    let live = true;
    void sendRequest('threads/list', { paperId })
      .catch(() => ({ threads: [] as Thread[], turns: [] as Turn[] }))
      .then((r) => {
        if (live) setData({ paperId, ...r, threadId: r.threads[0]?.id ?? null });
      });
    return () => {
      live = false;
    };
  }, [paperId]);

  /** Changes the loaded threads of the paper shown; changes of another paper are dropped. */
  const update = useCallback(
    (forPaper: string, f: (d: Loaded) => Loaded) =>
      setData((d) => (d && d.paperId === forPaper ? f(d) : d)),
    [],
  );
  const select = useCallback(
    (threadId: string | null) => setData((d) => (d ? { ...d, threadId } : d)),
    [],
  );
  /** An answer started: its thread (new or updated) is shown, its turn is saved as streaming. */
  const applyStart = useCallback(
    (turn: Turn, thread: Thread) =>
      update(turn.paperId, (d) => ({
        ...d,
        threads: newestFirst([...d.threads.filter((t) => t.id !== thread.id), thread]),
        turns: withTurn(d.turns, turn),
        threadId: thread.id,
      })),
    [update],
  );
  /** An answer ended (done, stopped or failed) as saved: its thread is shown. */
  const applyEnd = useCallback(
    (turn: Turn) =>
      update(turn.paperId, (d) => ({
        ...d,
        turns: withTurn(d.turns, turn),
        threadId: d.threads.some((t) => t.id === turn.threadId) ? turn.threadId : d.threadId,
      })),
    [update],
  );
  /** Deletes a thread (soft: it can be restored); it leaves the list once the delete is done. */
  const remove = useCallback(
    async (thread: Thread) => {
      await sendRequest('threads/delete', { threadId: thread.id });
      update(thread.paperId, (d) => {
        const rest = d.threads.filter((t) => t.id !== thread.id);
        return {
          ...d,
          threads: rest,
          threadId: d.threadId === thread.id ? (rest[0]?.id ?? null) : d.threadId,
        };
      });
    },
    [update],
  );
  /** Undoes a delete: the thread is back, with its turns, and shown. */
  const restore = useCallback(
    async (thread: Thread) => {
      await sendRequest('threads/restore', { threadId: thread.id });
      update(thread.paperId, (d) => ({
        ...d,
        threads: newestFirst([...d.threads.filter((t) => t.id !== thread.id), thread]),
        threadId: thread.id,
      }));
    },
    [update],
  );

  const current = data && data.paperId === paperId ? data : null;
  return {
    threads: current?.threads ?? [],
    turns: current?.turns ?? [],
    threadId: current?.threadId ?? null,
    select,
    applyStart,
    applyEnd,
    remove,
    restore,
  };
}
