/**
 * What the badges of a page ask the corpus about: one batched query list per page, built from
 * the extraction result, and the way back from each answer to the places on the page it decorates.
 * Plain TypeScript: the content script does the DOM work with these.
 */
import type { ListingEntry, Paper } from '../arxiv/schema';

/** One entry of a `corpus/badges` request. */
export interface BadgeQuery {
  id?: string;
  title?: string;
  abstract?: string;
}

/**
 * The longest abstract (and title) one entry sends (the protocol's cap, lib/messaging/protocol.ts):
 * a longer one is trimmed, so one entry never makes the whole page's request fail.
 */
export const MAX_ENTRY_TEXT = 20_000;

/** The `corpus/badges` request allows this many entries (lib/messaging/protocol.ts). */
export const MAX_QUERIES = 2000;

/** A title shorter than this (once reduced to its key) is too generic to match by title. */
export const MIN_TITLE_KEY_CHARS = 12;

/**
 * A title reduced for grouping the references that cite the same work: accents, case and
 * punctuation gone. (The background matches titles with lib/corpus's own `titleKey`; this one
 * only decides which entries share a query, and keeps the corpus tokenizer out of the content
 * script.)
 */
export function referenceTitleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Listing and search pages: one query per entry, in page order (ids are unique on a page). */
export function listingQueries(entries: readonly ListingEntry[]): BadgeQuery[] {
  return entries.slice(0, MAX_QUERIES).map((e) => ({
    id: e.id,
    title: e.title?.slice(0, MAX_ENTRY_TEXT),
    ...(e.abstract ? { abstract: e.abstract.slice(0, MAX_ENTRY_TEXT) } : {}),
  }));
}

/** One bibliography entry that gets a badge. */
export interface ReferenceTarget {
  /** Index in `paper.references`. */
  index: number;
  /** Element id of the bibitem (`bib.bib12`), when the extractor found one. */
  anchor?: string;
  /** The arXiv id the entry names (its first one), when it names one. */
  id?: string;
  /** The entry's title, sent for matching only when it names no arXiv id. */
  title?: string;
  /** Index of its query in `queries` (entries citing the same paper share one). */
  query: number;
}

export interface ReferenceQueries {
  queries: BadgeQuery[];
  targets: ReferenceTarget[];
}

/**
 * HTML full text: a query per distinct cited paper. References naming an arXiv id ask about
 * that id; the others, when they have a usable title, ask for a title match. Self-citations and
 * entries with neither are left out.
 */
export function referenceQueries(paper: Pick<Paper, 'id' | 'references'>): ReferenceQueries {
  const queries: BadgeQuery[] = [];
  const targets: ReferenceTarget[] = [];
  const byKey = new Map<string, number>();
  paper.references.forEach((ref, index) => {
    const id = ref.arxivIds.find((x) => x !== paper.id);
    if (ref.arxivIds.length && !id) return; // cites only the paper itself
    let key: string;
    let query: BadgeQuery;
    if (id) {
      key = `id:${id}`;
      query = { id };
    } else {
      const title = ref.title?.trim();
      const tk = title ? referenceTitleKey(title) : '';
      if (!title || tk.length < MIN_TITLE_KEY_CHARS) return;
      key = `title:${tk}`;
      query = { title };
    }
    let q = byKey.get(key);
    if (q === undefined) {
      if (queries.length >= MAX_QUERIES) return;
      q = queries.push(query) - 1;
      byKey.set(key, q);
    }
    targets.push({ index, anchor: ref.anchor, id, title: id ? undefined : query.title, query: q });
  });
  return { queries, targets };
}

/**
 * The bibliography anchor an in-text citation link points to: `#bib.bib13` (or a full URL ending
 * in it) gives `bib.bib13`; links elsewhere give null.
 */
export function bibAnchorFromHref(href: string | null | undefined): string | null {
  if (!href) return null;
  const hash = href.indexOf('#');
  if (hash < 0) return null;
  let anchor = href.slice(hash + 1);
  try {
    anchor = decodeURIComponent(anchor);
  } catch {
    // keep it as written
  }
  return /^bib\.[\w.-]+$/.test(anchor) ? anchor : null;
}
