/**
 * arXiv abstract pages (arxiv.org/abs/ID): metadata from the Google Scholar `citation_*` meta
 * tags first (they carry the abstract with its LaTeX as written, untouched by MathJax), the
 * visible page second.
 */
import { parseArxivId, type ArxivId } from './id';
import { idFromUrl } from './page-kind';
import type { Paper, VersionInfo } from './schema';
import { META, S, metaContents, pick, pickAll } from './selectors';
import { lineOf, oneLine, textOf } from './text';
import {
  categoriesInText,
  checkPageEnd,
  displayName,
  isoDate,
  primaryFirst,
  stripDescriptor,
  type ExtractContext,
} from './extract-common';

function firstMeta(doc: Document, name: string): string {
  return oneLine(metaContents(doc, name)[0] ?? '');
}

function idFromHref(el: Element | null | undefined): ArxivId | null {
  const href = el?.getAttribute('href') ?? el?.getAttribute('content');
  if (!href) return null;
  const p = parseArxivId(href);
  return p.ok ? p.id : null;
}

/** The metadata table as label -> value cell ("comments", "journal reference", ...). */
function metaRows(ctx: ExtractContext): Map<string, Element> {
  const rows = pickAll(ctx.doc, S.absMetaRows);
  ctx.noteFallback('absMetaRows', S.absMetaRows, rows.index >= 0 ? rows : null);
  const out = new Map<string, Element>();
  for (const tr of rows.value) {
    const cells = Array.from(tr.children).filter(
      (c) => c.localName === 'td' || c.localName === 'th',
    );
    if (cells.length < 2) continue;
    const label = oneLine(cells[0]?.textContent ?? '')
      .replace(/:$/, '')
      .toLowerCase();
    if (label && !out.has(label)) out.set(label, cells[1] as Element);
  }
  return out;
}

interface History {
  versions: VersionInfo[];
  current: number | null;
  currentWithdrawn: boolean;
}

/** Submission history: "[v1] Mon, 12 Jun 2017 17:57:34 UTC (1,102 KB)" per version. */
function readHistory(ctx: ExtractContext): History {
  const found = pick(ctx.doc, S.absHistory);
  ctx.noteFallback('absHistory', S.absHistory, found);
  const out: History = { versions: [], current: null, currentWithdrawn: false };
  if (!found) return out;
  const text = oneLine(found.value.textContent ?? '');
  const re =
    /\[v(\d+)\]\s*([A-Z][a-z]{2},\s*\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}(?:\s+\d\d:\d\d:\d\d)?(?:\s*UTC)?)([^[]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.versions.push({ version: Number(m[1]), date: isoDate(m[2] ?? '') });
  }
  // The current version is the one shown without a link.
  for (const strong of Array.from(found.value.querySelectorAll('strong'))) {
    const v = /\[v(\d+)\]/.exec(strong.textContent ?? '');
    if (v && !strong.querySelector('a')) {
      out.current = Number(v[1]);
      let tail = '';
      for (
        let n = strong.nextSibling;
        n && !(n.nodeType === 1 && (n as Element).localName === 'strong');
        n = n.nextSibling
      )
        tail += n.textContent ?? '';
      out.currentWithdrawn = /\(withdrawn\)/i.test(tail);
    }
  }
  return out;
}

function readTitle(ctx: ExtractContext): string {
  const meta = firstMeta(ctx.doc, META.title);
  if (meta) return meta;
  const found = pick(ctx.doc, S.absTitle);
  ctx.noteFallback('absTitle', S.absTitle, found);
  return found ? stripDescriptor(lineOf(found.value), 'Title') : '';
}

function readAuthors(ctx: ExtractContext): string[] {
  const meta = metaContents(ctx.doc, META.author).map(oneLine).filter(Boolean);
  if (meta.length) return meta.map(displayName);
  const found = pick(ctx.doc, S.absAuthors);
  ctx.noteFallback('absAuthors', S.absAuthors, found);
  if (!found) return [];
  const links = Array.from(found.value.querySelectorAll('a'))
    .map((a) => lineOf(a))
    .filter(Boolean);
  if (links.length) return links;
  return stripDescriptor(lineOf(found.value), 'Authors?')
    .split(/,\s*|\s+and\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function readAbstract(ctx: ExtractContext): string {
  const meta = firstMeta(ctx.doc, META.abstract);
  if (meta) return meta;
  const found = pick(ctx.doc, S.absAbstract);
  ctx.noteFallback('absAbstract', S.absAbstract, found);
  if (!found) return '';
  return oneLine(
    stripDescriptor(
      textOf(found.value, {
        // The "Abstract:" label, and MathJax 2's rendered copies (its TeX stays in scripts).
        skip: (el) =>
          /\b(descriptor|MathJax|MathJax_Preview|MathJax_Display)\b/.test(
            el.getAttribute('class') ?? '',
          ),
      }),
      'Abstract',
    ),
  );
}

function readCategories(ctx: ExtractContext, rows: Map<string, Element>): string[] {
  const found = pick(ctx.doc, S.absSubjects);
  ctx.noteFallback('absSubjects', S.absSubjects, found);
  const cell = found?.value ?? rows.get('subjects');
  const all = cell ? categoriesInText(cell.textContent ?? '') : [];
  const primaryEl = pick(ctx.doc, S.absPrimarySubject);
  const primary = primaryEl ? categoriesInText(primaryEl.value.textContent ?? '')[0] : undefined;
  let cats = primaryFirst(primary, all);
  if (!cats.length) {
    // "Cite as: arXiv:1706.03762 [cs.CL]"
    const cite = rows.get('cite as')?.textContent ?? '';
    const m = /\[([a-z-]+(?:\.[A-Za-z-]+)?)\]/.exec(cite);
    if (m?.[1]) cats = [m[1]];
  }
  return cats;
}

function readDoi(ctx: ExtractContext, rows: Map<string, Element>): string | undefined {
  const meta = firstMeta(ctx.doc, META.doi);
  if (meta) return meta;
  const found = pick(ctx.doc, S.absRelatedDoi);
  const fromAttr = found?.value.getAttribute('data-doi');
  if (fromAttr) return fromAttr.trim();
  const cell = rows.get('related doi') ?? rows.get('doi');
  const m = /10\.\d{4,9}\/\S+/.exec(oneLine(cell?.textContent ?? ''));
  return m ? decodeURIComponent(m[0]) : undefined;
}

export function extractAbs(ctx: ExtractContext): Paper | null {
  const { doc } = ctx;
  const rows = metaRows(ctx);
  const metaId = firstMeta(doc, META.arxivId);
  const canonical = pick(doc, S.canonical)?.value;
  const og = pick(doc, S.ogUrl)?.value;
  const fromUrl = idFromUrl(ctx.url);
  const parsedMeta = metaId ? parseArxivId(metaId) : null;
  // The address first: it is what the browser loaded, while meta tags and links are the page's
  // own claims (a page at /abs/2403.00002 must never speak for 1706.03762 in the corpus).
  const claimed =
    (parsedMeta?.ok ? parsedMeta.id.base : null) ??
    idFromHref(canonical)?.base ??
    idFromHref(og)?.base ??
    null;
  const base = fromUrl?.base ?? claimed;
  if (fromUrl && claimed && claimed !== fromUrl.base) {
    ctx.warn(
      'id_mismatch',
      `The page at ${fromUrl.base} names itself ${claimed}: it is read as ${fromUrl.base}, its address.`,
    );
  }

  const title = readTitle(ctx);
  const abstract = readAbstract(ctx);
  const hasAbsBlock = !!pick(doc, S.absRoot) || !!metaId;
  const complete = !!pick(doc, S.pageEnd);
  if (!base || (!hasAbsBlock && !title && !abstract && complete)) {
    ctx.warn(
      'not_a_paper',
      base
        ? `This page has no paper on it (arXiv did not show an abstract page for ${base}).`
        : 'This page names no arXiv paper.',
    );
    return null;
  }
  // A page cut short before its abstract block still names its paper in the address: a partial
  // result (id and version only) with the warnings saying what is missing.
  checkPageEnd(ctx);

  const history = readHistory(ctx);
  const dateline = pick(doc, S.absDateline);
  const thisVersion = /this version, v(\d+)/.exec(dateline?.value.textContent ?? '');
  const version =
    idFromHref(og)?.version ??
    (thisVersion ? Number(thisVersion[1]) : null) ??
    idFromHref(pick(doc, S.absThisVersion)?.value)?.version ??
    history.current ??
    fromUrl?.version ??
    (history.versions.length ? Math.max(...history.versions.map((v) => v.version)) : null);

  const authors = readAuthors(ctx);
  const categories = readCategories(ctx, rows);
  if (!title) ctx.warn('missing_title', 'No title found on the abstract page.');
  if (!authors.length) ctx.warn('missing_authors', 'No authors found on the abstract page.');
  if (!abstract) ctx.warn('missing_abstract', 'No abstract found on the abstract page.');
  if (!categories.length) ctx.warn('missing_categories', 'No subject categories found.');

  const commentsEl = pick(doc, S.absComments)?.value ?? rows.get('comments');
  const comments = commentsEl ? lineOf(commentsEl) : '';
  const journalEl = rows.get('journal reference') ?? rows.get('journal-ref');
  const journalRef = journalEl ? lineOf(journalEl) : '';
  const doi = readDoi(ctx, rows);

  const notice = pick(doc, S.absWithdrawnNotice)?.value.textContent ?? '';
  const fullText = pick(doc, S.absFullText)?.value;
  const noFullText = Array.from(fullText?.querySelectorAll('li') ?? []).some(
    (li) => oneLine(li.textContent ?? '') === 'Withdrawn',
  );
  const withdrawn = /withdrawn/i.test(notice) || history.currentWithdrawn || noFullText;
  const hasHtml = !!pick(doc, S.absHtmlLink);

  const paper: Paper = {
    id: base,
    version,
    title,
    authors,
    abstract,
    categories,
    sections: [],
    references: [],
    hasHtml,
    withdrawn,
    textSource: 'abs',
  };
  if (history.versions.length) paper.versions = history.versions;
  if (comments) paper.comments = comments;
  if (journalRef) paper.journalRef = journalRef;
  if (doi) paper.doi = doi;
  return paper;
}
