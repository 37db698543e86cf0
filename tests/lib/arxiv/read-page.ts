import { extractPage, type ExtractOptions } from '@/lib/arxiv/extract-page';
import { readabilityFallback } from '@/lib/arxiv/extract-readability';
import type { ExtractResult } from '@/lib/arxiv/schema';

/** `extractPage` as the background reads pages: with the Readability fallback. */
export function readPage(doc: Document, url: string, opts: ExtractOptions = {}): ExtractResult {
  return extractPage(doc, url, { fallback: readabilityFallback, ...opts });
}
