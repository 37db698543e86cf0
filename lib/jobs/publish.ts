import { browser } from 'wxt/browser';
import type { JobRecord } from './schema';

/**
 * Progress reaches every open extension page (options, welcome) as a runtime message
 * `{ agJob: 1, job }`, and the toolbar badge. Chrome's offscreen document has no `action` API:
 * the worker sets the badge when the broadcast wakes it (lib/background/job-handlers.ts). Firefox's
 * background page does not receive its own broadcasts, so it sets the badge here.
 */
export function broadcastJob(job: JobRecord): void {
  void browser.runtime.sendMessage({ agJob: 1, job }).catch(() => undefined);
  if ((browser as { action?: unknown }).action) void showJobOnBadge(job);
}

/** The badge text of a job: its percentage while it runs, "!" after a failure, nothing else. */
export function badgeText(job: JobRecord | undefined): string {
  if (!job) return '';
  if (job.status === 'failed') return '!';
  if (job.status !== 'running') return '';
  const { done, total } = job.progress;
  if (total && total > 0) return `${Math.min(99, Math.floor((done / total) * 100))}%`;
  return '…';
}

export async function showJobOnBadge(job: JobRecord | undefined): Promise<void> {
  const action = (browser as Partial<typeof browser>).action;
  if (!action) return;
  try {
    await action.setBadgeText({ text: badgeText(job) });
    await action.setBadgeBackgroundColor({
      color: job?.status === 'failed' ? '#b3261e' : '#1a73e8',
    });
    await action.setTitle({
      title:
        job?.status === 'running'
          ? `Antigravity: ${jobTitle(job)} running (${badgeText(job)})`
          : 'Open Antigravity',
    });
  } catch {
    // A badge is a nicety: never fail a job for it.
  }
}

/** A job in a few words, for the badge title and the pages. */
export function jobTitle(job: Pick<JobRecord, 'spec'>): string {
  const s = job.spec;
  switch (s.kind) {
    case 'kaggle-import':
      return `Import of ${s.fileName}`;
    case 'harvest-query':
      return s.category ? `Harvest of ${s.category}` : `Harvest of “${s.query ?? ''}”`;
    case 'harvest-oai':
      return `Harvest of the OAI-PMH set ${s.set}`;
    case 'harvest-fields':
      return `Harvest of your fields (${s.categories.join(', ')})`;
    case 'restore-backup':
      return `Restore of ${s.fileName}`;
  }
}
