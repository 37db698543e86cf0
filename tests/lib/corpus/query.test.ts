import { afterEach, expect, it } from 'vitest';
import { upsertPapers } from '@/lib/corpus';
import { txTables, type IndexTables } from '@/lib/corpus/indexer';
import { indexTables, papersByDoc, readNorms, readTermRows } from '@/lib/corpus/query';
import { getDb, resetDbForTests } from '@/lib/db';
import { fixtureRecords } from './helpers';

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
  });
});
