/**
 * Runs inside a benchmark page: loads the corpus (streamed, gunzipped and parsed in the page),
 * builds/loads one engine and times its queries. Node drives it through `window.__bench`.
 */
import type { Paper } from '../../../lib/arxiv/schema';
import type { BenchRecord, SearchEngine } from '../engines/engine-types';
import { deriveRecords, kaggleToRecord, makeQueries, type BenchQuery } from './data';

export interface CorpusSpec {
  url: string;
  /** Total size of the corpus; records beyond the real ones are derived. 0 = real only. */
  total: number;
  seed: number;
  queryCount: number;
  warmupCount: number;
}

export interface LoadedCorpus {
  real: number;
  derived: number;
  malformed: number;
  parseMs: number;
  queries: BenchQuery[];
  warmups: BenchQuery[];
}

export interface BuildResult {
  count: number;
  importMs: number;
  buildMs: number;
  saveMs: number;
  usageBefore: number;
  usageAfter: number;
  settings: string;
  detail: string;
}

export interface ColdResult {
  loadMs: number;
  queryMs: number;
  totalMs: number;
  ids: string[];
}

export interface WarmResult {
  loadMs: number;
  times: number[];
  ids: string[][];
}

/** Extra path for engines that import the Kaggle file themselves (ours). */
export interface FileImporter {
  importFile(
    url: string,
    progress: (done: number) => void,
  ): Promise<{ kept: number; detail: string }>;
}

/** One entry of a listing page as the background's `corpus/badges` handler passes it on. */
export interface BadgeItem {
  id?: string;
  title: string;
  abstract?: string;
}

/** Extra path for engines that answer a listing page's badges (ours: lib/corpus). */
export interface ListingBadges {
  /** Stores a paper the reader opened, as the product's writer does (sets `openedAt`). */
  markOpened(paper: Paper): Promise<void>;
  /** One listing page's matches: what `corpus/badges` computes for its entries. */
  matchListing(items: BadgeItem[]): Promise<Array<{ inCorpus: boolean; similarity: number }>>;
}

/** What a page's matches said: entries in the corpus, entries with a similarity, the best one. */
export interface BadgesSummary {
  inCorpus: number;
  similar: number;
  maxSimilarity: number;
}

export interface BadgesColdResult extends BadgesSummary {
  loadMs: number;
  matchMs: number;
  totalMs: number;
}

export interface BadgesWarmResult extends BadgesSummary {
  times: number[];
}

export interface BenchDriver {
  engine: string;
  loadCorpus(spec: CorpusSpec): Promise<LoadedCorpus>;
  build(opts: { fileUrl?: string }): Promise<BuildResult>;
  cold(text: string, k: number): Promise<ColdResult>;
  warm(warmups: string[], queries: string[], k: number): Promise<WarmResult>;
  usage(): Promise<number>;
  wipe(): Promise<string[]>;
  /** Engines with ListingBadges only. */
  markOpened(paper: Paper): Promise<void>;
  /** A fresh page: open + one listing page's matches. Engines with ListingBadges only. */
  badgesCold(items: BadgeItem[]): Promise<BadgesColdResult>;
  /** One page: `warmups` untimed calls, then `runs` timed ones. Engines with ListingBadges only. */
  badgesWarm(items: BadgeItem[], warmups: number, runs: number): Promise<BadgesWarmResult>;
}

declare global {
  interface Window {
    __bench?: BenchDriver;
  }
}

export async function* kaggleLines(url: string): AsyncGenerator<string> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`fetch ${url}: HTTP ${res.status}`);
  let body = res.body as ReadableStream<Uint8Array<ArrayBuffer>>;
  if (url.endsWith('.gz')) {
    body = body.pipeThrough(new DecompressionStream('gzip')) as ReadableStream<
      Uint8Array<ArrayBuffer>
    >;
  }
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let rest = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += value;
    const lines = rest.split('\n');
    rest = lines.pop()!;
    for (const l of lines) if (l.trim()) yield l;
  }
  if (rest.trim()) yield rest;
}

async function usage(): Promise<number> {
  const e = await navigator.storage.estimate();
  return e.usage ?? 0;
}

function summarise(matches: Array<{ inCorpus: boolean; similarity: number }>): BadgesSummary {
  return {
    inCorpus: matches.filter((m) => m.inCorpus).length,
    similar: matches.filter((m) => m.similarity > 0).length,
    maxSimilarity: Math.max(0, ...matches.map((m) => m.similarity)),
  };
}

export function installDriver(
  engine: SearchEngine & Partial<FileImporter> & Partial<ListingBadges>,
): void {
  const badges = (): ListingBadges => {
    if (!engine.markOpened || !engine.matchListing) {
      throw new Error(`${engine.name} does not answer listing badges`);
    }
    return engine as ListingBadges;
  };
  let real: BenchRecord[] = [];
  let derived: BenchRecord[] = [];
  let loaded = false;
  const log = (msg: string) => console.log(`[${engine.name}] ${msg}`);
  const every = (n: number) => {
    let next = n;
    return (done: number) => {
      if (done >= next) {
        log(`${done.toLocaleString('en-US')} papers`);
        while (next <= done) next += n;
      }
    };
  };

  window.__bench = {
    engine: engine.name,
    async loadCorpus(spec) {
      const t0 = performance.now();
      let malformed = 0;
      real = [];
      for await (const line of kaggleLines(spec.url)) {
        try {
          const r = kaggleToRecord(line);
          if (r) real.push(r);
          else malformed++;
        } catch {
          malformed++;
        }
      }
      derived =
        spec.total > real.length ? deriveRecords(real, spec.total - real.length, spec.seed) : [];
      const all = derived.length ? [...real, ...derived] : real;
      return {
        real: real.length,
        derived: derived.length,
        malformed,
        parseMs: performance.now() - t0,
        queries: makeQueries(all, spec.queryCount, spec.seed + 1),
        warmups: makeQueries(all, spec.warmupCount, spec.seed + 2),
      };
    },
    async build({ fileUrl }) {
      const usageBefore = await usage();
      const t0 = performance.now();
      let buildMs = 0;
      let detail = '';
      let count = 0;
      if (fileUrl && engine.importFile) {
        const r = await engine.importFile(fileUrl, every(10000));
        count += r.kept;
        detail = r.detail;
        const t1 = performance.now();
        if (derived.length) await engine.build(derived, every(25000));
        count += derived.length;
        buildMs = performance.now() - t0;
        detail += `; file import ${((t1 - t0) / 1000).toFixed(1)} s`;
        if (derived.length)
          detail += `, derived upsert ${((performance.now() - t1) / 1000).toFixed(1)} s`;
      } else {
        const all = derived.length ? [...real, ...derived] : real;
        await engine.build(all, every(25000));
        count = all.length;
        buildMs = performance.now() - t0;
      }
      const t2 = performance.now();
      await engine.save();
      const saveMs = performance.now() - t2;
      const importMs = performance.now() - t0;
      loaded = true;
      return {
        count,
        importMs,
        buildMs,
        saveMs,
        usageBefore,
        usageAfter: await usage(),
        settings: engine.settings,
        detail,
      };
    },
    async cold(text, k) {
      const t0 = performance.now();
      await engine.load();
      const t1 = performance.now();
      const ids = await engine.query(text, k);
      const t2 = performance.now();
      loaded = true;
      return { loadMs: t1 - t0, queryMs: t2 - t1, totalMs: t2 - t0, ids };
    },
    async warm(warmups, queries, k) {
      const t0 = performance.now();
      if (!loaded) await engine.load();
      const loadMs = performance.now() - t0;
      loaded = true;
      for (const w of warmups) await engine.query(w, k);
      const times: number[] = [];
      const ids: string[][] = [];
      for (const q of queries) {
        const s = performance.now();
        ids.push(await engine.query(q, k));
        times.push(performance.now() - s);
      }
      return { loadMs, times, ids };
    },
    usage,
    async markOpened(paper) {
      await badges().markOpened(paper);
    },
    async badgesCold(items) {
      const b = badges();
      const t0 = performance.now();
      await engine.load();
      const t1 = performance.now();
      const matches = await b.matchListing(items);
      const t2 = performance.now();
      loaded = true;
      return { loadMs: t1 - t0, matchMs: t2 - t1, totalMs: t2 - t0, ...summarise(matches) };
    },
    async badgesWarm(items, warmups, runs) {
      const b = badges();
      if (!loaded) await engine.load();
      loaded = true;
      for (let i = 0; i < warmups; i++) await b.matchListing(items);
      const times: number[] = [];
      let matches: Awaited<ReturnType<ListingBadges['matchListing']>> = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        matches = await b.matchListing(items);
        times.push(performance.now() - s);
      }
      return { times, ...summarise(matches) };
    },
    async wipe() {
      const names = (await indexedDB.databases())
        .map((d) => d.name)
        .filter((n): n is string => !!n);
      for (const n of names) {
        await new Promise<void>((resolve, reject) => {
          const r = indexedDB.deleteDatabase(n);
          r.onsuccess = () => resolve();
          r.onerror = () => reject(r.error ?? new Error(`deleteDatabase ${n} failed`));
          r.onblocked = () =>
            reject(new Error(`deleteDatabase ${n} blocked by an open connection`));
        });
      }
      return names;
    },
  };
}
