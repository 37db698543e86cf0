/**
 * Saves a growing turn at most every `intervalMs` (trailing edge: the last text is saved too),
 * one save at a time, so a worker that dies mid-answer leaves what was received. The first
 * change is saved at once (leading edge): an answer whose text arrives in one burst right after
 * the request would otherwise be stopped inside the first interval with nothing of it stored.
 * Failed saves are dropped: the final save at the end of the answer is the one that counts.
 */
import type { Turn } from './schema';

export interface TurnSaver {
  /** Asks for a save of the turn as it is when the timer fires. */
  schedule(): void;
  /** Cancels a pending save and waits for the one in flight. */
  stop(): Promise<void>;
}

export function throttledTurnSaver(
  current: () => Turn,
  save: (turn: Turn) => Promise<void>,
  intervalMs: number,
): TurnSaver {
  // No save of this turn's growing text yet: the first one is not delayed.
  let lastSaveAt = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let saving: Promise<void> = Promise.resolve();
  return {
    schedule() {
      if (timer) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          lastSaveAt = Date.now();
          const turn = current();
          const snapshot: Turn = { ...turn, citations: [...turn.citations] };
          saving = saving.then(() => save(snapshot)).catch(() => undefined);
        },
        Math.max(0, lastSaveAt + intervalMs - Date.now()),
      );
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await saving;
    },
  };
}
