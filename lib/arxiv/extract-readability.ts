/**
 * Fallback for full-text pages without the LaTeXML structure (another converter, a layout
 * change, a saved page stripped of its classes): @mozilla/readability on a clone of the
 * document finds the article; its headings split it into sections.
 */
import { Readability } from '@mozilla/readability';
import type { Paper, Section } from './schema';
import { META, metaContents } from './selectors';
import { oneLine, textOf } from './text';
import { capText, checkPageEnd, displayName, type ExtractContext } from './extract-common';

const HEADING = /^h([1-6])$/;
const HEADINGS = 'h1, h2, h3, h4, h5, h6';

interface Draft {
  heading: string;
  tag: number;
  parts: string[];
}

function splitSections(article: Element, title: string): Section[] {
  const drafts: Draft[] = [{ heading: '', tag: 0, parts: [] }];
  const visit = (node: Element) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        const t = (c as Text).data.trim();
        if (t) drafts[drafts.length - 1]?.parts.push(t);
        continue;
      }
      if (c.nodeType !== 1) continue;
      const el = c as Element;
      const h = HEADING.exec(el.localName);
      if (h) {
        const heading = oneLine(textOf(el));
        if (heading && heading !== title) drafts.push({ heading, tag: Number(h[1]), parts: [] });
        continue;
      }
      if (el.querySelector(HEADINGS)) visit(el);
      else {
        const t = textOf(el);
        if (t) drafts[drafts.length - 1]?.parts.push(t);
      }
    }
  };
  visit(article);
  const tags = drafts.filter((d) => d.tag > 0).map((d) => d.tag);
  const top = tags.length ? Math.min(...tags) : 1;
  return drafts
    .filter((d) => d.heading || d.parts.length)
    .map((d) => {
      const m = /^((?:[A-Z]|\d+)(?:\.\d+)*)\.?\s+(.+)$/.exec(d.heading);
      return {
        number: m?.[1] ?? '',
        heading: m?.[2] ?? d.heading,
        level: Math.min(6, Math.max(1, d.tag ? d.tag - top + 1 : 1)),
        text: d.parts.join('\n'),
      };
    })
    .filter((s) => s.text || s.heading);
}

/** The `fallback` of extractPage: Readability's article, split into sections at its headings. */
export function readabilityFallback(
  ctx: ExtractContext,
  known: { id: string; version: number | null; categories: string[] },
): Paper | null {
  const { doc } = ctx;
  let parsed: ReturnType<Readability<Node>['parse']> = null;
  try {
    const clone = doc.cloneNode(true) as Document;
    parsed = new Readability<Node>(clone, { serializer: (n) => n }).parse();
  } catch (e) {
    ctx.warn(
      'not_a_paper',
      `Readability could not read this page: ${e instanceof Error ? e.message : String(e)}`,
    );
    return null;
  }
  const article = parsed?.content as Element | null | undefined;
  if (!parsed || !article) {
    ctx.warn('not_a_paper', 'This page has no LaTeXML full text and no readable article.');
    return null;
  }
  checkPageEnd(ctx);
  ctx.warn(
    'fallback_readability',
    'The page has no LaTeXML structure: its text was read with Readability (sections follow its headings).',
  );
  const metaTitle = oneLine(metaContents(doc, META.title)[0] ?? '');
  const title = metaTitle || oneLine(parsed.title ?? '') || oneLine(doc.title ?? '');
  if (!title) ctx.warn('missing_title', 'No title found.');
  const metaAuthors = metaContents(doc, META.author).map(oneLine).filter(Boolean).map(displayName);
  const authors = metaAuthors.length
    ? metaAuthors
    : (parsed.byline ?? '')
        .split(/\s*(?:,|\band\b|&)\s*/)
        .map((s) => s.trim())
        .filter(Boolean);
  if (!authors.length) ctx.warn('missing_authors', 'No authors found.');
  let sections = splitSections(article, title);
  let abstract = oneLine(metaContents(doc, META.abstract)[0] ?? '');
  const abstractIdx = sections.findIndex((s) => /^abstract\.?$/i.test(s.heading));
  if (abstractIdx >= 0) {
    if (!abstract) abstract = oneLine(sections[abstractIdx]?.text ?? '');
    sections = sections.filter((_, i) => i !== abstractIdx);
  }
  if (!abstract) ctx.warn('missing_abstract', 'No abstract found.');
  if (!known.id) ctx.warn('missing_id', 'No arXiv id in the address or the page.');
  if (!known.categories.length)
    ctx.warn('missing_categories', 'The page does not name its category.');
  if (!sections.length) {
    const text = oneLine(parsed.textContent ?? '');
    if (text) sections = [{ number: '', heading: '', level: 1, text }];
  }
  if (!sections.length) ctx.warn('missing_sections', 'Readability found no text.');
  ctx.warn('missing_bibliography', 'No structured bibliography without LaTeXML.');
  return {
    id: known.id,
    version: known.version,
    title,
    authors,
    abstract,
    categories: known.categories,
    sections: capText(ctx, sections),
    references: [],
    hasHtml: true,
    textSource: 'readability',
  };
}
