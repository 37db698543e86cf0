/**
 * Resuming the index rebuild a schema upgrade started (lib/db/schema.ts, v3): indexes the
 * papers that have no doc number yet, in id order, `batch` papers per write transaction, and
 * records after each batch the last id done, so a run stopped half way goes on from there
 * (nothing is indexed twice: a paper that already has a doc number, from an earlier batch or a
 * write that ran meanwhile, is skipped). Ends with the norms (read in pages, written once) and
 * removes the marker. Safe to call any time: without a marker it does nothing. It runs in the
 * corpus's writer context (lib/background/corpus-writer.ts asks for it at worker start when one
 * is due, `upgradePassDue`), its batches in the writer's queue (write-queue.ts). The v5
 * title-hash rewrite is a pass of the same kind (`resumeTitleHashes`); both run on `runPass`.
 */
import type { AntigravityDB } from '../db/schema';
import {
  addDocs,
  analyzeRecord,
  assignDocNumbers,
  beginIndexWrite,
  computeAllNorms,
  confirmIndexWrite,
  dropWriteCache,
  endIndexWrite,
  putAllNorms,
  readIndexMeta,
} from './indexer';
import { papersAfter, txTables } from './idb-tables';
import { INDEX_META_KEY, type StoredPaper } from './rows';
import { titleKey } from './tokenize';
import { titleHash } from '../db';
import { exclusive } from './write-queue';

/**
 * `meta` key of a rebuild in progress: `{ after }`, the last paper id indexed (null: none yet).
 * Written by the v3 schema upgrade (lib/db/schema.ts), which spells the key out itself.
 */
export const INDEX_REBUILD_KEY = 'corpus-index-rebuild';

export interface RebuildState {
  after: string | null;
}

export interface RebuildOptions {
  /** Papers per write transaction (default 2,000). */
  batch?: number;
  /** Stop after this many batches (tests: a worker stopped half way). */
  maxBatches?: number;
  /** Called after each committed batch. */
  onBatch?: (indexed: number) => void;
}

export interface RebuildProgress {
  /** False when a rebuild is still due (maxBatches reached). */
  done: boolean;
  indexed: number;
  batches: number;
}

function isState(v: unknown): v is RebuildState {
  return !!v && typeof v === 'object' && 'after' in v;
}

/** The state a resumable pass keeps under `key` in `meta`, if that pass is due. */
async function pendingPass(db: AntigravityDB, key: string): Promise<RebuildState | null> {
  const row = await db.meta.get(key);
  return row && isState(row.value) ? row.value : null;
}

/** The rebuild in progress, if any. */
export function pendingRebuild(db: AntigravityDB): Promise<RebuildState | null> {
  return pendingPass(db, INDEX_REBUILD_KEY);
}

/**
 * Runs a resumable pass (its marker under `key` in `meta`) batch by batch until its marker is
 * gone or `opts.maxBatches` batches ran. `step` does one batch from the marker's state and says
 * how many papers it did and whether that was the last batch; `finish` runs after the last.
 */
async function runPass(
  db: AntigravityDB,
  key: string,
  opts: RebuildOptions,
  step: (state: RebuildState, batch: number) => Promise<{ n: number; finished: boolean }>,
  finish?: () => Promise<void>,
): Promise<RebuildProgress> {
  const batch = opts.batch ?? 2000;
  let indexed = 0;
  let batches = 0;
  for (;;) {
    const state = await pendingPass(db, key);
    if (!state) return { done: true, indexed, batches };
    if (opts.maxBatches !== undefined && batches >= opts.maxBatches)
      return { done: false, indexed, batches };
    const { n, finished } = await step(state, batch);
    indexed += n;
    batches++;
    opts.onBatch?.(indexed);
    if (finished) {
      await finish?.();
      return { done: true, indexed, batches };
    }
  }
}

export function resumeIndexRebuild(
  db: AntigravityDB,
  opts: RebuildOptions = {},
): Promise<RebuildProgress> {
  return runPass(
    db,
    INDEX_REBUILD_KEY,
    opts,
    async (state, batch) => {
      // Read and analyse outside the write transaction (CPU work keeps it short).
      const from = state.after;
      const page = await papersAfter(db.papers, from, batch);
      const todo = page.filter((p) => p.n === undefined);
      const analysed = new Map(todo.map((p) => [p.id, analyzeRecord(p)]));
      const last = page.length ? (page[page.length - 1] as StoredPaper).id : from;
      // In the writer's queue (write-queue.ts): the write cache follows commits in order.
      const n = await exclusive(async () => {
        let write: Awaited<ReturnType<typeof beginIndexWrite>> | undefined;
        try {
          const got = await db.transaction(
            'rw',
            [db.papers, db.postings, db.norms, db.meta],
            async (tx) => {
              const tables = txTables(tx);
              const now = await tables.meta.get(INDEX_REBUILD_KEY);
              if (!now || !isState(now.value) || now.value.after !== from) return 0; // another run moved on
              // Re-read: a write may have indexed some of them since (they have a doc number now).
              const fresh = (await tables.papers.bulkGet(todo.map((p) => p.id))).filter(
                (p): p is StoredPaper => !!p && p.n === undefined,
              );
              if (fresh.length) {
                write = await beginIndexWrite(tables, db.name);
                const first = assignDocNumbers(write, fresh);
                await tables.papers.bulkPut(fresh);
                await addDocs(
                  tables,
                  write,
                  first,
                  fresh.map((p) => analysed.get(p.id) ?? analyzeRecord(p)),
                );
                await endIndexWrite(tables, write);
              }
              await tables.meta.put({
                key: INDEX_REBUILD_KEY,
                value: { after: last ?? null } satisfies RebuildState,
              });
              return fresh.length;
            },
          );
          if (write) confirmIndexWrite(write);
          return got;
        } catch (e) {
          dropWriteCache(db.name);
          throw e;
        }
      });
      return { n, finished: page.length < batch };
    },
    () => finishNorms(db),
  );
}

/** Exact norms of the rebuilt index: postings read in short transactions, norms written in one. */
async function finishNorms(db: AntigravityDB): Promise<void> {
  const start = await readIndexMeta(db.meta);
  const tables = { papers: db.papers, postings: db.postings, norms: db.norms, meta: db.meta };
  const norms = await computeAllNorms(tables, start, (read) =>
    db.transaction('r', db.postings, (tx) => read(txTables(tx))),
  );
  await db.transaction('rw', [db.norms, db.meta], async (tx) => {
    const tables = txTables(tx);
    const now = await readIndexMeta(tables.meta);
    if (now.gen === start.gen && now.uid === start.uid) {
      await putAllNorms(tables, norms);
      await tables.meta.put({
        key: INDEX_META_KEY,
        value: { ...now, normsAt: now.live + now.dead },
      });
    }
    await tables.meta.delete(INDEX_REBUILD_KEY);
  });
}

/**
 * `meta` key of the v5 rewrite of the stored papers' title keys (`tk`, a normalised title) into
 * title hashes (`th`, lib/db/title-hash.ts): `{ after }`, the last paper id rewritten. Written by
 * the v5 schema upgrade (lib/db/schema.ts), which spells the key out itself.
 */
export const TITLE_HASH_KEY = 'papers-title-hash';

/** The title-hash rewrite in progress, if any. */
export function pendingTitleHashes(db: AntigravityDB): Promise<RebuildState | null> {
  return pendingPass(db, TITLE_HASH_KEY);
}

/**
 * Resuming the v5 rewrite: in id order, `batch` papers per write transaction (read, rewritten
 * and the marker moved on in that one transaction, in the writer's queue), every indexed paper
 * gets its `th` and loses its `tk`. A run stopped half way goes on from the last id recorded;
 * the last batch removes the marker. Until then a paper not rewritten yet is matched by title
 * through search (lib/corpus/retrieval.ts matchByTitle), not by its exact title. `indexed` in
 * the progress counts the papers rewritten.
 */
export function resumeTitleHashes(
  db: AntigravityDB,
  opts: RebuildOptions = {},
): Promise<RebuildProgress> {
  return runPass(db, TITLE_HASH_KEY, opts, (state, batch) =>
    exclusive(() =>
      db.transaction('rw', [db.papers, db.meta], async () => {
        const now = await pendingTitleHashes(db);
        if (!now || now.after !== state.after) return { n: 0, finished: false }; // another run moved on
        const page = await papersAfter(db.papers, state.after, batch);
        const changed = page.filter(
          (p) => p.tk !== undefined || (p.n !== undefined && p.th === undefined),
        );
        for (const p of changed) {
          delete p.tk;
          if (p.n !== undefined) p.th = titleHash(titleKey(p.title));
        }
        if (changed.length) await db.papers.bulkPut(changed);
        const finished = page.length < batch;
        if (finished) await db.meta.delete(TITLE_HASH_KEY);
        else
          await db.meta.put({
            key: TITLE_HASH_KEY,
            value: { after: (page[page.length - 1] as StoredPaper).id } satisfies RebuildState,
          });
        return { n: changed.length, finished };
      }),
    ),
  );
}

/**
 * Whether a schema upgrade left a pass due: the index rebuild or the title-hash rewrite. One read
 * of `meta`, for the worker's start.
 */
export async function upgradePassDue(db: AntigravityDB): Promise<boolean> {
  const rows = await db.meta.bulkGet([INDEX_REBUILD_KEY, TITLE_HASH_KEY]);
  return rows.some((r) => !!r && isState(r.value));
}
