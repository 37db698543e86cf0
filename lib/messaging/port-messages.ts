import { z } from 'zod/mini';
import { AnswerEvent } from '../answer/schema';

export { AnswerEvent };

/** Name of the runtime Port that streams answers from the background to the panel. */
export const ANSWER_PORT = 'antigravity/answer';

/** Panel → background messages on the answer Port. */
export const PortRequest = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('ask'),
      /** The tab whose paper the question is about. */
      tabId: z.int(),
      question: z.string().check(z.trim()).check(z.minLength(1)).check(z.maxLength(20000)),
      /** Continue this thread; omitted: the paper's latest thread, or a new one. */
      threadId: z.optional(z.string()),
      newThread: z.optional(z.boolean()),
    }),
    z.object({ type: z.literal('cancel') }),
  ]),
);
export type PortRequest = z.infer<typeof PortRequest>;

export function parseAnswerEvent(raw: unknown): AnswerEvent | null {
  const r = AnswerEvent.safeParse(raw);
  return r.success ? r.data : null;
}

export function parsePortRequest(raw: unknown): PortRequest | null {
  const r = PortRequest.safeParse(raw);
  return r.success ? r.data : null;
}
