/**
 * Rows of the corpus index tables (Dexie schema v3, see lib/db/schema.ts and the design comment
 * in lib/corpus/README.md).
 */
import { BLOCK_BITS } from './postings';
import type { PaperRecord } from './schema';

/**
 * A paper as stored in `papers`: the record plus two index fields that never leave the database
 * (exports strip them; PaperRecord's zod schema drops them on input). `n` is its doc number in
 * the posting lists (absent until indexed); `th` the hash of its normalised title, for matching
 * references (lib/db/title-hash.ts). `tk`, the normalised title itself, is what releases before
 * schema v5 stored instead: lib/corpus/rebuild.ts turns it into `th`.
 */
export type StoredPaper = PaperRecord & { n?: number; th?: number; tk?: string };

/** Removes the index fields of a stored paper. */
export function plainRecord(p: StoredPaper): PaperRecord {
  const { n: _n, th: _th, tk: _tk, ...rec } = p;
  return rec;
}

/**
 * `postings`: the postings of the terms of group `g` (lib/corpus/postings.ts groupOf) for the doc
 * numbers of block `b` (b = n >> BLOCK_BITS). `t` lists every term of the group seen in this block
 * or an earlier one (sorted), so the group's newest row alone gives each term's document
 * frequency (`cum`). Term i's postings in this block are `p[off[i]..off[i+1])`.
 */
export interface GroupRow {
  g: number;
  b: number;
  t: string[];
  /** Postings of each term in this block and the earlier ones. */
  cum: Uint32Array;
  /** Last doc number of each term's postings in this block (the block's first doc number when none). */
  last: Uint32Array;
  /** t.length + 1 offsets into `p`. */
  off: Uint32Array;
  /** Varint gaps + impact bytes (lib/corpus/postings.ts). */
  p: Uint8Array;
}

/** `norms`: Euclidean norms of the papers' tf-idf vectors, NORM_CHUNK per row, by doc number. */
export interface NormRow {
  c: number;
  v: Float32Array;
}

/** A row of `meta`, the small key/value table for bookkeeping (index statistics, import cursors). */
export interface MetaRow {
  key: string;
  value: unknown;
}

/** The index bookkeeping, stored in `meta` under INDEX_META_KEY. */
export interface IndexMeta {
  /** Next doc number to hand out. */
  nextDoc: number;
  /** Indexed papers (papers with a doc number). */
  live: number;
  /** Doc numbers whose postings are still in `postings` but whose paper was removed or re-indexed. */
  dead: number;
  /** Bumped by every write to the index: lets a writer know its cache is current. */
  gen: number;
  /** live + dead when the norms were last recomputed from the whole index. */
  normsAt: number;
  /** Random id of this index instance (a rebuilt or recreated index gets a new one). */
  uid?: string;
  /** Bytes of posting lists written (for storage estimates). */
  postingBytes?: number;
  /**
   * Blocks 1 .. merged - 1 hold no postings: a whole norm refresh moved them to the rows of block
   * 0, leaving a group's newest row with its terms and document frequencies only (store.ts
   * refreshNorms); a write that adds postings to an earlier block lowers it. Absent: any block
   * may hold postings. Lets a query read a group's rows one by one (query.ts groupBlocks).
   */
  merged?: number;
}

export const INDEX_META_KEY = 'corpus-index';

/** The block of the index's newest doc number (0 when it has none). */
export function newestBlock(meta: IndexMeta): number {
  return Math.max(0, (meta.nextDoc - 1) >> BLOCK_BITS);
}

export function emptyIndexMeta(): IndexMeta {
  return { nextDoc: 0, live: 0, dead: 0, gen: 0, normsAt: 0 };
}
