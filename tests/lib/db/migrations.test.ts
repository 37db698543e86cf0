import Dexie, { type DBCore, type DBCoreMutateRequest, type Middleware } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { AntigravityDB, DB_NAME, SCHEMA_VERSIONS } from '@/lib/db/schema';
import { getDb, resetDbForTests } from '@/lib/db';
import { upsertPapers } from '@/lib/corpus/store';
import type { Thread, Turn } from '@/lib/answer/schema';
import type { PaperRecord } from '@/lib/corpus/schema';
import { queryWeights } from '@/lib/corpus/analyze';
import { readIndexMeta, rebuildIndexInTx } from '@/lib/corpus/indexer';
import { txTables } from '@/lib/corpus/idb-tables';
import { plainRecord } from '@/lib/corpus/rows';
import { rank } from '@/lib/corpus/query';
import {
  pendingRebuild,
  pendingTitleHashes,
  resumeIndexRebuild,
  resumeTitleHashes,
} from '@/lib/corpus/rebuild';
import { titleKey } from '@/lib/corpus/tokenize';
import { titleHash } from '@/lib/db/title-hash';
import type { StoredPaper } from '@/lib/corpus/rows';
import { bruteForce, derivedRecords, fixtureRecords } from '../corpus/corpus-helpers';

const names: string[] = [];
afterEach(async () => {
  for (const n of names.splice(0)) await Dexie.delete(n);
});

function dbName(): string {
  const n = `migration-${Math.random().toString(36).slice(2)}`;
  names.push(n);
  return n;
}

const thread: Thread = {
  id: 't1',
  paperId: '0704.0001',
  paperTitle: 'Calculation of prompt diphoton production',
  title: 'Diphotons',
  createdAt: 10,
  updatedAt: 20,
};
const turn: Turn = {
  id: 'u1',
  threadId: 't1',
  paperId: '0704.0001',
  paperVersion: 2,
  question: 'What is computed?',
  answer: 'Cross sections.',
  status: 'done',
  mode: 'retrieval',
  model: 'none',
  citations: [],
  sources: [],
  followups: [],
  unverifiedIds: [],
  createdAt: 15,
};

/** The index ranks and scores `papers` (in doc-number order) like a brute-force BM25F. */
async function expectRanksLikeBruteForce(
  db: AntigravityDB,
  papers: PaperRecord[],
  queries: string[],
): Promise<void> {
  for (const q of queries) {
    const w = queryWeights(q);
    const want = bruteForce(papers, w, 5);
    const got = await rank(db, w, { k: 5 });
    expect(got.map((s) => s.id)).toEqual(want.map((e) => e.id));
    got.forEach((s, i) => expect(s.similarity).toBeCloseTo(want[i]?.similarity ?? -1, 3));
  }
}

describe('schema migrations', () => {
  it('lists versions in order, v1 unchanged', () => {
    expect(SCHEMA_VERSIONS.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    expect(SCHEMA_VERSIONS[0]?.stores).toEqual({
      papers: 'id, primaryCategory, origin, openedAt',
      threads: 'id, paperId, updatedAt',
      turns: 'id, threadId, paperId, createdAt',
      meta: 'key',
    });
  });

  it('v1 -> v4 keeps papers, threads and turns, and indexes the papers v1 stored', async () => {
    const name = dbName();
    const papers = fixtureRecords().slice(0, 60);
    const v1 = new AntigravityDB(name, SCHEMA_VERSIONS.slice(0, 1));
    await v1.open();
    await v1.transaction('rw', [v1.papers, v1.threads, v1.turns, v1.meta], async () => {
      await v1.papers.bulkPut(papers);
      await v1.threads.put(thread);
      await v1.turns.put(turn);
      await v1.meta.put({ key: 'settings-seen', value: { at: 1 } });
    });
    expect(v1.verno).toBe(1);
    v1.close();

    const v2 = new AntigravityDB(name);
    await v2.open();
    expect(v2.verno).toBe(5);
    expect(await resumeIndexRebuild(v2)).toMatchObject({ done: true, indexed: 60 });
    expect((await v2.papers.toArray()).map(plainRecord)).toEqual(
      [...papers].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect(await v2.threads.toArray()).toEqual([thread]);
    expect(await v2.turns.toArray()).toEqual([turn]);
    expect((await v2.meta.get('settings-seen'))?.value).toEqual({ at: 1 });

    // indexed by the upgrade: same answers as a brute-force ranking of the stored papers
    expect(await v2.papers.where('n').aboveOrEqual(0).count()).toBe(60);
    expect(v2.tables.map((t) => t.name).sort()).toEqual(
      ['meta', 'norms', 'papers', 'postings', 'threads', 'turns', 'tabPages', 'sent'].sort(),
    );
    expect(await readIndexMeta(v2.meta)).toMatchObject({
      live: 60,
      dead: 0,
      nextDoc: 60,
      normsAt: 60,
    });
    const sorted = [...papers].sort((a, b) => (a.id < b.id ? -1 : 1)); // rebuilt in id order
    await expectRanksLikeBruteForce(v2, sorted, [
      'diphoton production',
      'graph decompositions',
      'black hole',
    ]);
    v2.close();
  });

  it('v1 -> v4 on an empty database', async () => {
    const name = dbName();
    const v1 = new AntigravityDB(name, SCHEMA_VERSIONS.slice(0, 1));
    await v1.open();
    v1.close();
    const v2 = new AntigravityDB(name);
    await v2.open();
    expect(await resumeIndexRebuild(v2)).toMatchObject({ done: true, indexed: 0 });
    expect(await pendingRebuild(v2)).toBeNull();
    expect(await v2.postings.count()).toBe(0);
    expect(await rank(v2, queryWeights('quark'), { k: 5 })).toEqual([]);
    v2.close();
  });

  it('v2 -> v4 replaces the v2 index (docs, terms) by postings built from the stored papers', async () => {
    const name = dbName();
    const papers = fixtureRecords().slice(0, 40);
    const v2 = new AntigravityDB(name, SCHEMA_VERSIONS.slice(0, 2));
    await v2.open();
    await v2.transaction('rw', ['papers', 'docs', 'terms', 'norms', 'meta'], async (tx) => {
      await tx.table('papers').bulkPut(papers);
      // What a v2 release left: its own index rows, stale for v3.
      await tx.table('docs').bulkPut(papers.map((p, n) => ({ n, id: p.id, tk: 'x' })));
      await tx
        .table('terms')
        .put({ t: 'quark', b: 0, df: 1, dfBefore: 0, last: 0, p: new Uint8Array([0, 9]) });
      await tx.table('norms').put({ c: 0, v: new Float32Array(4096).fill(7) });
      await tx.table('meta').put({
        key: 'corpus-index',
        value: { nextDoc: 40, live: 40, dead: 0, gen: 5, normsAt: 40 },
      });
    });
    v2.close();

    const v3 = new AntigravityDB(name);
    await v3.open();
    expect(v3.verno).toBe(5);
    await resumeIndexRebuild(v3);
    expect(v3.tables.map((t) => t.name)).not.toContain('terms');
    expect(v3.tables.map((t) => t.name)).not.toContain('docs');
    expect((await v3.papers.toArray()).map(plainRecord)).toEqual(
      [...papers].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    const meta = await readIndexMeta(v3.meta);
    expect(meta).toMatchObject({ live: 40, dead: 0, nextDoc: 40, normsAt: 40 });
    expect(meta.gen).toBeGreaterThan(5);
    const sorted = [...papers].sort((a, b) => (a.id < b.id ? -1 : 1));
    await expectRanksLikeBruteForce(v3, sorted, ['diphoton production', 'graph decompositions']);
    v3.close();
  });

  it('v3 -> v4 keeps the index as it is and finds streaming turns through the new status index', async () => {
    const name = dbName();
    const papers = fixtureRecords().slice(0, 30);
    const v3 = new AntigravityDB(name, SCHEMA_VERSIONS.slice(0, 3));
    await v3.open();
    await v3.transaction('rw', ['papers', 'postings', 'norms', 'meta'], async (tx) => {
      await tx.table('papers').bulkPut(papers);
      await rebuildIndexInTx(txTables(tx), name);
    });
    await v3.turns.bulkPut([turn, { ...turn, id: 'u2', status: 'streaming' }]);
    const postings = await v3.postings.count();
    const meta = await readIndexMeta(v3.meta);
    v3.close();

    const v4 = new AntigravityDB(name);
    await v4.open();
    expect(v4.verno).toBe(5);
    expect(await pendingRebuild(v4)).toBeNull();
    expect(await v4.postings.count()).toBe(postings);
    expect(await readIndexMeta(v4.meta)).toEqual(meta);
    expect((await v4.turns.where('status').equals('streaming').toArray()).map((t) => t.id)).toEqual(
      ['u2'],
    );
    expect(await v4.tabPages.count()).toBe(0);
    expect(await v4.sent.count()).toBe(0);
    v4.close();
  });

  it('v1 -> v4 with a large corpus: no transaction indexes more than a batch, and a stopped rebuild resumes', async () => {
    const name = dbName();
    const papers = derivedRecords(6000, 11);
    const v1 = new AntigravityDB(name, SCHEMA_VERSIONS.slice(0, 1));
    await v1.open();
    await v1.papers.bulkPut(papers);
    v1.close();

    // Counts the papers each write transaction puts (the upgrade's one included).
    const perTx = new Map<object, number>();
    const countPuts: Middleware<DBCore> = {
      stack: 'dbcore',
      name: 'count-paper-puts',
      create: (down) => ({
        ...down,
        table: (t) => {
          const inner = down.table(t);
          if (t !== 'papers') return inner;
          return {
            ...inner,
            mutate: (req: DBCoreMutateRequest) => {
              if (req.type === 'put')
                perTx.set(req.trans, (perTx.get(req.trans) ?? 0) + req.values.length);
              return inner.mutate(req);
            },
          };
        },
      }),
    };
    const a = new AntigravityDB(name);
    a.use(countPuts);
    await a.open();
    // The upgrade itself indexed nothing: it only started a rebuild.
    expect(await a.postings.count()).toBe(0);
    expect(await pendingRebuild(a)).toEqual({ after: null });
    // A worker stopped after two batches...
    expect(await resumeIndexRebuild(a, { batch: 1000, maxBatches: 2 })).toEqual({
      done: false,
      indexed: 2000,
      batches: 2,
    });
    a.close();
    // ...and the next start goes on from there.
    const b = new AntigravityDB(name);
    b.use(countPuts);
    await b.open();
    expect(await resumeIndexRebuild(b, { batch: 1000 })).toMatchObject({
      done: true,
      indexed: 4000,
    });
    expect(Math.max(...perTx.values())).toBeLessThanOrEqual(1000);
    expect(perTx.size).toBeGreaterThanOrEqual(6);
    expect(await pendingRebuild(b)).toBeNull();
    expect(await readIndexMeta(b.meta)).toMatchObject({
      live: 6000,
      dead: 0,
      nextDoc: 6000,
      normsAt: 6000,
    });
    // Every paper once, with its own doc number.
    const ns = (await b.papers.toArray()).map((p) => p.n);
    expect(new Set(ns).size).toBe(6000);
    expect(Math.max(...(ns as number[]))).toBe(5999);
    const sorted = [...papers].sort((x, y) => (x.id < y.id ? -1 : 1));
    const words = sorted[17]!.abstract.split(/\s+/).slice(3, 7).join(' ');
    await expectRanksLikeBruteForce(b, sorted, [words, sorted[4000]!.title]);
    b.close();
  });

  it('v4 -> v5: title keys become title hashes batch by batch, the index stays, origin is no longer indexed', async () => {
    const name = dbName();
    const papers = fixtureRecords().slice(0, 25);
    const v4 = new AntigravityDB(name, SCHEMA_VERSIONS.slice(0, 4));
    await v4.open();
    await v4.transaction('rw', ['papers', 'postings', 'norms', 'meta'], async (tx) => {
      await tx.table('papers').bulkPut(papers);
      await rebuildIndexInTx(txTables(tx), name);
      // What a v4 release stored: the normalised title itself, no hash.
      const stored = (await tx.table('papers').toArray()) as StoredPaper[];
      await tx
        .table('papers')
        .bulkPut(stored.map(({ th: _th, ...p }) => ({ ...p, tk: titleKey(p.title) })));
    });
    const postings = await v4.postings.count();
    const meta = await readIndexMeta(v4.meta);
    expect((await v4.papers.where('tk').equals(titleKey(papers[3]!.title)).first())?.id).toBe(
      papers[3]!.id,
    );
    v4.close();

    const a = new AntigravityDB(name);
    await a.open();
    expect(a.verno).toBe(5);
    const indexes = a.papers.schema.indexes.map((i) => i.name);
    expect(indexes).toContain('th');
    expect(indexes).not.toContain('tk');
    expect(indexes).not.toContain('origin');
    expect(await pendingTitleHashes(a)).toEqual({ after: null });
    expect(await pendingRebuild(a)).toBeNull();
    // A worker stopped after one batch of 10...
    expect(await resumeTitleHashes(a, { batch: 10, maxBatches: 1 })).toEqual({
      done: false,
      indexed: 10,
      batches: 1,
    });
    const half = await a.papers.toArray();
    expect(half.filter((p) => p.th !== undefined)).toHaveLength(10);
    expect(half.filter((p) => p.tk !== undefined)).toHaveLength(15);
    a.close();
    // ...and the next start goes on from there.
    const b = new AntigravityDB(name);
    await b.open();
    expect(await resumeTitleHashes(b, { batch: 10 })).toMatchObject({ done: true, indexed: 15 });
    expect(await pendingTitleHashes(b)).toBeNull();
    const after = await b.papers.toArray();
    for (const p of after) {
      expect(p.tk).toBeUndefined();
      expect(p.th).toBe(titleHash(titleKey(p.title)));
    }
    // Found by its title's hash; the records are otherwise as stored; the index is untouched.
    const target = papers[3]!;
    expect(
      (
        await b.papers
          .where('th')
          .equals(titleHash(titleKey(target.title)))
          .first()
      )?.id,
    ).toBe(target.id);
    expect(after.map(plainRecord)).toEqual([...papers].sort((x, y) => (x.id < y.id ? -1 : 1)));
    expect(await b.postings.count()).toBe(postings);
    expect(await readIndexMeta(b.meta)).toEqual(meta);
    await expectRanksLikeBruteForce(b, papers, ['diphoton production', 'graph decompositions']);
    b.close();
  });

  it('v4 -> v5 on a database without papers leaves nothing to rewrite', async () => {
    const name = dbName();
    const v4 = new AntigravityDB(name, SCHEMA_VERSIONS.slice(0, 4));
    await v4.open();
    v4.close();
    const v5 = new AntigravityDB(name);
    await v5.open();
    expect(await pendingTitleHashes(v5)).toBeNull();
    expect(await resumeTitleHashes(v5)).toEqual({ done: true, indexed: 0, batches: 0 });
    v5.close();
  });

  it('v4 -> v5: papers written while the rewrite is half done all end with a title hash', async () => {
    // The app's own database (getDb), so that writes go through the corpus's write path.
    const papers = fixtureRecords().slice(0, 30);
    const sorted = [...papers].sort((x, y) => (x.id < y.id ? -1 : 1));
    const v4 = new AntigravityDB(DB_NAME, SCHEMA_VERSIONS.slice(0, 4));
    await v4.open();
    await v4.transaction('rw', ['papers', 'postings', 'norms', 'meta'], async (tx) => {
      await tx.table('papers').bulkPut(papers);
      await rebuildIndexInTx(txTables(tx), DB_NAME);
      const stored = (await tx.table('papers').toArray()) as StoredPaper[];
      await tx
        .table('papers')
        .bulkPut(stored.map(({ th: _th, ...p }) => ({ ...p, tk: titleKey(p.title) })));
    });
    v4.close();
    try {
      const db = getDb();
      await resumeTitleHashes(db, { batch: 10, maxBatches: 1 });
      // Updated without re-indexing: one the rewrite passed, one it has not reached.
      const passed = sorted[2]!;
      const ahead = sorted[20]!;
      // Re-indexed (a new title): one the rewrite has not reached.
      const retitled = sorted[25]!;
      await upsertPapers([
        { ...passed, categories: [...passed.categories, 'physics.gen-ph'] },
        { ...ahead, categories: [...ahead.categories, 'physics.gen-ph'] },
        { ...retitled, title: `${retitled.title}: a second look` },
      ]);
      expect((await db.papers.get(passed.id))?.th).toBeDefined();
      expect((await db.papers.get(ahead.id))?.tk).toBeDefined();
      expect((await db.papers.get(retitled.id))?.tk).toBeUndefined();
      expect(await resumeTitleHashes(db, { batch: 10 })).toMatchObject({ done: true });
      for (const p of await db.papers.toArray()) {
        expect(p.tk).toBeUndefined();
        expect(p.th).toBe(titleHash(titleKey(p.title)));
      }
    } finally {
      await resetDbForTests();
    }
  });
});
