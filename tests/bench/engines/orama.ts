import {
  create,
  insertMultiple,
  load,
  save,
  search,
  type AnyOrama,
  type RawData,
} from '@orama/orama';
import { fromJsonChunks, loadChunks, saveChunks, toJsonChunks } from './blob-store';
import type { SearchEngine } from './engine-types';

const schema = { id: 'string', title: 'string', abstract: 'string' } as const;
/** Results are ranked by relevance only: no sort index (it would add ~20% to the saved data). */
const SORT = { enabled: false };

/**
 * Orama 3: BM25, English tokenizer, threshold 1 (any term), no field boost (a title boost halves
 * the share of queries that find their source paper), and `exact: true`: whole-word matching like
 * the other engines. (Orama's default prefix matching makes "the" match "thermal" and "a" match
 * every word starting with a: slower, and it finds the source paper even less often.)
 */
export default function orama(): SearchEngine {
  let db: AnyOrama | undefined;
  const ready = () => {
    if (!db) throw new Error('orama: not built or loaded');
    return db;
  };
  return {
    name: 'orama',
    kind: 'memory',
    settings: 'properties title+abstract, exact:true, no boost, sorting off, save() as JSON chunks',
    async build(records, progress) {
      db = create({ schema, sort: SORT });
      const batch = 2000;
      for (let i = 0; i < records.length; i += batch) {
        await insertMultiple(
          db,
          records
            .slice(i, i + batch)
            .map((r) => ({ id: r.id, title: r.title, abstract: r.abstract })),
          batch,
        );
        progress(Math.min(records.length, i + batch));
      }
    },
    async save() {
      // JSON.stringify(save(db)) exceeds V8's maximum string length at 74k papers: one JSON
      // string per part of the raw data instead.
      await saveChunks('orama', toJsonChunks(save(ready())));
    },
    async load() {
      const raw = fromJsonChunks(await loadChunks('orama')) as RawData;
      const fresh = create({ schema, sort: SORT });
      load(fresh, raw);
      db = fresh;
    },
    async query(text, k) {
      const res = await search(ready(), {
        term: text,
        properties: ['title', 'abstract'],
        limit: k,
        exact: true,
      });
      return res.hits.map((h) => String(h.id));
    },
  };
}
