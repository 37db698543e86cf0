import type { SentCall } from '@/lib/db';

const n = (x: number) => x.toLocaleString('en-US');

/** One request that left for the API: where, which model, how many tokens. */
export function SentCallRow({ call }: { call: SentCall }) {
  return (
    <li data-testid="sent-call">
      <code>{call.kind}</code> → <code data-testid="sent-endpoint">{call.endpoint}</code> ·{' '}
      {call.model} · ~{n(call.estimatedInputTokens)} tokens estimated
      {call.usage && (
        <>
          {' '}
          · API counted {n(call.usage.inputTokens)} in (+{n(call.usage.cacheReadTokens)} from cache,{' '}
          {n(call.usage.cacheWriteTokens)} cached), {n(call.usage.outputTokens)} out
        </>
      )}
    </li>
  );
}
