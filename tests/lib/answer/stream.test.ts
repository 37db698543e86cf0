import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAnswerService, type AnswerDeps } from '../../../lib/answer/stream';
import { FOLLOWUPS_OPEN } from '../../../lib/answer/answer-format';
import { SYSTEM_INSTRUCTIONS } from '../../../lib/answer/request';
import type { AnswerEvent, Turn } from '../../../lib/answer/schema';
import { listThreads, listTurns } from '../../../lib/db/threads';
import { KNOWN_MODELS, modelPrice } from '../../../lib/settings/models';
import type { Settings } from '../../../lib/settings';
import type { FakeAnthropic } from '../../support/fake-anthropic';
import {
  attentionPaper,
  recorder,
  retrieveFromFixture,
  testSettings,
  useFakeAnthropic,
} from './answer-helpers';

let srv: FakeAnthropic;
useFakeAnthropic((s) => (srv = s));

function service(patch: Partial<Settings> = {}, deps: Partial<AnswerDeps> = {}) {
  const settings = testSettings(srv.url, patch);
  return createAnswerService({
    getSettings: async () => settings,
    retrieve: retrieveFromFixture,
    ...deps,
  });
}

const never = () => new AbortController().signal;

type Block = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const blocksOf = (content: unknown): Block[] =>
  Array.isArray(content) ? content : [{ type: 'text', text: content }];

describe('answer pipeline against the fake Messages API (real SDK)', () => {
  it('streams an answer cited to the sources and to the open paper, and saves it', async () => {
    const paper = attentionPaper();
    const rec = recorder();
    const question = 'How does multi-head attention let the model attend to different positions?';
    const turn = await service().ask({ paper, question }, rec.emit, never());

    expect(rec.events[0]?.type).toBe('start');
    expect(rec.events[rec.events.length - 1]?.type).toBe('done');
    // The start event carries the new thread as saved: the panel adds it without a re-read.
    const start = rec.events[0] as Extract<AnswerEvent, { type: 'start' }>;
    expect(start.thread).toMatchObject({ id: turn.threadId, paperId: paper.id });
    expect(await listThreads(paper.id)).toEqual([start.thread]);
    expect(turn.status).toBe('done');
    expect(turn.mode).toBe('llm');
    expect(turn.model).toBe('claude-haiku-5-5');

    // One request, in the shape the product promises.
    const [req] = srv.messageRequests();
    expect(srv.messageRequests()).toHaveLength(1);
    expect(req!.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    expect(req!.headers.authorization).toBe('Bearer sk-ant-test-key');
    const body = req!.body;
    expect(body.stream).toBe(true);
    expect(body).not.toHaveProperty('temperature');
    expect(body.system[0].text).toBe(SYSTEM_INSTRUCTIONS);
    const content = blocksOf(body.messages[0].content);
    expect(content[0]).toMatchObject({
      type: 'document',
      source: { type: 'text', media_type: 'text/plain' },
      citations: { enabled: true },
      cache_control: { type: 'ephemeral' },
    });
    expect(content[0]!.source.data).toContain('Scaled Dot-Product Attention');
    const results = content.filter((b) => b.type === 'search_result');
    expect(results).toHaveLength(8);
    expect(results.map((r) => r.source)).toEqual(
      turn.sources.map((s) => `https://arxiv.org/abs/${s.id}`),
    );
    const s0 = turn.sources[0]!;
    expect(results[0]!.title).toBe(`${s0.title} (arXiv:${s0.id}, ${s0.primaryCategory})`);
    expect(results[0]!.citations).toEqual({ enabled: true });
    // The abstract goes in sentence by sentence, each one citable.
    expect(results[0]!.content.map((c: Block) => c.text).join(' ')).toBe(
      s0.abstract.replace(/\s+/g, ' ').trim(),
    );
    expect(content[content.length - 1]).toEqual({ type: 'text', text: question });

    // Sources best first.
    const sims = turn.sources.map((s) => s.similarity);
    expect(sims).toEqual([...sims].sort((a, b) => b - a));

    // Citations: three sources and the paper, each with the exact text it rests on.
    const bySource = turn.citations.filter((c) => c.kind === 'source');
    expect(bySource.map((c) => c.arxivId)).toEqual(turn.sources.slice(0, 3).map((s) => s.id));
    for (const c of bySource) {
      const src = turn.sources.find((s) => s.id === c.arxivId)!;
      expect(src.abstract.replace(/\s+/g, ' ')).toContain(c.citedText);
      expect(c.title).toBe(src.title);
    }
    expect(bySource.map((c) => c.n)).toEqual([1, 2, 3]);
    const onPaper = turn.citations.filter((c) => c.kind === 'paper');
    expect(onPaper).toHaveLength(1);
    expect(onPaper[0]).toMatchObject({ arxivId: '1706.03762', n: 4 });
    expect(content[0]!.source.data).toContain(onPaper[0]!.citedText);
    const section = paper.sections.find((s) => s.text.includes(onPaper[0]!.citedText));
    expect(onPaper[0]!.section).toBe([section!.number, section!.heading].filter(Boolean).join(' '));
    // Citation events were streamed as they came, before done.
    expect(rec.of('citation').map((e) => e.citation)).toEqual(turn.citations);
    // Each marker offset sits right after the quoted span it belongs to.
    for (const c of turn.citations) expect(turn.answer.slice(0, c.offset).trimEnd()).toMatch(/”$/);

    // Follow-ups parsed out, never shown in the answer, not even while streaming.
    expect(turn.followups).toHaveLength(3);
    expect(turn.answer).not.toContain(FOLLOWUPS_OPEN);
    expect(rec.text()).not.toContain('<keep');
    expect(rec.text().trimEnd()).toBe(turn.answer);
    expect(turn.unverifiedIds).toEqual([]);

    // Usage, priced.
    const u = turn.usage!;
    expect(u.outputTokens).toBeGreaterThan(0);
    const p = modelPrice('claude-haiku-5-5');
    const expected =
      (u.inputTokens * p.input +
        u.outputTokens * p.output +
        u.cacheReadTokens * p.input * 0.1 +
        u.cacheWriteTokens * p.input * 1.25) /
      1e6;
    expect(u.costUsd).toBeCloseTo(expected, 6);
    expect(rec.of('usage').length).toBeGreaterThanOrEqual(2);

    // Persisted, keyed by the paper's base id.
    const threads = await listThreads('1706.03762');
    expect(threads).toHaveLength(1);
    expect(threads[0]!.title).toBe(question);
    const saved = await listTurns(threads[0]!.id);
    expect(saved).toEqual([turn]);
  });

  it('reports thinking before the text', async () => {
    srv.enqueue({
      kind: 'answer',
      thinking: 'The reader asks about positional encodings; section 3.5 covers them.',
    });
    const rec = recorder();
    const turn = await service().ask(
      { paper: attentionPaper(), question: 'Why sinusoidal positional encodings?' },
      rec.emit,
      never(),
    );
    const types = rec.events.map((e) => e.type);
    expect(types.indexOf('thinking')).toBeGreaterThan(0);
    expect(types.indexOf('thinking')).toBeLessThan(types.indexOf('delta'));
    expect(turn.status).toBe('done');
    expect(turn.answer).not.toContain('section 3.5 covers them');
  });

  it('saves the turn while it grows', async () => {
    srv.enqueue({ kind: 'answer', delayMs: 15 });
    const snapshots: Turn[] = [];
    const { updateTurn } = await import('../../../lib/db/threads');
    const svc = service(
      {},
      {
        saveIntervalMs: 40,
        updateTurn: async (t) => {
          snapshots.push(structuredClone(t));
          await updateTurn(t);
        },
      },
    );
    const turn = await svc.ask(
      { paper: attentionPaper(), question: 'What is the complexity of self-attention?' },
      () => {},
      never(),
    );
    const growing = snapshots.filter((s) => s.status === 'streaming' && s.answer.length > 0);
    expect(growing.length).toBeGreaterThan(1);
    for (const s of growing) expect(turn.answer.startsWith(s.answer.trimEnd())).toBe(true);
    expect(growing[growing.length - 1]!.answer.length).toBeGreaterThan(growing[0]!.answer.length);
  });

  it('without an API key answers from retrieval only, and sends no request', async () => {
    const rec = recorder();
    const paper = attentionPaper();
    const turn = await service({ apiKey: '' }).ask(
      { paper, question: 'How is scaled dot-product attention computed?' },
      rec.emit,
      never(),
    );
    expect(srv.requests).toHaveLength(0);
    expect(turn.mode).toBe('retrieval');
    expect(turn.status).toBe('done');
    expect(turn.error).toBeUndefined();
    expect(rec.of('error')).toHaveLength(0);
    expect(turn.answer).toMatch(/^\*\*Retrieval only/);
    expect(turn.sources).toHaveLength(8);
    const fromPaper = turn.passages!.filter((p) => p.arxivId === paper.id);
    expect(fromPaper.length).toBeGreaterThan(0);
    expect(fromPaper.some((p) => /scaled dot-product attention/i.test(p.text))).toBe(true);
    expect(turn.passages!.some((p) => p.arxivId !== paper.id)).toBe(true);
    expect(await listTurns(turn.threadId)).toEqual([turn]);
  });

  describe('errors', () => {
    const ask = async (patch: Partial<Settings> = {}) => {
      const rec = recorder();
      const turn = await service(patch).ask(
        { paper: attentionPaper(), question: 'What BLEU score does the big model reach?' },
        rec.emit,
        never(),
      );
      const errors = rec.of('error');
      expect(errors).toHaveLength(1);
      expect(rec.of('done')).toHaveLength(0);
      expect(turn.status).toBe('error');
      expect(turn.error).toEqual(errors[0]!.error);
      expect(turn.error!.message.length).toBeGreaterThan(10);
      expect(turn.error!.action?.length).toBeGreaterThan(10);
      // The question is never lost.
      const saved = await listTurns(turn.threadId);
      expect(saved[saved.length - 1]).toMatchObject({
        question: 'What BLEU score does the big model reach?',
        status: 'error',
      });
      return { turn, rec };
    };

    it('401: the key was rejected', async () => {
      srv.enqueue({ kind: 'http-error', status: 401 });
      const { turn } = await ask();
      expect(turn.error!.code).toBe('invalid_key');
      expect(srv.messageRequests()).toHaveLength(1);
    });

    it('403: explains browser access and organisation', async () => {
      srv.enqueue({
        kind: 'http-error',
        status: 403,
        message: 'Browser access is disabled for this organization.',
      });
      const { turn } = await ask();
      expect(turn.error!.code).toBe('forbidden');
      expect(turn.error!.message).toContain('Browser access is disabled');
      expect(turn.error!.action).toMatch(/browser/i);
      expect(turn.error!.action).toMatch(/organisation/i);
    });

    it('404: a retired model offers the models the server lists', async () => {
      const { turn } = await ask({ model: 'claude-3-opus-20240229' });
      expect(turn.error!.code).toBe('model_not_found');
      expect(turn.error!.message).toContain('claude-3-opus-20240229');
      expect(turn.error!.models).toEqual([
        'claude-haiku-5-5',
        'claude-sonnet-5-5',
        'claude-opus-5-5',
      ]);
      expect(srv.requests.some((r) => r.method === 'GET' && r.path === '/v1/models')).toBe(true);
    });

    it('404: falls back to the known models when the server cannot list them', async () => {
      srv.enqueue({ kind: 'http-error', status: 404, message: 'model: claude-old' });
      srv.enqueue({ kind: 'http-error', status: 500, endpoint: 'models' });
      const { turn } = await ask();
      expect(turn.error!.code).toBe('model_not_found');
      expect(turn.error!.models).toEqual(KNOWN_MODELS.map((m) => m.id));
    });

    it('429: waits retry-after, retries once by itself, says so', async () => {
      srv.enqueue({ kind: 'http-error', status: 429, retryAfter: 1 });
      const rec = recorder();
      const turn = await service().ask(
        { paper: attentionPaper(), question: 'What optimizer is used?' },
        rec.emit,
        never(),
      );
      expect(turn.status).toBe('done');
      const reqs = srv.messageRequests();
      expect(reqs).toHaveLength(2);
      expect(reqs[1]!.at - reqs[0]!.at).toBeGreaterThanOrEqual(900);
      expect(
        rec
          .of('notice')
          .map((n) => n.message)
          .join(' '),
      ).toMatch(/rate limit.*1 s/i);
      expect(turn.notices?.[0]).toMatch(/rate limit/i);
    });

    it('429 twice: says when to retry', async () => {
      srv.enqueue({ kind: 'http-error', status: 429, retryAfter: 1 });
      srv.enqueue({ kind: 'http-error', status: 429, retryAfter: 30 });
      const { turn } = await ask();
      expect(turn.error!.code).toBe('rate_limited');
      expect(turn.error!.retryAfterS).toBe(30);
      expect(turn.error!.action).toContain('30 s');
      expect(srv.messageRequests()).toHaveLength(2);
    });

    it('429 with a long retry-after: no automatic retry', async () => {
      srv.enqueue({ kind: 'http-error', status: 429, retryAfter: 3600 });
      const { turn } = await ask();
      expect(turn.error!.code).toBe('rate_limited');
      expect(turn.error!.retryAfterS).toBe(3600);
      expect(srv.messageRequests()).toHaveLength(1);
    });

    it('500 and 529: server error and overloaded', async () => {
      srv.enqueue({ kind: 'http-error', status: 500 });
      expect((await ask()).turn.error!.code).toBe('server_error');
      srv.enqueue({ kind: 'http-error', status: 529 });
      expect((await ask()).turn.error!.code).toBe('overloaded');
    });

    it('an error event after streaming began keeps the partial answer', async () => {
      srv.enqueue({ kind: 'stream-error', afterChunks: 4, errorType: 'overloaded_error' });
      const { turn, rec } = await ask();
      expect(turn.error!.code).toBe('stream_error');
      expect(rec.of('delta').length).toBe(4);
      expect(turn.answer.length).toBeGreaterThan(10);
      expect(turn.answer).toBe(rec.text().trimEnd());
      const saved = await listTurns(turn.threadId);
      expect(saved[0]!.answer).toBe(turn.answer);
      expect(turn.followups).toEqual([]);
    });

    it('no network: the API cannot be reached', async () => {
      const closed = http.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r()));
      const { turn } = await ask({ baseUrl: `http://127.0.0.1:${port}` });
      expect(turn.error!.code).toBe('network');
    });

    it('413: trims the paper harder, retries once, and says so', async () => {
      srv.enqueue({ kind: 'http-error', status: 413 });
      const rec = recorder();
      const turn = await service().ask(
        { paper: attentionPaper(), question: 'What is label smoothing?' },
        rec.emit,
        never(),
      );
      expect(turn.status).toBe('done');
      expect(turn.paperTrimmed).toBe(true);
      const [first, second] = srv.messageRequests();
      const doc = (r: typeof first) =>
        blocksOf(r!.body.messages[0].content)[0]!.source.data as string;
      expect(doc(second).length).toBeLessThan(doc(first).length * 0.6);
      expect(doc(second)).toContain('[Note: this text was trimmed');
      expect(turn.notices?.join(' ')).toMatch(/too large.*trimmed/i);
      expect(rec.of('notice').some((n) => /too large/i.test(n.message))).toBe(true);
    });

    it('400 "prompt is too long" is handled like a 413', async () => {
      srv.enqueue({
        kind: 'http-error',
        status: 400,
        message: 'prompt is too long: 212000 tokens > 200000 maximum',
      });
      const turn = await service().ask(
        { paper: attentionPaper(), question: 'What is label smoothing?' },
        () => {},
        never(),
      );
      expect(turn.status).toBe('done');
      expect(turn.paperTrimmed).toBe(true);
      expect(srv.messageRequests()).toHaveLength(2);
    });

    it('413 twice: too large, with what to do', async () => {
      srv.enqueue({ kind: 'http-error', status: 413 });
      srv.enqueue({ kind: 'http-error', status: 413 });
      const { turn } = await ask();
      expect(turn.error!.code).toBe('too_large');
      expect(turn.paperTrimmed).toBe(true);
    });
  });

  it('a stall: the watchdog stops a silent stream and keeps what arrived', async () => {
    srv.enqueue({ kind: 'stall', afterChunks: 3 });
    const rec = recorder();
    const turn = await service({ stallTimeoutS: 0.4 }).ask(
      { paper: attentionPaper(), question: 'How many layers does the encoder have?' },
      rec.emit,
      never(),
    );
    expect(turn.status).toBe('error');
    expect(turn.error!.code).toBe('stall');
    expect(rec.of('delta')).toHaveLength(3);
    expect(turn.answer).toBe(rec.text().trimEnd());
    expect((await listTurns(turn.threadId))[0]!.status).toBe('error');
  });

  it('a cancel stops the stream: incomplete, partial kept', async () => {
    srv.enqueue({ kind: 'answer', delayMs: 25 });
    const ac = new AbortController();
    const rec = recorder();
    const emit = (e: Parameters<typeof rec.emit>[0]) => {
      rec.emit(e);
      if (e.type === 'delta' && rec.of('delta').length === 2) ac.abort();
    };
    const turn = await service().ask(
      { paper: attentionPaper(), question: 'What hardware was used?' },
      emit,
      ac.signal,
    );
    expect(turn.status).toBe('incomplete');
    expect(turn.error!.code).toBe('aborted');
    expect(rec.of('delta')).toHaveLength(2);
    expect(turn.answer).toBe(rec.text().trimEnd());
    const saved = (await listTurns(turn.threadId))[0]!;
    expect(saved.status).toBe('incomplete');
    expect(saved.answer).toBe(turn.answer);
  });

  it('a cancel before anything was sent still keeps the question', async () => {
    const ac = new AbortController();
    ac.abort();
    const turn = await service().ask(
      { paper: attentionPaper(), question: 'Dropout rate?' },
      () => {},
      ac.signal,
    );
    expect(turn.status).toBe('incomplete');
    expect(srv.messageRequests()).toHaveLength(0);
    expect((await listTurns(turn.threadId))[0]!.question).toBe('Dropout rate?');
  });

  it('an empty question is refused without a request', async () => {
    const rec = recorder();
    const turn = await service().ask(
      { paper: attentionPaper(), question: '   ' },
      rec.emit,
      never(),
    );
    expect(turn.error?.code).toBe('bad_message');
    expect(rec.events.map((e) => e.type)).toEqual(['error']);
    expect(srv.requests).toHaveLength(0);
  });

  it('an arXiv id in the answer that is neither the paper nor a source is unverified', async () => {
    srv.enqueue({ kind: 'cite-outside', id: '1409.0473' });
    const turn = await service().ask(
      { paper: attentionPaper(), question: 'What came before attention?' },
      () => {},
      never(),
    );
    expect(turn.answer).toContain('arXiv:1409.0473');
    expect(turn.unverifiedIds).toEqual(['1409.0473']);
    // Ids of the sources named in the answer are verified.
    expect(turn.answer).toContain(`arXiv:${turn.sources[0]!.id}`);
    expect(turn.unverifiedIds).not.toContain(turn.sources[0]!.id);
  });

  it('a very long paper is trimmed to the token budget and flagged', async () => {
    const paper = attentionPaper();
    // A long paper: the real sections, repeated as appendices.
    const extra = Array.from({ length: 20 }, (_, i) =>
      paper.sections.map((s) => ({
        ...s,
        number: `A${i}.${s.number}`,
        heading: `Appendix copy: ${s.heading}`,
      })),
    ).flat();
    paper.sections = [...paper.sections, ...extra];
    const rec = recorder();
    const turn = await service({ paperTokenBudget: 4000 }).ask(
      { paper, question: 'What is the conclusion?' },
      rec.emit,
      never(),
    );
    expect(turn.status).toBe('done');
    expect(turn.paperTrimmed).toBe(true);
    const doc = blocksOf(srv.messageRequests()[0]!.body.messages[0].content)[0]!;
    expect(doc.source.data.length).toBeLessThanOrEqual(4000 * 3.5);
    expect(doc.source.data).toContain('Attention Is All You Need');
    expect(doc.source.data).toMatch(
      /\[Note: this text was trimmed to fit the request\. Left out: 3\.\d.*; and \d+ more\.\]$/,
    );
    expect(doc.source.data).not.toContain('Appendix copy');
    expect(doc.context).toMatch(/trimmed/);
    expect(rec.of('notice').some((n) => /longer than the token budget/.test(n.message))).toBe(true);
  });

  it('a thread of three turns sends the earlier turns', async () => {
    const svc = service();
    const paper = attentionPaper();
    const q = ['What is the Transformer?', 'How is it trained?', 'How does it compare with RNNs?'];
    const t1 = await svc.ask({ paper, question: q[0]! }, () => {}, never());
    const t2 = await svc.ask({ paper, question: q[1]! }, () => {}, never());
    const t3 = await svc.ask({ paper, question: q[2]!, threadId: t1.threadId }, () => {}, never());
    expect(new Set([t1.threadId, t2.threadId, t3.threadId]).size).toBe(1);
    const msgs = srv.messageRequests()[2]!.body.messages as Block[];
    expect(msgs.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    const first = blocksOf(msgs[0]!.content);
    expect(first[0]!.type).toBe('document');
    expect(first[1]).toEqual({ type: 'text', text: q[0] });
    expect(blocksOf(msgs[1]!.content)[0]!.text).toBe(t1.answer);
    expect(blocksOf(msgs[2]!.content)).toEqual([{ type: 'text', text: q[1] }]);
    expect(blocksOf(msgs[3]!.content)[0]!.text).toBe(t2.answer);
    const last = blocksOf(msgs[4]!.content);
    expect(last.filter((b) => b.type === 'search_result').length).toBe(t3.sources.length);
    expect(last[last.length - 1]).toEqual({ type: 'text', text: q[2] });
    // The earlier answers carry no follow-up block.
    expect(blocksOf(msgs[1]!.content)[0]!.text).not.toContain(FOLLOWUPS_OPEN);
    expect((await listTurns(t1.threadId)).map((t) => t.question)).toEqual(q);
    // A new thread starts clean.
    await svc.ask({ paper, question: 'Fresh start?', newThread: true }, () => {}, never());
    expect(srv.messageRequests()[3]!.body.messages).toHaveLength(1);
    expect(await listThreads(paper.id)).toHaveLength(2);
  });

  it('prompt caching: the second question on the paper reads the paper from the cache', async () => {
    const svc = service();
    const paper = attentionPaper();
    const first = await svc.ask(
      { paper, question: 'What is multi-head attention?' },
      () => {},
      never(),
    );
    const second = await svc.ask(
      { paper, question: 'Why divide by sqrt(d_k)?', newThread: true },
      () => {},
      never(),
    );
    const [r1, r2] = srv.messageRequests();
    for (const r of [r1!, r2!]) {
      // Exactly one breakpoint, on the paper document: instructions + paper are the cached prefix.
      const marked: string[] = [];
      for (const b of blocksOf(r.body.system)) if (b.cache_control) marked.push(`system:${b.type}`);
      for (const m of r.body.messages as Block[]) {
        for (const b of blocksOf(m.content))
          if (b.cache_control) marked.push(`${m.role}:${b.type}`);
      }
      expect(marked).toEqual(['user:document']);
      expect(blocksOf(r.body.messages[0].content)[0]!.cache_control).toEqual({ type: 'ephemeral' });
    }
    expect(first.usage!.cacheWriteTokens).toBeGreaterThan(1024);
    expect(first.usage!.cacheReadTokens).toBe(0);
    expect(second.usage!.cacheReadTokens).toBe(first.usage!.cacheWriteTokens);
    expect(second.usage!.cacheWriteTokens).toBe(0);
    expect(second.usage!.costUsd).toBeLessThan(first.usage!.costUsd);
  });
});

describe('sources are found while the full text is read (issue 16, point 6)', () => {
  it('finds the sources from the header, then writes the answer from the full text', async () => {
    const full = attentionPaper();
    const header = { ...full, sections: [] };
    const log: string[] = [];
    const reads = { full: true, reason: 'test: read from the HTML' };
    let deliver: (v: { paper: typeof full; reads: typeof reads }) => void = () => {};
    const text = new Promise<{ paper: typeof full; reads: typeof reads }>((r) => (deliver = r));
    const svc = service(
      {},
      {
        findSources: async (input) => {
          log.push(`findSources ${input.paper.id}`);
          // The text arrives only after the sources were asked for: a sequential pipeline
          // (text first, then sources) would never get here.
          setTimeout(() => {
            log.push('text read');
            deliver({ paper: full, reads });
          }, 20);
          return {
            sources: [],
            notices: [],
            modelCallsMs: 0,
            mode: 'floor',
            notCovered: false,
            queries: [],
            candidates: 0,
            liveSearched: false,
          };
        },
      },
    );
    const rec = recorder();
    const turn = await svc.ask(
      { paper: header, text, question: 'How is the attention scaled?' },
      rec.emit,
      never(),
    );
    expect(turn.status).toBe('done');
    expect(log).toEqual(['findSources 1706.03762', 'text read']);
    // The answer's request carries the body sections that came with the text.
    const body = JSON.stringify(srv.answerRequests().at(-1)!.body);
    expect(body).toContain('Scaled Dot-Product Attention');
    expect(turn.reads).toEqual(reads);
  });

  it('a text that fails to arrive leaves the header paper and still answers', async () => {
    const paper = attentionPaper();
    const rec = recorder();
    const turn = await service().ask(
      { paper, text: Promise.reject(new Error('offscreen gone')), question: 'What is it?' },
      rec.emit,
      never(),
    );
    expect(turn.status).toBe('done');
  });
});
