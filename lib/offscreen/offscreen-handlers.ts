import type { OffscreenName, OffscreenResponse, offscreenProtocol } from './offscreen-protocol';
import type { z } from 'zod/mini';
import { broadcastJob, cancelActiveJob, startJob } from '../jobs';
import {
  clearCorpus,
  removeCategory,
  resumeIndexRebuild,
  resumeTitleHashes,
  upsertPapers,
} from '../corpus';
import { getDb } from '../db';

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
    // The corpus's one writer (lib/offscreen/README.md): the worker's writes land here.
    'corpus/upsert': ({ records }) => upsertPapers(records),
    'corpus/remove-category': async ({ category }) => ({
      removed: await removeCategory(category),
    }),
    'corpus/clear': async () => {
      await clearCorpus();
      return {};
    },
    'corpus/resume-rebuild': async () => {
      const db = getDb();
      const index = await resumeIndexRebuild(db);
      const titles = await resumeTitleHashes(db);
      return { done: index.done && titles.done };
    },
  };
}
