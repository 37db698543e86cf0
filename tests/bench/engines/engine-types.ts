/**
 * The engines compared by the corpus benchmark. They run inside a Chromium page (bundled by
 * esbuild), never in Node.
 */

/** A paper as the benchmark feeds it to every engine (a PaperRecord subset plus what ours needs). */
export interface BenchRecord {
  id: string;
  version: number | null;
  title: string;
  authors: string[];
  abstract: string;
  categories: string[];
  published?: string;
  updated?: string;
  /** `derived` = synthetic record of the derived-300k corpus, never a real paper. */
  origin: 'import' | 'derived';
}

export interface SearchEngine {
  readonly name: string;
  /**
   * `memory`: the index lives in JS memory; `save()` serialises it into IndexedDB and `load()`
   * reads and deserialises it. `idb`: the index lives in IndexedDB; `load()` only opens it.
   */
  readonly kind: 'memory' | 'idb';
  /** Engine settings worth printing next to the numbers. */
  readonly settings: string;
  /** Indexes the records (first call on an empty store). */
  build(records: BenchRecord[], progress: (done: number) => void): Promise<void>;
  /** Makes what `build` did durable (serialise + write, or commit). */
  save(): Promise<void>;
  /** In a fresh page: everything needed before the first query. */
  load(): Promise<void>;
  /** Top-k paper ids, best first. */
  query(text: string, k: number): Promise<string[]>;
}

export type EngineFactory = () => SearchEngine;
