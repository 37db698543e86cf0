/**
 * Reads any arXiv page into an `ExtractResult`: the page kind (from the URL), the paper (abs and
 * full-text pages) or the entries (listing and search pages), and typed warnings for everything
 * that could not be read. Full-text pages without LaTeXML structure are read with
 * @mozilla/readability (warning `fallback_readability`). Never throws: a page that breaks an
 * extractor gives a result with a warning, so the content script never throws into the page.
 */
import { extractWith, type ExtractOptions } from './extract-core';
import { extractWithReadability } from './extract-readability';
import type { ExtractResult } from './schema';

export { DEFAULT_MAX_TEXT_CHARS, type ExtractOptions } from './extract-core';

export function extractPage(doc: Document, url: string, opts: ExtractOptions = {}): ExtractResult {
  return extractWith(doc, url, opts, extractWithReadability);
}
