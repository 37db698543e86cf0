import { Index } from 'flexsearch';
import { loadChunks, saveChunks } from './blob-store';
import type { SearchEngine } from './engine-types';

export const FLEX_OPTIONS = { tokenize: 'strict', resolution: 9 } as const;

/** FlexSearch 0.8 in memory: one Index over "title abstract", export()/import() chunks. */
export default function flexsearch(): SearchEngine {
  let index: Index | undefined;
  const ready = () => {
    if (!index) throw new Error('flexsearch: not built or loaded');
    return index;
  };
  return {
    name: 'flexsearch',
    kind: 'memory',
    settings:
      'Index tokenize strict, default encoder, title+abstract in one field, search suggest:true',
    async build(records, progress) {
      index = new Index(FLEX_OPTIONS);
      records.forEach((r, i) => {
        index!.add(r.id, `${r.title} ${r.abstract}`);
        if ((i + 1) % 5000 === 0) progress(i + 1);
      });
      progress(records.length);
    },
    async save() {
      const chunks: Array<[string, string]> = [];
      await ready().export((key: string, data: string) => {
        chunks.push([key, data]);
      });
      await saveChunks('flexsearch', chunks);
    },
    async load() {
      const chunks = await loadChunks('flexsearch');
      const fresh = new Index(FLEX_OPTIONS);
      for (const [key, data] of chunks) await fresh.import(key, data);
      index = fresh;
    },
    async query(text, k) {
      const res = await ready().search(text, { limit: k, suggest: true });
      return (res as Array<string | number>).map(String);
    },
  };
}
