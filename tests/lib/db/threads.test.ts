import { afterEach, describe, expect, test } from 'vitest';
import { getDb, resetDbForTests } from '@/lib/db';
import {
  deleteThread,
  listThreads,
  listTurns,
  markInterruptedTurns,
  purgeDeletedThreads,
  restoreThread,
  saveTurn,
  updateTurn,
} from '@/lib/db/threads';
import type { Thread, Turn } from '@/lib/answer/schema';

afterEach(resetDbForTests);

const thread = (id: string, paperId = '1706.03762', at = 1000): Thread => ({
  id,
  paperId,
  paperTitle: 'Attention Is All You Need',
  title: `Thread ${id}`,
  createdAt: at,
  updatedAt: at,
});
const turn = (
  id: string,
  threadId: string,
  createdAt: number,
  status: Turn['status'] = 'done',
): Turn => ({
  id,
  threadId,
  paperId: '1706.03762',
  paperVersion: 7,
  question: `q ${id}`,
  answer: `a ${id}`,
  status,
  mode: 'llm',
  model: 'claude-haiku-5-5',
  citations: [],
  sources: [],
  followups: [],
  unverifiedIds: [],
  createdAt,
});

describe('threads repository', () => {
  test('threads by paper, newest first; turns in order', async () => {
    await saveTurn(thread('a', '1706.03762', 1), turn('t1', 'a', 10));
    await saveTurn(thread('a', '1706.03762', 1), turn('t2', 'a', 20));
    await saveTurn(thread('b', '1706.03762', 5), turn('t3', 'b', 30));
    await saveTurn(thread('c', 'hep-th/9711200', 5), turn('t4', 'c', 40));
    const ts = await listThreads('1706.03762');
    expect(ts.map((t) => t.id)).toEqual(['b', 'a']);
    expect((await listTurns('a')).map((t) => t.id)).toEqual(['t1', 't2']);
  });

  test('delete hides a thread, restore brings it back with its turns, purge removes both', async () => {
    await saveTurn(thread('a'), turn('t1', 'a', 10));
    await deleteThread('a', 500);
    expect(await listThreads('1706.03762')).toEqual([]);
    await restoreThread('a');
    expect((await listThreads('1706.03762')).map((t) => t.id)).toEqual(['a']);
    await deleteThread('a', 500);
    expect(await purgeDeletedThreads(600)).toBe(1);
    expect(await listTurns('a')).toEqual([]);
  });

  test('turns left streaming by a dead worker become incomplete, text kept', async () => {
    await saveTurn(thread('a'), turn('t1', 'a', 10, 'streaming'));
    await updateTurn({ ...turn('t1', 'a', 10, 'streaming'), answer: 'partial answer' });
    expect(await markInterruptedTurns()).toBe(1);
    const [t] = await listTurns('a');
    expect(t).toMatchObject({ status: 'incomplete', answer: 'partial answer' });
  });
});

describe('after a worker died mid-answer', () => {
  test('an interrupted turn gets its unverified ids flagged', async () => {
    const t: Turn = {
      ...turn('t1', 'a', 10, 'streaming'),
      answer: 'As shown in arXiv:2001.08361 and in the source arXiv:1409.0473, attention',
      sources: [
        {
          id: '1409.0473',
          title: 'Neural Machine Translation by Jointly Learning to Align and Translate',
          authors: [],
          abstract: '',
          primaryCategory: 'cs.CL',
          categories: ['cs.CL'],
          similarity: 0.4,
        },
      ],
    };
    await saveTurn(thread('a'), t);
    expect(await markInterruptedTurns()).toBe(1);
    const [got] = await listTurns('a');
    expect(got).toMatchObject({ status: 'incomplete', unverifiedIds: ['2001.08361'] });
    expect(got?.answer).toBe(t.answer);
  });

  test('worker start finds streaming turns through an index, without reading every turn', async () => {
    const db = getDb();
    // Record every read (once counting is on) of the turns table: which index it used and how many rows came back.
    const reads: Array<{ index: string; rows: number }> = [];
    let counting = false;
    db.use({
      stack: 'dbcore',
      name: 'count-turn-reads',
      create: (down) => ({
        ...down,
        table: (name) => {
          const inner = down.table(name);
          if (name !== 'turns') return inner;
          return {
            ...inner,
            query: async (req) => {
              const res = await inner.query(req);
              if (counting)
                reads.push({ index: req.query.index.name || ':id', rows: res.result.length });
              return res;
            },
            openCursor: async (req) => {
              const c = await inner.openCursor(req);
              if (counting) reads.push({ index: req.query.index.name || ':id', rows: -1 });
              return c;
            },
          };
        },
      }),
    });
    for (let i = 0; i < 30; i++) await saveTurn(thread('a'), turn(`d${i}`, 'a', i));
    await saveTurn(thread('a'), turn('s1', 'a', 99, 'streaming'));
    counting = true;
    expect(await markInterruptedTurns()).toBe(1);
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) {
      expect(r.index).toBe('status');
      expect(r.rows).toBeLessThanOrEqual(1);
    }
  });
});
