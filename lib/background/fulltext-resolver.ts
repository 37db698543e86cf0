/**
 * The worker's full-text resolver (lib/fulltext): arXiv fetched with the worker's fetch, HTML
 * parsed in the worker, PDFs read in the DOM context (offscreen document / Firefox background
 * page), the result stored in the corpus. One instance per worker: concurrent questions on one
 * paper share its fetch.
 */
import type { Paper } from '../arxiv/schema';
import { parseHtmlInWorker } from '../arxiv/worker-dom';
import { getPaper } from '../corpus';
import { createFullTextResolver, type FullTextResolver, type ResolvedText } from '../fulltext';
import { storeFullText } from './corpus-writer';
import { workerFetch } from './worker-fetch';
import { callOffscreen } from './offscreen-document';

let resolver: FullTextResolver | undefined;

export function fullTextResolver(): FullTextResolver {
  resolver ??= createFullTextResolver({
    fetch: workerFetch,
    parseHtml: parseHtmlInWorker,
    readPdf: (data) => callOffscreen('pdf/text', { data }),
    getStored: getPaper,
    store: storeFullText,
  });
  return resolver;
}

/** How long a question waits for the text before it is answered from what there is. */
export const ASK_WAIT_MS = 4000;

/**
 * The paper with its full text, waiting at most `waitMs`: past that, the abstract answers and
 * says so, while the text goes on arriving (and is stored) for the next question.
 */
export async function withFullText(paper: Paper, waitMs = ASK_WAIT_MS): Promise<ResolvedText> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<ResolvedText>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          paper,
          reads: {
            full: false,
            reason: `the full text was still being read after ${Math.round(waitMs / 1000)} s; the next question will use it`,
          },
        }),
      waitMs,
    );
  });
  try {
    return await Promise.race([fullTextResolver().resolve(paper), late]);
  } finally {
    clearTimeout(timer);
  }
}
