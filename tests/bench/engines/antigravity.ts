import {
  importBatchSize,
  importKaggleSnapshot,
  matchInterests,
  refreshNorms,
  savePaperFromPage,
  search,
} from '@/lib/corpus/index';
import { commitUpsert, prepareUpsert } from '@/lib/corpus/store';
import { readIndexMeta } from '@/lib/corpus/indexer';
import type { PaperRecord } from '@/lib/corpus/schema';
import { getDb } from '@/lib/db/index';
import type { FileImporter, ListingBadges } from '../page/driver';
import type { BenchRecord, SearchEngine } from './engine-types';

function toPaperRecord(r: BenchRecord, now: number): PaperRecord {
  return {
    id: r.id,
    version: r.version,
    title: r.title,
    authors: r.authors,
    abstract: r.abstract,
    categories: r.categories,
    primaryCategory: r.categories[0] ?? '',
    ...(r.published ? { published: r.published } : {}),
    ...(r.updated ? { updated: r.updated } : {}),
    origin: r.origin,
    addedAt: now,
  };
}

/**
 * Ours (lib/corpus): papers + a postings-per-term BM25F index in IndexedDB (Dexie). The real file
 * goes through importKaggleSnapshot (the reader's import); derived records through the same
 * pipelined batches (prepareUpsert, commitUpsert) and one norm refresh, as the importer writes.
 * (Not as Kaggle lines: their ids, 99MM.NNNNN, are not arXiv ids, and the importer refuses them.)
 * Listing badges: the opened paper is stored as the worker's writer stores it (savePaperFromPage
 * = upsertPapers of recordFromPaper(paper, 'opened'), what the offscreen `corpus/upsert` runs for
 * lib/background/corpus-writer.ts saveOpenedPaper); a page's entries are matched by
 * matchInterests, what lib/background/corpus-handlers.ts calls for `corpus/badges`.
 */
export default function antigravity(): SearchEngine & FileImporter & ListingBadges {
  return {
    name: 'antigravity',
    kind: 'idb',
    settings: 'lib/corpus: BM25F postings grouped by term hash in IndexedDB, cosine similarity',
    async importFile(url, progress) {
      const res = await fetch(url);
      if (!res.ok || !res.body) throw new Error(`fetch ${url}: HTTP ${res.status}`);
      const r = await importKaggleSnapshot(res.body, {
        categories: [],
        onProgress: (p) => progress(p.kept),
        progressIntervalMs: 1000,
      });
      if (r.error) throw new Error(`importKaggleSnapshot: ${r.error.message}`);
      return {
        kept: r.kept,
        detail: `${r.linesRead} lines, ${r.added} added, ${r.malformedCount} malformed`,
      };
    },
    async build(records, progress) {
      // As importKaggleSnapshot does: batch N+1 is validated and tokenised while batch N commits.
      // Batches end at index blocks, as the importer's do (importBatchSize).
      const now = Date.now();
      let inflight: Promise<unknown> | undefined;
      let nextDoc = (await readIndexMeta(getDb().meta)).nextDoc;
      for (let i = 0; i < records.length;) {
        const size = importBatchSize(nextDoc);
        const batch = records.slice(i, i + size).map((r) => toPaperRecord(r, now));
        i += batch.length;
        nextDoc += batch.length;
        const prepared = prepareUpsert(batch);
        await inflight;
        const done = i;
        inflight = commitUpsert(prepared, { deferNormRefresh: true }).then(() => progress(done));
      }
      await inflight;
      const t0 = performance.now();
      await refreshNorms();
      // Where the build's time goes (the log of a run): batches above, norms + row merge here.
      console.log(`[antigravity] norm refresh ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    },
    async save() {
      // Every upsertPapers call is its own committed transaction: nothing left to write.
    },
    async load() {
      await getDb().open();
    },
    async query(text, k) {
      return (await search({ text, k })).map((s) => s.id);
    },
    async markOpened(paper) {
      await savePaperFromPage(paper);
    },
    async matchListing(items) {
      return matchInterests(items);
    },
  };
}
