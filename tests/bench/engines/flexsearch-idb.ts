import { Index, IndexedDB } from 'flexsearch';
import { FLEX_OPTIONS } from './flexsearch';
import type { SearchEngine } from './types';

const STORE_NAME = 'bench-papers';

/**
 * FlexSearch 0.8 with its own IndexedDB adapter (`IndexedDB` storage, index.mount(db)): the
 * index lives in IndexedDB and a fresh page only opens it. Built in batches of 10,000 papers,
 * each `commit()`ed (auto-commit off).
 */
export default function flexsearchIdb(): SearchEngine {
  let index: Index | undefined;
  const ready = () => {
    if (!index) throw new Error('flexsearch-idb: not built or loaded');
    return index;
  };
  const mount = async () => {
    const fresh = new Index({ ...FLEX_OPTIONS, commit: false });
    await fresh.mount(new IndexedDB(STORE_NAME));
    index = fresh;
  };
  return {
    name: 'flexsearch-idb',
    kind: 'idb',
    settings: 'Index tokenize strict + IndexedDB adapter, title+abstract in one field, suggest:true',
    async build(records, progress) {
      await mount();
      const batch = 10000;
      for (let i = 0; i < records.length; i += batch) {
        for (const r of records.slice(i, i + batch)) index!.add(r.id, `${r.title} ${r.abstract}`);
        await index!.commit();
        progress(Math.min(records.length, i + batch));
      }
    },
    async save() {
      await ready().commit();
    },
    async load() {
      await mount();
    },
    async query(text, k) {
      const res = await ready().search(text, { limit: k, suggest: true });
      return (res as Array<string | number>).map(String);
    },
  };
}
