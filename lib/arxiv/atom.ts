/**
 * arXiv export API (https://export.arxiv.org/api/query) Atom responses, parsed without a DOM
 * (fast-xml-parser) so it runs in the MV3 service worker.
 *
 * arXiv reports request errors as a 200 (or 400) feed whose single entry has the title "Error"
 * and an id under https://arxiv.org/api/errors: those come back as `error`, not as an entry.
 * Anything that is not an Atom feed (e.g. the plain-text "Rate exceeded." body) also comes back
 * as `error`. `parseAtomFeed` never throws.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseArxivId } from './id';

export interface AtomEntry {
  /** Canonical base id. */
  id: string;
  version: number | null;
  title: string;
  authors: string[];
  abstract: string;
  /** Primary category first, no duplicates. */
  categories: string[];
  primaryCategory: string;
  published?: string;
  updated?: string;
  /** The journal DOI arXiv lists for the paper (not arXiv's own 10.48550 DOI). */
  doi?: string;
  journalRef?: string;
  comments?: string;
}

export interface AtomFeed {
  totalResults: number | null;
  startIndex: number | null;
  itemsPerPage: number | null;
  entries: AtomEntry[];
  /** arXiv's error message, or why the body is not a feed. */
  error?: string;
  /** Entries that were present but could not be read (no valid arXiv id), one message each. */
  warnings?: string[];
}

type XmlNode = Record<string, unknown>;

/**
 * The XML parser of arXiv's feeds (Atom here, OAI-PMH in lib/corpus/oai.ts): attributes as
 * `@_name`, namespaces dropped, text kept as written; `arrayTags` always parse as arrays.
 */
export function arxivXmlParser(arrayTags: readonly string[]): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: true,
    isArray: (name) => arrayTags.includes(name),
  });
}

const text = xmlText;

const parser = arxivXmlParser(['entry', 'author', 'category', 'link']);

/** Collapse runs of whitespace (arXiv wraps titles and abstracts) and trim. */
export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The text of a parsed XML value (a string, a number, an array of them, or a node's `#text`). */
export function xmlText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(xmlText).join(' ');
  if (typeof v === 'object') return xmlText((v as XmlNode)['#text']);
  return '';
}

function int(v: unknown): number | null {
  const s = text(v).trim();
  if (!/^\d+$/.test(s)) return null;
  return Number(s);
}

function asArray(v: unknown): XmlNode[] {
  if (Array.isArray(v)) return v.filter((x): x is XmlNode => !!x && typeof x === 'object');
  if (v && typeof v === 'object') return [v as XmlNode];
  return [];
}

function optional(v: unknown): string | undefined {
  const s = normalizeSpace(text(v));
  return s ? s : undefined;
}

function isErrorEntry(e: XmlNode): boolean {
  return normalizeSpace(text(e.title)) === 'Error' || /\/api\/errors/.test(text(e.id));
}

function emptyFeed(error: string): AtomFeed {
  return { totalResults: null, startIndex: null, itemsPerPage: null, entries: [], error };
}

export function parseAtomFeed(xml: string): AtomFeed {
  const body = typeof xml === 'string' ? xml : '';
  if (!body.trim()) return emptyFeed('The export API returned an empty response.');
  if (!/<feed[\s>]/.test(body)) {
    const snippet = normalizeSpace(body.replace(/<[^>]*>/g, ' ')).slice(0, 200);
    return emptyFeed(`The export API did not return an Atom feed: ${snippet || '(no text)'}`);
  }
  // A response cut short still parses into half entries (no authors...): refuse it whole.
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    return emptyFeed(
      `The export API response is cut short or not valid XML (line ${valid.err.line}: ${normalizeSpace(valid.err.msg)}). Retry the request.`,
    );
  }
  let doc: XmlNode;
  try {
    doc = parser.parse(body) as XmlNode;
  } catch (e) {
    return emptyFeed(
      `The export API response is not valid XML: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const feed = doc.feed;
  if (!feed || typeof feed !== 'object')
    return emptyFeed('The export API response has no <feed> element (truncated?).');
  const f = feed as XmlNode;
  const out: AtomFeed = {
    totalResults: int(f.totalResults),
    startIndex: int(f.startIndex),
    itemsPerPage: int(f.itemsPerPage),
    entries: [],
  };
  const rawEntries = asArray(f.entry);
  const warnings: string[] = [];
  for (const e of rawEntries) {
    if (isErrorEntry(e)) {
      out.error = normalizeSpace(text(e.summary)) || 'The export API reported an error.';
      continue;
    }
    const parsed = parseArxivId(text(e.id));
    if (!parsed.ok) {
      warnings.push(`Entry skipped: ${parsed.error.message}`);
      continue;
    }
    const primary = asArray(e.primary_category)
      .map((c) => text(c['@_term']).trim())
      .find(Boolean);
    const cats = asArray(e.category)
      .map((c) => text(c['@_term']).trim())
      .filter(Boolean);
    const categories = [...new Set(primary ? [primary, ...cats] : cats)];
    const entry: AtomEntry = {
      id: parsed.id.base,
      version: parsed.id.version,
      title: normalizeSpace(text(e.title)),
      authors: asArray(e.author)
        .map((a) => normalizeSpace(text(a.name)))
        .filter(Boolean),
      abstract: normalizeSpace(text(e.summary)),
      categories,
      primaryCategory: categories[0] ?? '',
    };
    const published = optional(e.published);
    const updated = optional(e.updated);
    const doi = optional(e.doi);
    const journalRef = optional(e.journal_ref);
    const comments = optional(e.comment);
    if (published) entry.published = published;
    if (updated) entry.updated = updated;
    if (doi) entry.doi = doi;
    if (journalRef) entry.journalRef = journalRef;
    if (comments) entry.comments = comments;
    out.entries.push(entry);
  }
  if (warnings.length) out.warnings = warnings;
  if (out.error && out.entries.length === 0) {
    // An error feed's counts describe the error entry itself, not results: unknown.
    out.totalResults = null;
    out.startIndex = null;
    out.itemsPerPage = null;
  }
  return out;
}
