/**
 * Issue 15 in real Firefox (Debian's firefox-esr, the built Firefox test extension, WebDriver
 * BiDi): the whole paper is read by Firefox's background page. An abs page's question carries the
 * HTML full text's body sections; a PDF tab of a paper without HTML is read with PDF.js in the
 * background page itself (Firefox has no offscreen document) and the panel names the PDF.
 *
 * The background's requests to arxiv.org go to a local server with the recorded pages (test
 * builds read its address from storage: lib/background/worker-fetch.ts), since WebDriver cannot
 * intercept an extension's own requests; the PDF is one the test makes.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startArxivServer } from './support/arxiv-server';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from './support/firefox';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { twoColumnPaper } from '../support/make-pdf';

// The page-side `browser` of evaluate() callbacks (extension pages).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const browser: any;

let ff: FirefoxWithExtension;
let api: FakeAnthropic;
let options: Page;
let arxiv: Awaited<ReturnType<typeof startArxivServer>>;
const hits: string[] = [];

beforeAll(async () => {
  api = await startFakeAnthropic();
  arxiv = await startArxivServer(
    {
      // The tab shows /pdf/ID; the extension fetches the version it knows (v3).
      files: Object.fromEntries(
        ['/pdf/hep-th/9711200', '/pdf/hep-th/9711200v3'].map((path) => [
          path,
          { contentType: 'application/pdf', body: Buffer.from(twoColumnPaper(3)) },
        ]),
      ),
    },
    hits,
  );
  ff = await launchFirefoxWithExtension();
  options = await ff.extensionPage('options.html');
  await options.evaluate(
    async (v) => {
      const cur = (await browser.storage.local.get('settings')).settings ?? {};
      await browser.storage.local.set({
        settings: { ...cur, apiKey: 'sk-ant-firefox-test', baseUrl: v.baseUrl, liveSearch: false },
        testArxivEndpoints: { pagesUrl: v.pagesUrl, apiUrl: v.apiUrl },
      });
    },
    { baseUrl: api.url, pagesUrl: arxiv.pagesUrl, apiUrl: arxiv.apiUrl },
  );
}, 120_000);
afterAll(async () => {
  await ff?.close();
  await api?.close();
  arxiv?.close();
});

/** The id of the last tab showing `url` (asked from an extension page). */
async function tabIdFor(url: string): Promise<number> {
  return (await options.evaluate(async (u) => {
    const tabs = (await browser.tabs.query({ url: u })) as Array<{ id: number }>;
    return tabs[tabs.length - 1]!.id;
  }, url)) as number;
}

/** Opens the sidebar page for a tab, asks, and waits for the answer to finish. */
async function askInPanel(tabId: number, question: string): Promise<Page> {
  const panel = await ff.extensionPage(`sidepanel.html?tabId=${tabId}`);
  await panel.waitForSelector('[data-testid="question-input"]', { timeout: 20_000 });
  await panel.type('[data-testid="question-input"]', question);
  await panel.click('[data-testid="ask-button"]');
  await panel.waitForFunction(
    () => {
      const s = document.querySelectorAll('[data-testid="answer-status"]');
      return ['done', 'error'].includes(s[s.length - 1]?.textContent ?? '');
    },
    { timeout: 60_000 },
  );
  return panel;
}

const lastText = (panel: Page, testid: string) =>
  panel.evaluate((id) => {
    const all = document.querySelectorAll(`[data-testid="${id}"]`);
    return all[all.length - 1]?.textContent ?? '';
  }, testid);

test('abs page: the background page fetches the HTML full text and the question carries it', async () => {
  const page = await ff.arxivPage('https://arxiv.org/abs/1706.03762');
  await page.waitForSelector('html[data-antigravity-paper="1706.03762"]', { timeout: 20_000 });
  const before = api.answerRequests().length;
  const panel = await askInPanel(
    await tabIdFor('https://arxiv.org/abs/1706.03762'),
    'How is the attention scaled?',
  );
  expect(await lastText(panel, 'answer-status')).toBe('done');
  expect(hits.filter((h) => h.startsWith('/html/1706.03762'))).toHaveLength(1);
  const reqs = api.answerRequests().slice(before);
  expect(reqs).toHaveLength(1);
  expect(JSON.stringify(reqs[0]!.body)).toContain('Scaled Dot-Product Attention');
  expect(await lastText(panel, 'answer-reads')).toMatch(/Full text · HTML v7 \(\d+ sections\)$/);
  await panel.close();
  await page.close();
});

test('PDF tab without HTML: PDF.js in the background page reads it, the panel names the PDF', async () => {
  // Firefox's own PDF viewer shows the tab; the extension reads the PDF from arXiv itself.
  const page = await ff.arxivPage('https://arxiv.org/pdf/hep-th/9711200');
  const tabId = await tabIdFor('https://arxiv.org/pdf/hep-th/9711200');
  const before = api.answerRequests().length;
  const panel = await askInPanel(tabId, 'What do the columns say about reading every page?');
  expect(await lastText(panel, 'answer-status')).toBe('done');
  expect(await lastText(panel, 'answer-reads')).toMatch(/Full text · PDF v3 \(3 pages\)$/);
  const body = JSON.stringify(api.answerRequests().slice(before)[0]!.body);
  // The generated PDF's body text (its left column's first line) reached the request.
  expect(body).toContain('LEFTTOP');
  await panel.close();
  await page.close();
});
