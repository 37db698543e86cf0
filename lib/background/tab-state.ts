import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { TabPaper } from '../messaging';

/**
 * What the background knows about each tab's paper, kept in storage.session so it survives
 * the service worker being stopped and restarted (globals do not).
 */
const key = (tabId: number) => `tab:${tabId}`;
const selKey = (tabId: number) => `sel:${tabId}`;

export async function getTabState(tabId: number): Promise<TabPaper | null> {
  const got = await browser.storage.session.get(key(tabId));
  const parsed = TabPaper.safeParse(got[key(tabId)]);
  return parsed.success ? parsed.data : null;
}

export async function setTabState(state: TabPaper): Promise<void> {
  await browser.storage.session.set({ [key(state.tabId)]: state });
}

export async function clearTabState(tabId: number): Promise<void> {
  await browser.storage.session.remove([key(tabId), selKey(tabId)]);
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
