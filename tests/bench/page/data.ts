/**
 * The benchmark's data, made the same way in every page: Kaggle lines -> records, the derived
 * corpus (synthetic records with ids that cannot collide with real arXiv ids) and the seeded
 * queries. Pure functions (also used by tests/bench/lib/data.test.ts).
 */
import type { BenchRecord } from '../engines/engine-types';

/** mulberry32: a small seeded PRNG, deterministic across engines and runs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clean = (s: unknown) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : '');

/** One line of the Kaggle snapshot as a record, or undefined when it has no id/title. */
export function kaggleToRecord(line: string): BenchRecord | undefined {
  const o = JSON.parse(line) as Record<string, unknown>;
  const id = clean(o.id);
  const title = clean(o.title);
  if (!id || !title) return undefined;
  const versions = Array.isArray(o.versions)
    ? (o.versions as Array<{ version?: string; created?: string }>)
    : [];
  const last = versions[versions.length - 1];
  const v = last?.version ? Number(last.version.replace(/^v/, '')) : NaN;
  const first = versions[0]?.created ? new Date(versions[0].created) : undefined;
  const authors = Array.isArray(o.authors_parsed)
    ? (o.authors_parsed as string[][]).map((a) =>
        clean([a[1], a[0], a[2]].filter(Boolean).join(' ')),
      )
    : clean(o.authors)
        .split(/,\s*|\s+and\s+/)
        .filter(Boolean);
  return {
    id,
    version: Number.isInteger(v) && v >= 1 ? v : null,
    title,
    authors,
    abstract: clean(o.abstract),
    categories: clean(o.categories).split(' ').filter(Boolean),
    published:
      first && !Number.isNaN(first.getTime()) ? first.toISOString().slice(0, 10) : undefined,
    updated: clean(o.update_date) || undefined,
    origin: 'import',
  };
}

/**
 * Id of the j-th derived record: `99MM.NNNNN` (MM from 01). New-style arXiv ids started at 0704,
 * so 99xx would be the year 2099: no real paper has such an id.
 */
export function derivedId(j: number): string {
  const month = Math.floor(j / 100000) + 1;
  if (month > 12) throw new Error('derivedId: at most 1.2M derived records');
  return `99${String(month).padStart(2, '0')}.${String(j % 100000).padStart(5, '0')}`;
}

export const isDerivedId = (id: string) => /^99(0[1-9]|1[0-2])\.\d{5}$/.test(id);

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * `count` synthetic records from the real ones: each takes a random real "base" paper's
 * categories, authors and title words (shuffled), and an abstract made of the base's words plus
 * a third of another random paper's words, shuffled. Marked `origin: 'derived'`.
 */
export function deriveRecords(real: BenchRecord[], count: number, seed: number): BenchRecord[] {
  if (real.length === 0) throw new Error('deriveRecords: no real records');
  const rand = rng(seed);
  const out: BenchRecord[] = new Array(count);
  for (let j = 0; j < count; j++) {
    const base = real[Math.floor(rand() * real.length)]!;
    const donor = real[Math.floor(rand() * real.length)]!;
    const donorWords = donor.abstract.split(' ').filter(() => rand() < 1 / 3);
    out[j] = {
      id: derivedId(j),
      version: 1,
      title: shuffle(base.title.split(' '), rand).join(' '),
      authors: base.authors,
      abstract: shuffle([...base.abstract.split(' '), ...donorWords], rand).join(' '),
      categories: base.categories,
      published: base.published,
      updated: base.updated,
      origin: 'derived',
    };
  }
  return out;
}

export interface BenchQuery {
  text: string;
  /** The paper whose abstract the query was cut from. */
  sourceId: string;
}

/** `count` queries of 6-12 consecutive abstract words, from papers picked with the seed. */
export function makeQueries(records: BenchRecord[], count: number, seed: number): BenchQuery[] {
  const rand = rng(seed);
  const out: BenchQuery[] = [];
  let guard = 0;
  while (out.length < count) {
    if (++guard > count * 100) throw new Error('makeQueries: corpus has too few abstracts');
    const r = records[Math.floor(rand() * records.length)]!;
    const words = r.abstract.split(' ').filter(Boolean);
    const len = 6 + Math.floor(rand() * 7);
    if (words.length < len + 2) continue;
    const start = Math.floor(rand() * (words.length - len));
    out.push({ text: words.slice(start, start + len).join(' '), sourceId: r.id });
  }
  return out;
}
