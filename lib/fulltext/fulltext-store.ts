/**
 * Stores a paper with its full text: the record and its index entries in one Dexie transaction
 * (upsertPapers), so a failure leaves the previous record whole. A paper new to the corpus
 * enters as `reference` (it does not join the reader's interests); a stored one keeps its
 * origin and gains the text.
 */
import type { Paper } from '../arxiv/schema';
import { recordFromPaper, upsertPapers } from '../corpus';
import type { FullTextInfo } from '../arxiv/paper-text';

export async function storeFullText(paper: Paper, info: FullTextInfo): Promise<void> {
  await upsertPapers([recordFromPaper(paper, 'reference', info.at, info)]);
}
