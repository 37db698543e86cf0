/**
 * The body of `extractPage` (lib/arxiv/extract.ts), with the full-text fallback passed in so that
 * `extract-lite.ts` can leave Readability (about 12 KB gzipped) out of a bundle.
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
}

export { DEFAULT_MAX_TEXT_CHARS };

export function extractWith(
  doc: Document,
  url: string,
  opts: ExtractOptions,
  fallback: FullTextFallback | undefined,
): ExtractResult {
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
        const paper = extractHtml(ctx, fallback);
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
