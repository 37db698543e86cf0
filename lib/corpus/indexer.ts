/**
 * The write side of the corpus index: gives papers doc numbers, merges their postings into the
 * group rows of the current block, counts removed papers as tombstones, keeps doc norms, rebuilds
 * from `papers`.
 *
 * Everything here runs inside a transaction the caller opened (or Dexie's upgrade transaction)
 * on the tables in `IndexTables` (lib/corpus/idb-tables.ts); nothing here imports the database
 * singleton, so lib/db/schema.ts can build the index in its upgrade.
 */
import type { EntityTable } from 'dexie';
import { newestGroupRow, papersAfter, type IndexTables } from './idb-tables';
import { analyzePaper, type AnalyzedText } from './analyze';
import {
  BLOCK_BITS,
  BLOCK_SIZE,
  ByteWriter,
  NORM_CHUNK,
  NORM_CHUNK_BITS,
  findTerm,
  groupOf,
  idf,
  readVarint,
  type ByteCursor,
} from './postings';
import { titleKey } from './tokenize';
import { titleHash } from '../db';
import {
  INDEX_META_KEY,
  emptyIndexMeta,
  type GroupRow,
  type IndexMeta,
  type MetaRow,
  type NormRow,
  type StoredPaper,
} from './rows';

/** The analysed text of a paper (tokenising is CPU work: do it before the transaction). */
export function analyzeRecord(p: Pick<StoredPaper, 'title' | 'abstract'>): AnalyzedText {
  return analyzePaper(p.title, p.abstract);
}

function isIndexMeta(v: unknown): v is IndexMeta {
  if (!v || typeof v !== 'object') return false;
  const m = v as Record<string, unknown>;
  return ['nextDoc', 'live', 'dead', 'gen', 'normsAt'].every((k) => typeof m[k] === 'number');
}

export async function readIndexMeta(meta: EntityTable<MetaRow, 'key'>): Promise<IndexMeta> {
  return toIndexMeta(await meta.get(INDEX_META_KEY));
}

/** The index meta of a `meta` row as read (defaults when absent or not a meta). */
export function toIndexMeta(row: MetaRow | undefined): IndexMeta {
  return row && isIndexMeta(row.value) ? { ...row.value } : emptyIndexMeta();
}

/** What a group row of an earlier block says: the group's terms and their document frequencies. */
interface PrevRow {
  t: string[];
  cum: Uint32Array;
}

/**
 * What the writer remembers between its transactions, so that a bulk import does not read back
 * the rows it wrote a moment ago. The corpus has one writer context (lib/offscreen/README.md;
 * ESLint refuses the write functions elsewhere) whose writes run one after the other
 * (write-queue.ts), so nothing else changes the index between two of them: the cache is trusted
 * while the index instance (`uid`) is the one it was built for. A write that fails drops it
 * (`dropWriteCache`), and so do the writes that lay the index out anew (norm refresh, compaction,
 * clearing; a rebuild starts a new `uid`). `meta.gen` still counts every write: readers
 * (query.ts) key their row caches on it.
 */
interface WriteCache {
  uid: string;
  block: number;
  /** Group rows of `block` known to exist. */
  rows: Map<number, GroupRow>;
  /** `rows` holds every row of `block`: a group not in it has no row there. */
  blockComplete: boolean;
  /** The newest row of each group before `block` (null: none). */
  prev: Map<number, PrevRow | null>;
  /** `prev` knows every group: a group not in it has no row before `block`. */
  prevComplete: boolean;
}

const caches = new Map<string, WriteCache>();

function freshCache(uid: string, meta: IndexMeta): WriteCache {
  const block = meta.nextDoc >> BLOCK_BITS;
  return {
    uid,
    block,
    rows: new Map(),
    blockComplete: meta.nextDoc % BLOCK_SIZE === 0,
    prev: new Map(),
    prevComplete: block === 0,
  };
}

/** Forget what the writer cached about a database (after a failed write or a new layout). */
export function dropWriteCache(dbName: string): void {
  caches.delete(dbName);
}

/** Moves the cache to block `b` (> cache.block): rows of the old block become history. */
function advance(cache: WriteCache, b: number): void {
  if (b === cache.block) return;
  const onlyNext = b === cache.block + 1;
  if (onlyNext) for (const [g, row] of cache.rows) cache.prev.set(g, { t: row.t, cum: row.cum });
  else cache.prev.clear();
  cache.prevComplete = cache.prevComplete && cache.blockComplete && onlyNext;
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
export async function beginIndexWrite(tables: IndexTables, dbName: string): Promise<IndexWrite> {
  const meta = await readIndexMeta(tables.meta);
  meta.uid ??= crypto.randomUUID();
  let cache = caches.get(dbName);
  if (!cache || cache.uid !== meta.uid) cache = freshCache(meta.uid, meta);
  // Until the transaction commits, the cache is not trusted.
  caches.delete(dbName);
  return { dbName, meta, cache };
}

/** Ends the write: stores the meta (one more generation). Call inside the transaction. */
export async function endIndexWrite(tables: IndexTables, w: IndexWrite): Promise<IndexMeta> {
  w.meta.gen += 1;
  await tables.meta.put({ key: INDEX_META_KEY, value: w.meta });
  return w.meta;
}

/** After the transaction committed: the cache matches the stored index again. */
export function confirmIndexWrite(w: IndexWrite): void {
  caches.set(w.dbName, w.cache);
}

/**
 * Papers leaving the index (removed, or about to be re-indexed under a new doc number): their
 * postings stay as tombstones until a rebuild; results skip doc numbers no paper holds.
 */
export function retireDocs(w: IndexWrite, count: number): void {
  w.meta.live -= count;
  w.meta.dead += count;
}

/**
 * Gives each paper the next doc number and its title hash (set on the records, which the caller
 * then stores). Returns the first doc number.
 */
export function assignDocNumbers(w: IndexWrite, papers: StoredPaper[]): number {
  const first = w.meta.nextDoc;
  papers.forEach((p, i) => {
    p.n = first + i;
    p.th = titleHash(titleKey(p.title));
    delete p.tk;
  });
  w.meta.nextDoc = first + papers.length;
  w.meta.live += papers.length;
  return first;
}

interface BatchPostings {
  g: number;
  docs: number[];
  impacts: number[];
}

interface Slice {
  t: string;
  from: number;
  to: number;
  p: BatchPostings;
}

const EMPTY_U32 = new Uint32Array(0);
const EMPTY_U8 = new Uint8Array(0);

/** The new row of a group for block `b`: `base` (this block's row or the history) plus slices. */
function mergeRow(
  g: number,
  b: number,
  base: GroupRow | PrevRow | null,
  slices: Slice[],
  dfTotal: Map<string, number>,
): GroupRow {
  const lo = b << BLOCK_BITS;
  const baseT = base?.t ?? [];
  const baseCum = base?.cum ?? EMPTY_U32;
  const current = base && 'p' in base ? base : null;
  slices.sort((x, y) => (x.t < y.t ? -1 : x.t > y.t ? 1 : 0));
  const n = baseT.length + slices.length; // upper bound
  const t: string[] = [];
  const cum = new Uint32Array(n);
  const last = new Uint32Array(n);
  const off = new Uint32Array(n + 1);
  let extra = 0;
  for (const s of slices) extra += (s.to - s.from) * 3;
  const w = new ByteWriter((current?.p.length ?? 0) + extra + 8);
  let i = 0;
  let j = 0;
  while (i < baseT.length || j < slices.length) {
    const bt = i < baseT.length ? (baseT[i] as string) : null;
    const s = j < slices.length ? (slices[j] as Slice) : null;
    const k = t.length;
    off[k] = w.len;
    let c = 0;
    let prev = lo;
    if (bt !== null && (s === null || bt <= s.t)) {
      t.push(bt);
      c = baseCum[i] as number;
      if (current) {
        const o0 = current.off[i] as number;
        const o1 = current.off[i + 1] as number;
        if (o1 > o0) w.bytes(current.p.subarray(o0, o1));
        prev = current.last[i] as number;
      }
      i++;
      if (s === null || bt !== s.t) {
        cum[k] = c;
        last[k] = prev;
        continue;
      }
    } else {
      t.push((s as Slice).t);
    }
    // append the slice's postings
    const sl = s as Slice;
    for (let x = sl.from; x < sl.to; x++) {
      const d = sl.p.docs[x] as number;
      w.varint(d - prev);
      w.byte(sl.p.impacts[x] as number);
      prev = d;
    }
    c += sl.to - sl.from;
    cum[k] = c;
    last[k] = prev;
    dfTotal.set(sl.t, c);
    j++;
  }
  const m = t.length;
  off[m] = w.len;
  return {
    g,
    b,
    t,
    cum: m === n ? cum : cum.slice(0, m),
    last: m === n ? last : last.slice(0, m),
    off: m === n ? off : off.slice(0, m + 1),
    p: w.len ? w.toBytes() : EMPTY_U8,
  };
}

/**
 * Indexes papers numbered `first`, `first + 1`, ... (assignDocNumbers): merges their postings
 * into the group rows of their blocks and writes their norms. One bulk read of the rows not
 * cached, one bulk write per block.
 */
export async function addDocs(
  tables: IndexTables,
  w: IndexWrite,
  first: number,
  texts: AnalyzedText[],
): Promise<void> {
  if (!texts.length) return;
  const { meta, cache } = w;
  const end = first + texts.length;
  const byTerm = new Map<string, BatchPostings>();
  for (let i = 0; i < texts.length; i++) {
    const { terms, impacts } = texts[i] as AnalyzedText;
    const n = first + i;
    for (let j = 0; j < terms.length; j++) {
      const t = terms[j] as string;
      let postings = byTerm.get(t);
      if (!postings) {
        postings = { g: groupOf(t), docs: [], impacts: [] };
        byTerm.set(t, postings);
      }
      postings.docs.push(n);
      postings.impacts.push(impacts[j] as number);
    }
  }
  const firstBlock = first >> BLOCK_BITS;
  const lastBlock = (end - 1) >> BLOCK_BITS;
  // Postings go to these blocks: readers may no longer skip them (IndexMeta.merged).
  if (meta.merged !== undefined && meta.merged > firstBlock) meta.merged = firstBlock;
  if (cache.block !== firstBlock) {
    if (cache.block + 1 === firstBlock) advance(cache, firstBlock);
    else Object.assign(cache, freshCache(cache.uid, { ...meta, nextDoc: first }));
  }
  /** Document frequency of each term of the batch once written (for the norms). */
  const dfTotal = new Map<string, number>();
  let bytes = 0;

  for (let block = firstBlock; block <= lastBlock; block++) {
    if (block !== cache.block) advance(cache, block);
    const lo = block << BLOCK_BITS;
    const hi = lo + BLOCK_SIZE;
    const groups = new Map<number, Slice[]>();
    for (const [t, postings] of byTerm) {
      let from = 0;
      while (from < postings.docs.length && (postings.docs[from] as number) < lo) from++;
      let to = from;
      while (to < postings.docs.length && (postings.docs[to] as number) < hi) to++;
      if (to === from) continue;
      const list = groups.get(postings.g);
      if (list) list.push({ t, from, to, p: postings });
      else groups.set(postings.g, [{ t, from, to, p: postings }]);
    }
    const gs = [...groups.keys()];
    // This block's rows we do not know yet.
    if (!cache.blockComplete) {
      const unknown = gs.filter((g) => !cache.rows.has(g));
      if (unknown.length) {
        const got = await tables.postings.bulkGet(
          unknown.map((g) => [g, block] as [number, number]),
        );
        got.forEach((row) => {
          if (row) cache.rows.set(row.g, row);
        });
      }
    }
    // The history of the groups that get a new row in this block.
    if (!cache.prevComplete && block > 0) {
      const need = gs.filter((g) => !cache.rows.has(g) && !cache.prev.has(g));
      const got = await Promise.all(need.map((g) => newestGroupRow(tables, g, block - 1)));
      need.forEach((g, i) => {
        const r = got[i];
        cache.prev.set(g, r ? { t: r.t, cum: r.cum } : null);
      });
    }
    const changed: GroupRow[] = [];
    for (const [g, slices] of groups) {
      const base = cache.rows.get(g) ?? cache.prev.get(g) ?? null;
      const row = mergeRow(g, block, base, slices, dfTotal);
      bytes += row.p.length - (cache.rows.has(g) ? (base as GroupRow).p.length : 0);
      cache.rows.set(g, row);
      changed.push(row);
    }
    await tables.postings.bulkPut(changed);
  }
  meta.postingBytes = (meta.postingBytes ?? 0) + bytes;

  // Norms of the new papers, with the idf of this moment (refreshNorms() later corrects drift):
  // term by term over the batch postings, one idf per term.
  const n = meta.live + meta.dead;
  const sq = new Float64Array(texts.length);
  for (const [t, postings] of byTerm) {
    const wt = idf(dfTotal.get(t) ?? 1, n) / 255;
    for (let i = 0; i < postings.docs.length; i++) {
      const x = (postings.impacts[i] as number) * wt;
      const k = (postings.docs[i] as number) - first;
      sq[k] = (sq[k] as number) + x * x;
    }
  }
  const norms = new Float32Array(texts.length);
  for (let i = 0; i < texts.length; i++) norms[i] = Math.sqrt(sq[i] as number);
  await writeNorms(tables, first, norms);
}

/** Stores norms for doc numbers first..first+norms.length-1. */
async function writeNorms(tables: IndexTables, first: number, norms: Float32Array): Promise<void> {
  const c0 = first >> NORM_CHUNK_BITS;
  const c1 = (first + norms.length - 1) >> NORM_CHUNK_BITS;
  const keys: number[] = [];
  for (let c = c0; c <= c1; c++) keys.push(c);
  const rows = await tables.norms.bulkGet(keys);
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
  await tables.norms.bulkPut(out);
}

/** The next page of group rows in key order (group, block), after `after`. */
function rowPage(
  tables: IndexTables,
  after: [number, number] | null,
  pageSize: number,
): Promise<GroupRow[]> {
  return after
    ? tables.postings.where(':id').above(after).limit(pageSize).toArray()
    : tables.postings.limit(pageSize).toArray();
}

/** Adds the squared tf-idf weights of one group's rows (all its blocks) to `sq`. */
function addGroupNorms(rows: GroupRow[], n: number, sq: Float64Array): void {
  const newest = rows[rows.length - 1] as GroupRow;
  for (const r of rows) {
    for (let i = 0; i < r.t.length; i++) {
      const o0 = r.off[i] as number;
      const o1 = r.off[i + 1] as number;
      if (o1 === o0) continue;
      const k = newest === r ? i : findTerm(newest.t, r.t[i] as string);
      const df = k >= 0 ? (newest.cum[k] as number) : (r.cum[i] as number);
      const wt = idf(df, n) / 255;
      const bytes = r.p;
      const cur: ByteCursor = { pos: o0 };
      let doc = r.b << BLOCK_BITS;
      while (cur.pos < o1) {
        doc += readVarint(bytes, cur);
        const v = (bytes[cur.pos++] as number) * wt;
        if (doc < sq.length) sq[doc] = (sq[doc] as number) + v * v;
      }
    }
  }
}

/**
 * One row holding several of a group's rows (in block order): the row of block 0, keyed `[g, 0]`,
 * whose postings run on past block 0 up to the newest doc number of the rows merged. The norm
 * refresh merges every row of a group that spans blocks (the newest keeps its terms and document
 * frequencies, termsOnlyRow), so a query reads one row per group instead of one per block: in
 * Chromium each row read costs ~0.1 ms whatever its size (at 74k papers, three blocks, a cold
 * query's row reads went from ~90 to ~60 when rows were first merged).
 *
 * Each term's slices are concatenated: the first gap of a slice is re-based on the last doc
 * number of the slice before it (`last`), the rest of its bytes are copied.
 */
export function mergeGroupRows(rows: readonly GroupRow[]): GroupRow {
  const newest = rows[rows.length - 1] as GroupRow;
  const m = newest.t.length;
  const last = new Uint32Array(m);
  const off = new Uint32Array(m + 1);
  let size = 0;
  for (const r of rows) size += r.p.length + 3 * r.t.length;
  const w = new ByteWriter(size + 8);
  // Each row's terms are a sorted subset of the newest row's: one cursor per row.
  const at = new Array<number>(rows.length).fill(0);
  for (let i = 0; i < m; i++) {
    const t = newest.t[i] as string;
    off[i] = w.len;
    let prev = 0;
    rows.forEach((r, j) => {
      const k = at[j] as number;
      if (k >= r.t.length || r.t[k] !== t) return;
      at[j] = k + 1;
      const cur: ByteCursor = { pos: r.off[k] as number };
      const end = r.off[k + 1] as number;
      if (cur.pos === end) return;
      // the slice's first doc number: its first gap counts from its row's first doc number
      const gap = readVarint(r.p, cur);
      w.varint((r.b << BLOCK_BITS) + gap - prev);
      w.bytes(r.p.subarray(cur.pos, end));
      prev = r.last[k] as number;
    });
    last[i] = prev;
  }
  off[m] = w.len;
  return { g: newest.g, b: 0, t: newest.t, cum: newest.cum, last, off, p: w.toBytes() };
}

/**
 * A group's row with its terms and document frequencies but no postings (they were merged into
 * its row of block 0): what writers and the badges read of a group's newest block.
 */
export function termsOnlyRow(row: GroupRow): GroupRow {
  const m = row.t.length;
  return {
    g: row.g,
    b: row.b,
    t: row.t,
    cum: row.cum,
    last: new Uint32Array(m).fill(row.b << BLOCK_BITS),
    off: new Uint32Array(m + 1),
    p: EMPTY_U8,
  };
}

/**
 * Norms of every doc number from the whole index: one pass over `postings` in key order (a
 * group's rows are adjacent, and its newest row gives its terms' document frequencies).
 * `onGroup` sees each group's rows once they are all read (not inside a transaction).
 */
export async function computeAllNorms(
  tables: IndexTables,
  meta: IndexMeta,
  page: (read: (tables: IndexTables) => Promise<GroupRow[]>) => Promise<GroupRow[]> = (read) =>
    read(tables),
  onGroup?: (rows: GroupRow[]) => void | Promise<void>,
): Promise<Float32Array> {
  const sq = new Float64Array(meta.nextDoc);
  const n = meta.live + meta.dead;
  let pending: GroupRow[] = [];
  // A plain loop (no async generator): Dexie keeps the transaction across these awaits.
  const pageSize = 2000;
  let after: [number, number] | null = null;
  for (;;) {
    const from: [number, number] | null = after;
    const rows = await page((tables) => rowPage(tables, from, pageSize));
    for (const r of rows) {
      if (pending.length && (pending[0] as GroupRow).g !== r.g) {
        addGroupNorms(pending, n, sq);
        if (onGroup) await onGroup(pending);
        pending = [];
      }
      pending.push(r);
    }
    if (rows.length < pageSize) break;
    const lastRow = rows[rows.length - 1] as GroupRow;
    after = [lastRow.g, lastRow.b];
  }
  if (pending.length) {
    addGroupNorms(pending, n, sq);
    if (onGroup) await onGroup(pending);
  }
  const out = new Float32Array(meta.nextDoc);
  for (let i = 0; i < sq.length; i++) out[i] = Math.sqrt(sq[i] as number);
  return out;
}

/** Replaces all norm rows. */
export async function putAllNorms(tables: IndexTables, norms: Float32Array): Promise<void> {
  await tables.norms.clear();
  const rows: NormRow[] = [];
  for (let c = 0; c * NORM_CHUNK < norms.length; c++) {
    const v = new Float32Array(NORM_CHUNK);
    v.set(norms.subarray(c * NORM_CHUNK, Math.min(norms.length, (c + 1) * NORM_CHUNK)));
    rows.push({ c, v });
  }
  await tables.norms.bulkPut(rows);
}

/**
 * Rebuilds the whole index from `papers`, inside the caller's transaction: every paper gets a new
 * dense doc number (tombstones go) and norms are exact. Used by the v3 upgrade and after large
 * removals. Rewrites every paper (its doc number changes).
 */
export async function rebuildIndexInTx(
  tables: IndexTables,
  dbName: string,
  chunk = 8192,
): Promise<IndexMeta> {
  dropWriteCache(dbName);
  await Promise.all([tables.postings.clear(), tables.norms.clear()]);
  const prev = await readIndexMeta(tables.meta);
  const meta: IndexMeta = { ...emptyIndexMeta(), gen: prev.gen, uid: crypto.randomUUID() };
  await tables.meta.put({ key: INDEX_META_KEY, value: meta });
  const w = await beginIndexWrite(tables, dbName);
  let after: string | null = null;
  for (;;) {
    const from: string | null = after;
    const papers = await papersAfter(tables.papers, from, chunk);
    if (!papers.length) break;
    const first = assignDocNumbers(w, papers);
    await tables.papers.bulkPut(papers);
    await addDocs(tables, w, first, papers.map(analyzeRecord));
    after = (papers[papers.length - 1] as StoredPaper).id;
    if (papers.length < chunk) break;
  }
  const norms = await computeAllNorms(tables, w.meta);
  await putAllNorms(tables, norms);
  w.meta.normsAt = w.meta.live + w.meta.dead;
  return endIndexWrite(tables, w);
}
