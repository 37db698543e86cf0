/**
 * The corpus: the reader's arXiv papers in IndexedDB and fast retrieval over them. Other code
 * imports from here.
 *
 * ## Storage layout (Dexie schema v3, lib/db/schema.ts) and why
 *
 * The MV3 service worker can be killed at any moment and must answer a query at once after a
 * restart, so nothing is held in memory between queries: the index lives in IndexedDB and a
 * query reads only the rows of its own terms plus a few rows for its top results.
 *
 * In Chromium, IndexedDB costs about 0.1 ms per row written whatever its size (measured: 100k
 * rows of 20 bytes take as long as 10k rows of 2 KB, times ten), so the layout is about few rows:
 *
 * - `papers`: one record per paper, keyed by base id (versions merged: the highest version's
 *   metadata wins; openedAt/sections/references are kept when a newcomer lacks them), plus two
 *   index fields: `n`, its doc number in the posting lists (indexed: results -> papers), and `tk`,
 *   its normalised title (indexed: references matched by title). Exports strip both.
 * - `postings`: key `[g, b]`: the terms of hash group `g` (4,096 groups) in block `b` of 32,768
 *   doc numbers. `{t, cum, last, off, p}`: the group's terms (sorted), their document frequency
 *   so far, and their posting lists concatenated: per paper the doc-number gap as a varint and
 *   a one-byte impact (BM25F-saturated weight of the term in title + abstract, title weighted 3x;
 *   lib/corpus/postings.ts), ~2.2 bytes a posting. A row lists every term its group had up to its
 *   block, so a group's newest row gives every term's df. A query reads its terms' groups with
 *   one key-range read each (a group's blocks are adjacent). The norm refresh that ends a bulk
 *   import (below) merges each group's rows of the blocks before the newest into its row of
 *   block 0, whose postings then run past block 0 (indexer.ts mergeGroupRows): reading a row
 *   costs about the same whatever its size, so a query then reads two rows per term group
 *   instead of one per block (74k papers: ~8k rows instead of ~12k). The newest block's rows
 *   stay apart: writers append to them, and the badges read document frequencies from them (a
 *   merged row, carrying every posting, made a cold listing page's badges ~250 ms slower).
 * - `norms`: the Euclidean norm of each paper's tf-idf vector, 4,096 packed floats per row.
 * - `meta['corpus-index']`: next doc number, live/dead counts, write generation, and the corpus
 *   size at which norms were last recomputed.
 *
 * Writes rewrite the touched group rows of the current block. A bulk import writes 16,384 papers
 * per transaction (half a block: measured faster than smaller batches, see IMPORT_BATCH), so each
 * group row of a block is written about twice; a writer remembers
 * the rows it wrote (checked against a generation number in `meta`) instead of reading them back.
 *
 * Ranking is BM25F (k1 1.2; title b 0.5, abstract b 0.75, fixed average lengths measured on
 * arXiv). `Source.similarity` is the cosine between the query's vector and the paper's, both
 * `weight x idf` (paper weight = its impact): 1 for the same text, comparable across queries.
 * Norms are written with the idf of their time and recomputed from the whole index (one
 * sequential pass, which also merges the group rows) after bulk imports and whenever the corpus
 * grew by a quarter.
 * Updating a paper's title/abstract or removing it leaves its old postings as tombstones (no paper
 * holds that doc number any more, so results skip it); when over 30% of the postings are dead the index is rebuilt.
 *
 * Queries: `search` weighs the question's terms by frequency and adds the open paper (context)
 * as its 30 strongest terms, together worth twice the question, each far less than a question
 * term. A context keeps the group rows it read for the current index generation (24 MB LRU), so a
 * warm worker skips IndexedDB for repeated terms; any write changes the generation. It keeps the
 * norm rows it read too (16 KB each, up to 256), until the generation or a norm refresh changes
 * them.
 *
 * Writes: upsertPapers validates and tokenises before its transaction (a bulk import prepares
 * batch N+1 while batch N commits); the transaction reads the stored records, writes papers,
 * the touched group rows of the current block and one or two norms rows. Everything a write
 * touches is in that one transaction, so a failure (a full disk) leaves the previous state whole.
 *
 * Measured in Node 20 with fake-indexeddb (not the target; the benchmark in Chromium has the real
 * numbers): the 74,728-paper file imports in ~80 s of CPU, about half of it fake-indexeddb;
 * tokenising is ~0.1 ms per paper; a warm query costs ~3-7 ms of CPU.
 */
export type { PaperRecord, Source, PaperOrigin } from './schema';
export {
  upsertPapers,
  savePaperFromPage,
  recordFromPaper,
  mergeRecord,
  getPaper,
  hasPapers,
  corpusSize,
  corpusStats,
  removePapers,
  removeCategory,
  clearCorpus,
  refreshNorms,
  compactIndex,
  type CorpusStats,
  type UpsertOptions,
} from './store';
export {
  search,
  relatedPapers,
  interestMatches,
  matchByTitle,
  type SearchQuery,
  type InterestMatch,
} from './retrieval';
export {
  IMPORT_BATCH,
  importKaggleSnapshot,
  parseKaggleLine,
  categoryFilter,
  filterMatches,
  parseCategoryList,
  estimateKaggleImport,
  STORAGE_BYTES_PER_PAPER,
  type ImportEstimate,
  type ImportProgress,
  type ImportResult,
  type KaggleImportOptions,
  type MalformedLine,
} from './kaggle-import';
export {
  harvestQuery,
  harvestOai,
  countQuery,
  submittedSince,
  lookupReferences,
  RequestGate,
  realClock,
  type ArxivDeps,
  type Clock,
  type HarvestProgress,
  type HarvestResult,
  type OaiHarvestOptions,
  type QueryHarvestOptions,
} from './harvest';
export { parseOaiResponse, type OaiPage } from './oai';
export { exportCorpus, exportCorpusStream, importCorpusBackup } from './corpus-backup';
export { tokenize, titleKey } from './tokenize';
