import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendRequest } from '@/lib/messaging';
import { JobBroadcast, type JobRecord, type JobSpec } from '@/lib/jobs/schema';
import { toAgError, type AgError } from '@/lib/errors';

/**
 * The current job as a page sees it: read with `jobs/status` when the page opens (a job started
 * from another page, or before this page was reopened, shows at once), then kept up to date by
 * the runner's broadcasts, with a slow poll as a safety net while it runs.
 */
export function useJob() {
  const [job, setJob] = useState<JobRecord | null>(null);

  const refresh = useCallback(async () => {
    try {
      const r = await sendRequest('jobs/status', {});
      setJob((prev) =>
        r.job && prev?.id === r.job.id && prev.updatedAt > r.job.updatedAt ? prev : r.job,
      );
    } catch {
      // The worker is starting: the next broadcast or poll brings the job.
    }
  }, []);

  useEffect(() => {
    void refresh();
    const listener = (raw: unknown) => {
      const b = JobBroadcast.safeParse(raw);
      if (b.success) setJob(b.data.job);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener as never);
    return () => browser.runtime.onMessage.removeListener(listener as never);
  }, [refresh]);

  const running = job?.status === 'running';
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => void refresh(), 3000);
    return () => clearInterval(t);
  }, [running, refresh]);

  /** Starts a job; the error (another job runs, the worker refused) comes back to the caller. */
  const start = useCallback(async (spec: JobSpec): Promise<AgError | null> => {
    try {
      const r = await sendRequest('jobs/start', { spec });
      setJob(r.job);
      return null;
    } catch (e) {
      return toAgError(e);
    }
  }, []);

  const cancel = useCallback(async () => {
    if (!job) return;
    const r = await sendRequest('jobs/cancel', { jobId: job.id }).catch(() => null);
    if (r?.job) setJob(r.job);
  }, [job]);

  return { job, running, start, cancel };
}
