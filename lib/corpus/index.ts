/**
 * The corpus: the reader's arXiv papers in IndexedDB and fast retrieval over them. Other code
 * imports from here (ESLint enforces it). Design, storage layout and trade-offs:
 * lib/corpus/README.md.
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
  importBatchSize,
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
  exportApiSearch,
  recordFromAtom,
  MIN_INTERVAL_MS,
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
export { plainRecord } from './rows';
export {
  pendingRebuild,
  pendingTitleHashes,
  resumeIndexRebuild,
  resumeTitleHashes,
  upgradePassDue,
} from './rebuild';
export type { GroupRow, MetaRow, NormRow, StoredPaper } from './rows';
export type { IndexTables } from './idb-tables';
export { corpusCount, matchInterests, storedOnly } from './interests';
export { indexTables } from './query';
export { similarityFloor, pageFloor, BASE_FLOOR } from './floor';
