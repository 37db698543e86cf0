/**
 * The write side of the corpus index: appends papers' postings to the `terms` rows of the
 * current doc-number block, tombstones removed papers, keeps doc norms, rebuilds from `papers`.
 *
 * Everything here runs inside a transaction the caller opened (or Dexie's upgrade
 * transaction) on the tables in `IndexTables`; nothing here imports the database singleton, so
 * lib/db/schema.ts can build the index in its upgrade without an import cycle.
 */
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { MetaRow } from '../db/schema';
import type { PaperRecord } from './schema';
import { analyzePaper, type AnalyzedText } from './analyze';
import { BLOCK_BITS, BLOCK_SIZE, NORM_CHUNK, NORM_CHUNK_BITS, idf } from './postings';
import { titleKey } from './tokenize';
import {
  INDEX_META_KEY,
  emptyIndexMeta,
  type DocRow,
  type IndexMeta,
  type NormRow,
  type TermRow,
} from './rows';

export interface IndexTables {
  papers: EntityTable<PaperRecord, 'id'>;
  docs: EntityTable<DocRow, 'n'>;
  terms: Table<TermRow, [string, number]>;
  norms: EntityTable<NormRow, 'c'>;
  meta: EntityTable<MetaRow, 'key'>;
}

/**
 * The tables of a transaction, bound to it. Always go through these inside a transaction: a
 * `db.table` call after an await in a nested async function can lose Dexie's transaction zone and
 * silently run in a transaction of its own.
 */
export function txTables(tx: Transaction): IndexTables {
  return {
    get papers() {
      return tx.table('papers') as unknown as IndexTables['papers'];
    },
    get docs() {
      return tx.table('docs') as unknown as IndexTables['docs'];
    },
    get terms() {
      return tx.table('terms') as unknown as IndexTables['terms'];
    },
    get norms() {
      return tx.table('norms') as unknown as IndexTables['norms'];
    },
    get meta() {
      return tx.table('meta') as unknown as IndexTables['meta'];
    },
  };
}

/** A paper to index: its base id, title (for title matching) and analysed text. */
export interface DocToIndex {
  id: string;
  title: string;
  text: AnalyzedText;
}

export function docToIndex(p: Pick<PaperRecord, 'id' | 'title' | 'abstract'>): DocToIndex {
  return { id: p.id, title: p.title, text: analyzePaper(p.title, p.abstract) };
}

function isIndexMeta(v: unknown): v is IndexMeta {
  if (!v || typeof v !== 'object') return false;
  const m = v as Record<string, unknown>;
  return ['nextDoc', 'live', 'dead', 'gen', 'normsAt'].every((k) => typeof m[k] === 'number');
}

export async function readIndexMeta(meta: EntityTable<MetaRow, 'key'>): Promise<IndexMeta> {
  const row = await meta.get(INDEX_META_KEY);
  return row && isIndexMeta(row.value) ? { ...row.value } : emptyIndexMeta();
}

/**
 * What a writer remembers between its transactions about the current block, so that a bulk
 * import does not read back the rows it wrote a moment ago. Valid only while the stored meta
 * still has the generation the cache was confirmed at (another context may have written).
 */
interface WriteCache {
  uid: string;
  gen: number;
  block: number;
  /** Rows of `block` known to exist. */
  rows: Map<string, TermRow>;
  /** `rows` holds every row of `block`: a term not in it has no row there. */
  blockComplete: boolean;
  /** Postings of a term in the blocks before `block`. */
  dfBefore: Map<string, number>;
  /** `dfBefore` knows every term of the earlier blocks: a term not in it has none. */
  dfComplete: boolean;
}

const DF_CACHE_MAX = 600_000;
const caches = new Map<string, WriteCache>();

function freshCache(uid: string, meta: IndexMeta): WriteCache {
  const empty = meta.nextDoc === 0;
  return {
    uid,
    gen: meta.gen,
    block: meta.nextDoc >> BLOCK_BITS,
    rows: new Map(),
    blockComplete: meta.nextDoc % BLOCK_SIZE === 0,
    dfBefore: new Map(),
    dfComplete: empty,
  };
}

/** Forget what this context cached about a database (after a failed or foreign write). */
export function dropWriteCache(dbName: string): void {
  caches.delete(dbName);
}

/** Moves the cache to block `b` (> cache.block): rows of the old block become history. */
function advance(cache: WriteCache, b: number): void {
  if (b === cache.block) return;
  const onlyNext = b === cache.block + 1;
  for (const [t, row] of cache.rows) cache.dfBefore.set(t, row.dfBefore + row.df);
  cache.dfComplete = cache.dfComplete && cache.blockComplete && onlyNext;
  if (!onlyNext) cache.dfBefore.clear();
  if (cache.dfBefore.size > DF_CACHE_MAX) {
    cache.dfBefore.clear();
    cache.dfComplete = false;
  }
  cache.rows = new Map();
  cache.blockComplete = true; // doc numbers only grow: nobody wrote into a block after ours
  cache.block = b;
}

/** The index write in progress within one transaction. */
export interface IndexWrite {
  dbName: string;
  meta: IndexMeta;
  cache: WriteCache;
}

/** Starts an index write inside the caller's transaction. */
export async function beginIndexWrite(T: IndexTables, dbName: string): Promise<IndexWrite> {
  const meta = await readIndexMeta(T.meta);
  meta.uid ??= crypto.randomUUID();
  let cache = caches.get(dbName);
  if (!cache || cache.uid !== meta.uid || cache.gen !== meta.gen)
    cache = freshCache(meta.uid, meta);
  // Until the transaction commits, the cache is not trusted.
  caches.delete(dbName);
  return { dbName, meta, cache };
}

/** Ends the write: stores the meta (one more generation). Call inside the transaction. */
export async function endIndexWrite(T: IndexTables, w: IndexWrite): Promise<IndexMeta> {
  w.meta.gen += 1;
  await T.meta.put({ key: INDEX_META_KEY, value: w.meta });
  return w.meta;
}

/** After the transaction committed: the cache matches the stored index again. */
export function confirmIndexWrite(w: IndexWrite): void {
  w.cache.gen = w.meta.gen;
  caches.set(w.dbName, w.cache);
}

/** Doc rows of these ids, removed (their postings stay as tombstones until a rebuild). */
export async function removeDocs(T: IndexTables, w: IndexWrite, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const ns = (await T.docs.where('id').anyOf(ids).primaryKeys()) as number[];
  if (!ns.length) return 0;
  await T.docs.bulkDelete(ns);
  w.meta.live -= ns.length;
  w.meta.dead += ns.length;
  return ns.length;
}

interface BatchPostings {
  docs: number[];
  impacts: number[];
}

/**
 * Indexes papers: gives each the next doc number, appends its postings to the term rows, writes
 * its doc row and its norm. Callers remove a paper's old doc row first when re-indexing it.
 */
export async function addDocs(T: IndexTables, w: IndexWrite, docs: DocToIndex[]): Promise<void> {
  if (!docs.length) return;
  const { meta, cache } = w;
  const first = meta.nextDoc;
  const byTerm = new Map<string, BatchPostings>();
  const docRows: DocRow[] = [];
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i] as DocToIndex;
    const n = first + i;
    docRows.push({ n, id: d.id, tk: titleKey(d.title) });
    const { terms, impacts } = d.text;
    for (let j = 0; j < terms.length; j++) {
      const t = terms[j] as string;
      let p = byTerm.get(t);
      if (!p) {
        p = { docs: [], impacts: [] };
        byTerm.set(t, p);
      }
      p.docs.push(n);
      p.impacts.push(impacts[j] as number);
    }
  }
  meta.nextDoc = first + docs.length;
  meta.live += docs.length;

  const firstBlock = first >> BLOCK_BITS;
  const lastBlock = (meta.nextDoc - 1) >> BLOCK_BITS;
  if (cache.block !== firstBlock) {
    if (cache.block < firstBlock && firstBlock - cache.block === 1) advance(cache, firstBlock);
    else Object.assign(cache, freshCache(cache.uid, { ...meta, nextDoc: first }));
  }
  /** Total postings of each term of the batch once written (for the norms). */
  const dfTotal = new Map<string, number>();
  let bytes = 0;

  for (let b = firstBlock; b <= lastBlock; b++) {
    if (b !== cache.block) advance(cache, b);
    const lo = b << BLOCK_BITS;
    const hi = lo + BLOCK_SIZE;
    // The terms with postings in this block, and the slice of their batch postings.
    const slices: Array<{ t: string; from: number; to: number; p: BatchPostings }> = [];
    for (const [t, p] of byTerm) {
      let from = 0;
      while (from < p.docs.length && (p.docs[from] as number) < lo) from++;
      let to = from;
      while (to < p.docs.length && (p.docs[to] as number) < hi) to++;
      if (to > from) slices.push({ t, from, to, p });
    }
    // Rows of this block we do not know yet.
    if (!cache.blockComplete) {
      const unknown = slices.filter((s) => !cache.rows.has(s.t)).map((s) => s.t);
      if (unknown.length) {
        const got = await T.terms.bulkGet(unknown.map((t) => [t, b] as [string, number]));
        got.forEach((row) => {
          if (row) cache.rows.set(row.t, row);
        });
      }
    }
    // Earlier postings of the terms that get a new row here.
    const needBefore = slices
      .filter((s) => !cache.rows.has(s.t) && !cache.dfBefore.has(s.t))
      .map((s) => s.t);
    if (needBefore.length && !cache.dfComplete && b > 0) {
      const counts = await Promise.all(
        needBefore.map((t) =>
          T.terms
            .where(':id')
            .between([t, Dexie.minKey], [t, b], true, false)
            .toArray()
            .then((rows) => rows.reduce((s, r) => s + r.df, 0)),
        ),
      );
      needBefore.forEach((t, i) => cache.dfBefore.set(t, counts[i] as number));
    }
    const changed: TermRow[] = [];
    for (const { t, from, to, p } of slices) {
      const old = cache.rows.get(t);
      // exact size first (gaps within a block need at most 2 varint bytes), then one write
      const start = old ? old.last : lo;
      let size = old ? old.p.length : 0;
      let prev = start;
      for (let i = from; i < to; i++) {
        const gap = (p.docs[i] as number) - prev;
        size += (gap < 0x80 ? 1 : gap < 0x4000 ? 2 : gap < 0x200000 ? 3 : 4) + 1;
        prev = p.docs[i] as number;
      }
      const out = new Uint8Array(size);
      let pos = 0;
      if (old) {
        out.set(old.p);
        pos = old.p.length;
      }
      prev = start;
      for (let i = from; i < to; i++) {
        const d = p.docs[i] as number;
        let gap = d - prev;
        while (gap >= 0x80) {
          out[pos++] = (gap & 0x7f) | 0x80;
          gap >>>= 7;
        }
        out[pos++] = gap;
        out[pos++] = p.impacts[i] as number;
        prev = d;
      }
      const row: TermRow = {
        t,
        b,
        df: (old ? old.df : 0) + (to - from),
        dfBefore: old ? old.dfBefore : (cache.dfBefore.get(t) ?? 0),
        last: prev,
        p: out,
      };
      bytes += row.p.length - (old ? old.p.length : 0);
      cache.rows.set(t, row);
      changed.push(row);
      dfTotal.set(t, row.dfBefore + row.df);
    }
    await T.terms.bulkPut(changed);
  }
  meta.postingBytes = (meta.postingBytes ?? 0) + bytes;
  await T.docs.bulkPut(docRows);

  // Norms of the new papers, with the idf of this moment (refreshNorms() later corrects drift):
  // term by term over the batch postings, one idf per term.
  const n = meta.live + meta.dead;
  const sq = new Float64Array(docs.length);
  for (const [t, p] of byTerm) {
    const w = idf(dfTotal.get(t) ?? 1, n) / 255;
    for (let i = 0; i < p.docs.length; i++) {
      const x = (p.impacts[i] as number) * w;
      const k = (p.docs[i] as number) - first;
      sq[k] = (sq[k] as number) + x * x;
    }
  }
  const norms = new Float32Array(docs.length);
  for (let i = 0; i < docs.length; i++) norms[i] = Math.sqrt(sq[i] as number);
  await writeNorms(T, first, norms);
}

/** Stores norms for doc numbers first..first+norms.length-1. */
async function writeNorms(T: IndexTables, first: number, norms: Float32Array): Promise<void> {
  const c0 = first >> NORM_CHUNK_BITS;
  const c1 = (first + norms.length - 1) >> NORM_CHUNK_BITS;
  const keys: number[] = [];
  for (let c = c0; c <= c1; c++) keys.push(c);
  const rows = await T.norms.bulkGet(keys);
  const out: NormRow[] = keys.map((c, i) => {
    const v = new Float32Array(NORM_CHUNK);
    const old = rows[i];
    if (old) v.set(old.v.subarray(0, NORM_CHUNK));
    return { c, v };
  });
  for (let i = 0; i < norms.length; i++) {
    const d = first + i;
    const row = out[(d >> NORM_CHUNK_BITS) - c0] as NormRow;
    row.v[d & (NORM_CHUNK - 1)] = norms[i] as number;
  }
  await T.norms.bulkPut(out);
}

/** The next page of term rows in key order (term, block), after `after`. */
function termPage(
  T: IndexTables,
  after: [string, number] | null,
  pageSize: number,
): Promise<TermRow[]> {
  return after
    ? T.terms.where(':id').above(after).limit(pageSize).toArray()
    : T.terms.limit(pageSize).toArray();
}

/**
 * Norms of every doc number from the whole index: one pass over `terms` in key order (a term's
 * rows are adjacent, so its df is known before its postings are read).
 */
export async function computeAllNorms(
  T: IndexTables,
  meta: IndexMeta,
  page: (read: (T: IndexTables) => Promise<TermRow[]>) => Promise<TermRow[]> = (read) => read(T),
): Promise<Float32Array> {
  const sq = new Float64Array(meta.nextDoc);
  const n = meta.live + meta.dead;
  let pending: TermRow[] = [];
  const flush = () => {
    if (!pending.length) return;
    let df = 0;
    for (const r of pending) df += r.df;
    const w = idf(df, n) / 255;
    for (const r of pending) {
      const bytes = r.p;
      let pos = 0;
      let doc = r.b << BLOCK_BITS;
      while (pos < bytes.length) {
        let x = bytes[pos++] as number;
        let gap = x & 0x7f;
        let shift = 7;
        while (x & 0x80) {
          x = bytes[pos++] as number;
          gap |= (x & 0x7f) << shift;
          shift += 7;
        }
        doc += gap;
        const v = (bytes[pos++] as number) * w;
        if (doc < sq.length) sq[doc] = (sq[doc] as number) + v * v;
      }
    }
    pending = [];
  };
  // A plain loop (no async generator): Dexie keeps the transaction across these awaits.
  const pageSize = 20_000;
  let after: [string, number] | null = null;
  for (;;) {
    const from: [string, number] | null = after;
    const rows = await page((tables) => termPage(tables, from, pageSize));
    for (const r of rows) {
      if (pending.length && (pending[0] as TermRow).t !== r.t) flush();
      pending.push(r);
    }
    if (rows.length < pageSize) break;
    const lastRow = rows[rows.length - 1] as TermRow;
    after = [lastRow.t, lastRow.b];
  }
  flush();
  const out = new Float32Array(meta.nextDoc);
  for (let i = 0; i < sq.length; i++) out[i] = Math.sqrt(sq[i] as number);
  return out;
}

/** Replaces all norm rows. */
export async function putAllNorms(T: IndexTables, norms: Float32Array): Promise<void> {
  await T.norms.clear();
  const rows: NormRow[] = [];
  for (let c = 0; c * NORM_CHUNK < norms.length; c++) {
    const v = new Float32Array(NORM_CHUNK);
    v.set(norms.subarray(c * NORM_CHUNK, Math.min(norms.length, (c + 1) * NORM_CHUNK)));
    rows.push({ c, v });
  }
  await T.norms.bulkPut(rows);
}

/**
 * Rebuilds the whole index from `papers`, inside the caller's transaction: doc numbers become
 * dense again (tombstones go) and norms exact. Used by the v2 upgrade and after large removals.
 */
export async function rebuildIndexInTx(
  T: IndexTables,
  dbName: string,
  chunk = 2000,
): Promise<IndexMeta> {
  dropWriteCache(dbName);
  await Promise.all([T.docs.clear(), T.terms.clear(), T.norms.clear()]);
  const prev = await readIndexMeta(T.meta);
  const meta: IndexMeta = { ...emptyIndexMeta(), gen: prev.gen, uid: crypto.randomUUID() };
  await T.meta.put({ key: INDEX_META_KEY, value: meta });
  const w = await beginIndexWrite(T, dbName);
  let after: string | null = null;
  for (;;) {
    const from: string | null = after;
    const papers: PaperRecord[] = await (from === null
      ? T.papers.orderBy(':id').limit(chunk).toArray()
      : T.papers.where(':id').above(from).limit(chunk).toArray());
    if (!papers.length) break;
    await addDocs(T, w, papers.map(docToIndex));
    after = (papers[papers.length - 1] as PaperRecord).id;
    if (papers.length < chunk) break;
  }
  const norms = await computeAllNorms(T, w.meta);
  await putAllNorms(T, norms);
  w.meta.normsAt = w.meta.live + w.meta.dead;
  return endIndexWrite(T, w);
}
