import { describe, expect, it } from 'vitest';
import { readPage } from './read-page';
import { ExtractResult } from '@/lib/arxiv/schema';
import { parseHtmlInWorker } from '@/lib/arxiv/worker-dom';
import { PAGES, URLS, pageDoc, pageHtml } from './fixtures';

/** The result without what differs between DOM implementations only in object identity. */
const summary = (r: ExtractResult) => ({
  kind: r.kind,
  warnings: r.warnings,
  paper: r.paper && {
    ...r.paper,
    sections: r.paper.sections.map((s) => [s.number, s.heading, s.level, s.text.length]),
  },
  entries: r.entries,
});

describe('parseHtmlInWorker (no DOMParser, as in the MV3 service worker)', () => {
  it('runs where there is no DOMParser and gives a linkedom Document', async () => {
    expect((globalThis as { DOMParser?: unknown }).DOMParser).toBeUndefined();
    const doc = await parseHtmlInWorker(
      '<html><head><title>T</title></head><body><p>x</p></body></html>',
    );
    expect(doc.title).toBe('T');
    expect(doc.querySelector('p')?.textContent).toBe('x');
  });

  for (const file of Object.values(PAGES)) {
    it(`${file}: the same extraction as in a browser-like DOM (happy-dom)`, async () => {
      const url = URLS[file] as string;
      const onLinkedom = ExtractResult.parse(
        readPage(await parseHtmlInWorker(pageHtml(file), url), url),
      );
      const onHappyDom = ExtractResult.parse(readPage(pageDoc(file), url));
      expect(summary(onLinkedom)).toEqual(summary(onHappyDom));
    });
  }

  it('the Readability fallback works on it too', async () => {
    const url = URLS[PAGES.html] as string;
    const html = pageHtml(PAGES.html).replace(/\bltx_/g, 'zz_');
    const r = readPage(await parseHtmlInWorker(html, url), url);
    expect(r.warnings.map((w) => w.code)).toContain('fallback_readability');
    expect(r.paper?.title).toBe('Attention Is All You Need');
    expect(r.paper?.sections.map((s) => s.heading)).toContain('Introduction');
  });
});
