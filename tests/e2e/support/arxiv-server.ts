import type { BrowserContext, Route } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './browser';

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
}

/**
 * Serves arXiv under its real hostnames (https://arxiv.org, https://export.arxiv.org) from the
 * recorded fixtures, for pages and for the extension's service worker alike.
 */
export async function routeArxiv(
  context: BrowserContext,
  extra: { atom?: Record<string, string> } = {},
): Promise<ArxivRoutes> {
  const hits: string[] = [];
  await context.route(/^https:\/\/(www\.)?arxiv\.org\//, async (route: Route) => {
    const url = new URL(route.request().url());
    hits.push(url.pathname + url.search);
    return route.fulfill(arxivPageResponse(url));
  });
  await context.route(/^https:\/\/export\.arxiv\.org\//, async (route: Route) => {
    const url = new URL(route.request().url());
    hits.push(`export:${url.pathname}${url.search}`);
    const { file, status } = exportApiFixture(url, extra.atom);
    return route.fulfill({
      status,
      contentType: 'application/atom+xml',
      body: readFileSync(join(FIXTURES, file)),
    });
  });
  return { hits };
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
  extra: Record<string, string> = {},
): { file: string; status: number } {
  const idList = url.searchParams.get('id_list') ?? '';
  if (extra[idList]) return { file: extra[idList]!, status: 200 };
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
