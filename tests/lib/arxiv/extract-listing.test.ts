import { describe, expect, it } from 'vitest';
import { readPage } from './read-page';
import { parseArxivId } from '@/lib/arxiv/id';
import { ExtractResult, type ListingEntry } from '@/lib/arxiv/schema';
import { PAGES, URLS, pageDoc, pageHtml, parseHtml } from './fixtures';

function entriesOf(
  file: string,
  html?: string,
): { entries: ListingEntry[]; result: ExtractResult } {
  const doc = html === undefined ? pageDoc(file) : parseHtml(html, URLS[file]);
  const result = ExtractResult.parse(readPage(doc, URLS[file] as string));
  return { entries: result.entries ?? [], result };
}

describe('listing page /list/cs.CL/recent', () => {
  const { entries, result } = entriesOf(PAGES.listing);
  const raw = pageHtml(PAGES.listing);

  it('has the 50 entries the page shows, in page order, no warnings', () => {
    expect(result.kind).toBe('listing');
    expect(result.warnings).toEqual([]);
    const ids = [...raw.matchAll(/<a href ="\/abs\/([^"]+)" title="Abstract"/g)].map((m) => m[1]);
    expect(ids.length).toBe(50);
    expect(entries.map((e) => e.id)).toEqual(ids);
  });

  it('every entry is complete and valid', () => {
    for (const e of entries) {
      expect(parseArxivId(e.id)).toEqual({ ok: true, id: { base: e.id, version: null } });
      expect(e.title.length).toBeGreaterThan(5);
      expect(e.title).not.toMatch(/^Title:|\s{2}/);
      expect(e.authors.length).toBeGreaterThan(0);
      expect(e.categories.length).toBeGreaterThan(0);
      expect(e.abstract).toBeUndefined(); // /recent does not show abstracts
    }
  });

  it('reads the first and last entries as shown', () => {
    expect(entries[0]).toEqual({
      id: '2608.12278',
      version: 1,
      title:
        'Structural Silence: When AI Infrastructure Fails Speakers of Underrepresented Languages',
      authors: ['Avijit Roy', 'Proma Roy'],
      categories: ['cs.CL', 'cs.AI', 'cs.CY'],
    });
    expect(entries[49]).toEqual({
      id: '2608.11338',
      version: 1,
      title: 'Better, Faster, Stronger: Programmatic Skill Learning Best Reduces Agent Cost',
      authors: [
        'Zixi Huang',
        'Xiheng Wang',
        'Andrew Wang',
        'William Jurayj',
        'Bernal Jiménez Gutiérrez',
        'Daniel Khashabi',
        'Nicholas Andrews',
      ],
      categories: ['cs.CL', 'cs.LG'],
    });
  });

  it('primary category first, matching the page', () => {
    const primaries = [
      ...raw.matchAll(/<span class="primary-subject">[^<]*\(([^)]+)\)<\/span>/g),
    ].map((m) => m[1]);
    expect(entries.map((e) => e.categories[0])).toEqual(primaries);
  });

  it('the version comes from the HTML link when there is one, else null', () => {
    const withHtml = (raw.match(/title="View HTML"/g) ?? []).length;
    expect(entries.filter((e) => e.version !== null).length).toBe(withHtml);
  });

  it('reads abstracts when the listing shows them (/new layout)', () => {
    const html = raw.replace(
      /(<div class='list-subjects'>[\s\S]*?<\/div>\s*)<\/div>/,
      "$1</div><p class='mathjax'>\n  We study $x^2$ in\n  detail.\n</p>",
    );
    const { entries: withAbstract } = entriesOf(PAGES.listing, html);
    expect(withAbstract[0]?.abstract).toBe('We study $x^2$ in detail.');
    expect(withAbstract[1]?.abstract).toBeUndefined();
  });
});

describe('search results page', () => {
  const { entries, result } = entriesOf(PAGES.search);
  const raw = pageHtml(PAGES.search);

  it('has the 50 results the page shows (of 130)', () => {
    expect(result.kind).toBe('search');
    expect(result.warnings).toEqual([]);
    expect(raw).toContain('Showing 1&ndash;50 of 130 results');
    const ids = [
      ...raw.matchAll(
        /<p class="list-title is-inline-block"><a href="https:\/\/arxiv.org\/abs\/([^"]+)">/g,
      ),
    ].map((m) => m[1]);
    expect(entries.map((e) => e.id)).toEqual(ids);
    expect(entries.length).toBe(50);
  });

  it('reads id, version, title (search hits joined), authors, categories and full abstract', () => {
    expect(entries[0]).toMatchObject({
      id: '2607.23678',
      version: 1,
      title:
        'Focus Is All You Need: Adaptive Goal-aware Attention Orchestration for Multi-Agent Graph Systems',
      authors: ['Mingzhou Fan', 'Siyuan Xu', 'Mingxuan Yuan'],
      categories: ['cs.AI'],
    });
    expect(entries[0]?.abstract).toMatch(
      /^Large language models \(LLMs\) enable autonomous agents/,
    );
    expect(entries[0]?.abstract).toMatch(/Code: https:\/\/github.com\/MingzhouFan97\/AGAO\.$/);
    expect(entries[1]).toMatchObject({
      id: '2607.21692',
      version: 3,
      authors: ['James E. Allchin'],
      categories: ['cs.LG', 'cs.CL'],
    });
  });

  it('every entry is complete; abstracts are the full ones without the More/Less toggles', () => {
    for (const e of entries) {
      expect(e.title.length).toBeGreaterThan(5);
      expect(e.authors.length).toBeGreaterThan(0);
      expect(e.categories.length).toBeGreaterThan(0);
      expect(e.version).toBeGreaterThanOrEqual(1);
      expect(e.abstract?.length).toBeGreaterThan(100);
      expect(e.abstract).not.toMatch(/[▽△]|More$|Less$|…$/);
    }
  });

  it('DOI tags are not taken for categories', () => {
    expect(raw).toContain('tag is-dark is-size-7">doi');
    for (const e of entries)
      for (const c of e.categories) expect(c).toMatch(/^[a-z-]+(\.[A-Za-z-]+)?$/);
  });
});
