/**
 * The read side of the corpus index: ranked retrieval (BM25F), similarity (cosine between
 * tf-idf vectors), interest matching and title matching. A query reads, in one read-only
 * transaction, the index meta, the rows of its own terms, then the doc rows, norms and papers of
 * its top results: nothing else, so a just-started service worker answers at once.
 */
import Dexie from 'dexie';
import type { AntigravityDB } from '../db/schema';
import type { Source } from './schema';
import { accumulate, prepareAccumulator, type Ranked } from './accumulate';
import { NORM_CHUNK, NORM_CHUNK_BITS, findTerm, groupOf, idf } from './postings';
import { request, txTables, type IndexTables } from './idb-tables';
import { readIndexMeta, toIndexMeta } from './indexer';
import {
  INDEX_META_KEY,
  newestBlock,
  type GroupRow,
  type IndexMeta,
  type NormRow,
  type StoredPaper,
} from './rows';

/** A term's postings in one block. */
export interface TermSlice {
  b: number;
  p: Uint8Array;
}

/** A term's postings in the index: its document frequency and its slices, by block. */
export interface TermPostings {
  df: number;
  rows: TermSlice[];
}

/** The query's terms with their idf (0 for a term the corpus does not have). */
interface TermInfo {
  t: string;
  qw: number;
  df: number;
  idf: number;
  rows: TermSlice[];
}

export function indexTables(db: AntigravityDB) {
  return [db.meta, db.postings, db.norms, db.papers];
}

/**
 * Group rows recently read by this context, valid for one index generation: repeated queries
 * (warm) skip IndexedDB for their groups. Bounded by posting bytes; dropped whenever the index
 * changes (any write bumps the generation in the meta each query reads first).
 */
const ROW_CACHE_BYTES = 24 << 20;
const rowCache = { key: '', bytes: 0, groups: new Map<number, GroupRow[]>() };

function cachedGroups(key: string): Map<number, GroupRow[]> {
  if (rowCache.key !== key) {
    rowCache.key = key;
    rowCache.groups = new Map();
    rowCache.bytes = 0;
  }
  return rowCache.groups;
}

function rowBytes(rows: GroupRow[]): number {
  let size = 64;
  for (const r of rows) size += r.p.length + r.t.length * 24 + 96;
  return size;
}

/**
 * The index meta, read in the caller's transaction. Like the other reads of the query path, it
 * goes straight to the IndexedDB transaction under Dexie's (`tables.idb`, through idb-tables.ts
 * `request`): a few requests per query, where Dexie's own layers (collections, zones, hooks) are
 * most of the cost of a query in a fresh context, before the JIT has compiled them. Same
 * transaction, same rows.
 */
function readMeta(tables: IndexTables): Promise<IndexMeta> {
  if (!tables.idb) return readIndexMeta(tables.meta);
  return request(tables.idb.objectStore('meta').get(INDEX_META_KEY)).then(toIndexMeta);
}

/**
 * The rows of one group, in block order: every row with one key-range read, or with `blocks`
 * (the blocks that may hold its postings, groupBlocks) one read per row. In Chromium a range read costs more
 * than two single reads (at 1M papers, a warm query's rows took 6.3 ms instead of 8.2).
 */
function readGroup(tables: IndexTables, g: number, blocks?: number[]): Promise<GroupRow[]> {
  const idb = tables.idb;
  if (idb && blocks) {
    const store = idb.objectStore('postings');
    return Promise.all(blocks.map((b) => request(store.get([g, b])))).then((rows) =>
      (rows as Array<GroupRow | undefined>).filter((r): r is GroupRow => r !== undefined),
    );
  }
  if (tables.idb) {
    const range = IDBKeyRange.bound([g, -Infinity], [g, Infinity]);
    return request(tables.idb.objectStore('postings').getAll(range)) as Promise<GroupRow[]>;
  }
  return tables.postings
    .where(':id')
    .between([g, Dexie.minKey], [g, Dexie.maxKey], true, true)
    .toArray();
}

/** More rows per group than this are read with one key-range read. */
const MAX_ROW_READS = 2;

/**
 * The blocks whose rows may hold a group's postings: block 0 and those from `meta.merged` to the
 * newest (store.ts refreshNorms moves the others' postings to block 0). Block 0's row holds the
 * document frequencies too when no other is read. Undefined when there are more than
 * MAX_ROW_READS of them.
 */
export function groupBlocks(meta: IndexMeta): number[] | undefined {
  if (!meta.nextDoc) return undefined;
  const newest = newestBlock(meta);
  const blocks = [0];
  for (let b = Math.max(1, meta.merged ?? 1); b <= newest; b++) blocks.push(b);
  return blocks.length <= MAX_ROW_READS ? blocks : undefined;
}

/**
 * The blocks of the index as this context's last query saw it. A query reads its groups before
 * its meta arrives (one round of reads): it plans them from this, and reads them again if the
 * meta says the plan no longer holds: another index instance, newest block or `merged`. A
 * context's first query reads by key range.
 */
const layout = { key: '', blocks: undefined as number[] | undefined };

function layoutKey(meta: IndexMeta, dbName: string): string {
  return `${dbName}|${meta.uid ?? ''}|${newestBlock(meta)}|${meta.merged ?? ''}`;
}

function remember(cache: Map<number, GroupRow[]>, g: number, rows: GroupRow[]): void {
  const had = cache.get(g); // another query of this context read it meanwhile
  if (had) rowCache.bytes -= rowBytes(had);
  cache.set(g, rows);
  rowCache.bytes += rowBytes(rows);
  while (rowCache.bytes > ROW_CACHE_BYTES && cache.size > 1) {
    const [oldest, old] = cache.entries().next().value as [number, GroupRow[]];
    cache.delete(oldest);
    rowCache.bytes -= rowBytes(old);
  }
}

/**
 * Every row of each group (its blocks in order), read in parallel, cached per index generation.
 *
 * `meta` may still be on its way (a promise read in the same transaction): the groups this
 * context has not cached are read at once, alongside it, so a cold query waits for one round of
 * reads instead of two. Cached groups are used once `meta` confirms the generation they were read
 * at; otherwise they are read again.
 */
export async function readGroups(
  tables: IndexTables,
  groups: number[],
  meta?: IndexMeta | Promise<IndexMeta>,
  dbName = '',
): Promise<Map<number, GroupRow[]>> {
  const out = new Map<number, GroupRow[]>();
  if (!meta) {
    const got = await Promise.all(groups.map((g) => readGroup(tables, g)));
    groups.forEach((g, i) => out.set(g, got[i] as GroupRow[]));
    return out;
  }
  const held = rowCache.groups;
  const early = groups.filter((g) => !held.has(g));
  const plan = layout.blocks ? { ...layout } : undefined;
  // Both awaited together: a failing read or meta never leaves the other one unobserved.
  const [m, got] = await Promise.all([
    meta,
    Promise.all(early.map((g) => readGroup(tables, g, plan?.blocks))),
  ]);
  const cache = cachedGroups(`${dbName}|${m.uid ?? ''}|${m.gen}`);
  layout.key = layoutKey(m, dbName);
  layout.blocks = groupBlocks(m);
  // Read by a plan that no longer holds: read again.
  const planFailed = plan !== undefined && plan.key !== layout.key;
  // Groups held from an older generation (the key changed and the cache was emptied): read now.
  const late = groups.filter((g) => (planFailed || held.has(g)) && !cache.has(g));
  const gotLate = await Promise.all(late.map((g) => readGroup(tables, g, layout.blocks)));
  for (const group of groups) {
    const hit = cache.get(group);
    if (hit) {
      // most recently used last
      cache.delete(group);
      cache.set(group, hit);
      out.set(group, hit);
    }
  }
  const fresh = [
    ...(planFailed ? [] : early.map((g, i) => [g, got[i]] as const)),
    ...late.map((g, i) => [g, gotLate[i]] as const),
  ];
  for (const [g, rows] of fresh) {
    if (!rows || out.has(g)) continue;
    out.set(g, rows);
    remember(cache, g, rows);
  }
  return out;
}

/** A term's postings within its group's rows. */
export function termPostings(rows: GroupRow[], t: string): TermPostings {
  const slices: TermSlice[] = [];
  let df = 0;
  for (const r of rows) {
    const i = findTerm(r.t, t);
    if (i < 0) continue;
    df = r.cum[i] as number; // rows are in block order: the newest has the total
    const o0 = r.off[i] as number;
    const o1 = r.off[i + 1] as number;
    if (o1 > o0) slices.push({ b: r.b, p: r.p.subarray(o0, o1) });
  }
  return { df, rows: slices };
}

/**
 * The postings of each term (all blocks). With `meta` (read in the same transaction), rows are
 * cached for later queries on the same index generation.
 */
export async function readTermRows(
  tables: IndexTables,
  terms: string[],
  meta?: IndexMeta | Promise<IndexMeta>,
  dbName = '',
): Promise<TermPostings[]> {
  const gs = terms.map(groupOf);
  const groups = await readGroups(tables, [...new Set(gs)], meta, dbName);
  return terms.map((t, i) => termPostings(groups.get(gs[i] as number) ?? [], t));
}

function termInfos(weights: Map<string, number>, perTerm: TermPostings[], n: number): TermInfo[] {
  const out: TermInfo[] = [];
  let i = 0;
  for (const [t, qw] of weights) {
    const { df, rows } = perTerm[i++] ?? { df: 0, rows: [] };
    out.push({ t, qw, df, idf: df ? idf(df, n) : idf(0, Math.max(n, 1)), rows });
  }
  return out;
}

/** |q| of a weighted query in the tf-idf space of the corpus. */
function queryNorm(infos: TermInfo[]): number {
  let sq = 0;
  for (const x of infos) sq += (x.qw * x.idf) ** 2;
  return Math.sqrt(sq);
}

/**
 * Norm rows this context read, for one state of the norms (`normsKey`: index instance,
 * generation, and the corpus size of the last norm refresh, which rewrites them without a new
 * generation). A norm row is 16 KB and a query's ten results fall in up to ten of them: a warm
 * context reads each once. At most NORM_CACHE_ROWS rows (4 MB).
 */
const NORM_CACHE_ROWS = 256;
const normCache = { key: '', rows: new Map<number, NormRow>() };

export function normsKey(meta: IndexMeta, dbName: string): string {
  return `${dbName}|${meta.uid ?? ''}|${meta.gen}|${meta.normsAt}`;
}

/** Doc norms by doc number (reads only the chunks needed; with `key`, cached for that state). */
export async function readNorms(
  tables: IndexTables,
  ns: number[],
  key?: string,
): Promise<Map<number, number>> {
  if (key !== undefined && normCache.key !== key) {
    normCache.key = key;
    normCache.rows = new Map();
  }
  const cached = key !== undefined ? normCache.rows : new Map<number, NormRow>();
  const byChunk = new Map<number, NormRow>();
  const chunks: number[] = [];
  for (const c of new Set(ns.map((n) => n >> NORM_CHUNK_BITS))) {
    const hit = cached.get(c);
    if (hit) byChunk.set(c, hit);
    else chunks.push(c);
  }
  const idb = tables.idb;
  const rows: Array<NormRow | undefined> = !chunks.length
    ? []
    : idb
      ? await Promise.all(chunks.map((c) => request(idb.objectStore('norms').get(c))))
      : await tables.norms.bulkGet(chunks);
  rows.forEach((r) => {
    if (!r) return;
    byChunk.set(r.c, r);
    if (key !== undefined && normCache.key === key) {
      if (normCache.rows.size >= NORM_CACHE_ROWS) normCache.rows.clear();
      normCache.rows.set(r.c, r);
    }
  });
  const out = new Map<number, number>();
  for (const n of ns) {
    const row = byChunk.get(n >> NORM_CHUNK_BITS);
    out.set(n, row ? (row.v[n & (NORM_CHUNK - 1)] ?? 0) : 0);
  }
  return out;
}

export function toSource(p: StoredPaper, similarity: number, score?: number): Source {
  const s: Source = {
    id: p.id,
    version: p.version,
    title: p.title,
    authors: p.authors,
    abstract: p.abstract,
    primaryCategory: p.primaryCategory,
    categories: p.categories,
    similarity: Math.min(1, Math.max(0, Number.isFinite(similarity) ? similarity : 0)),
    origin: p.origin,
  };
  if (score !== undefined) s.score = score;
  return s;
}

export function cosine(dot: number, qNorm: number, dNorm: number): number {
  if (!(qNorm > 0) || !(dNorm > 0)) return 0;
  return Math.min(1, Math.max(0, dot / (qNorm * dNorm)));
}

export interface RankOptions {
  k: number;
  /** Base ids never returned. */
  exclude?: Set<string>;
  /** Only these doc numbers are candidates. */
  only?: Set<number>;
  /** The database's name: norm rows read are kept for later queries on the same norms. */
  dbName?: string;
}

/**
 * Top-k papers for weighted query terms: BM25F rank, cosine similarity. One read transaction.
 */
export async function rank(
  db: AntigravityDB,
  weights: Map<string, number>,
  opts: RankOptions,
): Promise<Source[]> {
  if (!weights.size || opts.k <= 0) return [];
  return db.transaction('r', indexTables(db), async (tx) => {
    const tables = txTables(tx);
    // The meta and the postings are read together (one round of reads for a cold query).
    const metaRead = readMeta(tables);
    // While the postings are read, the accumulator gets ready (compiled, its memory mapped).
    void metaRead.then(
      (m) => prepareAccumulator(m.nextDoc),
      () => undefined,
    );
    const rowsRead = readTermRows(tables, [...weights.keys()], metaRead, db.name);
    const [meta, rows] = await Promise.all([metaRead, rowsRead]);
    if (!meta.live) return [];
    return rankInfos(tables, meta, termInfos(weights, rows, meta.live + meta.dead), {
      dbName: db.name,
      ...opts,
    });
  });
}

/**
 * Stored papers by doc number (a doc number no paper holds is a tombstone: absent). One index
 * lookup per number, all in flight at once (Dexie's `anyOf` walks a cursor key by key instead).
 */
export async function papersByDoc(
  tables: IndexTables,
  ns: number[],
): Promise<Map<number, StoredPaper>> {
  const out = new Map<number, StoredPaper>();
  const idb = tables.idb;
  const got: Array<StoredPaper | undefined> = idb
    ? await Promise.all(ns.map((n) => request(idb.objectStore('papers').index('n').get(n))))
    : await Promise.all(ns.map((n) => tables.papers.where('n').equals(n).first()));
  got.forEach((p, i) => {
    if (p) out.set(ns[i] as number, p);
  });
  return out;
}

/**
 * Stored papers by base id, in the order asked (`null` asks nothing: undefined). A page's ids lie
 * close together (a day's listing spans a few hundred numbers), and most are not stored: one
 * `getAllKeys` over their span (at most `cap` keys) says which are, and only those are read; ids
 * past the keys it returned (a span denser than `cap`) are read one by one. Fifty single reads
 * were a third of a listing page's request in the worker.
 */
export async function papersById(
  tables: IndexTables,
  ids: ReadonlyArray<string | null>,
  cap = 2048,
): Promise<Array<StoredPaper | undefined>> {
  const idb = tables.idb;
  if (!idb) return (await tables.papers.bulkGet(ids.map((b) => b ?? '\u0000'))) as StoredPaper[];
  const wanted = [...new Set(ids.filter((b): b is string => b !== null))].sort();
  const store = idb.objectStore('papers');
  const lookUp = new Set<string>(wanted);
  if (wanted.length >= 4) {
    const keys = (await request(
      store.getAllKeys(IDBKeyRange.bound(wanted[0], wanted[wanted.length - 1]), cap),
    )) as string[];
    const present = new Set(keys);
    // Everything up to the last key returned is decided by the list; the rest is read.
    const last = keys.length === cap ? keys[keys.length - 1]! : undefined;
    lookUp.clear();
    for (const id of wanted) {
      if (present.has(id) || (last !== undefined && id > last)) lookUp.add(id);
    }
  }
  const got = new Map<string, StoredPaper | undefined>();
  await Promise.all(
    [...lookUp].map(async (id) => {
      got.set(id, (await request(store.get(id))) as StoredPaper | undefined);
    }),
  );
  return ids.map((b) => (b === null ? undefined : got.get(b)));
}

/** Ranking once the term rows are read (inside the caller's read transaction). */
export async function rankInfos(
  tables: IndexTables,
  meta: IndexMeta,
  infos: TermInfo[],
  opts: RankOptions,
): Promise<Source[]> {
  const qNorm = queryNorm(infos);
  const excluded = opts.exclude ?? new Set<string>();
  let limit = opts.k + excluded.size + 8;
  for (;;) {
    const ranked = accumulate(infos, meta.nextDoc, limit, opts.only);
    // The best k (+ exclusions) first; further down only when tombstones or exclusions took places.
    // A window's papers and norms are read together (a tombstone's norm is read for nothing).
    const live: Array<{ r: Ranked; p: StoredPaper }> = [];
    const norms = new Map<number, number>();
    let next = 0;
    while (live.length < opts.k && next < ranked.length) {
      const want = opts.k - live.length + (next === 0 ? excluded.size : 0);
      const window = ranked.slice(next, next + Math.max(want, 1));
      next += window.length;
      const ns = window.map((r) => r.n);
      const [papers, windowNorms] = await Promise.all([
        papersByDoc(tables, ns),
        readNorms(tables, ns, opts.dbName === undefined ? undefined : normsKey(meta, opts.dbName)),
      ]);
      for (const [n, v] of windowNorms) norms.set(n, v);
      for (const r of window) {
        const p = papers.get(r.n);
        if (p && !excluded.has(p.id)) live.push({ r, p });
      }
    }
    if (live.length >= opts.k || ranked.length < limit) {
      const chosen = live.slice(0, opts.k);
      return chosen.map((x) =>
        toSource(x.p, cosine(x.r.dot, qNorm, norms.get(x.r.n) ?? 0), x.r.score),
      );
    }
    limit *= 4; // many tombstones or exclusions among the best: look further
  }
}

export type { TermInfo };
export { termInfos, queryNorm };
