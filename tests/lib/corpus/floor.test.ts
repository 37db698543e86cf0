import { beforeEach, describe, expect, it } from 'vitest';
import { relatedPapers, upsertPapers } from '@/lib/corpus';
import {
  BASE_FLOOR,
  floorCalibration,
  measureFloor,
  pageFloor,
  quantile,
  similarityFloor,
} from '@/lib/corpus/floor';
import { resetDbForTests } from '@/lib/db';
import { attentionRecord, loadTestingCorpus } from '../retrieval/retrieval-helpers';
import { fixtureRecords } from './corpus-helpers';

beforeEach(async () => {
  await resetDbForTests();
});

describe('similarity floor calibrated on the corpus', () => {
  it('quantile interpolates', () => {
    expect(quantile([], 0.5)).toBe(0);
    expect(quantile([0, 1], 0.5)).toBe(0.5);
    expect(quantile([3, 1, 2], 1)).toBe(3);
  });

  it('an empty or tiny corpus keeps the base floor', async () => {
    expect((await measureFloor()).floor).toBe(BASE_FLOOR);
    expect(await pageFloor(0)).toBe(BASE_FLOOR);
  });

  it('a corpus harvested around one word gets a higher floor that keeps its chance matches out', async () => {
    await loadTestingCorpus();
    const cal = await measureFloor();
    expect(cal.pairs).toBeGreaterThanOrEqual(50);
    expect(cal.floor).toBeGreaterThan(BASE_FLOOR);
    // The Transformer paper against 100 "testing" papers: what the old 0.05 floor let through
    // (the 6-15 % unit-testing papers) is now mostly below the floor.
    const near = await relatedPapers(attentionRecord(), 10);
    const oldShown = near.filter((s) => s.similarity >= BASE_FLOOR);
    const nowShown = near.filter((s) => s.similarity >= cal.floor);
    expect(oldShown.length).toBeGreaterThanOrEqual(3);
    expect(nowShown.length).toBeLessThanOrEqual(1);
  });

  it('is stored, reused, and measured again when the corpus grew by a quarter', async () => {
    const recs = fixtureRecords();
    await upsertPapers(recs.slice(0, 100));
    const first = await similarityFloor();
    const stored = await floorCalibration();
    expect(stored?.floor).toBe(first);
    expect(stored?.corpusSize).toBe(100);
    await upsertPapers(recs.slice(100, 110));
    await similarityFloor();
    expect((await floorCalibration())?.corpusSize).toBe(100);
    await upsertPapers(recs.slice(110, 200));
    await similarityFloor();
    expect((await floorCalibration())?.corpusSize).toBe(200);
  });
});
