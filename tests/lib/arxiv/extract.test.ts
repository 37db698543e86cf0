import { describe, expect, it } from 'vitest';
import { readPage } from './read-page';
import { extractPage } from '@/lib/arxiv/extract-page';
import { ExtractResult } from '@/lib/arxiv/schema';
import { PAGES, URLS, pageDoc, pageHtml, parseHtml } from './fixtures';

const codes = (r: ExtractResult) => r.warnings.map((w) => w.code);
const extract = (html: string, url: string, opts?: { maxTextChars?: number }) =>
  ExtractResult.parse(readPage(parseHtml(html, url), url, opts));

describe('extractPage: page kinds', () => {
  it('every captured page extracts to a valid result of its kind', () => {
    const kinds: Record<string, string> = {
      [PAGES.abs]: 'abs',
      [PAGES.absOld]: 'abs',
      [PAGES.absWithdrawn]: 'abs',
      [PAGES.html]: 'html',
      [PAGES.htmlNoBib]: 'html',
      [PAGES.listing]: 'listing',
      [PAGES.search]: 'search',
    };
    for (const [file, kind] of Object.entries(kinds)) {
      const r = ExtractResult.parse(readPage(pageDoc(file), URLS[file] as string));
      expect(r.kind, file).toBe(kind);
      if (kind === 'abs' || kind === 'html') expect(r.paper?.title, file).toBeTruthy();
      else expect(r.entries?.length, file).toBe(50);
    }
  });

  it('a PDF tab has nothing to read in the page (the background fetches the paper)', () => {
    const r = readPage(
      parseHtml('<html><body><embed type="application/pdf"></body></html>'),
      'https://arxiv.org/pdf/1706.03762v7',
    );
    expect(r).toEqual({ kind: 'pdf', warnings: [] });
  });
});

describe('extractPage: bad pages give partial results with typed warnings, never a throw', () => {
  it('a non-paper page: kind other, not_a_paper', () => {
    const r = extract(pageHtml(PAGES.abs), 'https://arxiv.org/help/api');
    expect(r.kind).toBe('other');
    expect(r.paper).toBeUndefined();
    expect(codes(r)).toEqual(['not_a_paper']);
    const outside = extract(
      '<html><body><p>Hello</p></body></html>',
      'https://example.com/abs/1706.03762',
    );
    expect(outside.kind).toBe('other');
  });

  it('an abs address showing something else (e.g. an error page): not_a_paper, no paper', () => {
    const r = extract(pageHtml(PAGES.listing), 'https://arxiv.org/abs/1706.03762');
    expect(r.kind).toBe('abs');
    expect(r.paper).toBeUndefined();
    expect(codes(r)).toEqual(['not_a_paper']);
    expect(r.warnings[0]?.message).toContain('1706.03762');
  });

  it('a listing or search address without results: not_a_paper', () => {
    expect(codes(extract(pageHtml(PAGES.abs), URLS[PAGES.listing] as string))).toEqual([
      'not_a_paper',
    ]);
    expect(codes(extract(pageHtml(PAGES.abs), URLS[PAGES.search] as string))).toEqual([
      'not_a_paper',
    ]);
  });

  it('truncated full text: the sections before the cut, warnings truncated + missing_bibliography', () => {
    const html = pageHtml(PAGES.html);
    const r = extract(html.slice(0, Math.floor(html.length * 0.5)), URLS[PAGES.html] as string);
    expect(r.kind).toBe('html');
    expect(r.paper?.title).toBe('Attention Is All You Need');
    expect(r.paper?.abstract).toMatch(/^The dominant sequence/);
    const n = r.paper?.sections.length ?? 0;
    expect(n).toBeGreaterThan(3);
    expect(n).toBeLessThan(28);
    expect(r.paper?.sections[0]?.heading).toBe('Introduction');
    expect(r.paper?.references).toEqual([]);
    expect(codes(r)).toEqual(['truncated', 'missing_bibliography']);
    expect(r.warnings[1]?.message).toMatch(
      /citation link\(s\) point to bibliography entries that are not on the page/,
    );
  });

  it('truncated abs page: what was read is kept', () => {
    const html = pageHtml(PAGES.abs);
    const cut = html.slice(0, html.indexOf('<div class="submission-history">'));
    const r = extract(cut, URLS[PAGES.abs] as string);
    expect(r.paper).toMatchObject({
      id: '1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
      categories: ['cs.CL', 'cs.LG'],
    });
    expect(r.paper?.versions).toBeUndefined();
    expect(codes(r)).toEqual(['truncated']);
    // Cut inside <head>: only the address is left.
    const head = extract(html.slice(0, 500), URLS[PAGES.abs] as string);
    expect(head.paper).toMatchObject({ id: '1706.03762', title: '', authors: [] });
    expect(codes(head)).toEqual([
      'truncated',
      'missing_title',
      'missing_authors',
      'missing_abstract',
      'missing_categories',
    ]);
  });

  it('truncated listing: the entries before the cut', () => {
    const html = pageHtml(PAGES.listing);
    const r = extract(html.slice(0, Math.floor(html.length * 0.5)), URLS[PAGES.listing] as string);
    expect(r.entries?.length).toBeGreaterThan(10);
    expect(r.entries?.length).toBeLessThan(50);
    expect(codes(r)).toContain('truncated');
  });

  it('cut at any point, every page still gives a valid result and never throws', () => {
    for (const file of Object.values(PAGES)) {
      const html = pageHtml(file);
      for (let i = 1; i < 7; i++) {
        const cut = html.slice(0, Math.floor((html.length * i) / 7));
        const raw = readPage(parseHtml(cut, URLS[file]), URLS[file] as string);
        const parsed = ExtractResult.safeParse(raw);
        expect(parsed.success, `${file} cut at ${i}/7`).toBe(true);
        expect(raw.kind).not.toBe('other');
        expect(
          raw.paper || raw.entries || raw.warnings.length,
          `${file} cut at ${i}/7`,
        ).toBeTruthy();
      }
    }
  }, 60_000);

  it('missing blocks: an abs page without meta tags, title, authors and abstract', () => {
    const html = pageHtml(PAGES.abs)
      .replace(/<meta name="citation_[^>]*>/g, '')
      .replace(/<h1 class="title mathjax">[\s\S]*?<\/h1>/, '')
      .replace(/<div class="authors">[\s\S]*?<\/div>/, '')
      .replace(/<blockquote class="abstract mathjax">[\s\S]*?<\/blockquote>/, '');
    const r = extract(html, URLS[PAGES.abs] as string);
    expect(r.paper).toMatchObject({
      id: '1706.03762',
      version: 7,
      title: '',
      authors: [],
      abstract: '',
    });
    expect(r.paper?.categories).toEqual(['cs.CL', 'cs.LG']);
    expect(r.paper?.versions?.length).toBe(7);
    expect(codes(r)).toEqual(['missing_title', 'missing_authors', 'missing_abstract']);
  });

  it('missing blocks: a full text without its LaTeXML title and authors', () => {
    const html = pageHtml(PAGES.html)
      .replace(/<h1 class="ltx_title ltx_title_document">[\s\S]*?<\/h1>/, '')
      .replace(
        /<div class="ltx_authors">[\s\S]*?<\/div>\s*\n\s*<div id="abstract1"/,
        '<div id="abstract1"',
      );
    const r = extract(html, URLS[PAGES.html] as string);
    expect(r.paper?.title).toBe('Attention Is All You Need'); // from <title>
    expect(r.paper?.authors).toEqual([]);
    expect(codes(r)).toEqual(['missing_authors']);
    expect(r.paper?.sections.length).toBe(28);
  });

  it('a paper too large: keeps maxTextChars of text and warns too_large', () => {
    const url = URLS[PAGES.html] as string;
    const full = extract(pageHtml(PAGES.html), url);
    const total = full.paper?.sections.reduce((n, s) => n + s.text.length, 0) ?? 0;
    expect(total).toBeGreaterThan(20_000);
    const r = extract(pageHtml(PAGES.html), url, { maxTextChars: 5000 });
    const kept = r.paper?.sections.reduce((n, s) => n + s.text.length, 0) ?? 0;
    expect(kept).toBe(5000);
    expect(r.paper?.sections.length).toBeLessThan(full.paper?.sections.length ?? 0);
    expect(r.paper?.sections[0]).toEqual(full.paper?.sections[0]);
    expect(codes(r)).toEqual(['too_large']);
    expect(r.warnings[0]?.message).toContain(total.toLocaleString('en-US'));
    // References and metadata are kept whole.
    expect(r.paper?.references.length).toBe(40);
  });

  it('empty and garbage documents, for every kind', () => {
    for (const url of Object.values(URLS)) {
      for (const html of [
        '',
        '<html></html>',
        '<<<>>> not html at all &&&',
        '<body><dl id="articles"><dt>junk</dt></dl></body>',
      ]) {
        const r = readPage(parseHtml(html, url), url);
        expect(ExtractResult.safeParse(r).success, `${url} ${html}`).toBe(true);
        expect(r.warnings.length, `${url} ${html}`).toBeGreaterThan(0);
      }
    }
  });

  it('a DOM that throws is reported as a warning, not thrown into the page', () => {
    const doc = pageDoc(PAGES.abs);
    const failingQueries = new Proxy(doc, {
      get(target, prop) {
        if (prop === 'querySelector' || prop === 'querySelectorAll')
          return () => {
            throw new Error('DOM exploded');
          };
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const a = readPage(failingQueries, URLS[PAGES.abs] as string);
    expect(ExtractResult.safeParse(a).success).toBe(true);
    expect(a.warnings.length).toBeGreaterThan(0);
    const broken = new Proxy({} as Document, {
      get() {
        throw new Error('DOM exploded');
      },
    });
    for (const url of Object.values(URLS)) {
      const r = readPage(broken, url);
      expect(ExtractResult.safeParse(r).success).toBe(true);
      expect(r.kind).not.toBe('other');
      expect(codes(r)).toEqual(['not_a_paper']);
      expect(r.warnings[0]?.message).toContain('DOM exploded');
    }
  });
});

describe('extractPage without the fallback (no Readability, for tight bundles)', () => {
  it('gives the same result as with it on every captured page', () => {
    for (const file of Object.values(PAGES)) {
      const url = URLS[file] as string;
      expect(extractPage(pageDoc(file), url), file).toEqual(readPage(pageDoc(file), url));
    }
  });

  it('without LaTeXML structure: id and title, no text, warning missing_sections', () => {
    const url = URLS[PAGES.html] as string;
    const html = pageHtml(PAGES.html).replace(/\bltx_/g, 'zz_');
    const r = ExtractResult.parse(extractPage(parseHtml(html, url), url));
    expect(r.paper).toMatchObject({
      id: '1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
      sections: [],
    });
    expect(codes(r)).toEqual(['missing_sections']);
  });
});
