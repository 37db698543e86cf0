/**
 * The corpus tables of one transaction (`IndexTables`), the raw IndexedDB reads that bypass
 * Dexie's layers where it costs (a request as a promise, a group's newest row by reverse cursor),
 * and the page read that walks the papers in id order.
 */
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { GroupRow, MetaRow, NormRow, StoredPaper } from './rows';

export interface IndexTables {
  papers: EntityTable<StoredPaper, 'id'>;
  postings: Table<GroupRow, [number, number]>;
  norms: EntityTable<NormRow, 'c'>;
  meta: EntityTable<MetaRow, 'key'>;
  /**
   * The transaction's own IndexedDB transaction, when there is one: the query path reads through
   * it directly (lib/corpus/query.ts `reads`).
   */
  idb?: IDBTransaction;
}

/**
 * The next `limit` papers in id order after the id `after` (null: from the first): passes over
 * the whole table (export, rebuild, rewrite) read it a page at a time.
 */
export function papersAfter(
  papers: IndexTables['papers'],
  after: string | null,
  limit: number,
): Promise<StoredPaper[]> {
  return (after === null ? papers.orderBy(':id') : papers.where(':id').above(after))
    .limit(limit)
    .toArray();
}

/**
 * The tables of a transaction, bound to it. Always go through these inside a transaction: a
 * `db.table` call after an await in a nested async function can lose Dexie's transaction zone and
 * silently run in a transaction of its own.
 */
export function txTables(tx: Transaction): IndexTables {
  return {
    get papers() {
      return tx.table('papers') as unknown as IndexTables['papers'];
    },
    get postings() {
      return tx.table('postings') as unknown as IndexTables['postings'];
    },
    get norms() {
      return tx.table('norms') as unknown as IndexTables['norms'];
    },
    get meta() {
      return tx.table('meta') as unknown as IndexTables['meta'];
    },
    get idb() {
      return (tx as Transaction & { idbtrans?: IDBTransaction }).idbtrans;
    },
  };
}

/** An IndexedDB request as a promise (the raw reads that bypass Dexie's layers). */
export function request<R>(r: IDBRequest<R>): Promise<R> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * The newest row of group `g` in blocks 0..`upTo` (a group's rows are adjacent, by block): one
 * reverse cursor step, straight on the IndexedDB transaction when there is one (Dexie's `last()`
 * costs several times more in a just-started worker; the badges ask it for the groups whose
 * newest-block row they did not find by key).
 */
export function newestGroupRow(
  tables: IndexTables,
  g: number,
  upTo: number,
): Promise<GroupRow | undefined> {
  const idb = tables.idb;
  if (idb) {
    const range = IDBKeyRange.bound([g, -Infinity], [g, upTo]);
    return request(idb.objectStore('postings').openCursor(range, 'prev')).then(
      (c) => (c?.value as GroupRow | undefined) ?? undefined,
    );
  }
  return tables.postings
    .where(':id')
    .between([g, Dexie.minKey], [g, upTo], true, true)
    .last() as Promise<GroupRow | undefined>;
}
