import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { AgError } from '../answer/schema';
import { TabPaper } from '../messaging';
import { deleteTabPage, evictClosedTabPages, getTabPage, putTabPage } from '../db';

/**
 * What the background knows about each tab's paper. It survives the service worker being stopped
 * (globals do not) in two places: the extracted page in IndexedDB (`tabPages`, lib/db/tab-pages.ts)
 * and a small reference in storage.session (the address, where the text came from, an error),
 * whose change tells the side panel to reload. storage.session holds 10 MB for every tab together
 * and an HTML paper is ~80 KB, so the paper itself never goes there. Either store may fail (full):
 * the other one still answers, and writing never throws.
 */
const key = (tabId: number) => `tab:${tabId}`;
const selKey = (tabId: number) => `sel:${tabId}`;

/** The storage.session entry of a tab: a reference, never the paper. */
const TabRef = z.object({
  tabId: z.int(),
  url: z.string(),
  fetchedFrom: z.optional(z.enum(['page', 'html', 'export-api'])),
  error: z.optional(AgError),
  /** The paper is in `tabPages` (absent: the tab has no paper). */
  stored: z.optional(z.boolean()),
  at: z.number(),
});
type TabRef = z.infer<typeof TabRef>;

export async function getTabState(tabId: number): Promise<TabPaper | null> {
  const got = await browser.storage.session.get(key(tabId)).catch(() => ({}) as never);
  const raw = (got as Record<string, unknown>)[key(tabId)];
  const ref = TabRef.safeParse(raw);
  const row = await getTabPage(tabId).catch(() => undefined);
  if (ref.success) {
    const r = ref.data;
    const result = row && row.url === r.url ? row.result : null;
    if (r.stored && !result) return null; // the row is gone: read the page again
    return {
      tabId,
      url: r.url,
      result,
      ...(r.fetchedFrom ? { fetchedFrom: r.fetchedFrom } : {}),
      ...(r.error ? { error: r.error } : {}),
    };
  }
  // storage.session was full (or cleared): the IndexedDB row alone still serves the tab.
  if (row) return { tabId, url: row.url, result: row.result };
  // A full state written by an earlier version of the extension.
  const old = TabPaper.safeParse(raw);
  return old.success ? old.data : null;
}

/** Records a tab's page; `entryIds` are a listing's entry ids (lib/background/page-scope.ts). */
export async function setTabState(state: TabPaper, entryIds?: string[]): Promise<void> {
  const at = Date.now();
  let stored = false;
  if (state.result) {
    stored = await putTabPage({
      tabId: state.tabId,
      url: state.url,
      result: state.result,
      ...(entryIds?.length ? { entryIds } : {}),
      at,
    }).then(
      () => true,
      () => false,
    );
  }
  const ref: TabRef = {
    tabId: state.tabId,
    url: state.url,
    ...(state.fetchedFrom ? { fetchedFrom: state.fetchedFrom } : {}),
    ...(state.error ? { error: state.error } : {}),
    ...(stored ? { stored } : {}),
    at,
  };
  // Without the row (IndexedDB full), the whole state goes to storage.session as before.
  const entry = state.result && !stored ? state : ref;
  const write = () => browser.storage.session.set({ [key(state.tabId)]: entry });
  await write().catch(async () => {
    // Full: make room by forgetting closed tabs, then try once more; else the row serves.
    await evictClosedTabs().catch(() => 0);
    await write().catch(() => undefined);
  });
}

export async function clearTabState(tabId: number): Promise<void> {
  await Promise.all([
    browser.storage.session.remove([key(tabId), selKey(tabId)]).catch(() => undefined),
    deleteTabPage(tabId).catch(() => undefined),
  ]);
}

/**
 * Forgets the tabs that are no longer open (closed while no worker listened): their rows in
 * IndexedDB and their storage.session entries. Returns how many tabs were forgotten.
 */
export async function evictClosedTabs(): Promise<number> {
  const open = new Set(
    (await browser.tabs.query({})).map((t) => t.id).filter((id) => id !== undefined),
  );
  const rows = await evictClosedTabPages(open as Set<number>);
  const all = await browser.storage.session.get(null);
  const stale = Object.keys(all).filter((k) => {
    const m = /^(?:tab|sel):(\d+)$/.exec(k);
    return m && !open.has(Number(m[1]));
  });
  if (stale.length) await browser.storage.session.remove(stale);
  const tabs = new Set(stale.map((k) => k.split(':')[1]));
  return Math.max(rows, tabs.size);
}

/** A selection quoted from the page, waiting for the panel to pick it up. */
export async function setPendingSelection(tabId: number, text: string): Promise<void> {
  await browser.storage.session.set({ [selKey(tabId)]: { text, at: Date.now() } });
}

export async function takePendingSelection(tabId: number): Promise<string | null> {
  const got = await browser.storage.session.get(selKey(tabId));
  const parsed = z.object({ text: z.string() }).safeParse(got[selKey(tabId)]);
  if (!parsed.success) return null;
  await browser.storage.session.remove(selKey(tabId));
  return parsed.data.text;
}

export const pendingSelectionKey = selKey;
