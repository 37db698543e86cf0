/**
 * The paper each open tab shows, kept in IndexedDB (table `tabPages`, one row per tab): the
 * extracted page can be hundreds of KB, and storage.session (10 MB for every tab together) keeps
 * only a small reference to it (lib/background/tab-state.ts). Rows of closed tabs are evicted.
 */
import type { ExtractResult } from '../arxiv/schema';
import { getDb } from './index';

export interface TabPageRow {
  tabId: number;
  url: string;
  result: ExtractResult;
  /** A listing's entry ids (its entries themselves are not kept): what its badges may ask about. */
  entryIds?: string[];
  /** When it was stored (ms). */
  at: number;
}

/** At most this many rows are kept (the oldest go first). */
export const MAX_TAB_PAGES = 100;

export async function putTabPage(row: TabPageRow): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.tabPages, async () => {
    await db.tabPages.put(row);
    const n = await db.tabPages.count();
    if (n > MAX_TAB_PAGES) {
      const old = await db.tabPages
        .orderBy('at')
        .limit(n - MAX_TAB_PAGES)
        .primaryKeys();
      await db.tabPages.bulkDelete(old);
    }
  });
}

export async function getTabPage(tabId: number): Promise<TabPageRow | undefined> {
  return getDb().tabPages.get(tabId);
}

export async function deleteTabPage(tabId: number): Promise<void> {
  await getDb().tabPages.delete(tabId);
}

/** Removes the rows of tabs that are no longer open. */
export async function evictClosedTabPages(openTabIds: Iterable<number>): Promise<number> {
  const open = new Set(openTabIds);
  const db = getDb();
  return db.transaction('rw', db.tabPages, async () => {
    const gone = (await db.tabPages.toCollection().primaryKeys()).filter((id) => !open.has(id));
    await db.tabPages.bulkDelete(gone);
    return gone.length;
  });
}
