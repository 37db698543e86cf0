import { z } from 'zod/mini';

/**
 * The requests the background sends to its DOM context: Chrome's offscreen document, or, in
 * Firefox, the background page itself. Each entry names a zod schema for the request and the
 * response; both ends parse with them. A feature adds its entry here and its handler in
 * lib/offscreen/handlers.ts.
 *
 * The envelope carries `agOffscreen`, not the page protocol's `ag`: runtime.sendMessage reaches
 * every extension context, and the worker's own listener (lib/messaging) must ignore these.
 */
export const offscreenProtocol = {
  /** Liveness check: the document is loaded and its listener registered. */
  ping: { req: z.object({}), res: z.object({ pong: z.literal(true) }) },
  /**
   * Run (or resume) the current job `jobId` (lib/jobs/runner.ts). Answers at once: `started`
   * false when it already runs here or is no longer running. Progress goes out as broadcasts.
   */
  'jobs/run': { req: z.object({ jobId: z.string() }), res: z.object({ started: z.boolean() }) },
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
