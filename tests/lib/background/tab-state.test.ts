/**
 * storage.session must not fill up (issue 18, finding 9). storage.session holds 10 MB for every
 * tab together, and an extracted HTML paper is ~80 KB (a crafted one far more): each tab keeps
 * only a small reference there, the paper goes to IndexedDB (`tabPages`), closed tabs are
 * evicted, and when storage.session is full every tab still works (its paper reaches the panel
 * and the corpus). Through the worker's real message handlers on WXT's fake browser, with
 * fake-indexeddb.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { browser } from 'wxt/browser';
import { registerMessageHandlers, registerTabTracking } from '@/lib/background/handlers';
import { evictClosedTabs, getTabState } from '@/lib/background/tab-state';
import { getPaper } from '@/lib/corpus';
import { getDb, resetDbForTests } from '@/lib/db';
import type { ExtractResult } from '@/lib/arxiv/schema';
import { attentionPaper } from '../answer/answer-helpers';

beforeEach(() => {
  registerMessageHandlers();
  registerTabTracking();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await resetDbForTests();
});

const URL_HTML = 'https://arxiv.org/html/1706.03762v7';

/** The side panel: an extension page of this extension (a sender without one is not trusted). */
const panel = () => ({ id: browser.runtime.id, url: browser.runtime.getURL('/sidepanel.html') });

async function send(type: string, payload: unknown, sender: object) {
  const results = await fakeBrowser.runtime.onMessage.trigger({ ag: 1, type, payload }, sender);
  return (await Promise.all(results as unknown[])).find((r) => r !== undefined) as {
    ok: boolean;
    data?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    error?: { code: string; message: string };
  };
}

async function openTab(url: string) {
  const tab = await browser.tabs.create({ url });
  return tab.id!;
}

function htmlResult(): ExtractResult {
  return { kind: 'html', paper: attentionPaper(), warnings: [] };
}

async function sessionBytes(): Promise<number> {
  const all = await browser.storage.session.get(null);
  return JSON.stringify(all).length;
}

describe('tab state in storage.session', () => {
  test('a tab keeps only a small reference in storage.session; the panel still gets the whole paper', async () => {
    const tabId = await openTab(URL_HTML);
    const result = htmlResult();
    expect(JSON.stringify(result).length).toBeGreaterThan(40_000);
    const r = await send('paper/extracted', { url: URL_HTML, result }, { tab: { id: tabId } });
    expect(r.ok).toBe(true);
    expect(await sessionBytes()).toBeLessThan(1024);
    const got = await send('tab/paper', { tabId }, panel());
    expect(got.ok).toBe(true);
    expect(got.data.result.paper.sections).toEqual(result.paper!.sections);
    expect(got.data.url).toBe(URL_HTML);
  });

  test('when storage.session is full, a new tab’s paper still reaches the panel and the corpus', async () => {
    const full = () =>
      Promise.reject(new Error('Session storage quota bytes exceeded. Values were not stored.'));
    vi.spyOn(browser.storage.session, 'set').mockImplementation(full);
    const tabId = await openTab(URL_HTML);
    const r = await send(
      'paper/extracted',
      { url: URL_HTML, result: htmlResult() },
      { tab: { id: tabId } },
    );
    expect(r.ok).toBe(true);
    expect(r.data.stored).toBe(true);
    expect((await getPaper('1706.03762'))?.title).toBe('Attention Is All You Need');
    const got = await send('tab/paper', { tabId }, panel());
    expect(got.ok).toBe(true);
    expect(got.data.error).toBeUndefined();
    expect(got.data.result.paper.id).toBe('1706.03762');
  });

  test('a closed tab’s state goes, and a worker start evicts the rows of tabs closed meanwhile', async () => {
    const a = await openTab(URL_HTML);
    const b = await openTab('https://arxiv.org/abs/1706.03762');
    for (const tabId of [a, b])
      await send(
        'paper/extracted',
        { url: URL_HTML, result: htmlResult() },
        { tab: { id: tabId } },
      );
    expect(await getDb().tabPages.count()).toBe(2);
    // The fake browser's tabs.remove removes the tab, then fails before its onRemoved event
    // (it looks the window up by the tab's id): fire the event as the browser would.
    await browser.tabs.remove(a).catch(() => undefined);
    await fakeBrowser.tabs.onRemoved.trigger(a, { isWindowClosing: false, windowId: 0 });
    await vi.waitFor(async () => expect(await getDb().tabPages.count()).toBe(1));
    expect(await getTabState(a)).toBeNull();
    // A tab that closed while no worker was listening.
    await getDb().tabPages.put({ tabId: 999, url: URL_HTML, result: htmlResult(), at: 1 });
    await browser.storage.session.set({ 'tab:999': { tabId: 999, url: URL_HTML, at: 1 } });
    expect(await evictClosedTabs()).toBe(1);
    expect((await getDb().tabPages.toCollection().primaryKeys()).sort()).toEqual([b]);
    expect(await browser.storage.session.get('tab:999')).toEqual({});
    expect((await getTabState(b))?.result?.paper?.id).toBe('1706.03762');
  });
});
