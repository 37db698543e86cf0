import { useEffect, useRef, useState } from 'react';
import { exportCorpusStream } from '@/lib/corpus';
import { backupFilename, exportLibrary } from '@/lib/export/library-backup';
import { deleteJobInput, putJobInput } from '@/lib/jobs';
import { agError, toAgError } from '@/lib/errors';
import { saveBlob } from '../shared/save-file';
import { JobView } from '../shared/JobView';
import { useJob } from '../shared/use-job';
import { countOf } from '@/lib/text';

/**
 * Library backup (threads, optionally the corpus) and whole-corpus export/import. Exports read
 * here; a restore writes, so it runs as a job of the background, the corpus's one writer: the
 * file goes over through the job input store (lib/jobs/README.md) and this page shows the job.
 */
export function BackupSection({ onChanged }: { onChanged: () => void }) {
  const jobs = useJob();
  const [includeCorpus, setIncludeCorpus] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  /** When the reader last chose a backup: a restore that ended before that is not shown. */
  const [pickedAt, setPickedAt] = useState(0);
  const job =
    jobs.job?.spec.kind === 'restore-backup' &&
    (jobs.job.status === 'running' || jobs.job.createdAt >= pickedAt)
      ? jobs.job
      : null;
  const ended = job && job.status !== 'running' ? job.id + job.status : '';
  // Once per ended restore: the counts above change. (`onChanged` is a new function at every
  // render of the page, so the effect runs often; the ref keeps it to one call per end.)
  const told = useRef('');
  useEffect(() => {
    if (!ended || told.current === ended) return;
    told.current = ended;
    onChanged();
  }, [ended, onChanged]);

  const run = async (fn: () => Promise<string>) => {
    setBusy(true);
    setStatus(null);
    try {
      setStatus({ ok: true, text: await fn() });
    } catch (e) {
      const err = toAgError(e);
      setStatus({ ok: false, text: `${err.message}${err.action ? ` ${err.action}` : ''}` });
    } finally {
      setBusy(false);
    }
  };

  const exportLib = () =>
    run(async () => {
      const backup = await exportLibrary({ includeCorpus });
      saveBlob(new Blob([JSON.stringify(backup)], { type: 'application/json' }), backupFilename());
      return `Exported ${countOf(backup.threads.length, 'thread')}, ${countOf(backup.turns.length, 'answer')}${includeCorpus ? `, ${countOf(backup.papers?.length ?? 0, 'paper')}` : ''}.`;
    });
  const exportCorpus = () =>
    run(async () => {
      const blob = await new Response(exportCorpusStream()).blob();
      saveBlob(blob, `antigravity-corpus-${new Date().toISOString().slice(0, 10)}.jsonl`);
      return `Corpus exported (${Math.round(blob.size / 1024).toLocaleString('en-US')} KB).`;
    });
  /** Hands the file to the background and starts the restore job; its progress shows below. */
  const restore = async (file: File, backup: 'library' | 'corpus') => {
    setBusy(true);
    setStatus(null);
    setPickedAt(Date.now());
    try {
      const inputId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      await putJobInput(inputId, file);
      const refused = await jobs.start({
        kind: 'restore-backup',
        backup,
        inputId,
        fileName: file.name,
        fileSize: file.size,
      });
      if (refused) {
        await deleteJobInput(inputId).catch(() => undefined);
        setStatus({ ok: false, text: `${refused.message} ${refused.action ?? ''}`.trim() });
      }
    } catch {
      const err = agError(
        'bad_input',
        'The file could not be handed to the background (the browser refused to store it).',
        'Free some disk space, or choose the file again.',
      );
      setStatus({ ok: false, text: `${err.message} ${err.action}` });
    } finally {
      setBusy(false);
    }
  };
  const restoring = busy || job?.status === 'running';

  return (
    <section aria-labelledby="backup-h">
      <h2 id="backup-h">Backup</h2>
      <p className="hint">
        Your threads and answers (and optionally the corpus) as one JSON file; importing merges
        without duplicates.
      </p>
      <div className="row">
        <button
          type="button"
          disabled={busy}
          onClick={() => void exportLib()}
          data-testid="backup-export"
        >
          Export library
        </button>
        <label className="check">
          <input
            type="checkbox"
            checked={includeCorpus}
            onChange={(e) => setIncludeCorpus(e.target.checked)}
          />
          include the corpus
        </label>
        <label className="file-button">
          Import library…
          <input
            type="file"
            accept=".json,application/json"
            data-testid="backup-import"
            disabled={restoring}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void restore(f, 'library');
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <div className="row">
        <button
          type="button"
          disabled={busy}
          onClick={() => void exportCorpus()}
          data-testid="corpus-export"
        >
          Export corpus (.jsonl)
        </button>
        <label className="file-button">
          Import corpus…
          <input
            type="file"
            accept=".jsonl,.json"
            data-testid="corpus-import"
            disabled={restoring}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void restore(f, 'corpus');
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {job && <JobView job={job} prefix="restore" onCancel={() => void jobs.cancel()} />}
      {status && (
        <p
          className={`status ${status.ok ? 'ok' : 'error'}`}
          role={status.ok ? 'status' : 'alert'}
          data-testid="backup-status"
        >
          {status.text}
        </p>
      )}
    </section>
  );
}
