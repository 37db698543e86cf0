import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { AntigravityDB, SCHEMA_VERSIONS } from '@/lib/db/schema';
import type { Thread, Turn } from '@/lib/answer/schema';
import { queryWeights } from '@/lib/corpus/analyze';
import { readIndexMeta } from '@/lib/corpus/indexer';
import { rank } from '@/lib/corpus/query';
import { bruteForce, fixtureRecords } from '../corpus/helpers';

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

describe('schema migrations', () => {
  it('lists versions in order, v1 unchanged', () => {
    expect(SCHEMA_VERSIONS.map((v) => v.version)).toEqual([1, 2]);
    expect(SCHEMA_VERSIONS[0]?.stores).toEqual({
      papers: 'id, primaryCategory, origin, openedAt',
      threads: 'id, paperId, updatedAt',
      turns: 'id, threadId, paperId, createdAt',
      meta: 'key',
    });
  });

  it('v1 -> v2 keeps papers, threads and turns, and indexes the papers v1 stored', async () => {
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
    expect(v2.verno).toBe(2);
    expect(await v2.papers.toArray()).toEqual([...papers].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(await v2.threads.toArray()).toEqual([thread]);
    expect(await v2.turns.toArray()).toEqual([turn]);
    expect((await v2.meta.get('settings-seen'))?.value).toEqual({ at: 1 });

    // indexed by the upgrade: same answers as a brute-force ranking of the stored papers
    expect(await v2.docs.count()).toBe(60);
    expect(await readIndexMeta(v2.meta)).toMatchObject({
      live: 60,
      dead: 0,
      nextDoc: 60,
      normsAt: 60,
    });
    const sorted = [...papers].sort((a, b) => (a.id < b.id ? -1 : 1)); // rebuilt in id order
    for (const q of ['diphoton production', 'graph decompositions', 'black hole']) {
      const w = queryWeights(q);
      const want = bruteForce(sorted, w, 5);
      const got = await rank(v2, w, { k: 5 });
      expect(got.map((s) => s.id)).toEqual(want.map((e) => e.id));
      got.forEach((s, i) => expect(s.similarity).toBeCloseTo(want[i]?.similarity ?? -1, 3));
    }
    v2.close();
  });

  it('v1 -> v2 on an empty database', async () => {
    const name = dbName();
    const v1 = new AntigravityDB(name, SCHEMA_VERSIONS.slice(0, 1));
    await v1.open();
    v1.close();
    const v2 = new AntigravityDB(name);
    await v2.open();
    expect(await v2.docs.count()).toBe(0);
    expect(await rank(v2, queryWeights('quark'), { k: 5 })).toEqual([]);
    v2.close();
  });
});
