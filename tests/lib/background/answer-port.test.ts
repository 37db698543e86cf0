import { describe, expect, it } from 'vitest';
import { handleAnswerPort, type AnswerPort } from '../../../lib/background/answer-port';
import { createAnswerService } from '../../../lib/answer/stream';
import type { AnswerEvent } from '../../../lib/answer/schema';
import type { Paper } from '../../../lib/arxiv/schema';
import { listThreads, listTurns } from '../../../lib/db/threads';
import type { FakeAnthropic } from '../../support/fake-anthropic';
import {
  attentionPaper,
  retrieveFromFixture,
  testSettings,
  useFakeAnthropic,
} from '../answer/answer-helpers';

let srv: FakeAnthropic;
useFakeAnthropic((s) => (srv = s));

/** A runtime Port as the background sees it: listeners in, messages out. */
function fakePort(opts: { throwOnPost?: boolean } = {}) {
  const onMessage = new Set<(m: unknown) => void>();
  const onDisconnect = new Set<() => void>();
  const posted: AnswerEvent[] = [];
  let ended: () => void = () => {};
  const finished = new Promise<void>((r) => (ended = r));
  const port = {
    postMessage(m: AnswerEvent) {
      if (opts.throwOnPost) throw new Error('Attempting to use a disconnected port object');
      posted.push(m);
      if (m.type === 'done' || m.type === 'error') ended();
    },
    onMessage: { addListener: (f: (m: unknown) => void) => onMessage.add(f) },
    onDisconnect: { addListener: (f: () => void) => onDisconnect.add(f) },
  };
  return {
    port: port as unknown as AnswerPort,
    posted,
    finished,
    send: (m: unknown) => onMessage.forEach((f) => f(m)),
    disconnect: () => onDisconnect.forEach((f) => f()),
  };
}

function setup(paper: Paper | null = attentionPaper(), patch = {}) {
  const service = createAnswerService({
    getSettings: async () => testSettings(srv.url, patch),
    retrieve: retrieveFromFixture,
  });
  const p = fakePort();
  const tabs: number[] = [];
  handleAnswerPort(p.port, service, async (tabId) => {
    tabs.push(tabId);
    return paper;
  });
  return { ...p, tabs };
}

const settle = (ms = 50) => new Promise((r) => setTimeout(r, ms));

describe('handleAnswerPort', () => {
  it('answers an ask request with the streamed events of the answer', async () => {
    const p = setup();
    p.send({ type: 'ask', tabId: 7, question: 'What is the Transformer?' });
    await p.finished;
    expect(p.tabs).toEqual([7]);
    const types = p.posted.map((e) => e.type);
    expect(types[0]).toBe('start');
    expect(types[types.length - 1]).toBe('done');
    expect(types.filter((t) => t === 'delta').length).toBeGreaterThan(5);
    expect(types).toContain('citation');
    const done = p.posted[p.posted.length - 1] as Extract<AnswerEvent, { type: 'done' }>;
    expect(done.turn.question).toBe('What is the Transformer?');
  });

  it('passes threadId and newThread through', async () => {
    const p = setup();
    p.send({ type: 'ask', tabId: 1, question: 'First?' });
    await p.finished;
    const first = (p.posted.at(-1) as Extract<AnswerEvent, { type: 'done' }>).turn;
    const q = setup();
    q.send({ type: 'ask', tabId: 1, question: 'Second?', newThread: true });
    await q.finished;
    const r = setup();
    r.send({ type: 'ask', tabId: 1, question: 'Third?', threadId: first.threadId });
    await r.finished;
    expect(await listThreads('1706.03762')).toHaveLength(2);
    expect((await listTurns(first.threadId)).map((t) => t.question)).toEqual(['First?', 'Third?']);
  });

  it('answers malformed requests with a bad_message error and keeps working', async () => {
    const p = setup();
    for (const bad of [
      null,
      'ask',
      { type: 'ask' },
      { type: 'ask', tabId: 1, question: '   ' },
      { type: 'nope' },
    ]) {
      p.send(bad);
    }
    expect(p.posted).toHaveLength(5);
    for (const e of p.posted) {
      expect(e.type).toBe('error');
      if (e.type === 'error') expect(e.error.code).toBe('bad_message');
    }
    p.send({ type: 'ask', tabId: 1, question: 'Still there?' });
    while (p.posted.at(-1)?.type !== 'done') await settle(10);
    expect(p.posted.filter((e) => e.type === 'error')).toHaveLength(5);
  });

  it('says when the tab has no paper', async () => {
    const p = setup(null);
    p.send({ type: 'ask', tabId: 3, question: 'Anything?' });
    await p.finished;
    expect(p.posted).toEqual([
      { type: 'error', error: expect.objectContaining({ code: 'no_paper' }) },
    ]);
    expect(srv.requests).toHaveLength(0);
  });

  it('cancels on a cancel request: the turn is kept as incomplete', async () => {
    srv.enqueue({ kind: 'answer', delayMs: 30 });
    const p = setup();
    p.send({ type: 'ask', tabId: 1, question: 'What is the BLEU score?' });
    while (p.posted.filter((e) => e.type === 'delta').length < 2) await settle(10);
    p.send({ type: 'cancel' });
    await p.finished;
    const last = p.posted.at(-1)!;
    expect(last.type).toBe('error');
    if (last.type === 'error') {
      expect(last.error.code).toBe('aborted');
      expect(last.turn?.status).toBe('incomplete');
      expect((await listTurns(last.turn!.threadId))[0]!.status).toBe('incomplete');
    }
  });

  it('cancels when the panel disconnects: what arrived is saved as incomplete', async () => {
    srv.enqueue({ kind: 'answer', delayMs: 30 });
    const p = setup();
    p.send({ type: 'ask', tabId: 1, question: 'What dropout rate is used?' });
    while (p.posted.filter((e) => e.type === 'delta').length < 2) await settle(10);
    const start = p.posted[0] as Extract<AnswerEvent, { type: 'start' }>;
    p.disconnect();
    const posted = p.posted.length;
    let saved = (await listTurns(start.turn.threadId))[0]!;
    for (let i = 0; i < 100 && saved.status === 'streaming'; i++) {
      await settle(20);
      saved = (await listTurns(start.turn.threadId))[0]!;
    }
    expect(saved.status).toBe('incomplete');
    expect(saved.answer.length).toBeGreaterThan(0);
    // Nothing is posted to a disconnected port.
    expect(p.posted.length).toBe(posted);
  });

  it('refuses a second ask while one is streaming, with a notice', async () => {
    srv.enqueue({ kind: 'answer', delayMs: 10 });
    const p = setup();
    p.send({ type: 'ask', tabId: 1, question: 'One?' });
    p.send({ type: 'ask', tabId: 1, question: 'Two?' });
    await p.finished;
    expect(p.posted.filter((e) => e.type === 'notice')).toHaveLength(1);
    expect(p.posted.filter((e) => e.type === 'start')).toHaveLength(1);
    expect(srv.messageRequests()).toHaveLength(1);
  });

  it('never throws when posting fails', async () => {
    const service = createAnswerService({
      getSettings: async () => testSettings(srv.url),
      retrieve: retrieveFromFixture,
    });
    const p = fakePort({ throwOnPost: true });
    handleAnswerPort(p.port, service, async () => attentionPaper());
    expect(() => p.send({ type: 'ask', tabId: 1, question: 'Q?' })).not.toThrow();
    expect(() => p.send(42)).not.toThrow();
    // The answer still completes and is saved.
    for (let i = 0; i < 200; i++) {
      const threads = await listThreads('1706.03762');
      const turns = threads[0] ? await listTurns(threads[0].id) : [];
      if (turns[0]?.status === 'done') break;
      await settle(20);
    }
    const threads = await listThreads('1706.03762');
    expect((await listTurns(threads[0]!.id))[0]!.status).toBe('done');
  });
});
