import { z } from 'zod/mini';
import { Source } from '../corpus/schema';
import { Reads } from '../arxiv/paper-text';
import { AgError } from '../errors';

// The error types live in lib/errors.ts; re-exported here for the schemas' readers.
export { AgError, ErrorCode } from '../errors';

export const Usage = z.lazy(() =>
  z.object({
    inputTokens: z.int().check(z.nonnegative()),
    outputTokens: z.int().check(z.nonnegative()),
    cacheReadTokens: z.int().check(z.nonnegative()),
    cacheWriteTokens: z.int().check(z.nonnegative()),
    /** Estimated cost in USD, from the model's published prices. */
    costUsd: z.number().check(z.nonnegative()),
  }),
);
export type Usage = z.infer<typeof Usage>;

/** One inline citation of an answer. */
export const Citation = z.lazy(() =>
  z.object({
    /** 1-based marker number as shown. Same paper => same number. */
    n: z.int().check(z.minimum(1)),
    /** Where the citation points: a retrieved source, or a passage of the open paper. */
    kind: z.enum(['source', 'paper']),
    arxivId: z.string(),
    title: z.string(),
    /** The exact text of the source the claim rests on. */
    citedText: z.string(),
    /** Offset in the answer Markdown right after the cited span; the marker goes here. */
    offset: z.int().check(z.nonnegative()),
    /** For kind=paper: the section heading the passage comes from, when known. */
    section: z.optional(z.string()),
  }),
);
export type Citation = z.infer<typeof Citation>;

export const TurnStatus = z.enum(['streaming', 'done', 'error', 'incomplete']);
export type TurnStatus = z.infer<typeof TurnStatus>;

export const Turn = z.lazy(() =>
  z.object({
    id: z.string(),
    threadId: z.string(),
    /** Base arXiv id of the paper the thread is about. */
    paperId: z.string(),
    paperVersion: z.nullable(z.int()),
    question: z.string(),
    /** Answer Markdown, as received (citations are kept apart in `citations`). */
    answer: z.string(),
    status: TurnStatus,
    /** `llm`: Claude answered; `retrieval`: no key, best sources and passages only. */
    mode: z.enum(['llm', 'retrieval']),
    model: z.string(),
    citations: z.array(Citation),
    sources: z.array(Source),
    followups: z.array(z.string()),
    /** arXiv ids written in the answer that are neither the open paper nor a source. */
    unverifiedIds: z.array(z.string()),
    /** Passages of the paper matching the question (retrieval-only answers). */
    passages: z.optional(
      z.array(z.object({ arxivId: z.string(), section: z.string(), text: z.string() })),
    ),
    usage: z.optional(Usage),
    /** Tokens and cost of the retrieval model's calls (planning, rating) for this answer. */
    retrievalUsage: z.optional(Usage),
    error: z.optional(AgError),
    /** The paper text was cut to fit the token budget. */
    paperTrimmed: z.optional(z.boolean()),
    /** What the answer read of the paper: its full text (HTML or PDF), or the abstract and why. */
    reads: z.optional(Reads),
    /** What the pipeline did on its own while answering (automatic retry, paper trimmed after a 413). */
    notices: z.optional(z.array(z.string())),
    createdAt: z.number(),
    finishedAt: z.optional(z.number()),
  }),
);
export type Turn = z.infer<typeof Turn>;

export const Thread = z.lazy(() =>
  z.object({
    id: z.string(),
    paperId: z.string(),
    paperTitle: z.string(),
    title: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
    /** Soft-deleted threads can be restored (undo) until purged. */
    deletedAt: z.optional(z.number()),
  }),
);
export type Thread = z.infer<typeof Thread>;

/** Events streamed to the side panel over the answer Port. */
export const AnswerEvent = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('start'),
      turn: Turn,
      /** The turn's thread as saved (a new thread exists from this event on). */
      thread: Thread,
    }),
    z.object({ type: z.literal('thinking') }),
    z.object({ type: z.literal('delta'), text: z.string() }),
    z.object({ type: z.literal('citation'), citation: Citation }),
    z.object({ type: z.literal('usage'), usage: Usage }),
    z.object({ type: z.literal('notice'), message: z.string() }),
    /** What the pipeline is doing before the answer starts ("Searching arXiv…"); not kept. */
    z.object({ type: z.literal('status'), message: z.string() }),
    z.object({ type: z.literal('done'), turn: Turn }),
    z.object({ type: z.literal('error'), error: AgError, turn: z.optional(Turn) }),
  ]),
);
export type AnswerEvent = z.infer<typeof AnswerEvent>;
