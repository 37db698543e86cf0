/**
 * arXiv's HTML full text (LaTeXML, arxiv.org/html/ID; also ar5iv): title, authors, abstract,
 * sections in order with their numbers and compact text (math as LaTeX), figure and table
 * captions, and the bibliography with the arXiv ids, DOIs and URLs of each entry and the
 * sections that cite it. When the LaTeXML structure is missing, Readability reads the page.
 */
import { findArxivIdsInText, parseArxivId } from './id';
import { idFromUrl } from './page-kind';
import type { Caption, Paper, Reference, Section } from './schema';
import { S, pick, pickAll, pickChild } from './selectors';
import { hasClass, lineOf, oneLine, textOf } from './text';
import { capText, checkPageEnd, type ExtractContext } from './extract-common';

/** Reads a page without LaTeXML structure (`readabilityFallback` in extract-readability.ts). */
export type FullTextFallback = (
  ctx: ExtractContext,
  known: { id: string; version: number | null; categories: string[] },
) => Paper | null;

const isNote = (el: Element) =>
  hasClass(el, 'ltx_note') || hasClass(el, 'ltx_author_notes') || hasClass(el, 'ltx_contact');

/** "arXiv:1706.03762v7 [cs.CL] 02 Aug 2023" */
function readWatermark(ctx: ExtractContext): { id?: string; version?: number; category?: string } {
  const found = pick(ctx.doc, S.htmlWatermark);
  if (!found) return {};
  const text = oneLine(found.value.textContent ?? '');
  const m = /arXiv:(\S+)\s*(?:\[([^\]]+)\])?/.exec(text);
  if (!m) return {};
  const p = parseArxivId(m[1] ?? '');
  const out: { id?: string; version?: number; category?: string } = {};
  if (p.ok) {
    out.id = p.id.base;
    if (p.id.version) out.version = p.id.version;
  }
  if (m[2]) out.category = m[2].trim();
  return out;
}

function splitNames(s: string): string[] {
  return s
    .split(/\s*(?:,|;|\band\b|&)\s*/)
    .map((n) => n.replace(/[*†‡§¶∗]+$/u, '').trim())
    .filter((n) => n.length > 1 && !/@|^\d+$/.test(n));
}

function readAuthors(ctx: ExtractContext, root: ParentNode): string[] {
  const found = pickAll(root, S.htmlAuthors);
  ctx.noteFallback('htmlAuthors', S.htmlAuthors, found.index >= 0 ? found : null);
  const out: string[] = [];
  for (const el of found.value) {
    const text = textOf(el, { skip: (e) => isNote(e) || e.localName === 'sup' });
    // A block may hold several names and, after a line break, affiliations: keep the first line.
    const firstLine = text.split('\n')[0] ?? '';
    for (const n of splitNames(firstLine)) if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** "3.2 " -> "3.2", "Appendix A" -> "A", "Figure 1: " -> "Figure 1". */
function cleanNumber(s: string): string {
  return oneLine(s)
    .replace(/[.:]$/, '')
    .replace(/^Appendix\s+/i, '')
    .trim();
}

interface SectionInfo {
  el: Element;
  section: Section;
}

function readSections(ctx: ExtractContext, root: Element): SectionInfo[] {
  const found = pickAll(root, S.htmlSections);
  ctx.noteFallback('htmlSections', S.htmlSections, found.index >= 0 ? found : null);
  const els = found.value.filter(
    (el) => !hasClass(el, 'ltx_bibliography') && !el.closest('.ltx_bibliography'),
  );
  const set = new Set(els);
  const out: SectionInfo[] = [];
  for (const el of els) {
    let level = 1;
    for (let p = el.parentElement; p && p !== root; p = p.parentElement) if (set.has(p)) level++;
    const headingEl = pickChild(el, S.htmlSectionTitle)?.value ?? null;
    const tagEl = headingEl ? (pick(headingEl, S.htmlTag)?.value ?? null) : null;
    const number = tagEl ? cleanNumber(tagEl.textContent ?? '') : '';
    const heading = headingEl ? lineOf(headingEl, { skip: (e) => e === tagEl || isNote(e) }) : '';
    const text = textOf(el, {
      skip: (e) => e === headingEl || set.has(e) || hasClass(e, 'ltx_bibliography'),
    });
    out.push({ el, section: { number, heading, level: Math.min(level, 6), text } });
  }
  return out;
}

function readCaptions(root: Element): Caption[] {
  const out: Caption[] = [];
  for (const cap of pickAll(root, S.htmlCaption).value) {
    const fig = cap.closest('figure, .ltx_figure, .ltx_table');
    const tagEl = cap.querySelector('.ltx_tag');
    const isTable =
      (fig && hasClass(fig, 'ltx_table')) || (tagEl && hasClass(tagEl, 'ltx_tag_table'));
    const label = tagEl ? cleanNumber(tagEl.textContent ?? '') : '';
    const caption = oneLine(textOf(cap, { skip: (e) => e === tagEl }));
    if (caption || label) out.push({ kind: isTable ? 'table' : 'figure', label, caption });
  }
  return out;
}

const DOI_IN_TEXT = /\b10\.\d{4,9}\/[^\s"<>]+/g;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/g;
const trimPunct = (s: string) => s.replace(/[.,;:)\]}>]+$/, '');

function pushUnique(list: string[], v: string) {
  if (v && !list.includes(v)) list.push(v);
}

function doiFromHref(href: string): string | null {
  const m = /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\d{4,9}\/.+)$/i.exec(href);
  if (!m?.[1]) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}

/** A guessed title: LaTeXML puts authors, title and venue in separate `.ltx_bibblock`s. */
function guessTitle(blocks: string[], text: string): string | undefined {
  if (blocks.length >= 2) {
    const t = (blocks[1] ?? '')
      .replace(/[.,]\s*$/, '')
      .replace(/,\s*(?:19|20)\d\d[a-z]?$/, '')
      .trim();
    if (t.length > 3) return t;
  }
  const quoted = /[“"]([^”"]{8,})[”"]/.exec(text);
  return quoted?.[1]?.replace(/[.,]\s*$/, '').trim() || undefined;
}

function readReferences(ctx: ExtractContext, root: ParentNode): Reference[] {
  const bib = pick(root, S.htmlBibliography);
  ctx.noteFallback('htmlBibliography', S.htmlBibliography, bib);
  if (!bib) return [];
  const items = pickAll(bib.value, S.htmlBibItems);
  ctx.noteFallback('htmlBibItems', S.htmlBibItems, items.index >= 0 ? items : null);
  const out: Reference[] = [];
  for (const li of items.value) {
    const labelEl = pick(li, S.htmlBibLabel)?.value ?? null;
    const label = labelEl ? lineOf(labelEl) : '';
    const blockEls = pickAll(li, S.htmlBibBlocks).value;
    const blocks = blockEls.map((b) => lineOf(b));
    const text = blocks.length
      ? blocks.filter(Boolean).join(' ')
      : lineOf(li, { skip: (e) => e === labelEl });
    const arxivIds = findArxivIdsInText(text);
    const dois: string[] = [];
    const urls: string[] = [];
    for (const m of text.match(DOI_IN_TEXT) ?? []) pushUnique(dois, trimPunct(m));
    for (const a of Array.from(li.querySelectorAll('a[href]'))) {
      const href = (a.getAttribute('href') ?? '').trim();
      if (!/^https?:\/\//i.test(href)) continue;
      const id = parseArxivId(href);
      if (id.ok) pushUnique(arxivIds, id.id.base);
      const doi = doiFromHref(href);
      if (doi) pushUnique(dois, trimPunct(doi));
      pushUnique(urls, href);
    }
    for (const m of text.match(URL_IN_TEXT) ?? []) pushUnique(urls, trimPunct(m));
    for (const d of dois) {
      const p = parseArxivId(d);
      if (p.ok) pushUnique(arxivIds, p.id.base);
    }
    const ref: Reference = { label, text, arxivIds, dois, urls, citedIn: [] };
    const anchor = li.getAttribute('id');
    if (anchor) ref.anchor = anchor;
    const title = guessTitle(blocks, text);
    if (title) ref.title = title;
    out.push(ref);
  }
  return out;
}

const REFERENCES_HEADING = /^(references|bibliography|literature cited|works cited)\.?$/i;

function makeReference(label: string, text: string): Reference {
  const arxivIds = findArxivIdsInText(text);
  const dois: string[] = [];
  const urls: string[] = [];
  for (const m of text.match(DOI_IN_TEXT) ?? []) pushUnique(dois, trimPunct(m));
  for (const m of text.match(URL_IN_TEXT) ?? []) pushUnique(urls, trimPunct(m));
  const ref: Reference = { label, text, arxivIds, dois, urls, citedIn: [] };
  const title = guessTitle([], text);
  if (title) ref.title = title;
  return ref;
}

/**
 * A bibliography typed as an ordinary section: one entry per numbered line ("1. ...", "[2] ..."),
 * unnumbered lines joining the entry before them.
 */
function referencesFromPlainText(text: string): Reference[] {
  const entries: { label: string; parts: string[] }[] = [];
  for (const line of text.split('\n')) {
    const m = /^(\[\d+\]|\d+\.)\s*(.*)$/.exec(line.trim());
    if (m) entries.push({ label: m[1] ?? '', parts: [m[2] ?? ''] });
    else if (entries.length) entries[entries.length - 1]?.parts.push(line);
    else if (line.trim()) entries.push({ label: '', parts: [line] });
  }
  return entries.map((e) => makeReference(e.label, oneLine(e.parts.join(' '))));
}

/** Fills `citedIn` of each reference from the citation links in the sections and abstract. */
function linkCitations(
  ctx: ExtractContext,
  root: Element,
  sections: SectionInfo[],
  refs: Reference[],
  abstractEl: Element | null,
): number {
  const byAnchor = new Map<string, Reference>();
  for (const r of refs) if (r.anchor) byAnchor.set(r.anchor, r);
  const bySection = new Map<Element, Section>();
  for (const s of sections) bySection.set(s.el, s.section);
  let dangling = 0;
  const links = pickAll(root, S.htmlCitations);
  for (const a of links.value) {
    const href = a.getAttribute('href') ?? '';
    const anchor = href.slice(href.indexOf('#') + 1);
    if (!anchor) continue;
    const ref = byAnchor.get(anchor);
    if (!ref) {
      dangling++;
      continue;
    }
    // The nearest numbered section ("3.1" for its unnumbered paragraph "Encoder:"), else the
    // innermost heading ("Attention Visualizations").
    let where: string | null = null;
    let heading: string | null = null;
    if (abstractEl && abstractEl.contains(a)) where = 'Abstract';
    for (let p = a.parentElement; p && p !== root && !where; p = p.parentElement) {
      const s = bySection.get(p);
      if (!s) continue;
      if (s.number) where = s.number;
      else heading ??= s.heading;
    }
    where ??= heading;
    if (where && !ref.citedIn.includes(where)) ref.citedIn.push(where);
  }
  if (dangling) {
    ctx.warn(
      'missing_bibliography',
      `${dangling} citation link(s) point to bibliography entries that are not on the page.`,
    );
  }
  return dangling;
}

export function extractHtml(ctx: ExtractContext, fallback?: FullTextFallback): Paper | null {
  const { doc } = ctx;
  const fromUrl = idFromUrl(ctx.url);
  const wm = readWatermark(ctx);
  const absLink = pick(doc, S.htmlAbsLink)?.value.getAttribute('href') ?? '';
  const fromAbsLink = (() => {
    const p = parseArxivId(absLink.startsWith('/') ? `https://arxiv.org${absLink}` : absLink);
    return p.ok ? p.id : null;
  })();
  const id = fromUrl?.base ?? wm.id ?? fromAbsLink?.base ?? '';
  const version = fromUrl?.version ?? wm.version ?? fromAbsLink?.version ?? null;
  const categories = wm.category ? [wm.category] : [];

  const rootFound = pick(doc, S.htmlDocument);
  ctx.noteFallback('htmlDocument', S.htmlDocument, rootFound);
  if (!rootFound) {
    if (fallback) return fallback(ctx, { id, version, categories });
    checkPageEnd(ctx);
    ctx.warn(
      'missing_sections',
      'The page has no LaTeXML structure, and this context does not load the Readability fallback.',
    );
    if (!id) return null;
    const title = oneLine(doc.title ?? '');
    if (!title) ctx.warn('missing_title', 'No title found.');
    return {
      id,
      version,
      title,
      authors: [],
      abstract: '',
      categories,
      sections: [],
      references: [],
      hasHtml: true,
      textSource: 'html',
    };
  }
  const root = rootFound.value;
  checkPageEnd(ctx);
  if (!id) ctx.warn('missing_id', 'No arXiv id in the address, watermark or header links.');

  const titleFound = pick(root, S.htmlTitle);
  ctx.noteFallback('htmlTitle', S.htmlTitle, titleFound);
  let title = titleFound ? lineOf(titleFound.value, { skip: isNote }) : '';
  if (!title) title = oneLine(doc.title ?? '');
  if (!title) ctx.warn('missing_title', 'No title found in the full text.');

  const authors = readAuthors(ctx, root);
  if (!authors.length) ctx.warn('missing_authors', 'No authors found in the full text.');

  let sections = readSections(ctx, root);
  let abstractEl = pick(root, S.htmlAbstract)?.value ?? null;
  let abstract = '';
  if (abstractEl) {
    const heading = abstractEl.querySelector('.ltx_title_abstract, .ltx_title');
    abstract = oneLine(textOf(abstractEl, { skip: (e) => e === heading }));
  } else {
    // Some papers write the abstract as an unnumbered section titled "Abstract".
    const idx = sections.findIndex(
      (s) => s.section.level === 1 && /^abstract\.?$/i.test(s.section.heading),
    );
    if (idx >= 0) {
      const info = sections[idx] as SectionInfo;
      abstractEl = info.el;
      abstract = oneLine(info.section.text);
      sections = sections.filter((_, i) => i !== idx);
    }
  }
  if (!abstract) ctx.warn('missing_abstract', 'No abstract found in the full text.');

  let references = readReferences(ctx, root);
  if (!references.length && !pick(root, S.htmlBibliography)) {
    const idx = sections.findIndex((s) => REFERENCES_HEADING.test(s.section.heading));
    const info = sections[idx];
    if (info) {
      references = referencesFromPlainText(info.section.text);
      sections = sections.filter((_, i) => i !== idx);
      ctx.warn(
        'missing_bibliography',
        `No LaTeXML bibliography: ${references.length} reference(s) read from the plain "${info.section.heading}" section.`,
      );
    }
  }
  const dangling = linkCitations(ctx, root, sections, references, abstractEl);
  if (!references.length && !dangling) {
    ctx.warn('missing_bibliography', 'This full text has no bibliography.');
  }

  let plain = sections.map((s) => s.section);
  if (!plain.length) {
    ctx.warn('missing_sections', 'The full text has no sections; its body is kept as one block.');
    const skip = new Set<Element>(
      [titleFound?.value, abstractEl, pick(root, S.htmlBibliography)?.value].filter(
        (e): e is Element => !!e,
      ),
    );
    const body = textOf(root, {
      skip: (e) => skip.has(e) || hasClass(e, 'ltx_authors') || hasClass(e, 'ltx_dates'),
    });
    if (body) plain = [{ number: '', heading: '', level: 1, text: body }];
  }
  plain = capText(ctx, plain);
  if (!categories.length)
    ctx.warn('missing_categories', 'The full text does not name its category.');

  return {
    id,
    version,
    title,
    authors,
    abstract,
    categories,
    sections: plain,
    references,
    captions: readCaptions(root),
    hasHtml: true,
    textSource: 'html',
  };
}
