/**
 * Reads any arXiv page into an `ExtractResult`: the page kind (from the URL), the paper (abs and
 * full-text pages) or the entries (listing and search pages), and typed warnings for everything
 * that could not be read. Never throws: a page that breaks an extractor gives a result with a
 * warning, so the content script never throws into the page.
 *
 * A full-text page without LaTeXML structure is read by `opts.fallback` when one is given
 * (`readabilityFallback` from extract-readability.ts, warning `fallback_readability`); without
 * one it gives its id and title with a `missing_sections` warning. The content script passes none
 * and keeps Readability (about 12 KB gzipped) out of its bundle; the background passes it.
 */
import { DEFAULT_MAX_TEXT_CHARS, makeContext } from './extract-common';
import { extractAbs } from './extract-abs';
import { extractHtml, type FullTextFallback } from './extract-html';
import { extractListing, extractSearch } from './extract-listing';
import { pageKindFromUrl } from './page-kind';
import type { ExtractResult, PageKind } from './schema';

export interface ExtractOptions {
  /** Cap on the full text kept (sum of section texts); beyond it: a `too_large` warning. */
  maxTextChars?: number;
  /** Reads a full-text page without LaTeXML structure (none: id and title only). */
  fallback?: FullTextFallback;
}

export { DEFAULT_MAX_TEXT_CHARS, type FullTextFallback };

export function extractPage(doc: Document, url: string, opts: ExtractOptions = {}): ExtractResult {
  let kind: PageKind = 'other';
  try {
    kind = pageKindFromUrl(url);
    const ctx = makeContext(doc, url, opts.maxTextChars);
    switch (kind) {
      case 'abs': {
        const paper = extractAbs(ctx);
        return paper ? { kind, paper, warnings: ctx.warnings } : { kind, warnings: ctx.warnings };
      }
      case 'html': {
        const paper = extractHtml(ctx, opts.fallback);
        return paper ? { kind, paper, warnings: ctx.warnings } : { kind, warnings: ctx.warnings };
      }
      case 'listing':
      case 'search': {
        const entries = kind === 'listing' ? extractListing(ctx) : extractSearch(ctx);
        return entries
          ? { kind, entries, warnings: ctx.warnings }
          : { kind, warnings: ctx.warnings };
      }
      case 'pdf':
        // Chrome's PDF viewer has no DOM to read: the background fetches the paper instead.
        return { kind, warnings: [] };
      default:
        return {
          kind: 'other',
          warnings: [
            {
              code: 'not_a_paper',
              message: 'This page is not an arXiv paper, listing or search page.',
            },
          ],
        };
    }
  } catch (e) {
    return {
      kind,
      warnings: [
        {
          code: 'not_a_paper',
          message: `Antigravity could not read this page (${e instanceof Error ? e.message : String(e)}).`,
        },
      ],
    };
  }
}
