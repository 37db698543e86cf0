import { beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../lib/answer/client';
import { createAnswerService } from '../../../lib/answer/stream';
import { search } from '../../../lib/corpus';
import { gather } from '../../../lib/retrieval/gather';
import { findSources, type RetrievalDeps } from '../../../lib/retrieval/pipeline';
import { parseSettings, type Settings } from '../../../lib/settings';
import type { FakeAnthropic } from '../../support/fake-anthropic';
import { recorder, useFakeAnthropic } from '../answer/answer-helpers';
import { attentionRecord, loadTestingCorpus } from './retrieval-helpers';

let srv: FakeAnthropic;
useFakeAnthropic((s) => (srv = s));
beforeEach(async () => {
  await loadTestingCorpus();
});

const paper = attentionRecord();
/** Words no group-testing abstract uses: BM25F on the question alone cannot reach them. */
const QUESTION =
  'How could one find the few infected people in a big population with fewer lab tests?';
const GROUP_TESTING = ['1306.4664', '1106.3680', '2008.01944'];
const FLOOR = 0.1;

function settings(patch: Partial<Settings> = {}): Settings {
  return { ...parseSettings({ apiKey: 'sk-ant-test-key', baseUrl: srv.url }), ...patch };
}
function deps(s: Settings, patch: Partial<RetrievalDeps> = {}): RetrievalDeps {
  return {
    search,
    floor: async () => FLOOR,
    client: () => createClient(s),
    ...patch,
  };
}
const never = () => new AbortController().signal;
const toolRequests = (name: string) =>
  srv.messageRequests().filter((r) => r.body?.tool_choice?.name === name);

describe('plan + gather + rate through the real SDK', () => {
  it('a planned query reaches papers the question alone cannot; ratings reorder and drop', async () => {
    // Proof: the question's own BM25F candidates hold none of the group-testing papers.
    const plain = await gather({ question: QUESTION, queries: [], paper }, search);
    for (const id of GROUP_TESTING) expect(plain.candidates.map((c) => c.id)).not.toContain(id);

    srv.enqueue({
      kind: 'tool',
      name: 'search_queries',
      input: { queries: ['group testing pooled samples screening'] },
    });
    srv.enqueue({
      kind: 'tool',
      name: 'rate_papers',
      input: {
        ratings: [
          { id: '2008.01944', score: 7, reason: 'Pooling matrices for group testing.' },
          { id: 'arXiv:1306.4664v1', score: 9, reason: 'Two-stage group testing for screening.' },
          { id: '1706.03762', score: 10, reason: 'The open paper itself.' },
          { id: '9999.99999', score: 10, reason: 'Not a candidate.' },
          { id: '1106.3680', score: 5, reason: 'Close, but DNA screening only.' },
        ],
      },
    });
    const s = settings();
    const found = await findSources(
      { question: QUESTION, paper, history: [], settings: s, signal: never() },
      deps(s),
    );
    expect(found.mode).toBe('rated');
    expect(found.queries).toEqual(['group testing pooled samples screening']);
    // Best rated first; 5 < threshold 6 dropped; a non-candidate and the open paper ignored.
    expect(found.sources.map((x) => [x.id, x.rating])).toEqual([
      ['1306.4664', 9],
      ['2008.01944', 7],
    ]);
    expect(found.sources[0]!.reason).toBe('Two-stage group testing for screening.');
    expect(found.candidates).toBeGreaterThanOrEqual(40);

    // Exactly two model calls, each forced to its tool, on the retrieval model.
    expect(srv.messageRequests()).toHaveLength(2);
    const [plan] = toolRequests('search_queries');
    const [rate] = toolRequests('rate_papers');
    expect(plan!.body.tool_choice).toEqual({ type: 'tool', name: 'search_queries' });
    expect(plan!.body.model).toBe(s.retrievalModel);
    expect(plan!.body.stream).toBe(true);
    const ratePrompt = JSON.stringify(rate!.body.messages);
    for (const id of GROUP_TESTING) expect(ratePrompt).toContain(`id=\\"${id}\\"`);
    expect(ratePrompt).not.toContain('id=\\"1706.03762\\"');
    expect(found.usage!.inputTokens).toBeGreaterThan(0);
    expect(found.usage!.costUsd).toBeGreaterThan(0);
  });

  it('nothing rated at the threshold: no sources, and it says the corpus does not cover it', async () => {
    srv.enqueue({
      kind: 'tool',
      name: 'search_queries',
      input: { queries: ['sequence transduction'] },
    });
    srv.enqueue({
      kind: 'tool',
      name: 'rate_papers',
      input: { ratings: [{ id: '2412.16620', score: 3, reason: 'Same field only.' }] },
    });
    const s = settings({ liveSearch: false });
    const found = await findSources(
      {
        question: 'How does multi-head attention compare with recurrence?',
        paper,
        history: [],
        settings: s,
        signal: never(),
      },
      deps(s),
    );
    expect(found.sources).toEqual([]);
    expect(found.notCovered).toBe(true);
    expect(found.notices.join(' ')).toMatch(/does not cover this question/);
  });

  it('malformed tool input falls back to BM25F above the floor, with a note', async () => {
    srv.enqueue({ kind: 'tool', name: 'search_queries', rawJson: '{"queries": [' });
    srv.enqueue({ kind: 'tool', name: 'rate_papers', input: { ratings: 'all of them' } });
    const s = settings({ liveSearch: false });
    const found = await findSources(
      {
        question: 'metamorphic testing of deep learning',
        paper,
        history: [],
        settings: s,
        signal: never(),
      },
      deps(s),
    );
    expect(found.mode).toBe('floor');
    expect(found.queries).toEqual([]);
    expect(found.notices.join(' ')).toMatch(/Planning search queries did not work/);
    expect(found.notices.join(' ')).toMatch(/Rating the candidates did not work/);
    expect(found.sources.length).toBeGreaterThan(0);
    for (const x of found.sources) {
      expect(x.similarity).toBeGreaterThanOrEqual(FLOOR);
      expect(x.rating).toBeUndefined();
    }
  });

  it('a 529 on the rating call: fallback, and the answer still streams', async () => {
    srv.enqueue({
      kind: 'tool',
      name: 'search_queries',
      input: { queries: ['metamorphic testing'] },
    });
    srv.enqueue({ kind: 'http-error', status: 529, tool: 'rate_papers' });
    const s = settings({ liveSearch: false });
    const service = createAnswerService({
      getSettings: async () => s,
      findSources: (input) => findSources(input, deps(s)),
    });
    const rec = recorder();
    const turn = await service.ask(
      {
        paper: { ...paper, sections: [], references: [] } as never,
        question: 'Which metamorphic testing work targets deep learning models?',
      },
      rec.emit,
      never(),
    );
    expect(turn.status).toBe('done');
    expect(rec.text().length).toBeGreaterThan(0);
    expect((turn.notices ?? []).join(' ')).toMatch(/Rating the candidates did not work/);
    for (const x of turn.sources) expect(x.similarity).toBeGreaterThanOrEqual(FLOOR);
    // The plan call's tokens are in the footer's retrieval usage.
    expect(turn.retrievalUsage?.inputTokens).toBeGreaterThan(0);
    // plan, rate (529), answer: the answer request carries the fallback sources.
    const reqs = srv.messageRequests();
    expect(reqs).toHaveLength(3);
    expect(reqs[2]!.body.tool_choice).toBeUndefined();
  });

  it('without a key: no model call, BM25F with the floor', async () => {
    const s = settings({ apiKey: '' });
    const found = await findSources(
      { question: QUESTION, paper, history: [], settings: s, signal: never() },
      deps(s),
    );
    expect(srv.messageRequests()).toHaveLength(0);
    expect(found.mode).toBe('floor');
    for (const x of found.sources) expect(x.similarity).toBeGreaterThanOrEqual(FLOOR);
  });

  it('a follow-up rates the thread’s earlier sources again', async () => {
    const earlier = (await search({ text: 'group testing', k: 1 }))[0]!;
    srv.enqueue({ kind: 'tool', name: 'search_queries', input: { queries: ['flaky tests'] } });
    const s = settings({ liveSearch: false });
    await findSources(
      {
        question: 'And how costly is it?',
        paper,
        history: [
          {
            id: 't1',
            threadId: 'th',
            paperId: paper.id,
            paperVersion: null,
            question: 'q',
            answer: 'a',
            status: 'done',
            mode: 'llm',
            model: 'm',
            citations: [],
            sources: [{ ...earlier, rating: 9, reason: 'old' }],
            followups: [],
            unverifiedIds: [],
            createdAt: 0,
          },
        ],
        settings: s,
        signal: never(),
      },
      deps(s),
    );
    const rate = JSON.stringify(toolRequests('rate_papers')[0]!.body.messages);
    expect(rate).toContain(`id=\\"${earlier.id}\\"`);
  });
});
