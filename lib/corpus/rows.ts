/**
 * Rows of the corpus index tables (Dexie schema v2, see lib/db/schema.ts and the design comment
 * in lib/corpus/index.ts).
 */

/** `docs`: one row per indexed paper. `n` is the paper's doc number in the posting lists. */
export interface DocRow {
  n: number;
  /** Base arXiv id (the `papers` key). */
  id: string;
  /** Normalised title (titleKey), for matching references by title. */
  tk: string;
}

/** `terms`: the postings of term `t` for doc numbers in block `b` (b = n >> BLOCK_BITS). */
export interface TermRow {
  t: string;
  b: number;
  /** Postings in this row. */
  df: number;
  /** Postings of this term in the blocks before `b` when the row was created (write-time df). */
  dfBefore: number;
  /** Last doc number in the row (appends continue from it). */
  last: number;
  /** Varint gaps + impact bytes (lib/corpus/postings.ts). */
  p: Uint8Array;
}

/** `norms`: Euclidean norms of the papers' tf-idf vectors, NORM_CHUNK per row, by doc number. */
export interface NormRow {
  c: number;
  v: Float32Array;
}

/** The index bookkeeping, stored in `meta` under INDEX_META_KEY. */
export interface IndexMeta {
  /** Next doc number to hand out. */
  nextDoc: number;
  /** Indexed papers (live docs rows). */
  live: number;
  /** Doc numbers whose postings are still in `terms` but whose paper was removed or re-indexed. */
  dead: number;
  /** Bumped by every write to the index: lets a writer know its cache is current. */
  gen: number;
  /** live + dead when the norms were last recomputed from the whole index. */
  normsAt: number;
  /** Random id of this index instance (a rebuilt or recreated index gets a new one). */
  uid?: string;
  /** Bytes of posting lists written (for storage estimates). */
  postingBytes?: number;
}

export const INDEX_META_KEY = 'corpus-index';

export function emptyIndexMeta(): IndexMeta {
  return { nextDoc: 0, live: 0, dead: 0, gen: 0, normsAt: 0 };
}
