/**
 * Scoring constants and the compact posting-list encoding of the corpus index.
 *
 * A posting is (doc number, impact). The impact is the paper's BM25F-saturated term weight,
 * `tf' / (K1 + tf')` with `tf' = Σ_field w_f · tf_f / (1 - b_f + b_f · len_f / avg_f)` over title
 * and abstract, quantised to one byte (1..255). Average field lengths are fixed (measured on
 * 74,728 arXiv papers): arXiv titles and abstracts have stable lengths, and a fixed average keeps
 * every stored impact valid however the corpus grows.
 *
 * Encoding of one posting list: for each posting, the gap to the previous doc number as an
 * unsigned LEB128 varint (the first gap counts from the block's first doc number), then the
 * impact byte. Doc numbers only grow, so gaps are small: ~2 bytes a posting.
 */

export const K1 = 1.2;
/** Title weighted above abstract. */
export const TITLE_WEIGHT = 3;
export const TITLE_B = 0.5;
export const ABSTRACT_B = 0.75;
/** Mean title/abstract lengths in terms, measured on the 74k arXiv corpus (tokenize()). */
export const AVG_TITLE_LEN = 10;
export const AVG_ABSTRACT_LEN = 134;
/** Doc numbers per block: a postings row holds one group's postings for one block of doc numbers. */
export const BLOCK_BITS = 15;
export const BLOCK_SIZE = 1 << BLOCK_BITS;
/** Terms are hashed into this many groups; a postings row holds the terms of one group. */
export const GROUP_BITS = 12;
export const GROUPS = 1 << GROUP_BITS;

/** The group of a term: FNV-1a of its UTF-16 code units, low GROUP_BITS bits. Never changes. */
export function groupOf(t: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < t.length; i++) {
    h ^= t.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (GROUPS - 1);
}

/** Index of `t` in the sorted `terms`, or -1. */
export function findTerm(terms: readonly string[], t: string): number {
  let lo = 0;
  let hi = terms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = terms[mid] as string;
    if (m === t) return mid;
    if (m < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
/** Doc norms are stored packed, this many per row. */
export const NORM_CHUNK_BITS = 12;
export const NORM_CHUNK = 1 << NORM_CHUNK_BITS;

/** BM25F saturated weight of a term in a paper, in (0, 1). */
export function saturation(
  tfTitle: number,
  tfAbstract: number,
  lenTitle: number,
  lenAbstract: number,
): number {
  const t = tfTitle
    ? (TITLE_WEIGHT * tfTitle) / (1 - TITLE_B + (TITLE_B * Math.max(lenTitle, 1)) / AVG_TITLE_LEN)
    : 0;
  const a = tfAbstract
    ? tfAbstract / (1 - ABSTRACT_B + (ABSTRACT_B * Math.max(lenAbstract, 1)) / AVG_ABSTRACT_LEN)
    : 0;
  const tf = t + a;
  return tf / (K1 + tf);
}

export function quantize(sat: number): number {
  return Math.min(255, Math.max(1, Math.round(sat * 255)));
}

export function dequantize(q: number): number {
  return q / 255;
}

/** Robertson/Sparck Jones idf as in Lucene's BM25: always positive. */
export function idf(df: number, n: number): number {
  return Math.log(1 + (Math.max(n, df) - df + 0.5) / (df + 0.5));
}

/** A growable byte buffer for building posting lists. */
export class ByteWriter {
  buf: Uint8Array;
  len = 0;
  constructor(initial = 16) {
    this.buf = new Uint8Array(initial);
  }
  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  varint(v: number): void {
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
  }
  byte(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  /** A copy of the written bytes. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** A read position in varint-coded bytes. */
export interface ByteCursor {
  pos: number;
}

/**
 * Reads the unsigned LEB128 varint at `cur.pos` and moves past it: the one JavaScript decoder of
 * the posting lists (lib/corpus/accumulate.wat has the WebAssembly one). Exact over the whole
 * u32 range `ByteWriter.varint` writes (the fifth byte is added, never shifted into the sign).
 */
export function readVarint(bytes: Uint8Array, cur: ByteCursor): number {
  let c = bytes[cur.pos++] as number;
  if (c < 0x80) return c;
  let v = c & 0x7f;
  let scale = 0x80;
  do {
    c = bytes[cur.pos++] as number;
    v += (c & 0x7f) * scale;
    scale *= 0x80;
  } while (c & 0x80);
  return v;
}

/**
 * Calls `fn(doc, impact)` for each posting of a row. `base` is the first doc number of the row's
 * block. Returns the number of postings read.
 */
export function forEachPosting(
  bytes: Uint8Array,
  base: number,
  fn: (doc: number, impact: number) => void,
): number {
  const cur: ByteCursor = { pos: 0 };
  let doc = base;
  let count = 0;
  const end = bytes.length;
  while (cur.pos < end) {
    doc += readVarint(bytes, cur);
    fn(doc, bytes[cur.pos++] as number);
    count++;
  }
  return count;
}

/** Encodes postings (ascending doc numbers) appended after `last` (or the block base). */
export function encodePostings(
  docs: ArrayLike<number>,
  impacts: ArrayLike<number>,
  from: number,
  w: ByteWriter = new ByteWriter(docs.length * 3 + 4),
): ByteWriter {
  let prev = from;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i] as number;
    w.varint(d - prev);
    w.byte(impacts[i] as number);
    prev = d;
  }
  return w;
}
