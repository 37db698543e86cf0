/**
 * `panel/tab`: the side panel's first request answers the tab's paper, the public settings and
 * the number of other papers in the corpus together. Through the worker's real message handlers
 * on WXT's fake browser, with fake-indexeddb.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { browser } from 'wxt/browser';
import { registerMessageHandlers } from '@/lib/background/handlers';
import { savePaperFromPage } from '@/lib/corpus';
import { resetDbForTests } from '@/lib/db';
import { saveSettings } from '@/lib/settings';
import { attentionPaper } from '../answer/answer-helpers';

beforeEach(() => registerMessageHandlers());
afterEach(async () => {
  await resetDbForTests();
});

const URL_ABS = 'https://arxiv.org/abs/1706.03762v7';
const panel = () => ({ id: browser.runtime.id, url: browser.runtime.getURL('/sidepanel.html') });

async function send(type: string, payload: unknown, sender: object) {
  const results = await fakeBrowser.runtime.onMessage.trigger({ ag: 1, type, payload }, sender);
  return (await Promise.all(results as unknown[])).find((r) => r !== undefined) as {
    ok: boolean;
    data?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}

async function tabWithPaper(): Promise<number> {
  const tab = await browser.tabs.create({ url: URL_ABS });
  const result = { kind: 'abs', paper: attentionPaper(), warnings: [] };
  await send('paper/extracted', { url: URL_ABS, result }, { tab: { id: tab.id } });
  return tab.id!;
}

describe('panel/tab', () => {
  test('the tab’s paper, the settings and the other papers of the corpus in one answer', async () => {
    await saveSettings({ apiKey: 'sk-ant-test' });
    const tabId = await tabWithPaper();
    // Opening the page stored the paper: it is not one of the "other" papers.
    let got = await send('panel/tab', { tabId }, panel());
    expect(got.ok).toBe(true);
    expect(got.data.tab.result.paper.id).toBe('1706.03762');
    expect(got.data.settings.hasApiKey).toBe(true);
    expect(got.data.settings.apiKey).toBeUndefined();
    expect(got.data.otherPapers).toBe(0);
    await savePaperFromPage({ ...attentionPaper(), id: '2402.11650', title: 'Other' });
    got = await send('panel/tab', { tabId }, panel());
    expect(got.data.otherPapers).toBe(1);
  });

  test('a tab off arXiv: no paper, no corpus count', async () => {
    const tab = await browser.tabs.create({ url: 'https://example.org/' });
    const got = await send('panel/tab', { tabId: tab.id }, panel());
    expect(got.ok).toBe(true);
    expect(got.data.tab.result).toBeNull();
    expect(got.data.otherPapers).toBeNull();
    expect(got.data.settings.hasApiKey).toBe(false);
  });

  test('a content script may not ask it', async () => {
    const tabId = await tabWithPaper();
    const got = await send('panel/tab', { tabId }, { tab: { id: tabId }, url: URL_ABS });
    expect(got.ok).toBe(false);
  });
});
