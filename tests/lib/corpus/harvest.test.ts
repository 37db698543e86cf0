/**
 * Harvest against a local HTTP server (node:http on 127.0.0.1) serving arXiv's recorded
 * responses from tests/fixtures/arxiv-api. Time is a fake clock: no test waits 3 s for real.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetDbForTests } from '@/lib/db';
import {
  corpusSize,
  getPaper,
  harvestOai,
  harvestQuery,
  lookupReferences,
  search,
  upsertPapers,
  type Clock,
  type HarvestProgress,
} from '@/lib/corpus';
import { RequestGate, retryAfterMs, type ArxivDeps } from '@/lib/corpus/harvest';
import { FIXTURES, fixtureRecords } from './corpus-helpers';

const atom = (f: string) => readFileSync(path.join(FIXTURES, 'arxiv-api/atom', f), 'utf8');
const oai = (f: string) => readFileSync(path.join(FIXTURES, 'arxiv-api/oai-pmh', f), 'utf8');
const RATE = atom('rate_exceeded.txt');

interface Reply {
  status?: number;
  body: string;
  headers?: Record<string, string>;
}
type Handler = (url: URL) => Reply;

let server: Server;
let base = '';
let handler: Handler = () => ({ status: 500, body: 'no handler' });
let inflight = 0;
let maxInflight = 0;
const seen: URL[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    inflight++;
    maxInflight = Math.max(maxInflight, inflight);
    const url = new URL(req.url ?? '/', base);
    seen.push(url);
    const r = handler(url);
    // answer a little later, so overlapping requests would be seen
    setTimeout(() => {
      res.writeHead(r.status ?? 200, { 'content-type': 'application/atom+xml', ...r.headers });
      res.end(r.body);
      inflight--;
    }, 5);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
afterEach(async () => {
  seen.length = 0;
  maxInflight = 0;
  await resetDbForTests();
});

/** A fake clock, and the (fake) times at which requests started. */
function setup(extra: Partial<ArxivDeps> = {}) {
  let t = 1_000_000;
  const sleeps: number[] = [];
  const starts: number[] = [];
  const clock: Clock = {
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      sleeps.push(ms);
      t += ms;
    },
  };
  const deps: ArxivDeps = {
    fetch: (input, init) => {
      starts.push(t);
      return fetch(input, init);
    },
    clock,
    gate: new RequestGate(clock),
    apiUrl: `${base}/api/query`,
    oaiUrl: `${base}/oai`,
    ...extra,
  };
  return { deps, sleeps, starts, advance: (ms: number) => (t += ms) };
}

function expectPolite(starts: number[]) {
  for (let i = 1; i < starts.length; i++) {
    expect((starts[i] as number) - (starts[i - 1] as number)).toBeGreaterThanOrEqual(3000);
  }
  expect(maxInflight).toBeLessThanOrEqual(1);
}

/** The export API recordings of the query "testing" (arxiv.py), by start and max_results. */
const testingPages: Handler = (u) => {
  const start = u.searchParams.get('start');
  const max = u.searchParams.get('max_results');
  const file = (
    {
      '0/10': 'q_testing_s0_m10_bc5a6c384fe9.xml',
      '10/10': 'q_testing_s10_m10_34e56e15aaac.xml',
      '20/10': 'q_testing_s20_m10_348a237fecab.xml',
      '30/10': 'q_testing_s30_m10_f2e39f0143dc.xml',
    } as Record<string, string>
  )[`${start}/${max}`];
  if (u.pathname !== '/api/query' || u.searchParams.get('search_query') !== 'testing' || !file) {
    return { status: 404, body: `no recording for ${u.search}` };
  }
  return { body: atom(file) };
};

describe('harvestQuery (export API)', () => {
  it('pages through a search, one request at a time, 3 s apart, and stores every paper', async () => {
    handler = testingPages;
    const { deps, starts } = setup();
    const progress: HarvestProgress[] = [];
    const r = await harvestQuery(
      { query: 'testing', maxResults: 30, pageSize: 10, onProgress: (p) => progress.push(p) },
      deps,
    );
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ requests: 3, fetched: 30, total: 30, cancelled: false });
    expect(r.added + r.updated).toBe(await corpusSize());
    expect(r.added).toBeGreaterThan(20);
    expect(seen.map((u) => u.searchParams.get('start'))).toEqual(['0', '10', '20']);
    expect(seen[0]?.searchParams.get('sortBy')).toBe('relevance');
    expectPolite(starts);
    expect(progress.map((p) => p.fetched)).toEqual(expect.arrayContaining([10, 20, 30]));
    // stored with origin harvest and searchable
    const first = (await search({ text: 'testing', k: 1 }))[0];
    expect(first?.origin).toBe('harvest');
  });

  it('waits out 429 (Retry-After) and 503 (backoff), and "Rate exceeded." bodies', async () => {
    let n = 0;
    handler = (u) => {
      n++;
      if (n === 1) return { status: 429, body: RATE, headers: { 'retry-after': '7' } };
      if (n === 2) return { status: 503, body: RATE };
      if (n === 3) return { status: 200, body: RATE, headers: { 'content-type': 'text/plain' } };
      return testingPages(u);
    };
    const { deps, sleeps, starts } = setup();
    const r = await harvestQuery({ query: 'testing', maxResults: 10, pageSize: 10 }, deps);
    expect(r.error).toBeUndefined();
    expect(r.fetched).toBe(10);
    // 7 s from Retry-After, then 5 s · 2^1 and 5 s · 2^2 of backoff
    expect(sleeps.filter((s) => s >= 7000)).toEqual([7000, 10000, 20000]);
    expect(seen).toHaveLength(4);
    expectPolite(starts);
  });

  it('gives up after its retries with a clear message, storing nothing', async () => {
    handler = () => ({ status: 429, body: RATE });
    const { deps } = setup({ maxRetries: 2 });
    const r = await harvestQuery({ category: 'hep-th', maxResults: 10 }, deps);
    expect(r.error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/HTTP 429.*Rate exceeded.*3 tries/),
    });
    expect(r.error?.action).toMatch(/Wait a few minutes/);
    expect(seen).toHaveLength(3);
    expect(seen[0]?.searchParams.get('search_query')).toBe('cat:hep-th');
    expect(seen[0]?.searchParams.get('sortBy')).toBe('submittedDate');
    expect(await corpusSize()).toBe(0);
  });

  it('retries an error feed once, then reports arXiv’s message', async () => {
    handler = () => ({ body: atom('api_error_start.xml') });
    const { deps, sleeps } = setup();
    const r = await harvestQuery({ query: 'testing' }, deps);
    expect(seen).toHaveLength(2);
    expect(sleeps).toContain(5000);
    expect(r.error).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/start must be an integer/),
    });
    // a 400 error feed is the request's fault: no retry
    seen.length = 0;
    handler = () => ({ status: 400, body: atom('id_abc_s0_m100_b79c8dcf6bc3.xml') });
    const r2 = await harvestQuery({ query: 'testing' }, setup().deps);
    expect(seen).toHaveLength(1);
    expect(r2.error?.message).toMatch(/incorrect id format for abc/);
  });

  it('stops when cancelled, keeping the pages already stored', async () => {
    handler = testingPages;
    const c = new AbortController();
    const { deps } = setup();
    const r = await harvestQuery(
      {
        query: 'testing',
        maxResults: 40,
        pageSize: 10,
        signal: c.signal,
        onProgress: (p) => p.fetched >= 10 && c.abort(),
      },
      deps,
    );
    expect(r.cancelled).toBe(true);
    expect(r.error).toBeUndefined();
    expect(seen).toHaveLength(1);
    expect(await corpusSize()).toBe(r.added);
    expect(r.added).toBeGreaterThan(0);
  });

  it('handles an empty result', async () => {
    handler = () => ({ body: atom('api_zero_results.xml') });
    const r = await harvestQuery({ query: 'zzzz' }, setup().deps);
    expect(r).toMatchObject({ fetched: 0, added: 0, requests: 1 });
    expect(r.error).toBeUndefined();
  });
});

// OAI-PMH pages of shapes no licensed recording has (a resumption token, the OAI errors),
// written here after the OAI-PMH 2.0 specification's examples.
const SPEC_FIRST_PAGE = `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2017-12-14T12:56:31Z</responseDate>
<request verb="ListRecords" metadataPrefix="arXiv" set="physics:hep-th">http://oaipmh.arxiv.org/oai</request>
<ListRecords>
<record><header status="deleted"><identifier>oai:arXiv.org:hep-th/9901001</identifier><datestamp>2017-12-14</datestamp></header></record>
<resumptionToken cursor="0" completeListSize="4">6043191|1001</resumptionToken>
</ListRecords></OAI-PMH>`;
const specError = (code: string, text: string) => `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2017-12-14T12:56:31Z</responseDate>
<request verb="ListRecords">http://oaipmh.arxiv.org/oai</request><error code="${code}">${text}</error></OAI-PMH>`;

describe('harvestOai (OAI-PMH ListRecords)', () => {
  it('follows resumption tokens to the last page, waiting out a 503 Retry-After', async () => {
    let n = 0;
    handler = (u) => {
      n++;
      if (n === 1) return { status: 503, body: 'Retry later', headers: { 'retry-after': '30' } };
      if (u.searchParams.get('resumptionToken') === '6043191|1001') {
        // OAI-PMH: the token is the request's only argument besides the verb
        expect([...u.searchParams.keys()].sort()).toEqual(['resumptionToken', 'verb']);
        return { body: oai('ListRecords_hep-th_3.xml') };
      }
      expect(u.searchParams.get('metadataPrefix')).toBe('arXiv');
      expect(u.searchParams.get('set')).toBe('physics:hep-th');
      expect(u.searchParams.get('from')).toBe('2017-12-14');
      return { body: SPEC_FIRST_PAGE };
    };
    const { deps, sleeps, starts } = setup();
    const r = await harvestOai({ set: 'physics:hep-th', from: '2017-12-14' }, deps);
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ requests: 3, fetched: 3, added: 3, total: 4 });
    expect(r.resumptionToken).toBeUndefined();
    expect(sleeps).toContain(30_000);
    expectPolite(starts);
    expect((await getPaper('1507.07790'))?.origin).toBe('harvest');
  });

  it('treats noRecordsMatch as an empty harvest and a bad token as an error to act on', async () => {
    handler = () => ({ body: specError('noRecordsMatch', 'No records match.') });
    const empty = await harvestOai({ set: 'physics:hep-th', from: '2099-01-01' }, setup().deps);
    expect(empty).toMatchObject({ fetched: 0, requests: 1 });
    expect(empty.error).toBeUndefined();
    handler = () => ({
      body: specError('badResumptionToken', 'The resumptionToken is invalid or expired.'),
    });
    const bad = await harvestOai({ set: 'physics:hep-th', resumptionToken: 'old|1' }, setup().deps);
    expect(bad.error).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/badResumptionToken/),
    });
    expect(bad.error?.action).toMatch(/start the harvest again/);
  });

  it('keeps the token to resume from when cancelled or capped', async () => {
    handler = (u) =>
      u.searchParams.get('resumptionToken')
        ? { body: oai('ListRecords_hep-th_3.xml') }
        : { body: SPEC_FIRST_PAGE };
    const capped = await harvestOai({ set: 'physics:hep-th', maxRecords: 0 }, setup().deps);
    expect(capped.requests).toBe(0);
    const c = new AbortController();
    const r = await harvestOai(
      { set: 'physics:hep-th', signal: c.signal, onProgress: () => c.abort() },
      setup().deps,
    );
    expect(r.cancelled).toBe(true);
    expect(r.resumptionToken).toBe('6043191|1001');
  });
});

describe('lookupReferences', () => {
  it('adds the cited papers missing from the corpus, in id_list batches', async () => {
    await upsertPapers(fixtureRecords().slice(0, 1)); // 0704.0001 is already there
    handler = (u) => {
      const file = (
        {
          '1706.03762': 'api_1706.03762.xml',
          'hep-th/9711200': 'api_hep-th_9711200.xml',
          '1707.08567': 'id_1707.08567_s0_m100_6a1afebfc6a3.xml',
          '0000.0000': 'id_0000.0000_s0_m100_8b51d9633a68.xml',
        } as Record<string, string>
      )[u.searchParams.get('id_list') ?? ''];
      return file ? { body: atom(file) } : { status: 404, body: 'not recorded' };
    };
    const { deps, starts } = setup();
    const r = await lookupReferences(
      [
        '1706.03762v5',
        'hep-th/9711200',
        '0704.0001',
        'abc',
        '0808.05394',
        '1707.08567',
        'arXiv:1706.03762',
      ],
      { ...deps, idBatch: 1, store: upsertPapers },
    );
    expect(r.added.sort()).toEqual(['1706.03762', '1707.08567', 'hep-th/9711200']);
    expect(r.failed.sort()).toEqual(['0808.05394', 'abc']);
    expect(seen.map((u) => u.searchParams.get('id_list'))).toEqual([
      '1706.03762',
      'hep-th/9711200',
      '1707.08567',
    ]);
    expectPolite(starts);
    expect(await getPaper('hep-th/9711200')).toMatchObject({
      origin: 'reference',
      doi: expect.any(String),
    });
    expect(await getPaper('1706.03762')).toMatchObject({
      title: 'Attention Is All You Need',
      version: 7,
    });
    // asking again fetches nothing
    seen.length = 0;
    const again = await lookupReferences(['1706.03762'], {
      ...setup().deps,
      store: upsertPapers,
    });
    expect(again).toEqual({ added: [], failed: [] });
    expect(seen).toHaveLength(0);
  });

  it('marks ids arXiv does not return, or whose request fails, as failed', async () => {
    handler = (u) =>
      u.searchParams.get('id_list') === '1605.08386'
        ? { status: 500, body: 'oops' }
        : { body: atom('id_0000.0000_s0_m100_8b51d9633a68.xml') };
    const r = await lookupReferences(['2104.12255', '1605.08386'], {
      ...setup({ maxRetries: 1 }).deps,
      idBatch: 1,
      store: upsertPapers,
    });
    expect(r).toEqual({ added: [], failed: ['2104.12255', '1605.08386'] });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(
      retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});
