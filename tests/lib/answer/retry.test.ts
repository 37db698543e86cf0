import { describe, expect, it } from 'vitest';
import { RetryPolicy, waitWithTicks } from '../../../lib/answer/retry';
import type { AgError } from '../../../lib/answer/schema';

const rateLimited = (retryAfterS?: number): AgError => ({
  code: 'rate_limited',
  message: 'rate limited',
  ...(retryAfterS !== undefined ? { retryAfterS } : {}),
});
const tooLarge: AgError = { code: 'too_large', message: 'too large' };

describe('RetryPolicy', () => {
  it('waits once for a short retry-after, then gives up', () => {
    const policy = new RetryPolicy();
    expect(policy.next(rateLimited(3), 8000, 8000)).toEqual({ kind: 'wait', seconds: 3 });
    expect(policy.next(rateLimited(3), 8000, 8000)).toEqual({ kind: 'final' });
  });

  it('waits the default when no retry-after came, and never for a long one', () => {
    expect(new RetryPolicy().next(rateLimited(), 8000, 8000)).toEqual({ kind: 'wait', seconds: 5 });
    expect(new RetryPolicy().next(rateLimited(3600), 8000, 8000)).toEqual({ kind: 'final' });
  });

  it('trims once to half of what was sent, never below 500 tokens', () => {
    const policy = new RetryPolicy();
    expect(policy.next(tooLarge, 100_000, 30_000)).toEqual({ kind: 'trim', budget: 15_000 });
    expect(policy.next(tooLarge, 15_000, 15_000)).toEqual({ kind: 'final' });
    expect(new RetryPolicy().next(tooLarge, 600, 600)).toEqual({ kind: 'trim', budget: 500 });
  });

  it('other errors are final', () => {
    expect(new RetryPolicy().next({ code: 'invalid_key', message: 'no' }, 1, 1)).toEqual({
      kind: 'final',
    });
  });
});

describe('waitWithTicks', () => {
  it('stops early when the signal aborts', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    expect(await waitWithTicks(30, ac.signal, () => {})).toBe(false);
  });

  it('completes a short wait', async () => {
    expect(await waitWithTicks(0.05, new AbortController().signal, () => {})).toBe(true);
  });
});
