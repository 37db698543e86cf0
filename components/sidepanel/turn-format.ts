import type { AgError, Turn } from '@/lib/answer/schema';
import { addUsage } from '@/lib/answer';

/** How a turn's date, cost and state read on screen (plain functions, tested apart). */

export function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

/** "1,234 in · 567 out · 1,000 cached · ~$0.0042", or null without usage. */
export function formatUsage(t: Pick<Turn, 'usage' | 'retrievalUsage'>): string | null {
  // The retrieval model's calls (planning, rating) are part of the answer's cost.
  const u = t.usage && t.retrievalUsage ? addUsage(t.usage, t.retrievalUsage) : t.usage;
  if (!u) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  const parts = [`${n(u.inputTokens)} in`, `${n(u.outputTokens)} out`];
  if (u.cacheReadTokens) parts.push(`${n(u.cacheReadTokens)} cached`);
  return `${parts.join(' · ')} · ~$${u.costUsd < 0.01 ? u.costUsd.toFixed(4) : u.costUsd.toFixed(3)}`;
}

/**
 * What the answer-status test id says: `streaming`, `done` or `error`. An answer the reader
 * stopped is `done` (and marked incomplete): stopping is not an error.
 */
export function answerStatus(
  turn: Pick<Turn, 'status' | 'error'>,
  streaming: boolean | undefined,
  error: AgError | null | undefined,
): 'streaming' | 'done' | 'error' {
  if (streaming) return 'streaming';
  const err = error ?? turn.error;
  if (err && err.code !== 'aborted') return 'error';
  return turn.status === 'streaming' ? 'streaming' : 'done';
}
