/**
 * Shared by the retrieval tests: a corpus of real export-API records (the 100 papers arXiv
 * returned for "testing", tests/fixtures/arxiv-api) and the open paper (1706.03762 from the
 * export API), stored through the product's own writer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAtomFeed } from '../../../lib/arxiv/atom';
import { recordFromAtom } from '../../../lib/corpus/harvest';
import type { PaperRecord } from '../../../lib/corpus/schema';
import { upsertPapers } from '../../../lib/corpus';

export const ATOM = path.resolve(__dirname, '../../fixtures/arxiv-api/atom');

export function atomRecords(file: string): PaperRecord[] {
  const feed = parseAtomFeed(readFileSync(path.join(ATOM, file), 'utf8'));
  return feed.entries.map((e) => recordFromAtom(e, 'harvest', 1_700_000_000_000));
}

/** The 100 "testing" papers. */
export const TESTING_FEED = 'q_testing_s0_m100_cfe7536492ca.xml';

export async function loadTestingCorpus(): Promise<PaperRecord[]> {
  const recs = atomRecords(TESTING_FEED);
  await upsertPapers(recs);
  return recs;
}

/** "Attention Is All You Need" as the export API describes it. */
export function attentionRecord(): PaperRecord {
  return atomRecords('api_1706.03762.xml')[0]!;
}
