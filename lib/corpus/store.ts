/**
 * Corpus storage: papers and their index written together, one transaction per call.
 */
import Dexie from 'dexie';
import type { Paper } from '../arxiv/schema';
import { parseArxivId } from '../arxiv/id';
import { getDb } from '../db';
import type { AntigravityDB } from '../db/schema';
import { AgException, agError } from '../errors';
import type { AnalyzedText } from './analyze';
import {
  addDocs,
  analyzeRecord,
  assignDocNumbers,
  beginIndexWrite,
  computeAllNorms,
  confirmIndexWrite,
  dropWriteCache,
  endIndexWrite,
  mergeGroupRows,
  termsOnlyRow,
  putAllNorms,
  readIndexMeta,
  rebuildIndexInTx,
  retireDocs,
} from './indexer';
import { txTables, type IndexTables } from './idb-tables';
import {
  INDEX_META_KEY,
  newestBlock,
  plainRecord,
  type GroupRow,
  type IndexMeta,
  type StoredPaper,
} from './rows';
import { PaperRecord, type PaperOrigin } from './schema';
import { exclusive } from './write-queue';
import type { FullTextInfo } from '../arxiv/paper-text';

export function tablesOf(db: AntigravityDB): IndexTables {
  return { papers: db.papers, postings: db.postings, norms: db.norms, meta: db.meta };
}

function writeTables(db: AntigravityDB) {
  return [db.papers, db.postings, db.norms, db.meta];
}

function abortError(): AgException {
  return new AgException(agError('aborted', 'Cancelled.'));
}

/** A record's id as a base id (`1706.03762v7` -> `1706.03762`, version 7), or an error. */
export function baseId(raw: string): { base: string; version: number | null } | null {
  const p = parseArxivId(raw);
  return p.ok ? p.id : null;
}

/** The base id of each input that is an arXiv id (others dropped). */
function baseIds(ids: string[]): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    const parsed = baseId(id);
    if (parsed) out.add(parsed.base);
  }
  return [...out];
}

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>)
            .filter(([, y]) => y !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : x,
  );
}

function has<T>(a: T[] | undefined): a is T[] {
  return Array.isArray(a) && a.length > 0;
}

/**
 * The stored record after `inc` arrives. The highest version wins the metadata; what only some
 * sources know (openedAt, sections, references, DOI...) is kept when the newcomer lacks it; the
 * origin and addedAt of the first arrival stay.
 */
export function mergeRecord(old: PaperRecord | undefined, inc: PaperRecord): PaperRecord {
  if (!old) return inc;
  const openedAt =
    inc.openedAt !== undefined && old.openedAt !== undefined
      ? Math.max(inc.openedAt, old.openedAt)
      : (inc.openedAt ?? old.openedAt);
  const older = inc.version !== null && old.version !== null && inc.version < old.version;
  if (older) {
    const kept: PaperRecord = { ...old };
    if (openedAt !== undefined) kept.openedAt = openedAt;
    if (!has(old.references) && has(inc.references)) kept.references = inc.references;
    // An older version's text is kept only when no text is stored yet.
    if (!has(old.sections) && has(inc.sections)) {
      kept.sections = inc.sections;
      if (inc.fullText) kept.fullText = inc.fullText;
    }
    return kept;
  }
  const merged: PaperRecord = {
    ...old,
    ...stripUndefined(inc),
    version: inc.version ?? old.version,
    origin: old.origin,
    addedAt: old.addedAt,
  };
  if (openedAt !== undefined) merged.openedAt = openedAt;
  if (!has(inc.sections) && has(old.sections)) {
    merged.sections = old.sections;
    if (old.fullText) merged.fullText = old.fullText;
    else delete merged.fullText;
  } else if (has(inc.sections) && !inc.fullText) delete merged.fullText;
  if (!has(inc.references) && has(old.references)) merged.references = old.references;
  if (!inc.authors.length && old.authors.length) merged.authors = old.authors;
  if (!inc.abstract && old.abstract) merged.abstract = old.abstract;
  if (!inc.categories.length && old.categories.length) {
    merged.categories = old.categories;
    merged.primaryCategory = old.primaryCategory;
  }
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function normalizeRecord(r: PaperRecord, index: number): PaperRecord {
  const parsed = PaperRecord.safeParse(r);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AgException(
      agError(
        'bad_input',
        `Paper record ${index + 1} is not valid (${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'unknown problem'}).`,
        'Nothing of this batch was stored. Fix or drop the record and try again.',
      ),
    );
  }
  const rec = parsed.data;
  // Derived (synthetic, benchmark) records may carry ids arXiv never issues, e.g. 9901.00001.
  const id =
    baseId(rec.id) ??
    (rec.origin === 'derived' && rec.id.trim() ? { base: rec.id.trim(), version: null } : null);
  if (!id) {
    throw new AgException(
      agError(
        'bad_input',
        `Paper record ${index + 1} has an id that is not an arXiv id: "${rec.id}".`,
        'Nothing of this batch was stored. Fix or drop the record and try again.',
      ),
    );
  }
  const out: PaperRecord = { ...rec, id: id.base };
  if (id.version !== null && (out.version === null || out.version < id.version))
    out.version = id.version;
  if (!out.primaryCategory && out.categories[0]) out.primaryCategory = out.categories[0];
  return out;
}

export interface UpsertOptions {
  signal?: AbortSignal;
  /**
   * Bulk writers (imports, harvests) set this and call refreshNorms() once at the end, instead of
   * letting a call refresh the norms when the corpus has grown by a quarter since the last time.
   */
  deferNormRefresh?: boolean;
  /**
   * Runs inside the batch's transaction, after its writes, so what it writes commits with the
   * batch or not at all (a job's cursor in `meta`). IndexedDB work on this database only: any
   * other wait would let the transaction commit early.
   */
  inTransaction?: (r: { added: number; updated: number }) => Promise<void>;
}

/** A batch validated and analysed, ready for its transaction (see prepareUpsert). */
export interface PreparedBatch {
  incoming: Map<string, PaperRecord>;
  analysed: Map<string, AnalyzedText>;
}

/**
 * The CPU half of upsertPapers: validates and normalises the records (throws an AgException
 * `bad_input` naming the first bad one) and tokenises them, before any transaction. Bulk
 * importers prepare batch N+1 while batch N's transaction is still writing.
 */
export function prepareUpsert(records: PaperRecord[]): PreparedBatch {
  const incoming = new Map<string, PaperRecord>();
  records.forEach((r, i) => {
    const rec = normalizeRecord(r, i);
    incoming.set(rec.id, mergeRecord(incoming.get(rec.id), rec));
  });
  const analysed = new Map<string, AnalyzedText>();
  for (const rec of incoming.values()) analysed.set(rec.id, analyzeRecord(rec));
  return { incoming, analysed };
}

/**
 * Adds or updates papers (keyed by base id) and their index entries in ONE transaction: either
 * all of `records` is stored and indexed, or nothing. A paper whose title and abstract did not
 * change is not re-indexed; an unchanged record is not rewritten. `added` counts new papers,
 * `updated` papers whose stored record changed.
 */
export async function upsertPapers(
  records: PaperRecord[],
  opts: UpsertOptions = {},
): Promise<{ added: number; updated: number }> {
  if (opts.signal?.aborted) throw abortError();
  if (!records.length) return { added: 0, updated: 0 };
  return commitUpsert(prepareUpsert(records), opts);
}

/** The transaction half of upsertPapers. */
export async function commitUpsert(
  batch: PreparedBatch,
  opts: UpsertOptions = {},
): Promise<{ added: number; updated: number }> {
  const { incoming, analysed } = batch;
  if (!incoming.size) return { added: 0, updated: 0 };
  const indexed = (rec: PaperRecord): AnalyzedText => {
    const pre = analysed.get(rec.id);
    const inc = incoming.get(rec.id);
    return pre && inc && inc.title === rec.title && inc.abstract === rec.abstract
      ? pre
      : analyzeRecord(rec); // the merge kept the stored text (rare): analyse that
  };
  const db = getDb();
  const result = await exclusive(async () => {
    if (opts.signal?.aborted) throw abortError();
    let write: Awaited<ReturnType<typeof beginIndexWrite>> | undefined;
    try {
      const r = await db.transaction('rw', writeTables(db), async (tx) => {
        const tables = txTables(tx);
        const ids = [...incoming.keys()];
        const existing = await storedAmong(tables, ids);
        const toPut: StoredPaper[] = [];
        const toIndex: StoredPaper[] = [];
        const retired: StoredPaper[] = [];
        let added = 0;
        let updated = 0;
        ids.forEach((id, i) => {
          const old = existing[i];
          const rec: StoredPaper = mergeRecord(old, incoming.get(id) as PaperRecord);
          if (!old) {
            added++;
            toPut.push(rec);
            toIndex.push(rec);
          } else if (stableJson(old) !== stableJson(rec)) {
            updated++;
            toPut.push(rec);
            if (old.title !== rec.title || old.abstract !== rec.abstract || old.n === undefined) {
              retired.push(old);
              toIndex.push(rec);
            }
          }
        });
        let first = 0;
        if (toIndex.length) {
          write = await beginIndexWrite(tables, db.name);
          retireDocs(write, retired.filter((p) => p.n !== undefined).length);
          first = assignDocNumbers(write, toIndex); // sets n and tk on the records put below
        }
        if (toPut.length) await tables.papers.bulkPut(toPut);
        if (write) {
          await addDocs(tables, write, first, toIndex.map(indexed));
          await endIndexWrite(tables, write);
        }
        await opts.inTransaction?.({ added, updated });
        return { added, updated };
      });
      if (write) confirmIndexWrite(write);
      return r;
    } catch (e) {
      dropWriteCache(db.name);
      throw e;
    }
  });
  if (!opts.deferNormRefresh) await refreshNormsIfStale();
  return result;
}

/** Batches at least this big ask first which of their ids are stored (see storedAmong). */
const KEY_SCAN_MIN = 64;

/**
 * The stored records of `ids` (undefined where none), inside the caller's transaction.
 *
 * Every IndexedDB request is a round trip to the browser's storage backend; a bulk import's batch
 * of 8,192 new papers would make 8,192 reads that all find nothing. So a large batch first reads
 * the keys (only) between its smallest and largest id, one request: the Kaggle snapshot is sorted
 * by id, so that range holds little else, and only the ids found there are read whole. When the
 * range holds far more than the batch (ids spread over a big corpus), it reads them one by one.
 */
export async function storedAmong(
  tables: IndexTables,
  ids: string[],
): Promise<Array<StoredPaper | undefined>> {
  if (ids.length < KEY_SCAN_MIN) return tables.papers.bulkGet(ids);
  const sorted = [...ids].sort();
  const cap = ids.length * 4;
  const keys = (await tables.papers
    .where(':id')
    .between(sorted[0] as string, sorted[sorted.length - 1] as string, true, true)
    .limit(cap + 1)
    .primaryKeys()) as string[];
  if (keys.length > cap) return tables.papers.bulkGet(ids);
  const wanted = new Set(ids);
  const present = keys.filter((k) => wanted.has(k));
  if (!present.length) return ids.map(() => undefined);
  const got = await tables.papers.bulkGet(present);
  const byId = new Map<string, StoredPaper>();
  got.forEach((p) => p && byId.set(p.id, p));
  return ids.map((id) => byId.get(id));
}

/** Recomputes norms when the corpus grew by over a quarter since they were last computed. */
export async function refreshNormsIfStale(): Promise<boolean> {
  const meta = await readIndexMeta(getDb().meta);
  const n = meta.live + meta.dead;
  if (n === 0 || n <= meta.normsAt * 1.25) return false;
  return refreshNorms();
}

/** Merged group rows are written in transactions of about this many posting bytes. */
const MERGE_FLUSH_BYTES = 8 << 20;

/**
 * Recomputes every paper's norm from the whole index (idf changes as the corpus grows, so
 * norms written early drift), and on the way merges each group's rows of the blocks before the
 * newest into one (mergeGroupRows: a query then reads two rows per term group instead of one
 * per block). Reads in several short transactions; writes the merged rows in transactions of
 * ~8 MB and the norms in one. It runs in the writer's queue, so no other write of the corpus's
 * one writer context runs meanwhile; each write transaction still checks that the index is the
 * one it read (generation and instance), a cheap guard against an index replaced underneath (a
 * schema upgrade, which another context may open). If it was, gives up (returns false): what was
 * merged so far stays (the same postings, laid out in fewer rows), the previous norms stay.
 */
export async function refreshNorms(): Promise<boolean> {
  const db = getDb();
  return exclusive(async () => {
    const start = await readIndexMeta(db.meta);
    if (!start.nextDoc) return false;
    const expected = { gen: start.gen, uid: start.uid, ok: true };
    const lastBlock = newestBlock(start);
    // Postings may lie between block 0 and the newest block (a bulk import spans blocks): every
    // group's postings go to its row of block 0. Postings written to the newest block since the
    // last merge stay there, until writes reach another block.
    const merge = lastBlock > 0 && (start.merged ?? 0) < lastBlock;
    // Rows to write, each with the posting bytes of the rows it replaces (its own when unchanged).
    let merged: Array<{ row: GroupRow; bytes: number }> = [];
    let mergedBytes = 0;
    const flush = async () => {
      const batch = merged;
      merged = [];
      mergedBytes = 0;
      if (!batch.length || !expected.ok) return;
      expected.ok = await db.transaction('rw', [db.postings, db.meta], async (tx) => {
        const tables = txTables(tx);
        const now = await readIndexMeta(tables.meta);
        if (now.gen !== expected.gen || now.uid !== expected.uid) return false;
        // The batch holds every group from its first to its last (in key order): their rows go
        // with one key-range delete, and the merged rows take their place.
        const g0 = (batch[0] as (typeof batch)[number]).row.g;
        const g1 = (batch[batch.length - 1] as (typeof batch)[number]).row.g;
        await tables.postings
          .where(':id')
          .between([g0, Dexie.minKey], [g1, Dexie.maxKey], true, true)
          .delete();
        await tables.postings.bulkPut(batch.map((x) => x.row));
        let delta = 0;
        for (const x of batch) delta += x.row.p.length - x.bytes;
        // A new layout: every context's cached rows are stale (readers see the new generation),
        // and so is the writer's cache (dropped below).
        const next = {
          ...now,
          gen: now.gen + 1,
          postingBytes: Math.max(0, (now.postingBytes ?? 0) + delta),
        };
        await tables.meta.put({ key: INDEX_META_KEY, value: next });
        expected.gen = next.gen;
        return true;
      });
      dropWriteCache(db.name);
    };
    const norms = await computeAllNorms(
      tablesOf(db),
      start,
      (read) => db.transaction('r', db.postings, (tx) => read(txTables(tx))),
      async (rows) => {
        if (!expected.ok || !merge) return;
        if (!rows.some((r) => r.b > 0 && r.p.length > 0)) {
          // Nothing to merge: a batch with no merged group is not written at all.
          if (merged.length) for (const row of rows) merged.push({ row, bytes: row.p.length });
          return;
        }
        let bytes = 0;
        for (const r of rows) bytes += r.p.length;
        merged.push({ row: mergeGroupRows(rows), bytes });
        // The group's newest row stays, without its postings: the writer appends to it, and the
        // badges read the document frequencies from it (small; the merged row carries every
        // posting).
        const newest = rows[rows.length - 1] as GroupRow;
        if (newest.b > 0) merged.push({ row: termsOnlyRow(newest), bytes: 0 });
        mergedBytes += bytes;
        if (mergedBytes >= MERGE_FLUSH_BYTES) await flush();
      },
    );
    await flush();
    if (!expected.ok) return false;
    return db.transaction('rw', [db.norms, db.meta], async (tx) => {
      const tables = txTables(tx);
      const now = await readIndexMeta(tables.meta);
      if (now.gen !== expected.gen || now.uid !== expected.uid) return false;
      await putAllNorms(tables, norms);
      // The index content did not change: the generation stays, cached rows remain valid. After
      // a whole merge, every posting is in block 0: say so for the readers.
      const value: IndexMeta = { ...now, normsAt: now.live + now.dead };
      if (merge) value.merged = lastBlock + 1;
      await tables.meta.put({ key: INDEX_META_KEY, value });
      return true;
    });
  });
}

/**
 * Rebuilds the index from the stored papers (dense doc numbers, no tombstones, exact norms).
 * Runs after removals left many tombstones; safe to call any time.
 */
export async function compactIndex(): Promise<void> {
  const db = getDb();
  await exclusive(async () => {
    try {
      await db.transaction('rw', writeTables(db), (tx) => rebuildIndexInTx(txTables(tx), db.name));
    } finally {
      dropWriteCache(db.name);
    }
  });
}

async function compactIfNeeded(): Promise<void> {
  const meta = await readIndexMeta(getDb().meta);
  if (meta.dead > 1000 && meta.dead > 0.3 * (meta.live + meta.dead)) await compactIndex();
  else if (meta.live + meta.dead > 0 && meta.live === 0) await compactIndex();
}

/** A paper read from a page (abs or HTML) as a corpus record. */
export function recordFromPaper(
  paper: Paper,
  origin: PaperOrigin,
  now = Date.now(),
  fullText?: FullTextInfo,
): PaperRecord {
  const refs = [...new Set(paper.references.flatMap((r) => r.arxivIds))].filter(
    (id) => id !== paper.id,
  );
  const rec: PaperRecord = {
    id: paper.id,
    version: paper.version,
    title: paper.title,
    authors: paper.authors,
    abstract: paper.abstract,
    categories: paper.categories,
    primaryCategory: paper.categories[0] ?? '',
    origin,
    addedAt: now,
  };
  const versions = paper.versions ?? [];
  if (versions[0]?.date) rec.published = versions[0].date;
  if (versions.length > 1) rec.updated = versions[versions.length - 1]?.date;
  if (paper.doi) rec.doi = paper.doi;
  if (paper.journalRef) rec.journalRef = paper.journalRef;
  if (paper.comments) rec.comments = paper.comments;
  if (paper.sections.length) {
    rec.sections = paper.sections;
    if (fullText) rec.fullText = fullText;
    else if (paper.textSource === 'html' || paper.textSource === 'readability') {
      rec.fullText = {
        source: 'page',
        version: paper.version,
        sections: paper.sections.length,
        at: now,
      };
    }
  }
  if (refs.length) rec.references = refs;
  if (origin === 'opened') rec.openedAt = now;
  return rec;
}

/** Stores a paper the reader opened (sets openedAt: it joins the reader's interests). */
export async function savePaperFromPage(paper: Paper, origin: 'opened' = 'opened'): Promise<void> {
  await upsertPapers([recordFromPaper(paper, origin)]);
}

export async function getPaper(id: string): Promise<PaperRecord | undefined> {
  const parsed = baseId(id);
  const row = parsed ? await getDb().papers.get(parsed.base) : undefined;
  return row && plainRecord(row);
}

/** The ids given (as given) whose paper is stored; versions do not matter. */
export async function hasPapers(ids: string[]): Promise<Set<string>> {
  const bases = baseIds(ids);
  if (!bases.length) return new Set();
  const stored = new Set(await getDb().papers.where('id').anyOf(bases).primaryKeys());
  return new Set(ids.filter((id) => stored.has(baseId(id)?.base ?? '')));
}

export async function corpusSize(): Promise<number> {
  return getDb().papers.count();
}

export interface CorpusStats {
  total: number;
  /** Papers by primary category. */
  byCategory: Record<string, number>;
  /** Bytes used: the browser's estimate for the extension when it gives one, else computed. */
  bytesEstimate: number;
}

export async function corpusStats(): Promise<CorpusStats> {
  const db = getDb();
  const { total, byCategory, sampleBytes, sampleCount, meta } = await db.transaction(
    'r',
    [db.papers, db.meta],
    async (tx) => {
      const tables = txTables(tx);
      // One count per category (a few hundred at most) rather than a cursor over every paper.
      const cats = (await tables.papers.orderBy('primaryCategory').uniqueKeys()).map(String);
      const n = await Promise.all(
        cats.map((c) => tables.papers.where('primaryCategory').equals(c).count()),
      );
      const counts: Record<string, number> = {};
      cats.forEach((c, i) => (counts[c] = n[i] as number));
      const sample = await tables.papers.limit(200).toArray();
      return {
        total: await tables.papers.count(),
        byCategory: counts,
        sampleBytes: sample.reduce((s, p) => s + JSON.stringify(p).length, 0),
        sampleCount: sample.length,
        meta: await readIndexMeta(tables.meta),
      };
    },
  );
  let bytesEstimate = 0;
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (storage?.estimate) {
    const est = await storage.estimate().catch(() => undefined);
    if (est?.usage) bytesEstimate = est.usage;
  }
  if (!bytesEstimate && total) {
    // Records at their JSON size, postings as written, plus ~60 bytes of keys and index entries per paper.
    bytesEstimate = Math.round(
      (sampleBytes / Math.max(sampleCount, 1)) * total +
        (meta.postingBytes ?? 0) +
        60 * (meta.live + meta.dead),
    );
  }
  return { total, byCategory, bytesEstimate };
}

/** Removes papers (and their index entries) in one transaction. Returns how many were removed. */
export async function removePapers(ids: string[]): Promise<number> {
  const bases = baseIds(ids);
  if (!bases.length) return 0;
  const removed = await removeBases(bases);
  await compactIfNeeded();
  return removed;
}

async function removeBases(bases: string[]): Promise<number> {
  const db = getDb();
  return exclusive(async () => {
    let write: Awaited<ReturnType<typeof beginIndexWrite>> | undefined;
    try {
      const n = await db.transaction('rw', writeTables(db), async (tx) => {
        const tables = txTables(tx);
        // Every stored paper is indexed (it got its doc number in the transaction that stored it).
        const present = await tables.papers.where('id').anyOf(bases).primaryKeys();
        if (!present.length) return 0;
        await tables.papers.bulkDelete(present);
        write = await beginIndexWrite(tables, db.name);
        retireDocs(write, present.length);
        await endIndexWrite(tables, write);
        return present.length;
      });
      if (write) confirmIndexWrite(write);
      return n;
    } catch (e) {
      dropWriteCache(db.name);
      throw e;
    }
  });
}

/** Removes every paper whose primary category is `cat`. */
export async function removeCategory(cat: string): Promise<number> {
  const ids = await getDb().papers.where('primaryCategory').equals(cat).primaryKeys();
  if (!ids.length) return 0;
  const removed = await removeBases(ids);
  await compactIfNeeded();
  return removed;
}

/** Removes every paper and the whole index (threads and settings stay). */
export async function clearCorpus(): Promise<void> {
  const db = getDb();
  await exclusive(async () => {
    try {
      await db.transaction('rw', writeTables(db), async (tx) => {
        const tables = txTables(tx);
        await Promise.all([tables.papers.clear(), tables.postings.clear(), tables.norms.clear()]);
        await tables.meta.delete(INDEX_META_KEY);
      });
    } finally {
      dropWriteCache(db.name);
    }
  });
}
