/**
 * What kind of arXiv page a URL points to, and the paper id it names.
 *
 * - abs: `arxiv.org/abs/ID` (also export.arxiv.org)
 * - html: `arxiv.org/html/ID` (LaTeXML full text), `ar5iv(.labs.arxiv).org/html|abs/ID`
 * - pdf: `arxiv.org/pdf/ID` (Chrome's PDF viewer: no DOM to read)
 * - listing: `arxiv.org/list/...` (new, recent, pastweek, YYYY-MM, catchup)
 * - search: `arxiv.org/search/...`, `arxiv.org/a/...` (author pages)
 * - other: anything else, including arXiv pages that are not about papers.
 */
import { parseArxivId, type ArxivId } from './id';
import type { PageKind } from './schema';

const ARXIV_HOST = /^(?:www\.|export\.)?arxiv\.org$/i;
const AR5IV_HOST = /^(?:www\.)?ar5iv(?:\.labs\.arxiv)?\.org$/i;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

export function pageKindFromUrl(url: string): PageKind {
  const u = parseUrl((url ?? '').trim());
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) return 'other';
  const path = u.pathname;
  if (AR5IV_HOST.test(u.hostname)) {
    return /^\/(?:html|abs)\/./.test(path) && idFromUrl(url) ? 'html' : 'other';
  }
  if (!ARXIV_HOST.test(u.hostname)) return 'other';
  const section = /^\/([a-z]+)(?:\/|$)/.exec(path)?.[1];
  switch (section) {
    case 'abs':
      return idFromUrl(url) ? 'abs' : 'other';
    case 'html':
      return idFromUrl(url) ? 'html' : 'other';
    case 'pdf':
      return idFromUrl(url) ? 'pdf' : 'other';
    case 'list':
    case 'catchup':
      return 'listing';
    case 'search':
    case 'a':
      return 'search';
    default:
      return 'other';
  }
}

/** The paper id of an abs/html/pdf URL (with its version when the URL has one), else null. */
export function idFromUrl(url: string): ArxivId | null {
  const u = parseUrl((url ?? '').trim());
  if (!u) return null;
  const clean = `${u.protocol}//${u.host}${u.pathname}`;
  const parsed = parseArxivId(clean);
  return parsed.ok ? parsed.id : null;
}
