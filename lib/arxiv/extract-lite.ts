/**
 * `extractPage` without the Readability fallback, for bundles with a tight size budget (about
 * 12 KB gzipped less). Identical results on every LaTeXML, abs, listing and search page; a
 * full-text page without LaTeXML structure gives its id and title with a `missing_sections`
 * warning instead of Readability's text (the background can then read the page with
 * `extractPage` on `parseHtmlInWorker(html)`).
 */
import { extractWith, type ExtractOptions } from './extract-core';
import type { ExtractResult } from './schema';

export function extractPageLite(
  doc: Document,
  url: string,
  opts: ExtractOptions = {},
): ExtractResult {
  return extractWith(doc, url, opts, undefined);
}
