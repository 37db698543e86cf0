import { describe, expect, it } from 'vitest';
import { readPage } from './read-page';
import { ExtractResult, type Paper } from '@/lib/arxiv/schema';
import { PAGES, URLS, pageDoc, pageHtml, parseHtml } from './fixtures';

function read(file: string, html?: string, url = URLS[file] as string) {
  const doc = html === undefined ? pageDoc(file) : parseHtml(html, url);
  const result = ExtractResult.parse(readPage(doc, url));
  return { result, paper: result.paper as Paper };
}

describe('LaTeXML full text: 1706.03762v7', () => {
  const { result, paper } = read(PAGES.html);
  const raw = pageHtml(PAGES.html);
  const all = paper.sections.map((s) => `${s.heading}\n${s.text}`).join('\n');

  it('is an html page with id, version, title, authors, abstract, category', () => {
    expect(result.kind).toBe('html');
    expect(result.warnings).toEqual([]);
    expect(paper).toMatchObject({
      id: '1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
      categories: ['cs.CL'],
      hasHtml: true,
      textSource: 'html',
    });
    expect(paper.authors).toEqual([
      'Ashish Vaswani',
      'Noam Shazeer',
      'Niki Parmar',
      'Jakob Uszkoreit',
      'Llion Jones',
      'Aidan N. Gomez',
      'Łukasz Kaiser',
      'Illia Polosukhin',
    ]);
    expect(paper.abstract).toMatch(/^The dominant sequence transduction models/);
    expect(paper.abstract).not.toMatch(/^Abstract/);
  });

  it('the version comes from the watermark when the address has none', () => {
    const { paper: p } = read(PAGES.html, undefined, 'https://arxiv.org/html/1706.03762');
    expect(p.id).toBe('1706.03762');
    expect(p.version).toBe(7);
  });

  it('has every section of the table of contents, in order, with number, heading and level', () => {
    // Every <section> of the page but the bibliography.
    const tags = raw.match(
      /<section id="[^"]+" class="ltx_(section|subsection|subsubsection|paragraph)"/g,
    );
    expect(paper.sections.length).toBe(tags?.length);
    expect(paper.sections.length).toBe(28);
    // The table of contents lists them all but the appendix after the bibliography.
    const toc = [...raw.matchAll(/<li class="ltx_tocentry ltx_tocentry_(\w+)"><a href="#([^"]+)"/g)]
      .filter((m) => m[1] !== 'abstract' && m[1] !== 'bibliography')
      .map((m) => m[2]);
    expect(toc.length).toBe(27);
    expect(paper.sections.slice(0, 7).map((s) => [s.number, s.heading, s.level])).toEqual([
      ['1', 'Introduction', 1],
      ['2', 'Background', 1],
      ['3', 'Model Architecture', 1],
      ['3.1', 'Encoder and Decoder Stacks', 2],
      ['', 'Encoder:', 3],
      ['', 'Decoder:', 3],
      ['3.2', 'Attention', 2],
    ]);
    const s321 = paper.sections.find((s) => s.number === '3.2.1');
    expect(s321).toMatchObject({ heading: 'Scaled Dot-Product Attention', level: 3 });
    expect(paper.sections.at(-1)).toMatchObject({
      number: '',
      heading: 'Attention Visualizations',
      level: 1,
    });
    const acks = paper.sections.find((s) => s.heading === 'Acknowledgements');
    expect(acks?.level).toBe(2);
  });

  it('keeps math as its LaTeX source', () => {
    const s321 = paper.sections.find((s) => s.number === '3.2.1')?.text ?? '';
    expect(s321).toContain(
      '$$\\mathrm{Attention}(Q,K,V)=\\mathrm{softmax}(\\frac{QK^{T}}{\\sqrt{d_{k}}})V$$ (1)',
    );
    expect(s321).toContain(
      'queries and keys of dimension $d_{k}$, and values of dimension $d_{v}$',
    );
    // No MathML residue.
    expect(all).not.toMatch(/application\/x-tex|<math|𝐳/);
  });

  it('section text does not repeat nested subsections', () => {
    const s3 = paper.sections.find((s) => s.number === '3')?.text ?? '';
    expect(s3).toContain('Most competitive neural sequence transduction models');
    expect(s3).not.toContain('The encoder is composed of a stack');
    const encoder = paper.sections.find((s) => s.heading === 'Encoder:')?.text ?? '';
    expect(encoder).toMatch(/^The encoder is composed of a stack of \$N=6\$ identical layers/);
  });

  it('is compact: no navigation, header, footer, license box or report dialog', () => {
    for (const noise of [
      'Report Issue',
      'Back to Abstract',
      'Why HTML?',
      'We gratefully acknowledge',
      'Instructions for reporting errors',
      'perpetual non-exclusive license',
      'Toggle',
      'Submit without GitHub',
    ]) {
      expect(all, noise).not.toContain(noise);
    }
    for (const s of paper.sections) expect(s.text).not.toMatch(/\n\n| {2}|^\s|\s$/);
  });

  it('reads figure and table captions', () => {
    expect(paper.captions?.map((c) => `${c.kind}:${c.label}`)).toEqual([
      'figure:Figure 1',
      'figure:Figure 2',
      'table:Table 1',
      'table:Table 2',
      'table:Table 3',
      'table:Table 4',
      'figure:Figure 3',
      'figure:Figure 4',
      'figure:Figure 5',
    ]);
    expect(paper.captions?.[0]?.caption).toBe('The Transformer - model architecture.');
    expect(paper.captions?.[2]?.caption).toContain('$n$ is the sequence length');
  });

  it('reads the 40 bibliography entries with label, anchor and text', () => {
    const items = (raw.match(/<li id="bib\.bib\d+" class="ltx_bibitem"/g) ?? []).length;
    expect(items).toBe(40);
    expect(paper.references.length).toBe(items);
    paper.references.forEach((r, i) => {
      expect(r.label).toBe(`[${i + 1}]`);
      expect(r.anchor).toBe(`bib.bib${i + 1}`);
      expect(r.text.length).toBeGreaterThan(20);
      expect(r.text).not.toContain(r.label);
    });
    expect(paper.references[0]).toMatchObject({
      text: 'Jimmy Lei Ba, Jamie Ryan Kiros, and Geoffrey E Hinton. Layer normalization. arXiv preprint arXiv:1607.06450, 2016.',
      title: 'Layer normalization',
      arxivIds: ['1607.06450'],
    });
  });

  it('resolves the arXiv ids of the references (plain "arXiv:" text and "CoRR, abs/" form)', () => {
    const bib = raw.slice(raw.indexOf('class="ltx_bibliography"'));
    const expected = new Set(
      [...bib.matchAll(/(?:arXiv:|abs\/)(\d{4}\.\d{4,5})/g)].map((m) => m[1] as string),
    );
    const found = paper.references.flatMap((r) => r.arxivIds);
    expect(new Set(found)).toEqual(expected);
    expect(found.length).toBe(22);
    const byLabel = (l: string) => paper.references.find((r) => r.label === l);
    expect(byLabel('[2]')?.arxivIds).toEqual(['1409.0473']);
    expect(byLabel('[9]')?.arxivIds).toEqual(['1705.03122']); // written arXiv:1705.03122v2
    expect(byLabel('[13]')?.arxivIds).toEqual([]); // Neural computation, 1997
    expect(byLabel('[38]')?.title).toBe(
      'Google’s neural machine translation system: Bridging the gap between human and machine translation',
    );
  });

  it('takes arXiv ids, DOIs and URLs from links as well as from the text', () => {
    // Entry [8] with links added in memory, in the shapes LaTeXML writes them.
    const html = raw.replace(
      'In <span id="bib.bib8.1" class="ltx_text ltx_font_italic">Proc. of NAACL</span>, 2016.',
      'In <span class="ltx_text ltx_font_italic">Proc. of NAACL</span>, 2016. ' +
        '<a href="https://arxiv.org/abs/1602.07776v4" class="ltx_ref ltx_href">Preprint</a>, ' +
        '<a href="https://doi.org/10.18653/v1%2FN16-1024" class="ltx_ref ltx_href">doi</a>, ' +
        'code at https://github.com/clab/rnng.',
    );
    expect(html).not.toBe(raw);
    const r8 = read(PAGES.html, html).paper.references.find((r) => r.label === '[8]');
    expect(r8?.arxivIds).toEqual(['1602.07776']);
    expect(r8?.dois).toEqual(['10.18653/v1/N16-1024']);
    expect(r8?.urls).toEqual([
      'https://arxiv.org/abs/1602.07776v4',
      'https://doi.org/10.18653/v1%2FN16-1024',
      'https://github.com/clab/rnng',
    ]);
  });

  it('says where each entry is cited', () => {
    const byLabel = (l: string) => paper.references.find((r) => r.label === l);
    // #bib.bib2 is linked from sections 1, 3, 3.2.1 and 3.2.3 of the page.
    expect(byLabel('[2]')?.citedIn).toEqual(['1', '3', '3.2.1', '3.2.3']);
    // Cited from the unnumbered paragraph "Encoder:" of 3.1: the nearest number.
    expect(byLabel('[11]')?.citedIn).toEqual(['3.1']);
    expect(byLabel('[33]')?.citedIn).toEqual(['5.4']);
    // Every entry of this paper is cited somewhere.
    for (const r of paper.references) expect(r.citedIn.length, r.label).toBeGreaterThan(0);
  });
});

describe('LaTeXML full text: 2401.00001v1 (abstract as a section, no bibliography)', () => {
  const { result, paper } = read(PAGES.htmlNoBib);

  it('reads id, version, title, authors, category', () => {
    expect(paper).toMatchObject({
      id: '2401.00001',
      version: 1,
      title: 'Sector Rotation by Factor Model and Fundamental Analysis',
      authors: ['Runjia Yang', 'Beining Shi'],
      categories: ['q-fin.PM'],
    });
  });

  it('takes the abstract from the section titled "Abstract" and leaves it out of the sections', () => {
    expect(paper.abstract).toMatch(
      /^This study presents an analytical approach to sector rotation/,
    );
    expect(paper.sections.some((s) => /abstract/i.test(s.heading))).toBe(false);
    expect(paper.sections[0]).toMatchObject({ number: '1', heading: 'Introduction', level: 1 });
  });

  it('has no LaTeXML bibliography: warns and reads the plain "References" section', () => {
    expect(pageHtml(PAGES.htmlNoBib)).not.toContain('ltx_bibliography');
    expect(result.warnings.map((w) => w.code)).toEqual(['missing_bibliography']);
    expect(paper.references.map((r) => r.label)).toEqual(['1.', '2.']);
    expect(paper.references[1]?.text).toBe(
      'The Global Industry Classification Standard, MSCI (1999)',
    );
    expect(paper.sections.some((s) => s.heading === 'References')).toBe(false);
    expect(paper.sections.at(-1)?.number).toBe('5.5');
  });

  it('keeps math in headings as LaTeX', () => {
    expect(paper.sections.find((s) => s.number === '4.4')?.heading).toBe('EV/EBIT $\\&$ EV/EBITDA');
  });
});

describe('Readability fallback when the LaTeXML structure is missing', () => {
  // The same page with LaTeXML's class names gone (another converter, or a layout change).
  const html = pageHtml(PAGES.html).replace(/\bltx_/g, 'zz_');
  const { result, paper } = read(PAGES.html, html);

  it('warns fallback_readability and still reads title, abstract and sections', () => {
    expect(result.kind).toBe('html');
    expect(result.warnings.map((w) => w.code)).toContain('fallback_readability');
    expect(paper.textSource).toBe('readability');
    expect(paper.id).toBe('1706.03762');
    expect(paper.title).toBe('Attention Is All You Need');
    expect(paper.abstract).toMatch(/^The dominant sequence transduction models/);
    const headings = paper.sections.map((s) => s.heading);
    expect(headings).toContain('Introduction');
    expect(headings).toContain('Model Architecture');
    expect(paper.sections.find((s) => s.heading === 'Introduction')?.number).toBe('1');
    const text = paper.sections.map((s) => s.text).join('\n');
    expect(text).toContain('$\\mathrm{LayerNorm}(x+\\mathrm{Sublayer}(x))$');
    expect(text).not.toContain('We gratefully acknowledge');
  });

  it('does not touch the page it reads (Readability runs on a clone)', () => {
    const doc = parseHtml(html, URLS[PAGES.html]);
    const before = doc.documentElement.outerHTML.length;
    readPage(doc, URLS[PAGES.html] as string);
    expect(doc.documentElement.outerHTML.length).toBe(before);
  });
});
