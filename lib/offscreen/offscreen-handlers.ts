import type { OffscreenName, OffscreenResponse, offscreenProtocol } from './offscreen-protocol';
import type { z } from 'zod/mini';
import { broadcastJob, cancelActiveJob, startJob } from '../jobs';

/** A handler of one offscreen request; it receives the parsed request. */
export type OffscreenHandler<N extends OffscreenName> = (
  req: z.output<(typeof offscreenProtocol)[N]['req']>,
) => Promise<OffscreenResponse<N>> | OffscreenResponse<N>;

export type OffscreenHandlers = { [N in OffscreenName]: OffscreenHandler<N> };

/** Every offscreen request's handler. A feature adds its line here. */
export function offscreenHandlers(): OffscreenHandlers {
  return {
    ping: () => ({ pong: true as const }),
    // Loaded on first use: PDF.js is large, and only this context (never the worker) runs it.
    'pdf/text': async (req) => (await import('./pdf-text')).readPdfText(req.data),
    'jobs/run': async ({ jobId, arxiv }) => ({
      started: await startJob(jobId, {
        fetch: (input, init) => fetch(input, init),
        publish: broadcastJob,
        ...(arxiv ? { arxiv } : {}),
      }),
    }),
    'jobs/cancel': ({ jobId }) => ({ cancelled: cancelActiveJob(jobId) }),
  };
}
