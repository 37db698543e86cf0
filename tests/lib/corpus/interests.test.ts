import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListingEntry, Paper } from '@/lib/arxiv/schema';
import { corpusCount, matchInterests, storedOnly } from '@/lib/corpus/interests';
import {
  corpusSize,
  interestMatches,
  refreshNorms,
  removePapers,
  savePaperFromPage,
  upsertPapers,
} from '@/lib/corpus';
import type { PaperRecord } from '@/lib/corpus/schema';
import { getDb, resetDbForTests } from '@/lib/db';
import { BLOCK_SIZE } from '@/lib/corpus/postings';
import { derivedRecords, fixtureRecords } from './corpus-helpers';
import { readPage } from '../badges/pages';

afterEach(resetDbForTests);

const abs = readPage('abs').paper as Paper;
const listing = readPage('listing').entries as ListingEntry[];
const search = readPage('search').entries as ListingEntry[];
const snapshot = fixtureRecords();

/** A search result as a corpus record, with what the search page shows of it. */
function record(e: ListingEntry): PaperRecord {
  return {
    id: e.id,
    version: e.version,
    title: e.title,
    authors: e.authors,
    abstract: e.abstract ?? '',
    categories: e.categories,
    primaryCategory: e.categories[0] ?? '',
    origin: 'import',
    addedAt: 1_700_000_000_000,
  };
}

/** The reference implementation's answer and ours agree exactly. */
async function expectSame(items: Array<{ id?: string; title: string; abstract?: string }>) {
  const want = await interestMatches(items);
  const got = await matchInterests(items);
  expect(got).toHaveLength(items.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    expect(g.inCorpus, `item ${i}`).toBe(w.inCorpus);
    expect(g.similarity, `item ${i}`).toBeCloseTo(w.similarity, 12);
    expect(g.closest?.id, `item ${i}`).toBe(w.closest?.id);
  });
  return got;
}

describe('matchInterests', () => {
  beforeEach(async () => {
    // 200 papers of the Kaggle snapshot (physics, maths) and 20 results of the search page.
    await upsertPapers([...snapshot, ...search.slice(0, 20).map(record)]);
    // The reader opened the Transformer paper and two snapshot papers.
    await savePaperFromPage(abs);
    for (const r of snapshot.slice(0, 2)) {
      await savePaperFromPage({ ...r, sections: [], references: [] });
    }
  });

  it('gives the same numbers as lib/corpus for the listing page (titles only)', async () => {
    const got = await expectSame(listing.map((e) => ({ id: e.id, title: e.title })));
    expect(got.some((m) => m.similarity > 0)).toBe(true);
    expect(got.every((m) => !m.inCorpus)).toBe(true);
  });

  it('gives the same numbers for the search page (abstracts; some results stored)', async () => {
    const got = await expectSame(
      search.map((e) => ({ id: e.id, title: e.title, abstract: e.abstract })),
    );
    expect(got.filter((m) => m.inCorpus)).toHaveLength(20);
    // The most similar result is closest to the Transformer paper, not to the physics ones.
    const top = got.reduce((a, b) => (b.similarity > a.similarity ? b : a));
    expect(top.similarity).toBeGreaterThan(0.05);
    expect(top.closest?.id).toBe(abs.id);
    // A stored entry comes with its stored paper.
    const i = got.findIndex((m) => m.inCorpus);
    expect(got[i]?.paper?.title).toBe(search[i]?.title);
  });

  it('never matches an opened paper with itself', async () => {
    const got = await expectSame([{ id: abs.id, title: abs.title, abstract: abs.abstract }]);
    expect(got[0]?.inCorpus).toBe(true);
    expect(got[0]?.closest?.id).not.toBe(abs.id);
  });

  it('stays exact after the corpus changes (no stale document frequencies)', async () => {
    const items = listing.map((e) => ({ id: e.id, title: e.title }));
    await expectSame(items);
    await upsertPapers(search.slice(20).map(record));
    await expectSame(items);
    await removePapers(search.slice(0, 10).map((e) => e.id));
    await expectSame(items);
  });

  it('stays exact over several blocks, before and after the norm refresh merges their rows', async () => {
    // Enough papers for three blocks of doc numbers: each term group gets a row per block, until
    // refreshNorms moves every posting to block 0 (the newest rows keep the document frequencies
    // the badges read); then a write appends to the newest block's rows.
    const derived = derivedRecords(2 * BLOCK_SIZE + 200, 11, 1);
    for (let i = 0; i < derived.length; i += 12_000) {
      await upsertPapers(derived.slice(i, i + 12_000), { deferNormRefresh: true });
    }
    const items = [
      ...listing.map((e) => ({ id: e.id, title: e.title })),
      ...derived.slice(-30).map((r) => ({ title: r.title, abstract: r.abstract })),
    ];
    const blocks = async () =>
      new Set((await getDb().postings.toCollection().primaryKeys()).map((k) => k[1]));
    expect(await blocks()).toEqual(new Set([0, 1, 2]));
    await expectSame(items);
    expect(await refreshNorms()).toBe(true);
    const rows = await getDb().postings.toArray();
    expect(rows.filter((r) => r.b > 0 && r.p.length > 0)).toEqual([]);
    expect(rows.some((r) => r.b === 2)).toBe(true);
    await expectSame(items);
    await upsertPapers(derivedRecords(300, 12, 90_000), { deferNormRefresh: true });
    await expectSame(items);
  }, 180_000);

  it('follows the papers the reader opens and removes (no stale interest vectors)', async () => {
    const items = search.slice(20).map((e) => ({ id: e.id, title: e.title, abstract: e.abstract }));
    const before = await expectSame(items);
    // Opening one of the entries makes it an interest: the others now meet it too.
    const opened = search[25]!;
    await savePaperFromPage({
      ...abs,
      id: opened.id,
      version: opened.version,
      title: opened.title,
      authors: opened.authors,
      abstract: opened.abstract ?? '',
      categories: opened.categories,
      sections: [],
      references: [],
    });
    const after = await expectSame(items);
    expect(after.some((m) => m.closest?.id === opened.id)).toBe(true);
    expect(before.some((m) => m.closest?.id === opened.id)).toBe(false);
    // Removing the Transformer paper takes it out of the interests.
    await removePapers([abs.id]);
    const gone = await expectSame(items);
    expect(gone.some((m) => m.closest?.id === abs.id)).toBe(false);
  });
});

describe('without interests', () => {
  it('says what is stored, with no similarity', async () => {
    await upsertPapers(search.slice(0, 3).map(record));
    const items = search.slice(0, 5).map((e) => ({ id: e.id, title: e.title }));
    const got = await matchInterests(items);
    expect(got.map((m) => m.inCorpus)).toEqual([true, true, true, false, false]);
    expect(got.every((m) => m.similarity === 0 && !m.closest)).toBe(true);
    expect(await matchInterests([])).toEqual([]);
  });
});

describe('storedOnly and corpusCount', () => {
  it('reads the stored papers and counts the corpus like corpusSize', async () => {
    expect(await corpusCount()).toBe(0);
    await upsertPapers(snapshot.slice(0, 30));
    expect(await corpusCount()).toBe(await corpusSize());
    await savePaperFromPage(abs);
    expect(await corpusCount()).toBe(31);
    await removePapers([snapshot[0]!.id]);
    expect(await corpusCount()).toBe(await corpusSize());
    const got = await storedOnly([
      { id: abs.id, title: '' },
      { id: snapshot[0]!.id, title: '' },
      { title: 'no id' },
    ]);
    expect(got.map((m) => m.inCorpus)).toEqual([true, false, false]);
    expect(got[0]?.paper).toEqual({
      id: abs.id,
      title: abs.title,
      abstract: abs.abstract,
      primaryCategory: abs.categories[0],
    });
  });
});
