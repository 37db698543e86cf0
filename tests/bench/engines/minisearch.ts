import MiniSearch, { type Options } from 'minisearch';
import { loadChunks, saveChunks } from './blob-store';
import type { BenchRecord, SearchEngine } from './engine-types';

type Doc = Pick<BenchRecord, 'id' | 'title' | 'abstract'>;
const OPTIONS: Options<Doc> = { fields: ['title', 'abstract'], idField: 'id', storeFields: [] };

/**
 * MiniSearch 7 with its defaults (BM25+, OR of terms, no field boost: a title boost lowers the
 * share of queries that find their source paper, as the queries are cut from abstracts).
 */
export default function minisearch(): SearchEngine {
  let index: MiniSearch<Doc> | undefined;
  const ready = () => {
    if (!index) throw new Error('minisearch: not built or loaded');
    return index;
  };
  return {
    name: 'minisearch',
    kind: 'memory',
    settings: 'fields title+abstract, defaults (OR, no boost, no stop words)',
    async build(records, progress) {
      index = new MiniSearch<Doc>(OPTIONS);
      const batch = 5000;
      for (let i = 0; i < records.length; i += batch) {
        index.addAll(
          records
            .slice(i, i + batch)
            .map((r) => ({ id: r.id, title: r.title, abstract: r.abstract })),
        );
        progress(Math.min(records.length, i + batch));
      }
    },
    async save() {
      await saveChunks('minisearch', [['json', JSON.stringify(ready())]]);
    },
    async load() {
      const [[, json]] = (await loadChunks('minisearch')) as [[string, string]];
      index = MiniSearch.loadJSON<Doc>(json, OPTIONS);
    },
    async query(text, k) {
      return ready()
        .search(text)
        .slice(0, k)
        .map((r) => String(r.id));
    },
  };
}
