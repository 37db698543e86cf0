/**
 * The inner loops of a query: BM25F accumulation over the postings of its terms, then the best
 * `limit` documents. Two implementations with the same arithmetic and the same answer:
 *
 * - WebAssembly (lib/corpus/accumulate.wat): what a query runs. A query in a just-started service
 *   worker (or a fresh page) runs these loops before the JIT has compiled any JavaScript; the
 *   WebAssembly is compiled when the module is (a 0.8 KB module, once per context).
 * - JavaScript: where WebAssembly is unavailable (a browser policy may forbid it), for a query
 *   restricted to some documents (`only`), and as the reference the tests compare with.
 */
import { ACCUMULATE_WASM } from './accumulate-wasm';
import { BLOCK_BITS, readVarint, type ByteCursor } from './postings';

/** What accumulation needs of a query term: its weights and its postings by block. */
export interface AccTerm {
  qw: number;
  idf: number;
  df: number;
  rows: Array<{ b: number; p: Uint8Array }>;
}

export interface Ranked {
  n: number;
  score: number;
  /** Σ over shared terms of (query weight · idf) · (paper impact · idf). */
  dot: number;
}

/** A term's score and dot weights per unit of impact (impacts are bytes, 0..255). */
function weightsOf(x: AccTerm): { sw: number; dw: number } {
  return { sw: (x.qw * x.idf) / 255, dw: (x.qw * x.idf * x.idf) / 255 };
}

/**
 * The touched doc numbers with their scores, best first, at most `limit` (ties: the lower doc
 * number first).
 */
export function accumulate(
  infos: readonly AccTerm[],
  nextDoc: number,
  limit: number,
  only?: Set<number>,
): Ranked[] {
  if (!only) {
    const w = wasmAccumulator();
    if (w) return accumulateWasm(w, infos, nextDoc, limit);
  }
  return accumulateJs(infos, nextDoc, limit, only);
}

/** Best first: higher score, then lower doc number. */
function byRank(score: (d: number) => number) {
  return (a: number, b: number) => score(b) - score(a) || a - b;
}

// ---------------------------------------------------------------------------------------------
// JavaScript

/** Accumulators, reused across queries (one JS context runs one query at a time per await). */
let scoreBuf = new Float32Array(0);
let dotBuf = new Float32Array(0);

function buffers(n: number): { score: Float32Array; dot: Float32Array } {
  if (scoreBuf.length < n) {
    const cap = Math.max(n, Math.ceil(scoreBuf.length * 1.5), 1024);
    scoreBuf = new Float32Array(cap);
    dotBuf = new Float32Array(cap);
  }
  return { score: scoreBuf, dot: dotBuf };
}

export function accumulateJs(
  infos: readonly AccTerm[],
  nextDoc: number,
  limit: number,
  only?: Set<number>,
): Ranked[] {
  const { score, dot } = buffers(nextDoc);
  const touched: number[] = [];
  for (const x of infos) {
    if (!x.df) continue;
    const { sw, dw } = weightsOf(x);
    for (const r of x.rows) {
      const bytes = r.p;
      const len = bytes.length;
      const cur: ByteCursor = { pos: 0 };
      let doc = r.b << BLOCK_BITS;
      while (cur.pos < len) {
        doc += readVarint(bytes, cur);
        const imp = bytes[cur.pos++] as number;
        if (doc >= nextDoc || (only && !only.has(doc))) continue;
        if (score[doc] === 0) touched.push(doc);
        score[doc] = (score[doc] as number) + sw * imp;
        dot[doc] = (dot[doc] as number) + dw * imp;
      }
    }
  }
  const top = topK(touched, score, limit);
  const out = top.map((d) => ({ n: d, score: score[d] as number, dot: dot[d] as number }));
  for (const d of touched) {
    score[d] = 0;
    dot[d] = 0;
  }
  return out;
}

/** The `k` best docs by score (min-heap), best first. */
function topK(docs: number[], score: Float32Array, k: number): number[] {
  if (k <= 0) return [];
  const heap: number[] = [];
  const less = (a: number, b: number) =>
    (score[a] as number) < (score[b] as number) ||
    ((score[a] as number) === (score[b] as number) && a > b);
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i] as number, heap[p] as number)) break;
      [heap[i], heap[p]] = [heap[p] as number, heap[i] as number];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && less(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  // Once the heap is full, most docs score below its weakest: one comparison, no call.
  let floor = -Infinity;
  for (const d of docs) {
    const s = score[d] as number;
    if (s < floor) continue;
    if (heap.length < k) {
      heap.push(d);
      up(heap.length - 1);
      if (heap.length === k) floor = score[heap[0] as number] as number;
    } else if (less(heap[0] as number, d)) {
      heap[0] = d;
      down(0);
      floor = score[heap[0] as number] as number;
    }
  }
  return heap.sort(byRank((d) => score[d] as number));
}

// ---------------------------------------------------------------------------------------------
// WebAssembly

interface WasmExports {
  memory: WebAssembly.Memory;
  acc(
    p: number,
    len: number,
    doc0: number,
    next: number,
    sw: number,
    dw: number,
    S: number,
    D: number,
    T: number,
    nt: number,
  ): number;
  topk(T: number, nt: number, S: number, k: number, H: number): number;
  clear(T: number, nt: number, S: number, D: number): void;
}

/** The instance and its memory layout (byte offsets; see accumulate.wat). */
interface WasmAccumulator {
  x: WasmExports;
  /** Docs the score, dot and touched arrays hold. */
  cap: number;
  /** Heap entries. */
  heapCap: number;
  /** Bytes of postings input. */
  inputCap: number;
  S: number;
  D: number;
  T: number;
  H: number;
  P: number;
}

/** null: not tried yet; false: unavailable here (the JavaScript path runs). */
let wasm: WasmAccumulator | false | null = null;

function wasmAccumulator(): WasmAccumulator | false {
  if (wasm !== null) return wasm;
  try {
    // Synchronous compilation: the module is far below the 4 KB a page's main thread allows.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(ACCUMULATE_WASM), {});
    const x = instance.exports as unknown as WasmExports;
    wasm = { x, cap: 0, heapCap: 0, inputCap: 0, S: 0, D: 0, T: 0, H: 0, P: 0 };
  } catch {
    wasm = false;
  }
  return wasm;
}

/** Lays memory out for `docs` doc numbers, a heap of `k` and `input` bytes of postings. */
function reserve(w: WasmAccumulator, docs: number, k: number, input: number): void {
  if (docs <= w.cap && k <= w.heapCap && input <= w.inputCap) return;
  const cap = docs <= w.cap ? w.cap : Math.max(docs, Math.ceil(w.cap * 1.5), 1024);
  const heapCap = Math.max(k, w.heapCap, 256);
  const inputCap = input <= w.inputCap ? w.inputCap : Math.max(input, w.inputCap * 2, 1 << 16);
  const S = 0;
  const D = S + 4 * cap;
  const T = D + 4 * cap;
  const H = T + 4 * (cap + 1); // acc writes one entry past the touched docs
  const P = H + 4 * heapCap;
  const bytes = P + inputCap;
  const have = w.x.memory.buffer.byteLength;
  if (bytes > have) w.x.memory.grow(Math.ceil((bytes - have) / 65536));
  // The accumulators must start at zero wherever they now lie. Memory nothing has written yet
  // (a fresh instance's, before its first layout) is zero already: clearing it would only touch
  // every page of it (2.4 ms of a cold query at 74k papers).
  if (w.cap > 0) new Uint8Array(w.x.memory.buffer, S, T - S).fill(0);
  Object.assign(w, { cap, heapCap, inputCap, S, D, T, H, P });
}

export function accumulateWasm(
  w: WasmAccumulator,
  infos: readonly AccTerm[],
  nextDoc: number,
  limit: number,
): Ranked[] {
  let input = 0;
  for (const x of infos) for (const r of x.rows) input = Math.max(input, r.p.length);
  reserve(w, nextDoc, Math.max(limit, 0), input);
  const { x: fn, S, D, T, H, P } = w;
  let nt = 0;
  for (const x of infos) {
    if (!x.df) continue;
    const { sw, dw } = weightsOf(x);
    for (const r of x.rows) {
      new Uint8Array(fn.memory.buffer, P, r.p.length).set(r.p);
      nt = fn.acc(P, r.p.length, r.b << BLOCK_BITS, nextDoc, sw, dw, S, D, T, nt);
    }
  }
  const n = limit > 0 ? fn.topk(T, nt, S, limit, H) : 0;
  const buf = fn.memory.buffer;
  const score = new Float32Array(buf, S, w.cap);
  const dot = new Float32Array(buf, D, w.cap);
  const top = Array.from(new Uint32Array(buf, H, n)).sort(byRank((d) => score[d] as number));
  const out = top.map((d) => ({ n: d, score: score[d] as number, dot: dot[d] as number }));
  fn.clear(T, nt, S, D);
  return out;
}

/**
 * Gets the accumulator ready for `nextDoc` doc numbers before the postings arrive: compiles the
 * module (first time) and lays out and touches its memory. A query calls it as soon as it has
 * the index meta, while its postings are still being read: in a fresh context, touching a
 * megabyte of new memory costs ~3 ms of page faults on a small VM, and the main thread is idle
 * waiting for IndexedDB then.
 */
export function prepareAccumulator(nextDoc: number): void {
  const w = wasmAccumulator();
  if (!w || nextDoc <= w.cap) return;
  reserve(w, nextDoc, 256, 1 << 18);
  const bytes = new Uint8Array(w.x.memory.buffer, w.S, w.P - w.S);
  // One write per 4 KB page: the accumulators must stay zero.
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 0;
}

/** The WebAssembly path, when this context has it (tests). */
export function wasmForTests(): WasmAccumulator | false {
  return wasmAccumulator();
}
