/**
 * Starting an index rebuild inside a schema upgrade: the upgrade transaction only clears the
 * index tables, starts a fresh index instance and records that a rebuild is due. The papers are
 * indexed afterwards by lib/corpus/rebuild.ts, batch by batch, each batch in a transaction of its
 * own (a whole-corpus rebuild in the upgrade's one transaction can time out on a large corpus).
 * Imports no database singleton: lib/db/schema.ts calls it.
 */
import type { Transaction } from 'dexie';
import { dropWriteCache, toIndexMeta } from './indexer';
import { INDEX_META_KEY, emptyIndexMeta } from './rows';

/** `meta` key of a rebuild in progress: `{ after }`, the last paper id indexed (null: none yet). */
export const INDEX_REBUILD_KEY = 'corpus-index-rebuild';

export interface RebuildState {
  after: string | null;
}

export async function startIndexRebuild(tx: Transaction): Promise<void> {
  dropWriteCache(tx.db.name);
  const meta = tx.table('meta');
  await Promise.all([tx.table('postings').clear(), tx.table('norms').clear()]);
  const prev = toIndexMeta(await meta.get(INDEX_META_KEY));
  await meta.put({
    key: INDEX_META_KEY,
    value: { ...emptyIndexMeta(), gen: prev.gen + 1, uid: crypto.randomUUID() },
  });
  await meta.put({ key: INDEX_REBUILD_KEY, value: { after: null } satisfies RebuildState });
}
