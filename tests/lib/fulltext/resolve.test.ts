import { afterEach, describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Paper } from '@/lib/arxiv/schema';
import { parseHtmlInWorker } from '@/lib/arxiv/worker-dom';
import { getPaper, savePaperFromPage } from '@/lib/corpus';
import { resetDbForTests } from '@/lib/db';
import { fromBase64 } from '@/lib/fulltext/capped-fetch';
import { readPdf, type PdfJsLike } from '@/lib/fulltext/pdf-read';
import { createFullTextResolver, type FullTextDeps } from '@/lib/fulltext/resolve';
import { readsLabel } from '@/lib/arxiv/paper-text';
import { storeFullText } from '@/lib/background/corpus-writer';
import { pageHtml } from '../arxiv/fixtures';
import { readPage } from '../badges/pages';
import { makePdf, twoColumnPaper } from '../../support/make-pdf';

afterEach(resetDbForTests);

const abs = readPage('abs').paper as Paper;
const HTML_V7 = pageHtml('html_1706.03762v7.html');

type Route = () => Response | Promise<Response>;

/** A fetch that serves arXiv URLs from `routes` (404 otherwise) and records every request. */
function fakeArxiv(routes: Record<string, Route>) {
  const calls: string[] = [];
  const fetch: typeof globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push(url);
    const route = routes[url];
    if (!route) return new Response('<h1>Not Found</h1>', { status: 404 });
    const signal = init?.signal;
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return route();
  };
  return { fetch, calls };
}

function deps(fetch: typeof globalThis.fetch, over: Partial<FullTextDeps> = {}): FullTextDeps {
  return {
    fetch,
    parseHtml: parseHtmlInWorker,
    readPdf: async (b64) => readPdf(fromBase64(b64), pdfjs as unknown as PdfJsLike),
    getStored: getPaper,
    store: storeFullText,
    ...over,
  };
}

const pdfResponse = (bytes: Uint8Array) => () =>
  new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { 'content-type': 'application/pdf' },
  });
const htmlResponse = (html: string) => () =>
  new Response(html, { status: 200, headers: { 'content-type': 'text/html' } });

describe('full-text resolver', () => {
  it('fetches the HTML version of an abs page once, stores it, and never fetches it again', async () => {
    expect(abs.sections).toHaveLength(0);
    const net = fakeArxiv({ 'https://arxiv.org/html/1706.03762v7': htmlResponse(HTML_V7) });
    const r1 = createFullTextResolver(deps(net.fetch));
    const [a, b] = await Promise.all([r1.resolve(abs), r1.resolve(abs)]);
    expect(net.calls).toEqual(['https://arxiv.org/html/1706.03762v7']);
    expect(a).toBe(b);
    expect(a.reads.full).toBe(true);
    expect(readsLabel(a.reads)).toMatch(/^Full text · HTML v7 \(\d+ sections\)$/);
    expect(a.paper.sections.map((s) => s.heading)).toContain('Scaled Dot-Product Attention');
    const stored = await getPaper('1706.03762');
    expect(stored?.fullText).toMatchObject({ source: 'html', version: 7 });
    expect(stored?.sections?.length).toBe(a.paper.sections.length);

    await r1.resolve(abs);
    // A restarted worker (a new resolver) reads the corpus.
    const again = await createFullTextResolver(deps(net.fetch)).resolve(abs);
    expect(net.calls).toHaveLength(1);
    expect(again.reads).toEqual(a.reads);
    expect(again.paper.sections).toEqual(a.paper.sections);
  });

  it('uses the page itself when it is the HTML version (no fetch)', async () => {
    const html = readPage('html').paper as Paper;
    const net = fakeArxiv({});
    const got = await createFullTextResolver(deps(net.fetch)).resolve(html);
    expect(net.calls).toEqual([]);
    expect(got.reads.info?.source).toBe('page');
    expect(got.paper.sections).toBe(html.sections);
  });

  it('reads the PDF when arXiv has no HTML, with pages, and stores it', async () => {
    const net = fakeArxiv({ 'https://arxiv.org/pdf/1706.03762v7': pdfResponse(twoColumnPaper(3)) });
    const got = await createFullTextResolver(deps(net.fetch)).resolve(abs);
    expect(net.calls).toEqual([
      'https://arxiv.org/html/1706.03762v7',
      'https://arxiv.org/pdf/1706.03762v7',
    ]);
    expect(readsLabel(got.reads)).toBe('Full text · PDF v7 (3 pages)');
    expect(got.paper.sections.every((s) => s.page && s.page >= 1 && s.page <= 3)).toBe(true);
    expect((await getPaper('1706.03762'))?.fullText).toMatchObject({ source: 'pdf', pages: 3 });
  });

  it('skips the HTML request when arXiv already said it has none', async () => {
    const net = fakeArxiv({ 'https://arxiv.org/pdf/1706.03762v7': pdfResponse(twoColumnPaper(1)) });
    await createFullTextResolver(deps(net.fetch)).resolve({ ...abs, hasHtml: false });
    expect(net.calls).toEqual(['https://arxiv.org/pdf/1706.03762v7']);
  });

  it('fetches again for another version than the one stored', async () => {
    const net = fakeArxiv({ 'https://arxiv.org/html/1706.03762v7': htmlResponse(HTML_V7) });
    await storeFullText(
      { ...abs, version: 5, sections: [{ number: '1', heading: 'Old', level: 1, text: 'old v5' }] },
      { source: 'html', version: 5, sections: 1, at: 1 },
    );
    const got = await createFullTextResolver(deps(net.fetch)).resolve(abs);
    expect(net.calls).toHaveLength(1);
    expect(got.reads.info?.version).toBe(7);
  });

  const big = () =>
    new Response(new Uint8Array(16), {
      status: 200,
      headers: { 'content-type': 'application/pdf', 'content-length': String(40_000_000) },
    });
  const bigStream = () =>
    new Response(
      new ReadableStream({
        pull(c) {
          c.enqueue(new Uint8Array(1_000_000));
        },
      }),
      { status: 200, headers: { 'content-type': 'application/pdf' } },
    );
  const never = () => new Promise<Response>(() => undefined);
  const PDF = 'https://arxiv.org/pdf/1706.03762v7';
  const HTML = 'https://arxiv.org/html/1706.03762v7';
  const cases: Array<[string, Record<string, Route>, RegExp]> = [
    ['404 for both', {}, /no HTML .*HTTP 404/],
    [
      '403 from arXiv',
      { [PDF]: () => new Response('', { status: 403 }) },
      /refused the request \(HTTP 403\)/,
    ],
    ['429 from arXiv', { [PDF]: () => new Response('', { status: 429 }) }, /rate limiting .*429/],
    ['a timeout', { [PDF]: never }, /took longer than/],
    ['a 40 MB PDF (declared)', { [PDF]: big }, /larger than 30 MB/],
    ['a 40 MB PDF (streamed)', { [PDF]: bigStream }, /larger than 30 MB/],
    [
      'a broken PDF',
      { [PDF]: pdfResponse(new TextEncoder().encode('%PDF-1.5\nbroken')) },
      /could not be read/,
    ],
    [
      'an encrypted PDF',
      {
        [PDF]: pdfResponse(
          makePdf([[{ x: 72, y: 700, size: 10, text: 'x' }]], { encrypted: true }),
        ),
      },
      /encrypted/,
    ],
    ['a scanned PDF', { [PDF]: pdfResponse(makePdf([[], []])) }, /no text layer/],
    [
      'an HTML page instead of the PDF',
      { [PDF]: htmlResponse('<!doctype html><h1>Error</h1>') },
      /web page instead of the PDF/,
    ],
    [
      'an HTML error page for the HTML version',
      { [HTML]: htmlResponse('<!doctype html><title>Error</title><h1>Something went wrong</h1>') },
      /error page/,
    ],
  ];
  for (const [name, routes, reason] of cases) {
    it(`answers from the abstract with a one-line reason on ${name}, losing nothing stored`, async () => {
      await savePaperFromPage(abs);
      const before = await getPaper('1706.03762');
      const net = fakeArxiv(routes);
      const r = createFullTextResolver(deps(net.fetch, { timeoutMs: 200 }));
      const got = await r.resolve(abs);
      expect(got.reads.full).toBe(false);
      expect(got.reads.reason).toMatch(reason);
      expect(readsLabel(got.reads)).toMatch(/^Abstract only — /);
      expect(readsLabel(got.reads)).not.toContain('\n');
      expect(got.paper).toEqual(abs);
      expect(await getPaper('1706.03762')).toEqual(before);
      // The failure is remembered: no second request for this version.
      const n = net.calls.length;
      await r.resolve(abs);
      expect(net.calls).toHaveLength(n);
    });
  }
});
