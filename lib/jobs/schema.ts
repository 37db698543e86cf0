import { z } from 'zod/mini';
import { AgError } from '../answer/schema';

/**
 * Long corpus work (imports, harvests, backup restores) as jobs: what a job does (`JobSpec`), where it stands
 * (`JobRecord`, kept in IndexedDB so a browser restart resumes it) and the broadcast that pushes
 * its progress to every open extension page. Design in lib/jobs/README.md.
 */
export const JobSpec = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('kaggle-import'),
      /** Key of the file in the job input store (lib/jobs/job-store.ts), written by the page. */
      inputId: z.string().check(z.minLength(1)),
      fileName: z.string(),
      fileSize: z.number(),
      categories: z.array(z.string()),
      primaryOnly: z.boolean(),
    }),
    z.object({
      kind: z.literal('harvest-query'),
      category: z.optional(z.string()),
      query: z.optional(z.string()),
      maxResults: z.int().check(z.minimum(1)),
    }),
    z.object({
      kind: z.literal('harvest-oai'),
      set: z.string().check(z.minLength(1)),
      maxRecords: z.int().check(z.minimum(1)),
    }),
    z.object({
      /** The welcome page's "your fields": newest papers of each category since `fromDate`. */
      kind: z.literal('harvest-fields'),
      categories: z.array(z.string()).check(z.minLength(1)).check(z.maxLength(40)),
      /** YYYY-MM-DD; absent = all time. */
      fromDate: z.optional(z.string()),
      maxPerCategory: z.int().check(z.minimum(1)),
      /** The estimate shown before the start (papers), for the progress bar. */
      expectedTotal: z.optional(z.number()),
    }),
    z.object({
      /**
       * A backup file merged back (options page, "Import library…" / "Import corpus…"): the
       * library's JSON (threads, answers, maybe papers) or the corpus's JSONL.
       */
      kind: z.literal('restore-backup'),
      backup: z.enum(['library', 'corpus']),
      /** Key of the file in the job input store (lib/jobs/job-store.ts), written by the page. */
      inputId: z.string().check(z.minLength(1)),
      fileName: z.string(),
      fileSize: z.number(),
    }),
  ]),
);
export type JobSpec = z.infer<typeof JobSpec>;
export type JobKind = JobSpec['kind'];

/** The jobs that read a file the page handed over (lib/jobs/job-store.ts job input store). */
export function jobInputId(spec: JobSpec): string | null {
  return spec.kind === 'kaggle-import' || spec.kind === 'restore-backup' ? spec.inputId : null;
}

export const JobStatus = z.enum(['running', 'done', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobProgress = z.lazy(() =>
  z.object({
    /** Work done and to do, in `unit` (file bytes for an import, papers for a harvest). */
    done: z.number(),
    total: z.nullable(z.number()),
    unit: z.enum(['bytes', 'papers']),
    linesRead: z.number(),
    kept: z.number(),
    added: z.number(),
    updated: z.number(),
    malformed: z.number(),
    requests: z.number(),
    etaSeconds: z.nullable(z.number()),
    /** What the job does right now, e.g. "cs.CL (2 of 3)" or "Waiting (rate limited) 20 s". */
    step: z.optional(z.string()),
  }),
);
export type JobProgress = z.infer<typeof JobProgress>;

export const JobRecord = z.lazy(() =>
  z.object({
    id: z.string(),
    spec: JobSpec,
    status: JobStatus,
    createdAt: z.number(),
    updatedAt: z.number(),
    progress: JobProgress,
    /** Where a resumed run starts: after `line` (import), at `start`/`index` or `token` (harvests). */
    cursor: z.object({
      line: z.optional(z.number()),
      start: z.optional(z.number()),
      index: z.optional(z.number()),
      token: z.optional(z.string()),
    }),
    warnings: z.array(z.string()),
    /** The first malformed lines of an import (number: why). */
    malformed: z.array(z.object({ line: z.number(), reason: z.string() })),
    error: z.optional(AgError),
    /** How many times the job was resumed after its context went away. */
    resumed: z.number(),
    /** What a finished job did, in its own words, when its counts do not say it (a restore). */
    summary: z.optional(z.string()),
  }),
);
export type JobRecord = z.infer<typeof JobRecord>;

/** The envelope of a progress push (runtime.sendMessage to every extension page). */
export const JobBroadcast = z.lazy(() => z.object({ agJob: z.literal(1), job: JobRecord }));

export function emptyProgress(unit: JobProgress['unit']): JobProgress {
  return {
    done: 0,
    total: null,
    unit,
    linesRead: 0,
    kept: 0,
    added: 0,
    updated: 0,
    malformed: 0,
    requests: 0,
    etaSeconds: null,
  };
}
