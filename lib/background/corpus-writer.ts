/**
 * The worker's only way to write the corpus. The corpus has ONE writer context: Chrome's
 * offscreen document, Firefox's background page (where callOffscreen dispatches in place). Jobs
 * (imports, harvests, backup restores) already write there; the worker's own writes (a paper
 * opened, its full text, cited papers looked up, live-search finds, removals) are requests to it
 * (lib/offscreen/offscreen-protocol.ts, `corpus/*`). So one context holds the indexer's write
 * cache, and its writes run one after the other (lib/corpus/indexer.ts).
 *
 * ESLint refuses the corpus's write functions anywhere but the writer context (eslint.config.js,
 * proved by tests/build/import-boundaries.test.ts): code here reads the corpus directly and
 * writes through this module.
 */
import type { Paper } from '../arxiv/schema';
import type { FullTextInfo } from '../arxiv/paper-text';
import { recordFromPaper, upgradePassDue, type PaperRecord } from '../corpus';
import { getDb } from '../db';
import { callOffscreen } from './offscreen-document';

/** Papers per request: the live search and reference lookups send a few dozen at a time. */
const UPSERT_CHUNK = 2000;

/** Stores and indexes `records` (merged with what is stored, keyed by base id). */
export async function upsertCorpus(
  records: PaperRecord[],
): Promise<{ added: number; updated: number }> {
  let added = 0;
  let updated = 0;
  for (let i = 0; i < records.length; i += UPSERT_CHUNK) {
    const r = await callOffscreen('corpus/upsert', {
      records: records.slice(i, i + UPSERT_CHUNK),
    });
    added += r.added;
    updated += r.updated;
  }
  return { added, updated };
}

/** Stores a paper the reader opened (sets openedAt: it joins the reader's interests). */
export async function saveOpenedPaper(paper: Paper): Promise<void> {
  await upsertCorpus([recordFromPaper(paper, 'opened')]);
}

/**
 * Stores a paper with its full text. A paper new to the corpus enters as `reference` (it does
 * not join the reader's interests); a stored one keeps its origin and gains the text.
 */
export async function storeFullText(paper: Paper, info: FullTextInfo): Promise<void> {
  await upsertCorpus([recordFromPaper(paper, 'reference', info.at, info)]);
}

export async function removeCorpusCategory(category: string): Promise<number> {
  return (await callOffscreen('corpus/remove-category', { category })).removed;
}

export async function clearCorpusData(): Promise<void> {
  await callOffscreen('corpus/clear', {});
}

/**
 * A schema upgrade left an index rebuild or the title-hash rewrite due: the writer goes on with
 * it. Read here first, so a worker start with nothing due does not open the offscreen document.
 */
export async function resumeRebuildIfDue(): Promise<void> {
  if (!(await upgradePassDue(getDb()))) return;
  await callOffscreen('corpus/resume-rebuild', {});
}
