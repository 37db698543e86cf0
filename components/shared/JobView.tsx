import type { JobRecord } from '@/lib/jobs/schema';
import { jobTitle } from '@/lib/jobs';
import { formatBytes, formatDuration } from '../options/display-format';

const n = (v: number) => v.toLocaleString('en-US');

/** One line on what the job did so far. */
function progressLine(job: JobRecord): string {
  const p = job.progress;
  const parts =
    job.spec.kind === 'restore-backup'
      ? [
          ...(job.spec.backup === 'corpus' ? [`${n(p.linesRead)} lines read`] : []),
          `${n(p.done)}${p.total !== null ? ` of ${n(p.total)}` : ''} papers stored`,
        ]
      : job.spec.kind === 'kaggle-import'
        ? [
            `${n(p.linesRead)} read`,
            `${n(p.kept)} kept`,
            ...(p.malformed ? [`${n(p.malformed)} malformed`] : []),
            ...(p.total ? [`${formatBytes(p.done)} of ${formatBytes(p.total)}`] : []),
          ]
        : [
            `${n(p.kept)}${p.total !== null ? ` of about ${n(p.total)}` : ''} papers`,
            `${n(p.requests)} requests`,
          ];
  if (job.status === 'running' && p.etaSeconds !== null)
    parts.push(`about ${formatDuration(p.etaSeconds)} left`);
  if (job.status === 'running' && p.step) parts.push(p.step);
  return parts.join(' · ');
}

/** The one end message: success (with what was kept) or cancelled; failures go to the error. */
function endMessage(job: JobRecord): string {
  const p = job.progress;
  const head = job.status === 'cancelled' ? 'cancelled' : 'finished';
  if (job.spec.kind === 'restore-backup') {
    return job.status === 'done' && job.summary
      ? job.summary
      : `Restore ${head}. ${n(p.added)} new, ${n(p.updated)} updated papers.`;
  }
  if (job.spec.kind === 'kaggle-import') {
    return `Import ${head}. ${n(p.linesRead)} lines read, ${n(p.kept)} kept: ${n(p.added)} new, ${n(p.updated)} updated.`;
  }
  return `Harvest ${head}. ${n(p.added)} new, ${n(p.updated)} updated papers.`;
}

/**
 * A job seen from a page: progress while it runs (it goes on when the page closes), then ONE
 * message: what was kept, or the error in words for a reader. `prefix` names the test ids
 * (`import-…`, `harvest-…`).
 */
export function JobView({
  job,
  prefix,
  onCancel,
}: {
  job: JobRecord;
  prefix: string;
  onCancel: () => void;
}) {
  const p = job.progress;
  const running = job.status === 'running';
  const pct = p.total ? Math.min(100, (p.done / p.total) * 100) : undefined;
  return (
    <div
      className="job"
      data-testid={`${prefix}-job`}
      data-status={job.status}
      data-job-id={job.id}
    >
      {running && (
        <p className="hint">
          {jobTitle(job)} runs in the background: you may close this page, it goes on (progress on
          the toolbar icon).{' '}
          <button type="button" data-testid={`${prefix}-cancel`} onClick={onCancel}>
            Cancel
          </button>
        </p>
      )}
      {job.status !== 'failed' && (
        <div className="progress" aria-live="polite">
          <progress
            data-testid={`${prefix}-progress`}
            max={100}
            value={job.status === 'done' ? 100 : pct}
            aria-label={`${jobTitle(job)} progress`}
          />
          <p className="hint" data-testid={`${prefix}-progress-text`}>
            {progressLine(job)}
          </p>
        </div>
      )}
      {(job.status === 'done' || job.status === 'cancelled') && (
        <div className="status ok" data-testid={`${prefix}-result`} role="status">
          {endMessage(job)}
          {job.warnings.length > 0 && (
            <ul className="warnings" data-testid={`${prefix}-warnings`}>
              {job.warnings.slice(0, 10).map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {job.malformed.length > 0 && (
            <details>
              <summary>{n(p.malformed)} malformed lines skipped</summary>
              <ul>
                {job.malformed.slice(0, 50).map((m) => (
                  <li key={m.line}>
                    line {m.line}: {m.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {job.status === 'failed' && job.error && (
        <p className="status error" role="alert" data-testid={`${prefix}-error`}>
          {job.error.message} {job.error.action}
        </p>
      )}
    </div>
  );
}
