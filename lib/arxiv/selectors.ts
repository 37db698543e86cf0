/**
 * Every CSS selector the extractors use, in one place. Each has a primary selector and fallbacks
 * (tried in order) and says which page layout it matches. `tests/lib/arxiv/selectors.test.ts`
 * checks each against the captured pages in tests/fixtures/arxiv-pages/:
 * `required` selectors must match (primary or a fallback) on every fixture of their layouts,
 * the others on at least one.
 *
 * Layouts (as captured 2026-08):
 * - abs: arxiv.org/abs/ID, "browse 0.3.4" templates (`#abs`, `.metatable`, `.submission-history`)
 * - html: arxiv.org/html/ID, LaTeXML "oxide" 0.7.x output (`ltx_*` classes) inside arXiv's
 *   HTML-papers chrome (`.ltx_page_main`, `#watermark-tr`)
 * - listing: arxiv.org/list/CAT/{new,recent,YYYY-MM} (`dl#articles` of `dt`/`dd` pairs)
 * - search: arxiv.org/search/ (arxiv-search, Bulma: `li.arxiv-result`)
 */

export type Layout = 'abs' | 'html' | 'listing' | 'search';

export interface Selector {
  /** The page layouts it is used on. */
  readonly pages: readonly Layout[];
  /** True when every page of those layouts has it; false for blocks only some papers have. */
  readonly required: boolean;
  /** Primary selector first, then fallbacks. */
  readonly css: readonly string[];
}

const sel = (pages: Layout[], required: boolean, ...css: string[]): Selector => ({
  pages,
  required,
  css,
});

/** Google Scholar meta tags on abs pages (names for `meta[name=...]`). */
export const META = {
  title: 'citation_title',
  author: 'citation_author',
  date: 'citation_date',
  onlineDate: 'citation_online_date',
  arxivId: 'citation_arxiv_id',
  abstract: 'citation_abstract',
  doi: 'citation_doi',
  pdfUrl: 'citation_pdf_url',
} as const;

export const S = {
  // ---- any page ---------------------------------------------------------------------------
  /** abs, listing: `<link rel=canonical>`; LaTeXML pages have none. */
  canonical: sel(['abs'], true, 'link[rel="canonical"]'),
  /** abs: Open Graph URL with the version (`.../abs/1706.03762v7`). */
  ogUrl: sel(['abs'], true, 'meta[property="og:url"]'),
  /** The site footer arXiv puts at the end of every page (2026 "ds" chrome); older: `#footer`. */
  pageEnd: sel(
    ['abs', 'html', 'listing', 'search'],
    true,
    'footer.ds-site-footer',
    'footer.arxiv-html-footer',
    'footer.ltx_page_footer',
    '#footer',
  ),

  // ---- abs page -----------------------------------------------------------------------------
  /** abs: the block with title, authors, abstract and metadata table. */
  absRoot: sel(['abs'], true, '#abs', '#abs-outer #content-inner', '#abs-outer .leftcolumn'),
  /** abs: `<h1 class="title mathjax"><span class="descriptor">Title:</span>...`. */
  absTitle: sel(['abs'], true, '#abs h1.title', 'h1.title.mathjax', '.leftcolumn h1.title'),
  /** abs: `<div class="authors">` with one link per author. */
  absAuthors: sel(['abs'], true, '#abs div.authors', 'div.authors', '.leftcolumn .authors'),
  /** abs: `<blockquote class="abstract mathjax">` (MathJax may rewrite it on live pages). */
  absAbstract: sel(['abs'], true, '#abs blockquote.abstract', 'blockquote.abstract'),
  /** abs: "[Submitted on ... (v1), last revised ... (this version, v7)]". */
  absDateline: sel(['abs'], true, '#abs .dateline', '.dateline'),
  /** abs: rows of the metadata table (Comments, Subjects, Journal reference, DOI...). */
  absMetaRows: sel(
    ['abs'],
    true,
    '#abs .metatable tr',
    '.metatable tr',
    'table[summary="Additional metadata"] tr',
  ),
  /** abs: the Subjects cell; primary category in `span.primary-subject`. */
  absSubjects: sel(['abs'], true, 'td.tablecell.subjects', '.metatable td.subjects'),
  absPrimarySubject: sel(['abs'], true, 'td.subjects span.primary-subject', 'span.primary-subject'),
  /** abs: Comments cell (only when the authors gave comments). */
  absComments: sel(['abs'], false, 'td.tablecell.comments', '.metatable td.comments'),
  /** abs: "Related DOI" cell; the DOI itself in `data-doi` (only for papers with one). */
  absRelatedDoi: sel(['abs'], false, 'td.tablecell.doi a[data-doi]', 'td.doi a[href*="doi.org"]'),
  /** abs: "(or arXiv:ID vN for this version)". */
  absThisVersion: sel(['abs'], true, 'td.arxividv a', '.arxividv .arxivid a'),
  /** abs: Submission history: `<strong>[vN]</strong>` (linked except the current) then a date. */
  absHistory: sel(['abs'], true, '.submission-history', '#abs-outer .submission-history'),
  /** abs: "HTML (experimental)" link, only when arXiv has an HTML version. */
  absHtmlLink: sel(
    ['abs'],
    false,
    'a#latexml-download-link',
    '.full-text a[href*="/html/"]',
    'a.mobile-submission-download[href*="/html/"]',
  ),
  /** abs: the access-paper list (PDF/HTML/TeX links, or "Withdrawn"). */
  absFullText: sel(['abs'], true, '.extra-services .full-text ul', '.full-text ul', '.full-text'),
  /** abs: the red notice "This paper has been withdrawn by ..." (withdrawn papers only). */
  absWithdrawnNotice: sel(['abs'], false, '#abs > span.error', '#abs .error', '.leftcolumn .error'),

  // ---- LaTeXML full text ----------------------------------------------------------------------
  /** html: the paper body. ar5iv and older arXiv HTML also use `article.ltx_document`. */
  htmlDocument: sel(
    ['html'],
    true,
    'article.ltx_document',
    '.ltx_page_content .ltx_document',
    '.ltx_page_content',
  ),
  /** html: the document title. */
  htmlTitle: sel(['html'], true, 'h1.ltx_title_document', '.ltx_title_document', 'article > h1'),
  /** html: one `.ltx_personname` per author block (may hold several names). */
  htmlAuthors: sel(
    ['html'],
    true,
    '.ltx_authors .ltx_creator.ltx_role_author .ltx_personname',
    '.ltx_authors .ltx_personname',
    '.ltx_author .ltx_personname',
  ),
  /** html: the abstract block; some papers write it as a section titled "Abstract" instead. */
  htmlAbstract: sel(['html'], false, 'div.ltx_abstract', '.ltx_abstract'),
  /** html: sections at every depth, in document order (nesting gives the level). */
  htmlSections: sel(
    ['html'],
    true,
    'section.ltx_section, section.ltx_appendix, section.ltx_subsection, section.ltx_subsubsection, section.ltx_paragraph, section.ltx_subparagraph, section.ltx_chapter, section.ltx_part',
    'section[id^="S"], section[id^="A"]',
  ),
  /** html: a section's heading, matched on its direct children only (see `pickChild`). */
  htmlSectionTitle: sel(['html'], true, '.ltx_title', 'h2, h3, h4, h5, h6'),
  /** html: the printed number inside a heading ("3.2 "), or "Appendix A". */
  htmlTag: sel(['html'], true, '.ltx_tag'),
  /** html: the bibliography (not every paper has one). */
  htmlBibliography: sel(
    ['html'],
    false,
    'section.ltx_bibliography',
    '.ltx_bibliography',
    'section#bib',
  ),
  htmlBibItems: sel(['html'], false, 'li.ltx_bibitem', '.ltx_biblist > li'),
  htmlBibLabel: sel(['html'], false, '.ltx_tag_bibitem', '.ltx_tag'),
  htmlBibBlocks: sel(['html'], false, '.ltx_bibblock'),
  /** html: in-text citation links to bibliography entries. */
  htmlCitations: sel(
    ['html'],
    false,
    'cite a.ltx_ref[href*="#bib"]',
    'a.ltx_ref[href*="#bib"]',
    'a[href*="#bib."]',
  ),
  /** html: figure and table floats and their captions. */
  htmlFloats: sel(['html'], true, 'figure.ltx_figure, figure.ltx_table', 'figure'),
  htmlCaption: sel(['html'], false, 'figcaption.ltx_caption', 'figcaption', '.ltx_caption'),
  /** html: "arXiv:1706.03762v7 [cs.CL] 02 Aug 2023" in the top-right corner. */
  htmlWatermark: sel(['html'], true, '#watermark-tr', '.infobox [id^="watermark"]', '#watermark'),
  /** html: the header's "Back to abstract" link (`/abs/ID`). */
  htmlAbsLink: sel(
    ['html'],
    true,
    'a[aria-label="Back to abstract page"]',
    'a.header-button[href*="/abs/"]',
    '.arxiv-html-header a[href*="/abs/"]',
  ),

  // ---- listing pages ----------------------------------------------------------------------------
  /** listing: `<dl id="articles">` of `<dt>` (id, links) / `<dd>` (meta) pairs. */
  listArticles: sel(['listing'], true, 'dl#articles', '#dlpage dl', 'dl'),
  listTitle: sel(['listing'], true, '.list-title', 'div.list-title'),
  listAuthors: sel(['listing'], true, '.list-authors', 'div.list-authors'),
  listSubjects: sel(['listing'], true, '.list-subjects', 'div.list-subjects'),
  /**
   * listing: the abstract paragraph (only on `/new` listings). No captured `/new` page is in the
   * fixtures: the test checks it on the captured listing with an abstract added in that shape.
   */
  listAbstract: sel(['listing'], false, 'p.mathjax', '.meta > p'),
  /** listing: the abs link in a `<dt>`. */
  listAbsLink: sel(['listing'], true, 'a[title="Abstract"]', 'a[href*="/abs/"]'),
  /** listing: the HTML link in a `<dt>` carries the latest version (`/html/IDvN`). */
  listHtmlLink: sel(['listing'], false, 'a[title="View HTML"]', 'a[href*="/html/"]'),

  // ---- search pages ------------------------------------------------------------------------------
  searchResults: sel(['search'], true, 'li.arxiv-result', 'ol.breathe-horizontal > li'),
  searchId: sel(['search'], true, 'p.list-title a[href*="/abs/"]', '.list-title a'),
  searchTitle: sel(['search'], true, 'p.title', '.title.is-5'),
  searchAuthors: sel(['search'], true, 'p.authors a', '.authors a'),
  /** search: category tags; the primary one is `is-link`, cross-lists `is-grey`. */
  searchTags: sel(['search'], true, '.tags .tag.is-small', 'span.tag[data-tooltip]'),
  searchPrimaryTag: sel(['search'], true, '.tags .tag.is-small.is-link'),
  /** search: the full abstract (the short one is a truncated copy); id `IDvN-abstract-full`. */
  searchAbstract: sel(['search'], false, 'span.abstract-full', '.abstract-full', 'p.abstract'),
} as const satisfies Record<string, Selector>;

export type SelectorName = keyof typeof S;

/** Matches of the first selector (primary, then fallbacks) that matches anything. */
export interface Found<T> {
  value: T;
  /** Index in `css` of the selector that matched: 0 = primary. */
  index: number;
}

/*
 * Errors thrown by the DOM are not caught here: `extractPage` reports them as a warning. Every
 * selector string is valid CSS (checked by the selectors test).
 */

/** First element matched by the primary selector, or else by the first fallback that matches. */
export function pick(root: ParentNode, s: Selector): Found<Element> | null {
  for (let i = 0; i < s.css.length; i++) {
    const el = root.querySelector(s.css[i] as string);
    if (el) return { value: el, index: i };
  }
  return null;
}

/** All elements of the first selector (primary, then fallbacks) that matches any. */
export function pickAll(root: ParentNode, s: Selector): Found<Element[]> {
  for (let i = 0; i < s.css.length; i++) {
    const els = Array.from(root.querySelectorAll(s.css[i] as string));
    if (els.length) return { value: els, index: i };
  }
  return { value: [], index: -1 };
}

/** First direct child of `parent` matching the primary selector, else a fallback. */
export function pickChild(parent: Element, s: Selector): Found<Element> | null {
  for (let i = 0; i < s.css.length; i++) {
    const css = s.css[i] as string;
    for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
      if (c.matches(css)) return { value: c, index: i };
    }
  }
  return null;
}

/** The content of `<meta name=...>` tags, in document order. */
export function metaContents(doc: Document, name: string): string[] {
  return Array.from(doc.querySelectorAll(`meta[name="${name}"]`)).map(
    (m) => m.getAttribute('content') ?? '',
  );
}
