import { z } from 'zod';
import { AnswerEvent } from '../answer/schema';

export { AnswerEvent };

/** Name of the runtime Port that streams answers from the background to the panel. */
export const ANSWER_PORT = 'antigravity/answer';

/** Panel → background messages on the answer Port. */
export const PortRequest = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ask'),
    /** The tab whose paper the question is about. */
    tabId: z.number().int(),
    question: z.string().trim().min(1).max(20000),
    /** Continue this thread; omitted: the paper's latest thread, or a new one. */
    threadId: z.string().optional(),
    newThread: z.boolean().optional(),
  }),
  z.object({ type: z.literal('cancel') }),
]);
export type PortRequest = z.infer<typeof PortRequest>;

export function parseAnswerEvent(raw: unknown): AnswerEvent | null {
  const r = AnswerEvent.safeParse(raw);
  return r.success ? r.data : null;
}

export function parsePortRequest(raw: unknown): PortRequest | null {
  const r = PortRequest.safeParse(raw);
  return r.success ? r.data : null;
}
