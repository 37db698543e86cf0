/**
 * The retry policy of an answer whose request failed before any text arrived: a 429 is retried
 * once after its `retry-after` (when that is short), a request too large for the API is retried
 * once with the paper trimmed to half; everything else is final.
 */
import { DEFAULT_RETRY_WAIT_S, MAX_AUTO_RETRY_WAIT_S } from './api-errors';
import type { AgError } from './schema';

/** While waiting before an automatic retry, a notice at least this often keeps the worker alive. */
export const WAIT_NOTICE_EVERY_MS = 15_000;
/** The paper token budget never goes below this when a too-large request is trimmed. */
const MIN_TRIMMED_BUDGET = 500;

export type RetryDecision =
  { kind: 'wait'; seconds: number } | { kind: 'trim'; budget: number } | { kind: 'final' };

export class RetryPolicy {
  private waited = false;
  private trimmed = false;

  /** What to do after `error`, given the budget and the tokens of the paper text just sent. */
  next(error: AgError, budget: number, paperTokens: number): RetryDecision {
    if (error.code === 'rate_limited' && !this.waited) {
      const seconds = error.retryAfterS ?? DEFAULT_RETRY_WAIT_S;
      if (seconds <= MAX_AUTO_RETRY_WAIT_S) {
        this.waited = true;
        return { kind: 'wait', seconds };
      }
    }
    if (error.code === 'too_large' && !this.trimmed) {
      this.trimmed = true;
      const half = Math.floor(Math.min(budget, paperTokens) / 2);
      return { kind: 'trim', budget: Math.max(MIN_TRIMMED_BUDGET, half) };
    }
    return { kind: 'final' };
  }
}

/** Resolves after `ms`, or early (false) when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits `seconds` in steps of at most WAIT_NOTICE_EVERY_MS, calling `tick` with the seconds left
 * after each step. False when the signal aborted the wait.
 */
export async function waitWithTicks(
  seconds: number,
  signal: AbortSignal,
  tick: (secondsLeft: number) => void,
): Promise<boolean> {
  let left = seconds * 1000;
  while (left > 0) {
    const step = Math.min(left, WAIT_NOTICE_EVERY_MS);
    if (!(await sleep(step, signal))) return false;
    left -= step;
    if (left > 0) tick(Math.ceil(left / 1000));
  }
  return true;
}
