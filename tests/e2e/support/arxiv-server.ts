import type { BrowserContext, Route } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT, currentWorker, type ExtensionBrowser } from './browser';

export const FIXTURES = join(ROOT, 'tests/fixtures');

/** arXiv URLs (path + query) → the saved page that arxiv.org really served for them. */
const PAGES: Array<[RegExp, string, string]> = [
  [/^\/abs\/1706\.03762(v\d+)?$/, 'arxiv-pages/abs_1706.03762.html', 'text/html'],
  [/^\/abs\/hep-th\/9711200(v\d+)?$/, 'arxiv-pages/abs_hep-th_9711200.html', 'text/html'],
  [/^\/abs\/0902\.4054(v\d+)?$/, 'arxiv-pages/abs_0902.4054_withdrawn.html', 'text/html'],
  [/^\/html\/1706\.03762(v7)?\/?$/, 'arxiv-pages/html_1706.03762v7.html', 'text/html'],
  [/^\/html\/2401\.00001(v1)?\/?$/, 'arxiv-pages/html_2401.00001v1.html', 'text/html'],
  [/^\/list\/cs\.CL\/recent/, 'arxiv-pages/list_cs.CL_recent.html', 'text/html'],
  [/^\/search\//, 'arxiv-pages/search_all_attention.html', 'text/html'],
  [/^\/bibtex\/1706\.03762/, 'arxiv-pages/bibtex_1706.03762.bib', 'text/plain'],
];

/** A minimal PDF body: the tab shows Chrome's viewer, the content script does not run. */
const TINY_PDF =
  '%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF';

export interface ArxivRoutes {
  /** Every request the routes answered, for assertions ("one batched request", rate limits). */
  hits: string[];
  /**
   * The export API and OAI-PMH on a local server (same recordings, same `hits`): the offscreen
   * document's requests (background jobs) do not pass through `context.route`. Test builds
   * read it from storage (`testArxivEndpoints`, see useLocalArxivForJobs).
   */
  apiUrl: string;
  oaiUrl: string;
}

/** OAI-PMH pages the local server answers, by set (first page) or resumption token. */
export type OaiPages = Record<string, string>;

/** What a test adds to the recorded answers. */
export interface ArxivExtras {
  atom?: Record<string, string>;
  oai?: OaiPages;
  /** Export API recordings by `search_query|start` (e.g. `cat:cs.CL|0`). */
  search?: Record<string, string>;
  /** Delay of the local server's export API answers (a harvest slow enough to watch). */
  delayMs?: number;
  /** Bodies of other paths on the local server (e.g. a PDF at `/pdf/ID`), before the fixtures. */
  files?: Record<string, { contentType: string; body: Buffer | string }>;
}

/**
 * One local HTTP server with arXiv's recorded answers: the export API at `/api/query`, OAI-PMH at
 * `/oai`, and every other path as arxiv.org served it (`pagesUrl` + path). For requests no
 * browser route can catch: Chromium's offscreen document, Firefox's background page.
 */
export async function startArxivServer(
  extra: ArxivExtras = {},
  hits: string[] = [],
): Promise<{ apiUrl: string; oaiUrl: string; pagesUrl: string; close(): void }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/oai') {
      hits.push(`oai:${url.search}`);
      const key = url.searchParams.get('resumptionToken') ?? url.searchParams.get('set') ?? '';
      const file = extra.oai?.[key];
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
      res.end(
        file
          ? readFileSync(join(FIXTURES, file))
          : '<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="noRecordsMatch">none</error></OAI-PMH>',
      );
      return;
    }
    if (url.pathname === '/api/query') {
      hits.push(`export:${url.pathname}${url.search}`);
      const { file, status } = exportApiFixture(url, extra);
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/atom+xml; charset=utf-8' });
        res.end(readFileSync(join(FIXTURES, file)));
      }, extra.delayMs ?? 0);
      return;
    }
    hits.push(url.pathname + url.search);
    const own = extra.files?.[url.pathname];
    const r = own ? { status: 200, ...own } : arxivPageResponse(url);
    res.writeHead(r.status, { 'content-type': r.contentType });
    res.end(r.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  server.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/query`,
    oaiUrl: `http://127.0.0.1:${port}/oai`,
    pagesUrl: `http://127.0.0.1:${port}`,
    close: () => server.close(),
  };
}

/**
 * Serves arXiv under its real hostnames (https://arxiv.org, https://export.arxiv.org) from the
 * recorded fixtures, for pages and for the extension's service worker alike.
 */
export async function routeArxiv(
  context: BrowserContext,
  extra: ArxivExtras = {},
): Promise<ArxivRoutes> {
  const hits: string[] = [];
  const local = await startArxivServer(extra, hits);
  context.once('close', () => local.close());
  await context.route(/^https:\/\/(www\.)?arxiv\.org\//, async (route: Route) => {
    const url = new URL(route.request().url());
    hits.push(url.pathname + url.search);
    return route.fulfill(arxivPageResponse(url));
  });
  await context.route(/^https:\/\/export\.arxiv\.org\//, async (route: Route) => {
    const url = new URL(route.request().url());
    hits.push(`export:${url.pathname}${url.search}`);
    const { file, status } = exportApiFixture(url, extra);
    return route.fulfill({
      status,
      contentType: 'application/atom+xml',
      body: readFileSync(join(FIXTURES, file)),
    });
  });
  return { hits, apiUrl: local.apiUrl, oaiUrl: local.oaiUrl };
}

/** The recorded response arxiv.org gave for `url` (a page, a stand-in stylesheet, a PDF, or 404). */
export function arxivPageResponse(url: URL): {
  status: number;
  contentType: string;
  body: Buffer | string;
} {
  if (/^\/static\/.*\.css$/.test(url.pathname)) {
    return {
      status: 200,
      contentType: 'text/css',
      body: readFileSync(join(ROOT, 'tests/e2e/support/arxiv-stand-in.css')),
    };
  }
  if (/^\/pdf\//.test(url.pathname)) {
    return { status: 200, contentType: 'application/pdf', body: TINY_PDF };
  }
  const hit = PAGES.find(([re]) => re.test(url.pathname));
  if (!hit) return { status: 404, contentType: 'text/html', body: '<h1>Not found</h1>' };
  return {
    status: 200,
    contentType: `${hit[2]}; charset=utf-8`,
    body: readFileSync(join(FIXTURES, hit[1])),
  };
}

interface RecordedCall {
  file: string;
  url: string;
  status_code: number;
}

/**
 * The recorded export-API response for a request: the same query (search_query, id_list, start,
 * max_results) in arxiv.py's recording index, else a recorded single-paper response, else the
 * recorded zero-results feed.
 */
function exportApiFixture(
  url: URL,
  extras: { atom?: Record<string, string>; search?: Record<string, string> } = {},
): { file: string; status: number } {
  const extra = extras.atom ?? {};
  const idList = url.searchParams.get('id_list') ?? '';
  if (extra[idList]) return { file: extra[idList]!, status: 200 };
  const bySearch =
    extras.search?.[
      `${url.searchParams.get('search_query') ?? ''}|${url.searchParams.get('start') ?? '0'}`
    ];
  if (bySearch) return { file: bySearch, status: 200 };
  const index = JSON.parse(
    readFileSync(join(FIXTURES, 'arxiv-api/atom/arxiv.py-INDEX.json'), 'utf8'),
  ) as RecordedCall[];
  const key = (u: URL) =>
    ['search_query', 'id_list', 'start', 'max_results']
      .map((k) => u.searchParams.get(k) ?? '')
      .join('|');
  const want = key(url);
  const hit = index.find((r) => key(new URL(r.url)) === want);
  if (hit) return { file: `arxiv-api/atom/${hit.file}`, status: hit.status_code };
  if (idList === '1706.03762') return { file: 'arxiv-api/atom/api_1706.03762.xml', status: 200 };
  if (idList === 'hep-th/9711200')
    return { file: 'arxiv-api/atom/api_hep-th_9711200.xml', status: 200 };
  return { file: 'arxiv-api/atom/api_zero_results.xml', status: 200 };
}

/** Points the test build's background jobs at the local recorded-response server. */
export async function useLocalArxivForJobs(
  b: ExtensionBrowser,
  routes: ArxivRoutes,
): Promise<void> {
  const worker = await currentWorker(b);
  await worker.evaluate(
    async (v) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await (globalThis as any).chrome.storage.local.set({ testArxivEndpoints: v });
    },
    { apiUrl: routes.apiUrl, oaiUrl: routes.oaiUrl },
  );
}
