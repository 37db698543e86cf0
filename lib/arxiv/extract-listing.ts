/**
 * Listing pages (arxiv.org/list/...) and search results (arxiv.org/search/...): one entry per
 * paper with its id, version (when the page shows it), title, authors, categories (primary
 * first) and abstract (when shown).
 */
import { parseArxivId, type ArxivId } from './id';
import type { ListingEntry } from './schema';
import { S, pick, pickAll } from './selectors';
import { hasClass, lineOf, oneLine, textOf } from './text';
import {
  categoriesInText,
  checkPageEnd,
  primaryFirst,
  stripDescriptor,
  type ExtractContext,
} from './extract-common';

function hrefId(el: Element | null | undefined): ArxivId | null {
  const href = el?.getAttribute('href');
  if (!href) return null;
  const p = parseArxivId(href.startsWith('/') ? `https://arxiv.org${href}` : href);
  return p.ok ? p.id : null;
}

const isDescriptor = (el: Element) =>
  hasClass(el, 'descriptor') || hasClass(el, 'has-text-black-bis');

function authorsOf(el: Element | null | undefined): string[] {
  if (!el) return [];
  const links = Array.from(el.querySelectorAll('a'))
    .map((a) => lineOf(a))
    .filter(Boolean);
  if (links.length) return links;
  return stripDescriptor(lineOf(el, { skip: isDescriptor }), 'Authors?')
    .split(/\s*,\s*|\s+and\s+/)
    .filter(Boolean);
}

/** `<dl id="articles">`: `<dt>` (number, abs/pdf/html links) then `<dd>` (meta). */
export function extractListing(ctx: ExtractContext): ListingEntry[] | null {
  const lists = pickAll(ctx.doc, S.listArticles);
  ctx.noteFallback('listArticles', S.listArticles, lists.index >= 0 ? lists : null);
  if (!lists.value.length) {
    ctx.warn('not_a_paper', 'This listing page has no list of papers.');
    return null;
  }
  checkPageEnd(ctx);
  const out: ListingEntry[] = [];
  const seen = new Set<string>();
  for (const dl of lists.value) {
    for (let dt = dl.firstElementChild; dt; dt = dt.nextElementSibling) {
      if (dt.localName !== 'dt') continue;
      const dd = dt.nextElementSibling?.localName === 'dd' ? dt.nextElementSibling : null;
      const absLink = pick(dt, S.listAbsLink)?.value;
      const fromDt = /arXiv:\s*(\S+)/.exec(oneLine(dt.textContent ?? ''));
      const id =
        hrefId(absLink) ??
        (() => {
          const p = parseArxivId(fromDt?.[1] ?? '');
          return p.ok ? p.id : null;
        })();
      if (!id) {
        ctx.warn(
          'unparsed_entry',
          `A listing entry has no arXiv id: "${oneLine(dt.textContent ?? '').slice(0, 80)}".`,
        );
        continue;
      }
      if (!dd) {
        ctx.warn('unparsed_entry', `Listing entry ${id.base} has no metadata block.`);
        continue;
      }
      const htmlVersion = hrefId(pick(dt, S.listHtmlLink)?.value)?.version ?? null;
      const titleEl = pick(dd, S.listTitle)?.value;
      const title = titleEl
        ? stripDescriptor(lineOf(titleEl, { skip: isDescriptor }), 'Title')
        : '';
      const authors = authorsOf(pick(dd, S.listAuthors)?.value);
      const subjects = pick(dd, S.listSubjects)?.value;
      const primaryEl = subjects?.querySelector('.primary-subject');
      const primary = primaryEl ? categoriesInText(primaryEl.textContent ?? '')[0] : undefined;
      const categories = primaryFirst(primary, categoriesInText(subjects?.textContent ?? ''));
      const abstractEl = pick(dd, S.listAbstract)?.value;
      const entry: ListingEntry = {
        id: id.base,
        version: id.version ?? htmlVersion,
        title,
        authors,
        categories,
      };
      if (abstractEl) {
        const abstract = oneLine(textOf(abstractEl, { skip: isDescriptor }));
        if (abstract) entry.abstract = abstract;
      }
      if (!title || !authors.length || !categories.length) {
        ctx.warn(
          'unparsed_entry',
          `Listing entry ${id.base} is missing its ${[!title && 'title', !authors.length && 'authors', !categories.length && 'categories'].filter(Boolean).join(', ')}.`,
        );
      }
      // A paper listed twice (new + cross-list sections) is kept once.
      if (seen.has(entry.id)) continue;
      seen.add(entry.id);
      out.push(entry);
    }
  }
  return out;
}

/** arxiv-search results: `<li class="arxiv-result">`. */
export function extractSearch(ctx: ExtractContext): ListingEntry[] | null {
  const results = pickAll(ctx.doc, S.searchResults);
  ctx.noteFallback('searchResults', S.searchResults, results.index >= 0 ? results : null);
  if (!results.value.length) {
    // A search with no hits is still a search page: an empty list, not an error.
    if (/no results found|sorry, your query/i.test(ctx.doc.body?.textContent ?? '')) return [];
    ctx.warn('not_a_paper', 'This search page shows no results.');
    return null;
  }
  checkPageEnd(ctx);
  const out: ListingEntry[] = [];
  for (const li of results.value) {
    const idEl = pick(li, S.searchId)?.value;
    const id = hrefId(idEl);
    if (!id) {
      ctx.warn(
        'unparsed_entry',
        `A search result has no arXiv id: "${oneLine(li.textContent ?? '').slice(0, 80)}".`,
      );
      continue;
    }
    const full = pick(li, S.searchAbstract)?.value;
    const abstractId =
      full?.getAttribute('id') ??
      li.querySelector('[id$="-abstract-short"]')?.getAttribute('id') ??
      '';
    const fromAbstractId = parseArxivId(abstractId.replace(/-abstract-(full|short)$/, ''));
    const version = id.version ?? (fromAbstractId.ok ? fromAbstractId.id.version : null);
    const titleEl = pick(li, S.searchTitle)?.value;
    const title = titleEl ? lineOf(titleEl) : '';
    const authors = pickAll(li, S.searchAuthors)
      .value.map((a) => lineOf(a))
      .filter(Boolean);
    const tags = pickAll(li, S.searchTags)
      .value.map((t) => oneLine(t.textContent ?? ''))
      .filter(Boolean);
    const primary = pick(li, S.searchPrimaryTag)?.value.textContent?.trim();
    const categories = primaryFirst(primary, tags);
    const entry: ListingEntry = { id: id.base, version, title, authors, categories };
    if (full) {
      const abstract = stripDescriptor(
        oneLine(
          textOf(full, {
            // The "▽ More / △ Less" toggles.
            skip: (el) =>
              el.localName === 'a' || isDescriptor(el) || hasClass(el, 'abstract-short'),
          }),
        ),
        'Abstract',
      );
      if (abstract) entry.abstract = abstract;
    }
    if (!title || !authors.length || !categories.length) {
      ctx.warn('unparsed_entry', `Search result ${id.base} is missing part of its metadata.`);
    }
    out.push(entry);
  }
  return out;
}
