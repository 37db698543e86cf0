import { z } from 'zod/mini';
import { Section } from '../arxiv/schema';
import { PaperRecord } from '../corpus/schema';

/**
 * The requests the background sends to its DOM context: Chrome's offscreen document, or, in
 * Firefox, the background page itself. Each entry names a zod schema for the request and the
 * response; both ends parse with them. A feature adds its entry here and its handler in
 * lib/offscreen/offscreen-handlers.ts.
 *
 * The envelope carries `agOffscreen`, not the page protocol's `ag`: runtime.sendMessage reaches
 * every extension context, and the worker's own listener (lib/messaging) must ignore these.
 */
export const offscreenProtocol = {
  /** Liveness check: the document is loaded and its listener registered. */
  ping: { req: z.object({}), res: z.object({ pong: z.literal(true) }) },
  /**
   * The text of a PDF (base64, at most ~30 MB of bytes) read with PDF.js: sections with their
   * pages, the title and the arXiv stamp's id. An unreadable PDF is an error `bad_input` whose
   * message says why in one line (encrypted, broken, no text layer).
   */
  'pdf/text': {
    req: z.object({ data: z.string().check(z.maxLength(41_000_000)) }),
    res: z.object({
      pages: z.int().check(z.nonnegative()),
      title: z.optional(z.string()),
      arxivId: z.optional(z.string()),
      sections: z.array(Section),
      chars: z.int().check(z.nonnegative()),
    }),
  },
  /**
   * Run (or resume) the current job `jobId` (lib/jobs/runner.ts). Answers at once: `started`
   * false when it already runs here or is no longer running. Progress goes out as broadcasts.
   */
  'jobs/run': {
    req: z.object({
      jobId: z.string(),
      /** Test builds only: arXiv endpoints of the local recorded-response server. */
      arxiv: z.optional(
        z.object({ apiUrl: z.optional(z.string()), oaiUrl: z.optional(z.string()) }),
      ),
    }),
    res: z.object({ started: z.boolean() }),
  },
  /**
   * The corpus has one writer: this context. The worker's writes (a paper opened, its full text,
   * cited papers, live-search finds, removals) come here through lib/background/corpus-writer.ts.
   * `corpus/upsert`: papers stored and indexed in one transaction (lib/corpus upsertPapers).
   */
  'corpus/upsert': {
    req: z.object({ records: z.array(PaperRecord).check(z.maxLength(5000)) }),
    res: z.object({ added: z.int(), updated: z.int() }),
  },
  /** Removes every paper whose primary category is `category`; `removed` counts them. */
  'corpus/remove-category': {
    req: z.object({ category: z.string().check(z.minLength(1)) }),
    res: z.object({ removed: z.int() }),
  },
  /** Removes every paper and the whole index (threads and settings stay). */
  'corpus/clear': { req: z.object({}), res: z.object({}) },
  /** Goes on with an index rebuild a schema upgrade left due (nothing when none is due). */
  'corpus/resume-rebuild': { req: z.object({}), res: z.object({ done: z.boolean() }) },
  /** Stop the run of `jobId` here; `cancelled` false when no run of it is here. */
  'jobs/cancel': {
    req: z.object({ jobId: z.string() }),
    res: z.object({ cancelled: z.boolean() }),
  },
};

export type OffscreenName = keyof typeof offscreenProtocol;
export type OffscreenRequest<N extends OffscreenName> = z.input<
  (typeof offscreenProtocol)[N]['req']
>;
export type OffscreenResponse<N extends OffscreenName> = z.output<
  (typeof offscreenProtocol)[N]['res']
>;

export const OffscreenEnvelope = z.object({
  agOffscreen: z.literal(1),
  name: z.string(),
  payload: z.unknown(),
});
