// @vitest-environment happy-dom
/**
 * useThreads reads a paper's threads once and then keeps them by applying what happens: an
 * answer's start (a new thread shows at once) and end, without asking the background again.
 * Against the real background handlers in WXT's fake browser, with fake-indexeddb.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing';
import { registerMessageHandlers } from '../../../lib/background/handlers';
import { resetDbForTests } from '../../../lib/db';
import { saveTurn } from '../../../lib/db/threads';
import type { Thread } from '../../../lib/answer/schema';
import { useThreads } from '../../../components/sidepanel/use-threads';
import { CREATED, PAPER, sampleTurn } from './sample-turns';

const thread = (id: string, at: number, paperId = PAPER.id): Thread => ({
  id,
  paperId,
  paperTitle: PAPER.title,
  title: `Thread ${id}`,
  createdAt: at,
  updatedAt: at,
});

let sent: string[];
beforeEach(() => {
  registerMessageHandlers();
  sent = [];
  const send = fakeBrowser.runtime.sendMessage.bind(fakeBrowser.runtime);
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (msg: unknown) => {
    sent.push((msg as { type: string }).type);
    return send(msg as never);
  }) as never);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await resetDbForTests();
});

describe('useThreads', () => {
  it('applies an answer’s start and end locally: one threads/list in all', async () => {
    await saveTurn(thread('t-old', CREATED), sampleTurn({ id: 'a', threadId: 't-old' }));
    const { result } = renderHook(() => useThreads(PAPER.id));
    await vi.waitFor(() => expect(result.current.threadId).toBe('t-old'));
    expect(result.current.turns.map((t) => t.id)).toEqual(['a']);

    // A new thread starts: it shows first and is the current one at once.
    const fresh = thread('t-new', CREATED + 10_000);
    const streaming = sampleTurn({
      id: 'b',
      threadId: 't-new',
      status: 'streaming',
      createdAt: CREATED + 10_000,
    });
    act(() => result.current.applyStart(streaming, fresh));
    expect(result.current.threads.map((t) => t.id)).toEqual(['t-new', 't-old']);
    expect(result.current.threadId).toBe('t-new');
    expect(result.current.turns.find((t) => t.id === 'b')?.status).toBe('streaming');

    // It ends: the saved turn replaces the streaming one.
    act(() => result.current.applyEnd({ ...streaming, status: 'done' }));
    expect(result.current.turns.filter((t) => t.id === 'b').map((t) => t.status)).toEqual(['done']);

    // An answer about another paper (the reader switched tabs) changes nothing here.
    const other = sampleTurn({ id: 'c', threadId: 't-x', paperId: '1706.03762' });
    act(() => result.current.applyStart(other, thread('t-x', CREATED, '1706.03762')));
    expect(result.current.threads.map((t) => t.id)).toEqual(['t-new', 't-old']);
    expect(result.current.turns.some((t) => t.id === 'c')).toBe(false);

    expect(sent).toEqual(['threads/list']);
  });

  it('delete and undo send only the change, and the list follows', async () => {
    const t1 = thread('t1', CREATED);
    const t2 = thread('t2', CREATED + 10_000);
    await saveTurn(t1, sampleTurn({ id: 'a', threadId: 't1' }));
    await saveTurn(t2, sampleTurn({ id: 'b', threadId: 't2', createdAt: CREATED + 10_000 }));
    const { result } = renderHook(() => useThreads(PAPER.id));
    await vi.waitFor(() => expect(result.current.threadId).toBe('t2'));
    await act(() => result.current.remove(t2));
    expect(result.current.threads.map((t) => t.id)).toEqual(['t1']);
    expect(result.current.threadId).toBe('t1');
    await act(() => result.current.restore(t2));
    expect(result.current.threads.map((t) => t.id)).toEqual(['t2', 't1']);
    expect(result.current.threadId).toBe('t2');
    expect(sent).toEqual(['threads/list', 'threads/delete', 'threads/restore']);
  });
});
