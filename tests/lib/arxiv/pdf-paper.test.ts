import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgException } from '@/lib/errors';
import { fetchPaperForPdf, type PdfPaperDeps } from '@/lib/arxiv/pdf-paper';
import { Paper } from '@/lib/arxiv/schema';
import { parseHtmlInWorker } from '@/lib/arxiv/worker-dom';
import { PAGES, pageHtml } from './fixtures';

const atom = (f: string) =>
  readFileSync(join(__dirname, '../../fixtures/arxiv-api/atom', f), 'utf8');

/**
 * arxiv.org and export.arxiv.org as a local server answering with the recorded responses:
 * HTML versions for 1706.03762 (also through the unversioned redirect), 404 for papers without
 * one, the export API's Atom for hep-th/9711200, its error feed, its rate-limit body, a 500.
 */
let server: Server;
let origin = '';
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    requests.push(`${url.pathname}${url.search}`);
    const send = (
      status: number,
      body: string,
      type = 'text/html; charset=utf-8',
      headers = {},
    ) => {
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(body);
    };
    if (url.pathname === '/html/1706.03762v7') return send(200, pageHtml(PAGES.html));
    if (url.pathname === '/html/1706.03762')
      return send(302, '', 'text/html', { location: '/html/1706.03762v7' });
    if (url.pathname === '/html/2401.00001v1') return send(200, pageHtml(PAGES.htmlNoBib));
    if (url.pathname === '/html/1605.08386')
      return send(500, 'Internal Server Error', 'text/plain');
    if (url.pathname.startsWith('/html/')) return send(404, '<h1>No HTML for this paper</h1>');
    if (url.pathname === '/api/query') {
      const id = url.searchParams.get('id_list');
      const xml = 'application/atom+xml; charset=utf-8';
      if (id === 'hep-th/9711200') return send(200, atom('api_hep-th_9711200.xml'), xml);
      if (id === 'hep-th/9711200v3') return send(200, atom('api_hep-th_9711200.xml'), xml);
      if (id === '1605.08386')
        return send(200, atom('id_1605.08386_s0_m100_199195aa31ad.xml'), xml);
      if (id === 'abc') return send(400, atom('id_abc_s0_m100_b79c8dcf6bc3.xml'), xml);
      if (id === '0808.05394')
        return send(200, atom('id_0808.05394_s0_m100_7b0c7d0a7cdd.xml'), xml);
      if (id === '2104.12255')
        return send(429, atom('rate_exceeded.txt'), 'text/plain', { 'retry-after': '5' });
      return send(503, 'Service Unavailable', 'text/plain');
    }
    send(404, 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The real fetch, with arXiv's hosts pointed at the local server. */
const deps = () => ({
  fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
    fetch(String(input).replace(/^https:\/\/(export\.)?arxiv\.org/, origin), init)) as typeof fetch,
  parseHtml: parseHtmlInWorker,
});

describe('fetchPaperForPdf', () => {
  it('reads the HTML version when arXiv has one', async () => {
    const got = await fetchPaperForPdf('1706.03762', 7, deps());
    expect(got.from).toBe('html');
    Paper.parse(got.paper);
    expect(got.paper).toMatchObject({
      id: '1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
      textSource: 'html',
    });
    expect(got.paper.sections.length).toBe(28);
    expect(got.paper.references.length).toBe(40);
    expect(got.warnings).toEqual([]);
  });

  it('follows the redirect of an unversioned address and keeps the version', async () => {
    const got = await fetchPaperForPdf('1706.03762', null, deps());
    expect(got.from).toBe('html');
    expect(got.paper.version).toBe(7);
  });

  it('passes the HTML warnings on', async () => {
    const got = await fetchPaperForPdf('2401.00001', 1, deps());
    expect(got.from).toBe('html');
    expect(got.warnings.map((w) => w.code)).toEqual(['missing_bibliography']);
  });

  it('falls back to the export API when there is no HTML version (404), and says so', async () => {
    requests.length = 0;
    const got = await fetchPaperForPdf('hep-th/9711200', 3, deps());
    expect(requests).toEqual(['/html/hep-th/9711200v3', '/api/query?id_list=hep-th%2F9711200v3']);
    expect(got.from).toBe('export-api');
    Paper.parse(got.paper);
    expect(got.paper).toMatchObject({
      id: 'hep-th/9711200',
      version: 3,
      title: 'The Large N Limit of Superconformal Field Theories and Supergravity',
      authors: ['Juan M. Maldacena'],
      categories: ['hep-th'],
      doi: '10.1023/A:1026654312961',
      journalRef: 'Adv.Theor.Math.Phys.2:231-252,1998',
      hasHtml: false,
      textSource: 'export-api',
      sections: [],
    });
    expect(got.paper.abstract).toMatch(/^We show that the large \$N\$ limit/);
    expect(got.warnings).toEqual([
      {
        code: 'missing_sections',
        message:
          'arXiv has no HTML version of this paper: only its metadata and abstract are available.',
      },
    ]);
  });

  it('falls back to the export API when the HTML version fails (HTTP 500)', async () => {
    const got = await fetchPaperForPdf('1605.08386', null, deps());
    expect(got.from).toBe('export-api');
    expect(got.paper.title).toBe('Heat-bath random walks with Markov bases');
    expect(got.paper.hasHtml).toBeUndefined();
    expect(got.warnings[0]?.message).toMatch(/HTTP 500/);
  });

  it('typed errors: unknown paper, API error feed, rate limit, server error, network', async () => {
    const fail = async (base: string, d: PdfPaperDeps = deps()) => {
      try {
        await fetchPaperForPdf(base, null, d);
      } catch (e) {
        expect(e).toBeInstanceOf(AgException);
        return (e as AgException).agError;
      }
      throw new Error('expected a failure');
    };
    expect(await fail('0808.05394')).toMatchObject({
      code: 'no_paper',
      message: 'arXiv has no paper 0808.05394.',
    });
    expect(await fail('abc')).toMatchObject({
      code: 'no_paper',
      message: expect.stringContaining('incorrect id format for abc'),
    });
    expect(await fail('2104.12255')).toMatchObject({ code: 'rate_limited', retryAfterS: 5 });
    expect(await fail('1234.56789')).toMatchObject({ code: 'server_error' });
    const offline = {
      fetch: (() => fetch('http://127.0.0.1:1/')) as typeof fetch,
    };
    const err = await fail('1706.03762', offline);
    expect(err.code).toBe('network');
    expect(err.action).toBeTruthy();
  });
});
