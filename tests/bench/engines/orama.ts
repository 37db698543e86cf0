import { create, insertMultiple, load, save, search, type AnyOrama, type RawData } from '@orama/orama';
import { loadChunks, saveChunks } from './blob-store';
import type { SearchEngine } from './types';

const schema = { id: 'string', title: 'string', abstract: 'string' } as const;

/** Orama 3, defaults (BM25, English tokenizer, threshold 1 = any term), title boosted x2. */
export default function orama(): SearchEngine {
  let db: AnyOrama | undefined;
  const ready = () => {
    if (!db) throw new Error('orama: not built or loaded');
    return db;
  };
  return {
    name: 'orama',
    kind: 'memory',
    settings: 'properties title+abstract, boost title 2, default tokenizer/threshold, save() as JSON',
    async build(records, progress) {
      db = create({ schema });
      const batch = 2000;
      for (let i = 0; i < records.length; i += batch) {
        await insertMultiple(
          db,
          records.slice(i, i + batch).map((r) => ({ id: r.id, title: r.title, abstract: r.abstract })),
          batch,
        );
        progress(Math.min(records.length, i + batch));
      }
    },
    async save() {
      await saveChunks('orama', [['raw', JSON.stringify(save(ready()))]]);
    },
    async load() {
      const [[, raw]] = (await loadChunks('orama')) as [[string, string]];
      const fresh = create({ schema });
      load(fresh, JSON.parse(raw) as RawData);
      db = fresh;
    },
    async query(text, k) {
      const res = await search(ready(), {
        term: text,
        properties: ['title', 'abstract'],
        boost: { title: 2 },
        limit: k,
      });
      return res.hits.map((h) => String(h.id));
    },
  };
}
