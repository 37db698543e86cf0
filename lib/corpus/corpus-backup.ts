/**
 * Backups of the whole corpus: JSON lines, a header line then one PaperRecord per line.
 * Export pages through `papers` in short read transactions; import validates every line with
 * zod and writes through upsertPapers in batches (so importing twice adds nothing twice).
 */
import { getDb } from '../db';
import { agError, toAgError } from '../errors';
import { emptyImportResult, isQuotaError, type ImportResult } from './kaggle-import';
import { papersAfter } from './idb-tables';
import { openLines } from './lines';
import { plainRecord } from './rows';
import { PaperRecord } from './schema';
import { refreshNorms, upsertPapers } from './store';

export const BACKUP_FORMAT = 'antigravity-corpus';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: string;
  count: number;
}

/** Every stored paper, in id order, read `pageSize` at a time. */
export async function* exportCorpus(
  opts: { pageSize?: number; signal?: AbortSignal } = {},
): AsyncGenerator<PaperRecord> {
  const db = getDb();
  const size = opts.pageSize ?? 500;
  let after: string | null = null;
  for (;;) {
    if (opts.signal?.aborted) return;
    const from: string | null = after;
    const page: PaperRecord[] = await papersAfter(db.papers, from, size);
    for (const p of page) yield plainRecord(p); // without the index fields
    if (page.length < size) return;
    after = (page[page.length - 1] as PaperRecord).id;
  }
}

/** The corpus as a backup file stream (JSON lines, UTF-8). */
export function exportCorpusStream(now = new Date()): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  let it: AsyncGenerator<PaperRecord> | null = null;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        exportedAt: now.toISOString(),
        count: await getDb().papers.count(),
      };
      controller.enqueue(enc.encode(JSON.stringify(header) + '\n'));
      it = exportCorpus();
    },
    async pull(controller) {
      const lines: string[] = [];
      while (lines.length < 200) {
        const next = await (it as AsyncGenerator<PaperRecord>).next();
        if (next.done) break;
        lines.push(JSON.stringify(next.value));
      }
      if (lines.length) controller.enqueue(enc.encode(lines.join('\n') + '\n'));
      if (lines.length < 200) controller.close();
    },
    async cancel() {
      await it?.return(undefined);
    },
  });
}

/**
 * Restores a backup made by exportCorpusStream (merging with what is stored). A file whose first
 * line is not our header is rejected before anything is written; an invalid record line is
 * reported with its number and skipped.
 */
export async function importCorpusBackup(
  input: Blob | ReadableStream<Uint8Array>,
  opts: {
    signal?: AbortSignal;
    batchSize?: number;
    /** After each committed batch: lines read and papers stored so far. */
    onBatch?: (p: { linesRead: number; added: number; updated: number }) => void;
  } = {},
): Promise<ImportResult> {
  const result = emptyImportResult();
  const src = await openLines(input);
  const batchSize = opts.batchSize ?? 1000;
  let batch: PaperRecord[] = [];
  let header = false;
  const write = async () => {
    if (!batch.length) return;
    const r = await upsertPapers(batch, { signal: opts.signal, deferNormRefresh: true });
    result.added += r.added;
    result.updated += r.updated;
    batch = [];
    opts.onBatch?.({ linesRead: result.linesRead, added: result.added, updated: result.updated });
  };
  try {
    for await (const ln of src.lines) {
      if (opts.signal?.aborted) {
        result.cancelled = true;
        break;
      }
      result.linesRead = ln.n;
      if (!ln.line.trim()) continue;
      let obj: unknown;
      try {
        obj = JSON.parse(ln.line);
      } catch {
        obj = undefined;
      }
      if (!header) {
        const h = obj as Partial<BackupHeader> | undefined;
        if (!h || h.format !== BACKUP_FORMAT) {
          await src.cancel();
          result.error = agError(
            'bad_input',
            'This file is not an Antigravity corpus backup: its first line is not the backup header. Nothing was imported.',
            'Choose a file made with “Export corpus”. For the Kaggle snapshot use “Import the arXiv snapshot”.',
          );
          return result;
        }
        if ((h.version ?? 0) > BACKUP_VERSION) {
          await src.cancel();
          result.error = agError(
            'bad_input',
            `This backup was made by a newer Antigravity (format ${h.version}). Nothing was imported.`,
            'Update the extension, then import it again.',
          );
          return result;
        }
        header = true;
        continue;
      }
      const rec = PaperRecord.safeParse(obj);
      if (!rec.success) {
        result.malformedCount++;
        if (result.malformed.length < 1000) {
          const issue = rec.error.issues[0];
          result.malformed.push({
            line: ln.n,
            reason:
              obj === undefined
                ? 'not valid JSON'
                : `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`,
          });
        }
        continue;
      }
      result.kept++;
      batch.push(rec.data);
      if (batch.length >= batchSize) await write();
    }
    if (!result.cancelled) await write();
  } catch (e) {
    const err = toAgError(e);
    const stored = result.added + result.updated;
    if (err.code === 'aborted') result.cancelled = true;
    else if (isQuotaError(e)) {
      result.error = agError(
        'quota_exceeded',
        `The browser's storage is full: the restore stopped after ${stored.toLocaleString('en-US')} papers (kept).`,
        'Free disk space or remove categories you do not need, then import the backup again (stored papers are skipped).',
      );
    } else {
      result.error = agError(
        err.code,
        `The import stopped after ${stored.toLocaleString('en-US')} papers: ${err.message}`,
        'The papers stored so far are kept; import the file again to continue.',
      );
    }
  }
  if (!header && !result.error && !result.cancelled) {
    result.error = agError(
      'bad_input',
      'The file is empty: nothing was imported.',
      'Choose a file made with “Export corpus”.',
    );
  }
  if (result.added + result.updated > 0) await refreshNorms().catch(() => undefined);
  return result;
}
