import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getPaper, search, upsertPapers } from '../../../lib/corpus';
import { RequestGate, type Clock } from '../../../lib/corpus/harvest';
import { resetDbForTests } from '../../../lib/db';
import {
  arxivSearchQuery,
  clearLiveSearchCache,
  liveSearch,
  recordsFromS2,
  type LiveSearchDeps,
} from '../../../lib/retrieval/live-search';
import { findSources } from '../../../lib/retrieval/pipeline';
import { parseSettings } from '../../../lib/settings';
import { ATOM, TESTING_FEED, attentionRecord } from './retrieval-helpers';

const S2 = path.resolve(__dirname, '../../fixtures/scholarly-apis/semantic-scholar');
const s2Search = JSON.parse(readFileSync(path.join(S2, 'test_search_paper__1.json'), 'utf8'));
const s2Reference = JSON.parse(readFileSync(path.join(S2, 'Reference.json'), 'utf8'));

/** Serves the recorded export-API and Semantic Scholar bodies; `plan` scripts failures. */
let server: http.Server;
let base = '';
const hits: string[] = [];
let plan: Array<{ status: number; file?: string }> = [];
let s2Body: unknown = s2Search;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url?.startsWith('/s2')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(s2Body));
    }
    const step = plan.shift() ?? { status: 200 };
    const file = step.file ?? (step.status === 200 ? TESTING_FEED : 'rate_exceeded.txt');
    res.writeHead(step.status, { 'content-type': 'application/atom+xml' });
    res.end(readFileSync(path.join(ATOM, file)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(async () => {
  hits.length = 0;
  plan = [];
  s2Body = s2Search;
  clearLiveSearchCache();
  await resetDbForTests();
});

/** A clock whose sleeps pass at once and are recorded. */
function fakeClock(): Clock & { waits: number[] } {
  let t = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
    },
  };
}

function deps(clock: Clock, patch: Partial<LiveSearchDeps> = {}): LiveSearchDeps {
  return {
    fetch: (u, i) => fetch(u, i),
    clock,
    arxiv: { apiUrl: `${base}/api/query`, gate: new RequestGate(clock) },
    s2Url: `${base}/s2/graph/v1/paper/search`,
    store: async (records) => void (await upsertPapers(records)),
    ...patch,
  };
}

describe('live search', () => {
  it('sends the planned queries as one export API search and stores what it finds', async () => {
    const clock = fakeClock();
    const r = await liveSearch(['metamorphic testing', 'group testing'], deps(clock));
    expect(hits).toHaveLength(1);
    const q = new URL(hits[0]!, base).searchParams.get('search_query');
    expect(q).toBe(arxivSearchQuery(['metamorphic testing', 'group testing']));
    expect(q).toMatch(/all:metamorphic AND all:testing/);
    expect(r.records).toHaveLength(100);
    expect(r.problems).toEqual([]);
    const stored = await getPaper('1306.4664');
    expect(stored?.origin).toBe('live-search');
    expect((await search({ text: 'group testing screening', k: 3 })).length).toBe(3);
  });

  it('keeps one request per 3 s (fake clock) and answers repeated queries from its cache', async () => {
    const clock = fakeClock();
    const d = deps(clock);
    await liveSearch(['first query'], d);
    await liveSearch(['second query'], d);
    expect(hits).toHaveLength(2);
    expect(clock.waits).toEqual([3000]);
    await liveSearch(['first query'], d);
    expect(hits).toHaveLength(2);
  });

  it('a 503 is retried after a wait; a lasting 429 is reported, not thrown', async () => {
    const clock = fakeClock();
    plan = [{ status: 503 }, { status: 200 }];
    const ok = await liveSearch(['pooling'], deps(clock));
    expect(ok.records.length).toBe(100);
    expect(clock.waits.some((w) => w >= 3000)).toBe(true);

    plan = [{ status: 429 }, { status: 429 }, { status: 429 }];
    const limited = await liveSearch(['another'], deps(fakeClock()));
    expect(limited.records).toEqual([]);
    expect(limited.problems.join(' ')).toMatch(/arXiv search failed: arXiv is limiting requests/);
  });

  it('Semantic Scholar: only papers with an arXiv id, and only when turned on', async () => {
    // The recorded search body asked only for titles: no arXiv ids, nothing kept.
    expect(recordsFromS2(s2Search)).toEqual([]);
    // A recorded paper object that has one (cited paper of Reference.json), among the others.
    s2Body = { data: [s2Reference.citedPaper, ...s2Search.data] };
    const clock = fakeClock();
    const off = await liveSearch(['variational inference'], deps(clock));
    expect(hits.filter((h) => h.startsWith('/s2'))).toHaveLength(0);
    expect(off.from.semanticScholar).toBe(0);
    clearLiveSearchCache();
    plan = [{ status: 200, file: 'api_zero_results.xml' }];
    const on = await liveSearch(
      ['variational inference'],
      deps(fakeClock(), { semanticScholar: true }),
    );
    expect(hits.filter((h) => h.startsWith('/s2'))).toHaveLength(1);
    expect(on.records.map((x) => x.id)).toEqual(['1402.0030']);
    expect(on.from).toEqual({ arxiv: 0, semanticScholar: 1 });
    expect((await getPaper('1402.0030'))?.title).toBe(
      'Neural Variational Inference and Learning in Belief Networks',
    );
  });

  it('an empty corpus without a key still gets live-search sources above the floor', async () => {
    const clock = fakeClock();
    const settings = parseSettings({ apiKey: '' });
    const found = await findSources(
      {
        question: 'group testing for genetic screening',
        paper: attentionRecord(),
        history: [],
        settings,
        signal: new AbortController().signal,
      },
      {
        search,
        floor: async () => 0.1,
        liveSearch: (queries, signal) => liveSearch(queries, deps(clock), signal),
      },
    );
    expect(found.liveSearched).toBe(true);
    expect(found.sources.map((x) => x.id)).toContain('1306.4664');
    for (const x of found.sources) expect(x.similarity).toBeGreaterThanOrEqual(0.1);
    expect(found.notices.join(' ')).toMatch(/Live search found 100 papers/);
  });
});
