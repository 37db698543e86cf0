import { describe, expect, it } from 'vitest';
import { readPage } from './read-page';
import { ExtractResult, type Paper } from '@/lib/arxiv/schema';
import { PAGES, URLS, pageDoc, pageHtml, parseHtml } from './fixtures';

function paperOf(
  file: string,
  html?: string,
): { paper: Paper; warnings: ExtractResult['warnings'] } {
  const doc = html === undefined ? pageDoc(file) : parseHtml(html, URLS[file]);
  const result = ExtractResult.parse(readPage(doc, URLS[file] as string));
  expect(result.kind).toBe('abs');
  expect(result.paper).toBeDefined();
  return { paper: result.paper as Paper, warnings: result.warnings };
}

describe('abs page 1706.03762 (7 versions, HTML available)', () => {
  const { paper, warnings } = paperOf(PAGES.abs);

  it('reads id, version and the full version history with dates', () => {
    expect(paper.id).toBe('1706.03762');
    expect(paper.version).toBe(7);
    expect(paper.versions).toEqual([
      { version: 1, date: '2017-06-12T17:57:34Z' },
      { version: 2, date: '2017-06-19T16:49:45Z' },
      { version: 3, date: '2017-06-20T05:20:02Z' },
      { version: 4, date: '2017-06-30T17:29:30Z' },
      { version: 5, date: '2017-12-06T03:30:32Z' },
      { version: 6, date: '2023-07-24T00:48:54Z' },
      { version: 7, date: '2023-08-02T00:41:18Z' },
    ]);
  });

  it('reads title, authors (display order "First Last"), abstract and categories', () => {
    expect(paper.title).toBe('Attention Is All You Need');
    expect(paper.authors).toEqual([
      'Ashish Vaswani',
      'Noam Shazeer',
      'Niki Parmar',
      'Jakob Uszkoreit',
      'Llion Jones',
      'Aidan N. Gomez',
      'Lukasz Kaiser',
      'Illia Polosukhin',
    ]);
    expect(paper.abstract).toMatch(
      /^The dominant sequence transduction models are based on complex/,
    );
    expect(paper.abstract).toMatch(/both with large and limited training data\.$/);
    expect(paper.categories).toEqual(['cs.CL', 'cs.LG']);
  });

  it('reads comments, HTML availability, withdrawn status; no DOI or journal ref on this page', () => {
    expect(paper.comments).toBe('15 pages, 5 figures');
    expect(paper.hasHtml).toBe(true);
    expect(paper.withdrawn).toBe(false);
    expect(paper.doi).toBeUndefined();
    expect(paper.journalRef).toBeUndefined();
    expect(paper.textSource).toBe('abs');
    expect(paper.sections).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('the abstract is the one in the citation_abstract meta tag', () => {
    const meta = /<meta name="citation_abstract" content="([^"]*)"/.exec(pageHtml(PAGES.abs))?.[1];
    expect(paper.abstract).toBe(meta?.trim());
  });
});

describe('abs page hep-th/9711200 (old-style id, DOI, journal ref)', () => {
  const { paper, warnings } = paperOf(PAGES.absOld);

  it('reads the old-style id and 3 versions', () => {
    expect(paper.id).toBe('hep-th/9711200');
    expect(paper.version).toBe(3);
    expect(paper.versions?.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(paper.versions?.[0]?.date).toBe('1997-11-27T23:53:13Z');
  });

  it('keeps the LaTeX of the abstract as written', () => {
    expect(paper.abstract).toContain('the large $N$ limit of certain conformal field theories');
    expect(paper.abstract).toContain("The 't Hooft limit of 4-d ${\\cal N} =4$ super-Yang-Mills");
  });

  it('reads categories, journal ref, the related DOI, comments; no HTML version', () => {
    expect(paper.title).toBe('The Large N Limit of Superconformal Field Theories and Supergravity');
    expect(paper.authors).toEqual(['Juan M. Maldacena']);
    expect(paper.categories).toEqual(['hep-th']);
    expect(paper.journalRef).toBe('Adv.Theor.Math.Phys.2:231-252,1998');
    expect(paper.doi).toBe('10.1023/A:1026654312961');
    expect(paper.comments).toMatch(/^20 pages, harvmac, v2: section on AdS_2 corrected/);
    expect(paper.hasHtml).toBe(false);
    expect(paper.withdrawn).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('the "Report number" row (also class jref) is not taken for the journal ref', () => {
    expect(paper.journalRef).not.toContain('HUTP');
  });
});

describe('abs page 0902.4054 (withdrawn)', () => {
  const { paper } = paperOf(PAGES.absWithdrawn);
  it('is withdrawn, version 2 of 2, no HTML', () => {
    expect(paper.id).toBe('0902.4054');
    expect(paper.version).toBe(2);
    expect(paper.withdrawn).toBe(true);
    expect(paper.versions).toEqual([
      { version: 1, date: '2009-02-24T02:41:08Z' },
      { version: 2, date: '2009-03-26T04:20:50Z' },
    ]);
    expect(paper.categories).toEqual(['hep-ph']);
    expect(paper.title).toBe('On the Universality of Collins Functions');
    expect(paper.abstract).toBe('This paper has been withdrawn');
    expect(paper.hasHtml).toBe(false);
  });

  it('a page that is not withdrawn says so', () => {
    expect(paperOf(PAGES.abs).paper.withdrawn).toBe(false);
  });
});

describe('abs pages without meta tags fall back to the visible page', () => {
  const stripMeta = (html: string) => html.replace(/<meta name="citation_[^>]*>/g, '');

  for (const file of [PAGES.abs, PAGES.absOld, PAGES.absWithdrawn]) {
    it(`${file}: same id, title, abstract, categories from the DOM`, () => {
      const withMeta = paperOf(file).paper;
      const html = stripMeta(pageHtml(file));
      expect(html).not.toContain('citation_title');
      const { paper } = paperOf(file, html);
      expect(paper.id).toBe(withMeta.id);
      expect(paper.version).toBe(withMeta.version);
      expect(paper.title).toBe(withMeta.title);
      expect(paper.abstract).toBe(withMeta.abstract);
      expect(paper.categories).toEqual(withMeta.categories);
      expect(paper.authors.length).toBe(withMeta.authors.length);
    });
  }

  it('DOM author names are the ones shown on the page', () => {
    const { paper } = paperOf(PAGES.absWithdrawn, stripMeta(pageHtml(PAGES.absWithdrawn)));
    expect(paper.authors).toEqual(['J.P. Ma']);
  });
});

describe('the id comes from the address (issue 18, finding 4)', () => {
  it('a page at /abs/2403.00002 whose meta tags claim 1706.03762 is read as 2403.00002', () => {
    const doc = parseHtml(pageHtml(PAGES.abs), 'https://arxiv.org/abs/2403.00002');
    const result = ExtractResult.parse(readPage(doc, 'https://arxiv.org/abs/2403.00002'));
    expect(result.paper?.id).toBe('2403.00002');
    expect(result.warnings.map((w) => w.message).join(' ')).toMatch(/1706\.03762/);
  });

  it('without the fallback (the content script) it agrees', async () => {
    const { extractPage } = await import('@/lib/arxiv/extract-page');
    const doc = parseHtml(pageHtml(PAGES.abs), 'https://arxiv.org/abs/2403.00002');
    expect(extractPage(doc, 'https://arxiv.org/abs/2403.00002').paper?.id).toBe('2403.00002');
  });
});
