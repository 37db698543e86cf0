/**
 * The similarity floor: below it a corpus paper is never shown or sent as related (answers without
 * a model rating, every fallback, the abs strip, the listing badges). Calibrated on the reader's
 * own corpus, because chance similarity depends on it: a corpus harvested around one word
 * ("testing") makes every paper share that word's terms with many others. How: see
 * lib/corpus/README.md ("The similarity floor").
 *
 * The value is kept in `meta` with the corpus size it was measured at and measured again when
 * the corpus grew or shrank by a quarter (or when the index was rebuilt).
 */
import { getDb } from '../db';
import { readIndexMeta } from './indexer';
import { relatedPapers } from './retrieval';
import type { StoredPaper } from './rows';

/** The floor of a corpus too small or too uniform to measure (the cs-74k calibration, lib/badges/rank.ts). */
export const BASE_FLOOR = 0.05;
/** The floor never goes above this (a topical corpus still lists its clear neighbours). */
export const MAX_FLOOR = 0.3;
/** Papers sampled for a calibration. */
export const FLOOR_SAMPLE = 32;
/** Neighbours looked at per sampled paper. */
export const FLOOR_NEIGHBOURS = 20;
/** Fewer chance pairs than this: not enough to measure, the base floor holds. */
export const MIN_CHANCE_PAIRS = 8;
/** The quantile of chance similarities the floor sits at. */
export const FLOOR_QUANTILE = 0.99;

const FLOOR_KEY = 'similarity-floor';

export interface FloorCalibration {
  floor: number;
  /** Category-disjoint neighbour pairs measured. */
  pairs: number;
  /** The corpus (live papers) and index instance it was measured on. */
  corpusSize: number;
  uid?: string;
  at: number;
}

/** The q-quantile of values (linear interpolation); 0 for none. */
export function quantile(values: number[], q: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}

function disjoint(a: string[], b: string[]): boolean {
  const set = new Set(a);
  return !b.some((c) => set.has(c));
}

/**
 * Measures the floor: FLOOR_SAMPLE papers spread evenly over the corpus each look up their
 * FLOOR_NEIGHBOURS nearest papers (the strip's own query); a neighbour that shares no category
 * with the paper is a chance match, and the floor is the FLOOR_QUANTILE quantile of those
 * similarities, kept between BASE_FLOOR and MAX_FLOOR.
 */
export async function measureFloor(now = Date.now()): Promise<FloorCalibration> {
  const db = getDb();
  const meta = await readIndexMeta(db.meta);
  const size = meta.live;
  const base: FloorCalibration = {
    floor: BASE_FLOOR,
    pairs: 0,
    corpusSize: size,
    ...(meta.uid ? { uid: meta.uid } : {}),
    at: now,
  };
  if (size < 4) return base;
  // Evenly over the doc numbers (an index lookup each; tombstones skipped to the next paper).
  const step = Math.max(1, meta.nextDoc / FLOOR_SAMPLE);
  const sample: StoredPaper[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < FLOOR_SAMPLE; i++) {
    const paper = await db.papers
      .where('n')
      .aboveOrEqual(Math.floor(i * step))
      .first();
    if (paper && !seen.has(paper.id)) {
      seen.add(paper.id);
      sample.push(paper);
    }
  }
  const chance: number[] = [];
  for (const paper of sample) {
    const cats = paper.categories.length ? paper.categories : [paper.primaryCategory];
    const near = await relatedPapers(paper, FLOOR_NEIGHBOURS);
    for (const s of near) {
      const sc = s.categories.length ? s.categories : [s.primaryCategory];
      if (s.id !== paper.id && disjoint(cats, sc)) chance.push(s.similarity);
    }
  }
  if (chance.length < MIN_CHANCE_PAIRS) return { ...base, pairs: chance.length };
  const floor = Math.min(MAX_FLOOR, Math.max(BASE_FLOOR, quantile(chance, FLOOR_QUANTILE)));
  return { ...base, floor: Math.round(floor * 1000) / 1000, pairs: chance.length };
}

function stale(c: FloorCalibration | undefined, size: number, uid: string | undefined): boolean {
  if (!c || typeof c.floor !== 'number') return true;
  if ((c.uid ?? '') !== (uid ?? '')) return true;
  if (c.corpusSize === 0) return size > 0;
  return Math.abs(size - c.corpusSize) / c.corpusSize > 0.25 || (c.corpusSize < 4 && size >= 4);
}

let inFlight: Promise<number> | null = null;

/** The corpus's similarity floor: the stored calibration, measured again when stale. */
export async function similarityFloor(): Promise<number> {
  const db = getDb();
  const [row, meta] = await Promise.all([db.meta.get(FLOOR_KEY), readIndexMeta(db.meta)]);
  const cal = row?.value as FloorCalibration | undefined;
  if (!stale(cal, meta.live, meta.uid)) return (cal as FloorCalibration).floor;
  inFlight ??= measureFloor()
    .then(async (c) => {
      await db.meta.put({ key: FLOOR_KEY, value: c });
      return c.floor;
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** The stored calibration, if any (for the options page and tests). */
export async function floorCalibration(): Promise<FloorCalibration | undefined> {
  return (await getDb().meta.get(FLOOR_KEY))?.value as FloorCalibration | undefined;
}

let quick: { floor: number; at: number } | null = null;
/** How long the strip and badges reuse the floor they read without reading it again. */
const QUICK_TTL_MS = 30_000;

/**
 * The floor for the page features (abs strip, listing badges), which must not wait for a
 * calibration: the stored value even when stale (a new measurement then starts in the
 * background), BASE_FLOOR when none was ever measured.
 */
export async function pageFloor(now = Date.now()): Promise<number> {
  if (quick && now - quick.at < QUICK_TTL_MS) return quick.floor;
  const db = getDb();
  const [row, meta] = await Promise.all([db.meta.get(FLOOR_KEY), readIndexMeta(db.meta)]);
  const cal = row?.value as FloorCalibration | undefined;
  if (stale(cal, meta.live, meta.uid)) void similarityFloor().catch(() => undefined);
  const floor = typeof cal?.floor === 'number' ? cal.floor : BASE_FLOOR;
  quick = { floor, at: now };
  return floor;
}
