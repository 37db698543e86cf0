/**
 * Where badges go on each arXiv layout: always at the end of a line (after the last thing on it),
 * in floating hosts that take no room, so nothing of the page moves. Selectors come from
 * lib/arxiv/selectors.ts, like the extractors'.
 */
import { parseArxivId } from '@/lib/arxiv/id';
import { S, pick, pickAll } from '@/lib/arxiv/selectors';
import { bibAnchorFromHref } from '@/lib/badges';

function idOfLink(a: Element | null | undefined): string | null {
  if (!a) return null;
  const href = (a as HTMLAnchorElement).href || a.getAttribute('href') || '';
  const parsed = parseArxivId(href);
  return parsed.ok ? parsed.id.base : null;
}

/**
 * Listing (`/list/...`) and search (`/search/...`) pages: for each entry's base id, the element a
 * badge is appended to. Listing: the `<dt>` line ("[1] arXiv:ID [pdf, html, other]"). Search:
 * the category tags after "arXiv:ID [pdf, ps, other]", else that line itself.
 */
export function entrySlots(doc: Document, kind: 'listing' | 'search'): Map<string, Element> {
  const slots = new Map<string, Element>();
  if (kind === 'listing') {
    for (const dl of pickAll(doc, S.listArticles).value) {
      for (const dt of Array.from(dl.children)) {
        if (dt.tagName !== 'DT') continue;
        const id = idOfLink(pick(dt, S.listAbsLink)?.value);
        if (id && !slots.has(id)) slots.set(id, dt);
      }
    }
    return slots;
  }
  for (const li of pickAll(doc, S.searchResults).value) {
    const link = pick(li, S.searchId)?.value;
    const id = idOfLink(link);
    if (!id || slots.has(id)) continue;
    const tags = pick(li, S.searchTags)?.value.parentElement;
    slots.set(id, tags ?? link?.closest('p') ?? li);
  }
  return slots;
}

/**
 * HTML full text: the bibliography entry with element id `anchor`, and the inline element its
 * badge goes at the end of (the last `.ltx_bibblock`, so the badge follows the entry's last word).
 */
export function bibSlot(doc: Document, anchor: string): Element | null {
  const item = doc.getElementById(anchor);
  if (!item) return null;
  const blocks = item.querySelectorAll(S.htmlBibBlocks.css.join(', '));
  return blocks[blocks.length - 1] ?? item;
}

/** In-text citation links (`a.ltx_ref` to `#bib.bibN`), grouped by the anchor they point to. */
export function citationLinks(doc: Document): Map<string, Element[]> {
  const byAnchor = new Map<string, Element[]>();
  const bib = pick(doc, S.htmlBibliography)?.value ?? null;
  for (const a of pickAll(doc, S.htmlCitations).value) {
    if (bib?.contains(a)) continue; // links inside the bibliography itself
    const anchor = bibAnchorFromHref(a.getAttribute('href'));
    if (!anchor) continue;
    const list = byAnchor.get(anchor);
    if (list) list.push(a);
    else byAnchor.set(anchor, [a]);
  }
  return byAnchor;
}

/** abs pages: the abstract block the strip goes under. */
export function abstractBlock(doc: Document): Element | null {
  return pick(doc, S.absAbstract)?.value ?? null;
}
