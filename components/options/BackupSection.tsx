import { useState } from 'react';
import { exportCorpusStream, importCorpusBackup } from '@/lib/corpus';
import { backupFilename, exportLibrary, importLibrary } from '@/lib/export/library-backup';
import { toAgError } from '@/lib/errors';
import { saveBlob } from '../shared/save-file';

/** Library backup (threads, optionally the corpus) and whole-corpus export/import. */
export function BackupSection({ onChanged }: { onChanged: () => void }) {
  const [includeCorpus, setIncludeCorpus] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

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
      onChanged();
    }
  };

  const exportLib = () =>
    run(async () => {
      const backup = await exportLibrary({ includeCorpus });
      saveBlob(new Blob([JSON.stringify(backup)], { type: 'application/json' }), backupFilename());
      return `Exported ${backup.threads.length} threads, ${backup.turns.length} answers${includeCorpus ? `, ${backup.papers?.length ?? 0} papers` : ''}.`;
    });
  const importLib = (file: File) =>
    run(async () => {
      const r = await importLibrary(await file.text());
      return `Imported ${r.threadsAdded} new threads (${r.threadsUpdated} updated), ${r.turnsAdded} answers, ${r.papersAdded} papers; ${r.skipped} already there.`;
    });
  const exportCorpus = () =>
    run(async () => {
      const blob = await new Response(exportCorpusStream()).blob();
      saveBlob(blob, `antigravity-corpus-${new Date().toISOString().slice(0, 10)}.jsonl`);
      return `Corpus exported (${Math.round(blob.size / 1024).toLocaleString('en-US')} KB).`;
    });
  const importCorpus = (file: File) =>
    run(async () => {
      const r = await importCorpusBackup(file);
      if (r.error) throw Object.assign(new Error(r.error.message), { agError: r.error });
      return `Corpus imported: ${r.added} new, ${r.updated} updated${r.malformedCount ? `, ${r.malformedCount} bad lines skipped` : ''}.`;
    });

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
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void importLib(f);
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
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void importCorpus(f);
              e.target.value = '';
            }}
          />
        </label>
      </div>
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
