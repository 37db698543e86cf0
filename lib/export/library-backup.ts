/**
 * Library backup: every thread and answer (and, on request, the corpus papers) as one JSON file,
 * and the import that merges such a file back without duplicates.
 *
 * - The file: `{format: 'antigravity-backup', version, exportedAt, extensionVersion, threads,
 *   turns, papers?}`. `version` is the backup format (1 now), not the extension's version.
 * - Import validates everything with zod before writing anything; a file that is not a backup,
 *   is damaged, or comes from a newer format is refused with a message saying what is wrong and
 *   what to do, and nothing is written.
 * - Older formats are migrated step by step through `BACKUP_MIGRATIONS` (from -> from + 1).
 * - Merge by id: a row not stored yet is added; a stored one is replaced only by a newer one
 *   (threads: `updatedAt`; answers: `finishedAt`, else `createdAt`); otherwise it is skipped.
 *   Threads and answers are written in one transaction; papers through the corpus's
 *   `upsertPapers` (which also indexes them).
 */
import { z } from 'zod/mini';
import { browser } from 'wxt/browser';
import { Thread, Turn } from '../answer/schema';
import { PaperRecord } from '../corpus/schema';
import { plainRecord } from '../corpus/rows';
import { refreshNorms, upsertPapers } from '../corpus/index';
import { getDb } from '../db/index';
import { AgException, agError } from '../errors';

export const BACKUP_FORMAT = 'antigravity-backup';
/** The backup format this extension writes (and the newest it reads). */
export const BACKUP_VERSION = 1;

export const LibraryBackup = z.lazy(() =>
  z.object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(BACKUP_VERSION),
    /** ISO time of the export. */
    exportedAt: z.string(),
    /** The extension version that wrote the file (for messages; the format is `version`). */
    extensionVersion: z.string(),
    threads: z.array(Thread),
    turns: z.array(Turn),
    papers: z.optional(z.array(PaperRecord)),
  }),
);
export type LibraryBackup = z.infer<typeof LibraryBackup>;

/**
 * One step per old format: `migrate` turns a backup of format `from` into format `from + 1`.
 * Empty while format 1 is the only one; when the format changes, bump BACKUP_VERSION, change
 * the schema above, and add the step from the previous version here (with a test).
 */
export interface BackupMigration {
  from: number;
  migrate: (data: Record<string, unknown>) => Record<string, unknown>;
}
export const BACKUP_MIGRATIONS: readonly BackupMigration[] = [];

/** The oldest format that can be read: the first migration's, or the current one. */
function oldestReadable(migrations: readonly BackupMigration[], target: number): number {
  let v = target;
  while (migrations.some((m) => m.from === v - 1)) v--;
  return v;
}

const NOT_A_BACKUP_ACTION =
  'Choose a file made with "Export library" in Antigravity\'s options (a .json file whose first field is "format": "antigravity-backup").';
const DAMAGED_ACTION =
  'Nothing was imported. Export the library again from the browser that made the backup, or use an unmodified copy of the file.';

function fail(message: string, action: string): never {
  throw new AgException(agError('bad_input', message, action));
}

/**
 * Brings a parsed backup object to format `target` through `migrations`; refuses what is not a
 * backup, a newer format, or a format too old to migrate. Exported for tests of the migration
 * table; `importLibrary` calls it with the real table.
 */
export function migrateBackup(
  raw: unknown,
  migrations: readonly BackupMigration[] = BACKUP_MIGRATIONS,
  target: number = BACKUP_VERSION,
): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    fail('This file is not an Antigravity backup: it holds no backup object.', NOT_A_BACKUP_ACTION);
  let data = raw as Record<string, unknown>;
  if (data.format !== BACKUP_FORMAT)
    fail(
      'This file is not an Antigravity backup (its "format" field is missing or different).',
      NOT_A_BACKUP_ACTION,
    );
  const version = data.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0)
    fail('This backup has no valid format version, so it cannot be read safely.', DAMAGED_ACTION);
  const madeBy =
    typeof data.extensionVersion === 'string' ? ` by Antigravity ${data.extensionVersion}` : '';
  if (version > target)
    fail(
      `This backup was made${madeBy} in backup format ${version}; this version of Antigravity reads formats up to ${target}.`,
      'Update Antigravity to the latest version, then import the file again. Nothing was imported.',
    );
  const oldest = oldestReadable(migrations, target);
  if (version < oldest)
    fail(
      `This backup uses format ${version}, which is too old for this version of Antigravity (it reads formats ${oldest} to ${target}).`,
      'Import it with an older version of Antigravity first, then export it again. Nothing was imported.',
    );
  for (let v = version; v < target; v++) {
    const step = migrations.find((m) => m.from === v)!;
    try {
      data = { ...step.migrate(data), format: BACKUP_FORMAT, version: v + 1 };
    } catch (e) {
      fail(
        `This backup (format ${version}) could not be converted to format ${target}: ${e instanceof Error ? e.message : String(e)}.`,
        DAMAGED_ACTION,
      );
    }
  }
  return data;
}

function describeIssues(error: z.core.$ZodError): string {
  const issues = error.issues;
  const shown = issues.slice(0, 3).map((i) => {
    const path = i.path
      .map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`))
      .join('');
    return `${path || 'the file'}: ${i.message}`;
  });
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** Parses and validates a backup (JSON text or parsed object), migrating older formats. */
export function parseBackup(raw: unknown): LibraryBackup {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (e) {
      fail(
        `This file is not a valid JSON file (${e instanceof Error ? e.message : 'parse error'}), so it is not an Antigravity backup or it was cut short.`,
        NOT_A_BACKUP_ACTION,
      );
    }
  }
  const migrated = migrateBackup(value);
  const parsed = LibraryBackup.safeParse(migrated);
  if (!parsed.success)
    fail(`This backup is damaged: ${describeIssues(parsed.error)}.`, DAMAGED_ACTION);
  return parsed.data;
}

function extensionVersion(): string {
  try {
    return browser.runtime.getManifest().version || 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface ExportOptions {
  /** Include the corpus papers (can be large: tens of MB for a big corpus). */
  includeCorpus: boolean;
  /** Also include soft-deleted threads (pending undo/purge); default false. */
  includeDeleted?: boolean;
  now?: Date;
}

/** The whole library as a backup object (serialise with `JSON.stringify`). */
export async function exportLibrary(opts: ExportOptions): Promise<LibraryBackup> {
  const db = getDb();
  const tables = opts.includeCorpus ? [db.threads, db.turns, db.papers] : [db.threads, db.turns];
  // One read transaction: a consistent snapshot even while an answer is being saved.
  return db.transaction('r', tables, async () => {
    const allThreads = await db.threads.toArray();
    const threads = opts.includeDeleted ? allThreads : allThreads.filter((t) => !t.deletedAt);
    const keep = new Set(threads.map((t) => t.id));
    const turns = (await db.turns.toArray()).filter((t) => keep.has(t.threadId));
    const backup: LibraryBackup = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: (opts.now ?? new Date()).toISOString(),
      extensionVersion: extensionVersion(),
      threads: threads.sort((a, b) => a.createdAt - b.createdAt),
      turns: turns.sort((a, b) => a.createdAt - b.createdAt),
    };
    if (opts.includeCorpus) backup.papers = (await db.papers.toArray()).map(plainRecord);
    return backup;
  });
}

/** The file name of a backup made at `now`. */
export function backupFilename(now: Date = new Date()): string {
  return `antigravity-backup-${now.toISOString().slice(0, 10)}.json`;
}

export interface ImportResult {
  threadsAdded: number;
  turnsAdded: number;
  papersAdded: number;
  /** Stored rows replaced by newer ones from the file. */
  threadsUpdated: number;
  turnsUpdated: number;
  papersUpdated: number;
  /** Rows not written: already stored as new or newer, duplicates in the file, or orphans. */
  skipped: number;
}

function turnStamp(t: Turn): number {
  return t.finishedAt ?? t.createdAt;
}

/** Keeps the newest of rows sharing an id (duplicates inside one file). */
function newestById<T extends { id: string }>(
  rows: readonly T[],
  stamp: (r: T) => number,
): { rows: T[]; dupes: number } {
  const byId = new Map<string, T>();
  for (const r of rows) {
    const seen = byId.get(r.id);
    if (!seen || stamp(r) > stamp(seen)) byId.set(r.id, r);
  }
  return { rows: [...byId.values()], dupes: rows.length - byId.size };
}

export interface ImportOptions {
  /** Papers per corpus write (each batch is one transaction). */
  paperBatchSize?: number;
  /** Called after each batch of papers: how many of the file's papers are stored so far. */
  onPapers?: (done: number, total: number) => void;
}

/**
 * Imports a backup (JSON text or parsed object) into the library. Throws an AgException
 * (`bad_input`, with message and action) when the file is refused; then nothing was written.
 */
export async function importLibrary(raw: unknown, opts: ImportOptions = {}): Promise<ImportResult> {
  const backup = parseBackup(raw);
  const result: ImportResult = {
    threadsAdded: 0,
    turnsAdded: 0,
    papersAdded: 0,
    threadsUpdated: 0,
    turnsUpdated: 0,
    papersUpdated: 0,
    skipped: 0,
  };
  const threads = newestById(backup.threads, (t) => t.updatedAt);
  const turns = newestById(backup.turns, turnStamp);
  result.skipped += threads.dupes + turns.dupes;

  const db = getDb();
  await db.transaction('rw', db.threads, db.turns, async () => {
    const storedThreads = await db.threads.bulkGet(threads.rows.map((t) => t.id));
    const threadPuts: Thread[] = [];
    threads.rows.forEach((t, i) => {
      const stored = storedThreads[i];
      if (!stored) {
        threadPuts.push(t);
        result.threadsAdded++;
      } else if (t.updatedAt > stored.updatedAt) {
        threadPuts.push(t);
        result.threadsUpdated++;
      } else result.skipped++;
    });
    const known = new Set(threads.rows.map((t) => t.id));
    const missing = [...new Set(turns.rows.map((t) => t.threadId).filter((id) => !known.has(id)))];
    if (missing.length) {
      const found = await db.threads.bulkGet(missing);
      found.forEach((t) => t && known.add(t.id));
    }
    const storedTurns = await db.turns.bulkGet(turns.rows.map((t) => t.id));
    const turnPuts: Turn[] = [];
    turns.rows.forEach((t, i) => {
      const stored = storedTurns[i];
      if (!known.has(t.threadId))
        result.skipped++; // an answer whose thread is nowhere
      else if (!stored) {
        turnPuts.push(t);
        result.turnsAdded++;
      } else if (turnStamp(t) > turnStamp(stored)) {
        turnPuts.push(t);
        result.turnsUpdated++;
      } else result.skipped++;
    });
    if (threadPuts.length) await db.threads.bulkPut(threadPuts);
    if (turnPuts.length) await db.turns.bulkPut(turnPuts);
  });

  if (backup.papers?.length) await importPapers(backup.papers, result, opts);
  return result;
}

/** Papers go through the corpus (stored and indexed), in batches, norms refreshed once at the end. */
async function importPapers(
  papers: PaperRecord[],
  result: ImportResult,
  opts: ImportOptions,
): Promise<void> {
  const size = Math.max(1, opts.paperBatchSize ?? 1000);
  let done = 0;
  try {
    for (let i = 0; i < papers.length; i += size) {
      const batch = papers.slice(i, i + size);
      const r = await upsertPapers(batch, { deferNormRefresh: true });
      result.papersAdded += r.added;
      result.papersUpdated += r.updated;
      // Papers already stored as they are in the file.
      result.skipped += batch.length - r.added - r.updated;
      done += batch.length;
      opts.onPapers?.(done, papers.length);
    }
  } catch (e) {
    const why =
      e instanceof AgException ? e.agError.message : e instanceof Error ? e.message : String(e);
    throw new AgException(
      agError(
        'bad_input',
        `The threads and answers were imported (${result.threadsAdded} threads, ${result.turnsAdded} answers added), but importing the corpus papers stopped after ${done} of ${papers.length}: ${why}`,
        'Import the file again to finish: what is stored stays stored and nothing is added twice.',
      ),
    );
  } finally {
    if (result.papersAdded + result.papersUpdated > 0) await refreshNorms();
  }
}
