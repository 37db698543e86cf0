/**
 * Runs jobs in the background's DOM context (Chrome's offscreen document, Firefox's background
 * page), the corpus's one writer context: imports, harvests and backup restores. A job's state lives in IndexedDB
 * (job-store.ts) and is saved after each committed batch or page, so a run that dies with its
 * context (browser closed) resumes from there: `startJob` of a `running` record that no runner
 * here holds. Progress is pushed to the pages (`publish`), at most every `progressIntervalMs`.
 */
import {
  harvestOai,
  harvestQuery,
  importCorpusBackup,
  importKaggleSnapshot,
  submittedSince,
  type ArxivDeps,
  type HarvestProgress,
  type HarvestResult,
} from '../corpus';
import { deleteJobInput, getCurrentJob, getJobInput, updateJob } from './job-store';
import { agError, toAgError } from '../errors';
import { importLibrary } from '../export/library-backup';
import { countOf, noun } from '../text';
import { jobInputId, type JobProgress, type JobRecord, type JobSpec } from './schema';

export interface RunnerDeps {
  fetch: typeof fetch;
  publish: (job: JobRecord) => void;
  /** arXiv endpoints and clock (tests). */
  arxiv?: Omit<ArxivDeps, 'fetch'>;
  progressIntervalMs?: number;
}

const active = new Map<string, { controller: AbortController; done: Promise<void> }>();

/** Starts (or resumes) the current job when it is `id`, still running, and not already here. */
export async function startJob(id: string, deps: RunnerDeps): Promise<boolean> {
  if (active.has(id)) return false;
  const job = await getCurrentJob();
  if (!job || job.id !== id || job.status !== 'running' || active.has(id)) return false;
  const controller = new AbortController();
  const done = runJob(job, controller.signal, deps)
    .catch(() => undefined)
    .finally(() => active.delete(id));
  active.set(id, { controller, done });
  return true;
}

/** Asks the run of `id` in this context to stop; false when no run of it is here. */
export function cancelActiveJob(id: string): boolean {
  const run = active.get(id);
  if (!run) return false;
  run.controller.abort();
  return true;
}

/** Resolves when the run of `id` in this context (if any) has ended (tests). */
export async function jobSettled(id: string): Promise<void> {
  await active.get(id)?.done;
}

type Step = { status: JobRecord['status']; error?: JobRecord['error'] };

async function runJob(start: JobRecord, signal: AbortSignal, deps: RunnerDeps): Promise<void> {
  const id = start.id;
  const resuming = Object.keys(start.cursor).length > 0 || start.progress.linesRead > 0;
  let cur: JobRecord = resuming
    ? ((await updateJob(id, (j) => ({ ...j, resumed: j.resumed + 1 }))) ?? start)
    : start;
  let last = 0;
  const interval = deps.progressIntervalMs ?? 400;
  const push = (force = false) => {
    const now = Date.now();
    if (!force && now - last < interval) return;
    last = now;
    deps.publish(cur);
  };
  /** Saves what a committed batch/page changed (cursor and counts) and pushes it. */
  const commit = async (patch: Partial<JobRecord>) => {
    // This run's record is the truth while it runs: what was shown since the last save goes too.
    cur = (await updateJob(id, (j) => ({ ...j, ...cur, ...patch }))) ?? { ...cur, ...patch };
    push();
  };
  const show = (progress: Partial<JobProgress>) => {
    cur = { ...cur, progress: { ...cur.progress, ...progress } };
    push();
  };
  push(true);
  let end: Step;
  try {
    end = await runSpec(cur, signal, deps, { commit, show, get: () => cur });
  } catch (e) {
    const err = toAgError(e);
    end = {
      status: err.code === 'aborted' ? 'cancelled' : 'failed',
      error:
        err.code === 'aborted'
          ? undefined
          : agError(
              err.code,
              `The ${workWord(cur.spec)} stopped: ${err.message}`,
              err.action ?? 'What was stored is kept; start it again to continue.',
            ),
    };
  }
  const final = await updateJob(id, (j) => ({
    ...j,
    ...cur,
    status: end.status,
    ...(end.error ? { error: end.error } : {}),
    progress: {
      ...cur.progress,
      etaSeconds: null,
      step: undefined,
      ...(end.status === 'done' && cur.progress.total !== null ? { done: cur.progress.total } : {}),
    },
  }));
  cur = final ?? cur;
  const inputId = jobInputId(cur.spec);
  if (inputId) await deleteJobInput(inputId).catch(() => {});
  push(true);
}

interface Ctx {
  commit: (patch: Partial<JobRecord>) => Promise<void>;
  show: (p: Partial<JobProgress>) => void;
  get: () => JobRecord;
}

async function runSpec(
  job: JobRecord,
  signal: AbortSignal,
  deps: RunnerDeps,
  ctx: Ctx,
): Promise<Step> {
  const spec = job.spec;
  switch (spec.kind) {
    case 'kaggle-import':
      return runImport(job, spec, signal, ctx);
    case 'harvest-query':
    case 'harvest-oai':
    case 'harvest-fields':
      return runHarvest(job, spec, signal, deps, ctx);
    case 'restore-backup':
      return runRestore(spec, signal, ctx);
  }
}

function workWord(spec: JobSpec): string {
  if (spec.kind === 'kaggle-import') return 'import';
  return spec.kind === 'restore-backup' ? 'restore' : 'harvest';
}

/** A job whose file is no longer in the job input store: failed, with what to do. */
function inputGone(job: string, kept: string, skipped: string): Step {
  return {
    status: 'failed',
    error: agError(
      'bad_input',
      `The file of this ${job} is no longer stored${kept}.`,
      `Choose the file again and import it: ${skipped}.`,
    ),
  };
}

/**
 * A backup merged back into the library or the corpus. Resuming starts it again from the top:
 * the merge is by id, so what the first run stored is skipped, never stored twice. A refused
 * file fails the job with the import's own message (what is wrong, what to do).
 */
async function runRestore(
  spec: Extract<JobSpec, { kind: 'restore-backup' }>,
  signal: AbortSignal,
  ctx: Ctx,
): Promise<Step> {
  const input = await getJobInput(spec.inputId);
  if (!input)
    return inputGone(`restore (${spec.fileName})`, '', 'what is stored already is skipped');
  if (spec.backup === 'library') {
    let r: Awaited<ReturnType<typeof importLibrary>>;
    try {
      r = await importLibrary(await input.text(), {
        onPapers: (done, total) => ctx.show({ done, total, kept: done }),
      });
    } catch (e) {
      return { status: 'failed', error: toAgError(e) };
    }
    await ctx.commit({
      progress: {
        ...ctx.get().progress,
        added: r.papersAdded,
        updated: r.papersUpdated,
      },
      summary: `Imported ${r.threadsAdded} new ${noun(r.threadsAdded, 'thread')} (${r.threadsUpdated} updated), ${countOf(r.turnsAdded, 'answer')}, ${countOf(r.papersAdded, 'paper')}; ${r.skipped} already there.`,
    });
    return { status: 'done' };
  }
  const r = await importCorpusBackup(input, {
    signal,
    onBatch: (p) =>
      ctx.show({
        done: p.added + p.updated,
        linesRead: p.linesRead,
        added: p.added,
        updated: p.updated,
      }),
  });
  await ctx.commit({
    progress: {
      ...ctx.get().progress,
      linesRead: r.linesRead,
      kept: r.kept,
      added: r.added,
      updated: r.updated,
      malformed: r.malformedCount,
    },
    malformed: r.malformed.slice(0, 100),
    summary: `Corpus imported: ${r.added} new, ${r.updated} updated${r.malformedCount ? `, ${r.malformedCount} bad lines skipped` : ''}.`,
  });
  if (r.error) return { status: 'failed', error: r.error };
  return { status: r.cancelled ? 'cancelled' : 'done' };
}

async function runImport(
  job: JobRecord,
  spec: Extract<JobSpec, { kind: 'kaggle-import' }>,
  signal: AbortSignal,
  ctx: Ctx,
): Promise<Step> {
  const input = await getJobInput(spec.inputId);
  if (!input) {
    const kept = job.progress.added ? '; the papers imported before are kept' : '';
    return inputGone(`import (${spec.fileName})`, kept, 'papers already stored are skipped');
  }
  const base = job.progress;
  let runAdded = 0;
  let runUpdated = 0;
  let runCommitted = 0;
  const r = await importKaggleSnapshot(input, {
    categories: spec.categories,
    primaryOnly: spec.primaryOnly,
    signal,
    resumeAfterLine: job.cursor.line,
    onProgress: (p) =>
      ctx.show({
        done: p.bytesRead,
        total: p.totalBytes,
        linesRead: p.linesRead,
        kept: base.kept + p.kept,
        malformed: base.malformed + p.malformed,
        etaSeconds: p.etaSeconds,
        added: base.added + runAdded,
        updated: base.updated + runUpdated,
      }),
    onBatchCommitted: async (c) => {
      runAdded += c.added;
      runUpdated += c.updated;
      runCommitted += c.papers;
      await ctx.commit({
        cursor: { line: c.line },
        progress: {
          ...ctx.get().progress,
          kept: base.kept + runCommitted,
          added: base.added + runAdded,
          updated: base.updated + runUpdated,
        },
      });
    },
  });
  ctx.show({
    linesRead: r.linesRead,
    kept: base.kept + r.kept,
    added: base.added + r.added,
    updated: base.updated + r.updated,
    malformed: base.malformed + r.malformedCount,
  });
  await ctx.commit({
    warnings: [...job.warnings, ...r.warnings],
    malformed: [...job.malformed, ...r.malformed].slice(0, 100),
  });
  if (r.error) return { status: 'failed', error: r.error };
  return { status: r.cancelled ? 'cancelled' : 'done' };
}

async function runHarvest(
  job: JobRecord,
  spec: Exclude<JobSpec, { kind: 'kaggle-import' | 'restore-backup' }>,
  signal: AbortSignal,
  deps: RunnerDeps,
  ctx: Ctx,
): Promise<Step> {
  const arxiv: ArxivDeps = { fetch: deps.fetch, ...deps.arxiv };
  const base = job.progress;
  let prior = {
    added: base.added,
    updated: base.updated,
    fetched: base.kept,
    requests: base.requests,
  };
  const onProgress = (p: HarvestProgress, total: number | null) =>
    ctx.show({
      done: prior.fetched + p.fetched,
      total,
      kept: prior.fetched + p.fetched,
      added: prior.added + p.added,
      updated: prior.updated + p.updated,
      requests: prior.requests + p.requests,
      step: p.waitingSeconds ? `${p.message ?? 'Waiting'} ${p.waitingSeconds} s` : undefined,
    });
  const finish = (r: HarvestResult): Step | null => {
    prior = {
      added: prior.added + r.added,
      updated: prior.updated + r.updated,
      fetched: prior.fetched + r.fetched,
      requests: prior.requests + r.requests,
    };
    if (r.error) return { status: 'failed', error: r.error };
    if (r.cancelled) return { status: 'cancelled' };
    return null;
  };
  const saveCounts = (extra: Partial<JobRecord['cursor']>, live: HarvestProgress | null) =>
    ctx.commit({
      cursor: { ...ctx.get().cursor, ...extra },
      progress: {
        ...ctx.get().progress,
        ...(live
          ? {
              kept: prior.fetched + live.fetched,
              added: prior.added + live.added,
              updated: prior.updated + live.updated,
            }
          : {}),
      },
    });
  if (spec.kind === 'harvest-query' || spec.kind === 'harvest-oai') {
    let live: HarvestProgress | null = null;
    const common = {
      signal,
      onProgress: (p: HarvestProgress) => {
        live = p;
        onProgress(p, p.total === null ? null : base.kept + p.total);
      },
    };
    const r =
      spec.kind === 'harvest-query'
        ? await harvestQuery(
            {
              ...common,
              category: spec.category,
              query: spec.query,
              maxResults: spec.maxResults,
              startAt: job.cursor.start,
              onPageStored: ({ start }) => saveCounts({ start }, live),
            },
            arxiv,
          )
        : await harvestOai(
            {
              ...common,
              set: spec.set,
              maxRecords: Math.max(1, spec.maxRecords - base.kept),
              resumptionToken: job.cursor.token,
              onPageStored: ({ token }) => saveCounts(token ? { token } : {}, live),
            },
            arxiv,
          );
    ctx.show({ step: undefined });
    await ctx.commit({ warnings: [...job.warnings, ...r.warnings].slice(0, 100) });
    return finish(r) ?? { status: 'done' };
  }
  // harvest-fields: each category in turn, newest first, since fromDate.
  const warnings = [...job.warnings];
  for (let i = job.cursor.index ?? 0; i < spec.categories.length; i++) {
    const category = spec.categories[i]!;
    let live: HarvestProgress | null = null;
    const r = await harvestQuery(
      {
        category,
        query: spec.fromDate ? submittedSince(spec.fromDate) : undefined,
        sortBy: 'submittedDate',
        maxResults: spec.maxPerCategory,
        pageSize: 2000,
        startAt: i === job.cursor.index ? job.cursor.start : 0,
        signal,
        onProgress: (p) => {
          live = p;
          onProgress(p, spec.expectedTotal ?? null);
          ctx.show({ step: `${category} (${i + 1} of ${spec.categories.length})` });
        },
        onPageStored: ({ start }) => saveCounts({ index: i, start }, live),
      },
      arxiv,
    );
    warnings.push(...r.warnings);
    const stop = finish(r);
    await ctx.commit({ cursor: { index: i + 1, start: 0 }, warnings: warnings.slice(0, 100) });
    if (stop) return stop;
  }
  return { status: 'done' };
}
