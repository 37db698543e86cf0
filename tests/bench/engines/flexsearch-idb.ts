import { Index, IndexedDB } from 'flexsearch';
import { FLEX_OPTIONS } from './flexsearch';
import type { SearchEngine } from './engine-types';

const STORE_NAME = 'bench-papers';

/**
 * FlexSearch 0.8 with its own IndexedDB adapter (`IndexedDB` storage, index.mount(db)): the
 * index lives in IndexedDB and a fresh page only opens it. Bulk build: every paper is added with
 * auto-commit off, then one `commit()` writes the index. (Committing in batches is quadratic:
 * each commit first runs the adapter's remove() for every added id, which walks the whole
 * `map` store with a cursor.)
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
    settings:
      'Index tokenize strict + IndexedDB adapter, title+abstract in one field, suggest:true, one bulk commit',
    async build(records, progress) {
      await mount();
      records.forEach((r, i) => {
        index!.add(r.id, `${r.title} ${r.abstract}`);
        if ((i + 1) % 5000 === 0) progress(i + 1);
      });
      progress(records.length);
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
