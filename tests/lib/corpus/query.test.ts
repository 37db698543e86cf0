import fc from 'fast-check';
import { afterEach, expect, it } from 'vitest';
import { upsertPapers } from '@/lib/corpus';
import { newestGroupRow, txTables, type IndexTables } from '@/lib/corpus/idb-tables';
import {
  groupBlocks,
  indexTables,
  papersByDoc,
  papersById,
  readNorms,
  readTermRows,
} from '@/lib/corpus/query';
import { BLOCK_SIZE } from '@/lib/corpus/postings';
import { emptyIndexMeta } from '@/lib/corpus/rows';
import { getDb, resetDbForTests } from '@/lib/db';
import { fixtureRecords } from './corpus-helpers';

afterEach(resetDbForTests);

it('reads the same rows through Dexie when a transaction gives no IndexedDB handle', async () => {
  // The query path reads through Dexie's own IndexedDB transaction (`idbtrans`, not part of
  // Dexie's typed API); without it, the same reads go through Dexie's tables.
  const records = fixtureRecords();
  await upsertPapers(records);
  const db = getDb();
  await db.transaction('r', indexTables(db), async (tx) => {
    const T = txTables(tx);
    expect(T.idb).toBeDefined();
    const bare: IndexTables = {
      papers: T.papers,
      postings: T.postings,
      norms: T.norms,
      meta: T.meta,
    };
    const terms = ['quantum', 'field', 'gauge', 'no-such-term-anywhere'];
    const viaIdb = await readTermRows(T, terms);
    expect(viaIdb.some((t) => t.rows.length > 0)).toBe(true);
    expect(await readTermRows(bare, terms)).toEqual(viaIdb);
    const ns = [0, 1, 2, 57, records.length - 1, records.length + 10];
    expect(await readNorms(bare, ns)).toEqual(await readNorms(T, ns));
    const papers = await papersByDoc(T, ns);
    expect(papers.size).toBe(5);
    expect(await papersByDoc(bare, ns)).toEqual(papers);
    const groups = [0, 1, 7, 100, 2048, 4095];
    const newest = await Promise.all(groups.map((g) => newestGroupRow(T, g, 0)));
    expect(newest.filter(Boolean).length).toBeGreaterThan(3);
    expect(await Promise.all(groups.map((g) => newestGroupRow(bare, g, 0)))).toEqual(newest);
  });
});

it('papersById gives what a read per id gives, whatever the span of the ids and the cap', async () => {
  // Ids span anything from a day's listing to the whole corpus; `cap` below the number of keys
  // in the span leaves ids past the last key returned to reads of their own.
  const records = fixtureRecords();
  await upsertPapers(records);
  const stored = records.map((r) => r.id).sort();
  const absent = ['0000.00001', '0704.0000', '0704.99999', '9999.99999', 'hep-th/0000001', 'zz'];
  const db = getDb();
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.oneof(
          fc.constantFrom(...stored),
          fc.constantFrom(...absent),
          fc.constant(null),
          fc.integer({ min: 0, max: stored.length - 2 }).map((i) => `${stored[i]}a`),
        ),
        { maxLength: 60 },
      ),
      fc.constantFrom(1, 2, 3, 7, 50, 2048),
      async (ids, cap) => {
        await db.transaction('r', db.papers, async (tx) => {
          const T = txTables(tx);
          const want = await T.papers.bulkGet(ids.map((b) => b ?? '\u0000'));
          const got = await papersById(T, ids, cap);
          expect(got.map((p) => p?.id)).toEqual(want.map((p) => p?.id));
          expect(got).toEqual(want);
        });
      },
    ),
    { numRuns: 150 },
  );
});

it('plans single row reads for a group where the blocks between hold no postings', () => {
  const meta = (nextDoc: number, merged?: number) => ({
    ...emptyIndexMeta(),
    nextDoc,
    ...(merged === undefined ? {} : { merged }),
  });
  expect(groupBlocks(meta(0))).toBeUndefined(); // nothing indexed
  expect(groupBlocks(meta(1))).toEqual([0]);
  expect(groupBlocks(meta(BLOCK_SIZE))).toEqual([0]);
  expect(groupBlocks(meta(BLOCK_SIZE + 1))).toEqual([0, 1]);
  // Three blocks, never merged: any of them may hold rows, one range read instead.
  expect(groupBlocks(meta(3 * BLOCK_SIZE))).toBeUndefined();
  // Every posting in block 0 (the 1M benchmark after its import, newest block 30): one row.
  expect(groupBlocks(meta(1_000_000, 31))).toEqual([0]);
  // Written on into block 30 since, or into the next: two rows; two blocks past the merge: three
  // rows, one range read.
  expect(groupBlocks(meta(1_000_000, 30))).toEqual([0, 30]);
  expect(groupBlocks(meta(31 * BLOCK_SIZE + 1, 31))).toEqual([0, 31]);
  expect(groupBlocks(meta(32 * BLOCK_SIZE + 1, 31))).toBeUndefined();
});
