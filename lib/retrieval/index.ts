/** Model-guided retrieval's public surface (design: lib/retrieval/README.md). */
export { findSources, type FindSourcesInput, type FoundSources } from './pipeline';
export { liveSearch, SEMANTIC_SCHOLAR_ORIGIN } from './live-search';
