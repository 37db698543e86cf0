import { browser } from 'wxt/browser';
import type { Handlers } from '../messaging';
import { AgException, agError } from '../errors';
import { deleteJobInput, getCurrentJob, saveJob, updateJob } from '../jobs';
import { JobBroadcast, emptyProgress, jobInputId, type JobRecord } from '../jobs/schema';
import { broadcastJob, jobTitle, showJobOnBadge } from '../jobs';
import { callOffscreen } from './offscreen-document';

/**
 * The worker's side of jobs (lib/jobs/README.md): it records a job, hands it to the DOM context
 * (`callOffscreen('jobs/run')`), mirrors its broadcasts on the toolbar badge, and after a
 * browser restart (or any worker start) hands a job still marked running back to a fresh runner,
 * which resumes it from its last committed batch.
 */
export function jobHandlers(): Handlers {
  return {
    'jobs/start': async ({ spec }) => {
      const cur = await getCurrentJob();
      if (cur?.status === 'running') {
        throw new AgException(
          agError(
            'bad_request',
            `${jobTitle(cur)} is still running: one import, harvest or restore at a time.`,
            'Wait for it to finish, or cancel it first.',
          ),
        );
      }
      const now = Date.now();
      const job: JobRecord = {
        id: `${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        spec,
        status: 'running',
        createdAt: now,
        updatedAt: now,
        progress: emptyProgress(spec.kind === 'kaggle-import' ? 'bytes' : 'papers'),
        cursor: {},
        warnings: [],
        malformed: [],
        resumed: 0,
      };
      if (spec.kind === 'kaggle-import') job.progress.total = spec.fileSize;
      await saveJob(job);
      void showJobOnBadge(job);
      await callOffscreen('jobs/run', { jobId: job.id, ...(await testEndpoints()) });
      return { job };
    },
    'jobs/cancel': async ({ jobId }) => {
      const r = await callOffscreen('jobs/cancel', { jobId }).catch(() => ({ cancelled: false }));
      if (r.cancelled) return { job: (await getCurrentJob()) ?? null };
      // No runner holds it (its context went away): mark it here.
      const job = await updateJob(jobId, (j) =>
        j.status === 'running' ? { ...j, status: 'cancelled' } : j,
      );
      const inputId = job && jobInputId(job.spec);
      if (inputId) await deleteJobInput(inputId);
      if (job) broadcastJob(job);
      return { job: job ?? null };
    },
    'jobs/status': async () => ({ job: (await getCurrentJob()) ?? null }),
  };
}

/** Hands a job left running (browser closed, context gone) back to a runner. */
export async function resumeJobs(): Promise<void> {
  const job = await getCurrentJob();
  void showJobOnBadge(job);
  if (job?.status !== 'running') return;
  await callOffscreen('jobs/run', { jobId: job.id, ...(await testEndpoints()) });
}

declare const __AG_TEST_BUILD__: boolean | undefined;

/**
 * Test builds only (wxt.config.ts defines __AG_TEST_BUILD__): the e2e tests serve arXiv's
 * recorded responses from a local server, whose address they put in storage. The offscreen
 * document's requests do not pass through the test browser's routes as the worker's do.
 */
async function testEndpoints(): Promise<{ arxiv?: { apiUrl?: string; oaiUrl?: string } }> {
  if (typeof __AG_TEST_BUILD__ === 'undefined' || !__AG_TEST_BUILD__) return {};
  const got = await browser.storage.local.get('testArxivEndpoints');
  const v = got.testArxivEndpoints as { apiUrl?: string; oaiUrl?: string } | undefined;
  return v ? { arxiv: v } : {};
}

export function registerJobs(): void {
  // The DOM context's broadcasts wake the worker: the badge follows the job.
  browser.runtime.onMessage.addListener(((raw: unknown) => {
    const b = JobBroadcast.safeParse(raw);
    if (b.success) void showJobOnBadge(b.data.job);
    return undefined;
  }) as never);
  browser.runtime.onStartup.addListener(() => void resumeJobs().catch(() => undefined));
  void resumeJobs().catch(() => undefined);
}
