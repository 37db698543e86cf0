/**
 * Shared by the corpus tests: the fixture papers, and a brute-force reference of the ranking
 * and similarity the index should produce (computed from the papers alone, no index).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzePaper } from '@/lib/corpus/analyze';
import { parseKaggleLine } from '@/lib/corpus/kaggle-import';
import { idf } from '@/lib/corpus/postings';
import type { PaperRecord } from '@/lib/corpus/schema';

export const FIXTURES = path.resolve(__dirname, '../../fixtures');
export const SNAPSHOT_200 = path.join(FIXTURES, 'corpus/kaggle-snapshot-first200.jsonl');

export function snapshotText(): string {
  return readFileSync(SNAPSHOT_200, 'utf8');
}

/** The 200 fixture papers as records (addedAt fixed). */
export function fixtureRecords(): PaperRecord[] {
  return snapshotText()
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const p = parseKaggleLine(l, 1_700_000_000_000);
      if (!p.ok) throw new Error(p.reason);
      return p.record;
    });
}

/** Deterministic PRNG (mulberry32). */
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

/**
 * Derived test papers (not real: words of the fixture abstracts drawn at random), with ids
 * 9901.NNNNN. Small texts so that thousands fit in a quick test.
 */
export function derivedRecords(count: number, seed = 7, first = 1): PaperRecord[] {
  const words = [
    ...new Set(
      fixtureRecords()
        .flatMap((r) => r.abstract.split(/\s+/))
        .map((w) => w.replace(/[^A-Za-z-]/g, '').toLowerCase())
        .filter((w) => w.length > 3),
    ),
  ];
  const rand = rng(seed);
  const pick = () => words[Math.floor(rand() ** 2 * words.length)] as string; // skewed like text
  const out: PaperRecord[] = [];
  for (let i = 0; i < count; i++) {
    const id = `9901.${String(first + i).padStart(5, '0')}`;
    out.push({
      id,
      version: 1,
      title: Array.from({ length: 3 + Math.floor(rand() * 4) }, pick).join(' '),
      authors: ['Derived Author'],
      abstract: Array.from({ length: 8 + Math.floor(rand() * 12) }, pick).join(' '),
      categories: ['derived.XX'],
      primaryCategory: 'derived.XX',
      origin: 'derived',
      addedAt: 1,
    });
  }
  return out;
}

export interface Expected {
  id: string;
  score: number;
  similarity: number;
}

/**
 * BM25F ranking and cosine similarity computed directly from the papers: what the index must
 * return (same tie-break: earlier indexed first, i.e. `order` index).
 */
export function bruteForce(
  papers: PaperRecord[],
  weights: Map<string, number>,
  k: number,
): Expected[] {
  const analysed = papers.map((p) => analyzePaper(p.title, p.abstract));
  const df = new Map<string, number>();
  for (const a of analysed) for (const t of a.terms) df.set(t, (df.get(t) ?? 0) + 1);
  const n = papers.length;
  const idfOf = (t: string) => idf(df.get(t) ?? 0, Math.max(n, 1));
  let qsq = 0;
  for (const [t, w] of weights) qsq += (w * idfOf(t)) ** 2;
  const out: Array<Expected & { order: number }> = [];
  analysed.forEach((a, i) => {
    let score = 0;
    let dot = 0;
    let dsq = 0;
    a.terms.forEach((t, j) => {
      const imp = (a.impacts[j] as number) / 255;
      const f = idfOf(t);
      dsq += (imp * f) ** 2;
      const w = weights.get(t);
      if (w !== undefined) {
        score += w * f * imp;
        dot += w * f * imp * f;
      }
    });
    if (score > 0) {
      out.push({
        id: (papers[i] as PaperRecord).id,
        score,
        similarity: Math.min(1, dot / (Math.sqrt(qsq) * Math.sqrt(dsq))),
        order: i,
      });
    }
  });
  out.sort((a, b) => b.score - a.score || a.order - b.order);
  return out.slice(0, k).map(({ id, score, similarity }) => ({ id, score, similarity }));
}
