/**
 * Answers read the whole paper, in real Chromium with the built test extension: the full text
 * of an abs page comes from arXiv's HTML version (fetched once), a PDF tab of a paper without
 * HTML is read with PDF.js in the offscreen document (citations carry the page), and a PDF that
 * cannot be read gives the abstract answer with the reason. arXiv is served at its real address
 * from recorded pages; the PDF is one the test makes (a bare clone needs no ../shared).
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { routeArxiv, type ArxivRoutes } from './support/arxiv-server';
import {
  launchWithExtension,
  setSettings,
  tabIdOf,
  type ExtensionBrowser,
} from './support/browser';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { twoColumnPaper } from '../support/make-pdf';

let b: ExtensionBrowser;
let api: FakeAnthropic;
let routes: ArxivRoutes;

beforeAll(async () => {
  api = await startFakeAnthropic();
  b = await launchWithExtension();
  routes = await routeArxiv(b.context);
  // Later routes win: the PDFs of these tests.
  await b.context.route(/^https:\/\/arxiv\.org\/pdf\/hep-th\/9711200(v\d+)?$/, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/pdf',
      body: Buffer.from(twoColumnPaper(3)),
    }),
  );
  await b.context.route(/^https:\/\/arxiv\.org\/pdf\/0902\.4054(v\d+)?$/, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/pdf',
      body: Buffer.from('%PDF-1.5\nbroken'),
    }),
  );
  await setSettings(b, { apiKey: 'sk-ant-test-key', baseUrl: api.url, stallTimeoutS: 10 });
}, 120_000);
afterAll(async () => {
  await b?.close();
  await api?.close();
});

let pagesBefore = new Set<Page>();
beforeEach(() => {
  pagesBefore = new Set(b.context.pages());
});
afterEach(async () => {
  for (const p of b.context.pages())
    if (!pagesBefore.has(p)) await p.close().catch(() => undefined);
});

async function openTab(url: string, waitContent: boolean): Promise<{ page: Page; tabId: number }> {
  const page = await b.context.newPage();
  await page.goto(url).catch(() => undefined);
  if (waitContent) await page.waitForSelector('html[data-antigravity-paper]', { timeout: 30_000 });
  return { page, tabId: await tabIdOf(b, page) };
}

async function openPanel(tabId: number): Promise<Page> {
  const panel = await b.context.newPage();
  await panel.goto(b.url(`sidepanel.html?tabId=${tabId}`));
  await panel.getByTestId('paper-title').waitFor({ timeout: 30_000 });
  return panel;
}

async function ask(panel: Page, question: string): Promise<void> {
  const input = panel.getByTestId('question-input');
  await input.fill(question);
  await input.press('Enter');
}

const status = (panel: Page) => panel.getByTestId('fulltext-status').textContent();
const waitDone = (panel: Page) =>
  expect
    .poll(() => panel.getByTestId('answer-status').last().textContent(), { timeout: 60_000 })
    .toBe('done');

/** The last saved turn, read from the extension's IndexedDB in the panel page. */
async function lastTurn(panel: Page): Promise<{
  reads?: { full: boolean; reason?: string };
  citations: Array<{ kind: string; section?: string }>;
}> {
  return panel.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('antigravity');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('turns').objectStore('turns').getAll();
          all.onsuccess = () => {
            const turns = (all.result as Array<{ createdAt: number }>).sort(
              (x, y) => x.createdAt - y.createdAt,
            );
            resolve(turns[turns.length - 1] as never);
          };
        };
      }),
  );
}

const docText = (body: { messages: Array<{ content: unknown }> }) => JSON.stringify(body.messages);

describe('answers read the whole paper', () => {
  test('abs page: the HTML full text is fetched once, sent to the API, and named in the panel', async () => {
    const { tabId } = await openTab('https://arxiv.org/abs/1706.03762', true);
    const panel = await openPanel(tabId);
    await expect
      .poll(() => status(panel), { timeout: 30_000 })
      .toMatch(/^Full text · HTML v7 \(\d+ sections\)$/);
    const htmlHits = () => routes.hits.filter((h) => h.startsWith('/html/1706.03762')).length;
    expect(htmlHits()).toBe(1);

    const before = api.answerRequests().length;
    api.enqueue({ kind: 'answer' });
    await ask(panel, 'How does scaled dot-product attention work?');
    await waitDone(panel);
    const req = api.answerRequests()[before]!;
    expect(docText(req.body)).toContain('Scaled Dot-Product Attention');
    expect(docText(req.body)).toContain('Multi-Head Attention');
    expect(await panel.getByTestId('answer-reads').last().textContent()).toMatch(
      /Full text · HTML v7/,
    );

    api.enqueue({ kind: 'answer' });
    await ask(panel, 'What is the role of positional encoding?');
    await expect.poll(() => api.answerRequests().length, { timeout: 30_000 }).toBe(before + 2);
    await waitDone(panel);
    expect(htmlHits()).toBe(1);
  });

  test('PDF tab of a paper without HTML: text from the PDF (offscreen document), cited with its page', async () => {
    const { tabId } = await openTab('https://arxiv.org/pdf/hep-th/9711200', false);
    const panel = await openPanel(tabId);
    expect(await panel.getByTestId('paper-title').textContent()).toMatch(/Large N Limit/);
    await expect
      .poll(() => status(panel), { timeout: 45_000 })
      .toMatch(/^Full text · PDF v3 \(3 pages\)$/);
    expect(routes.hits.filter((h) => h.startsWith('/html/hep-th/9711200')).length).toBe(1);

    const before = api.answerRequests().length;
    api.enqueue({ kind: 'answer', citePaper: true });
    await ask(panel, 'What do the columns of the paper say about the model reading every page?');
    await waitDone(panel);
    expect(docText(api.answerRequests()[before]!.body)).toContain('LEFTTOP');
    const turn = await lastTurn(panel);
    const paperCites = turn.citations.filter((c) => c.kind === 'paper');
    expect(paperCites.length).toBeGreaterThan(0);
    expect(
      paperCites.some((c) => /\(p\. [1-3]\)/.test(c.section ?? '')),
      JSON.stringify(paperCites),
    ).toBe(true);
  });

  test('a PDF that cannot be read: the answer reads the abstract and says why', async () => {
    const { tabId } = await openTab('https://arxiv.org/abs/0902.4054', true);
    const panel = await openPanel(tabId);
    await expect
      .poll(() => status(panel), { timeout: 45_000 })
      .toMatch(/^Abstract only — .*PDF could not be read/);
    api.enqueue({ kind: 'answer' });
    await ask(panel, 'What is this paper about?');
    await waitDone(panel);
    expect(await panel.getByTestId('answer-reads').last().textContent()).toMatch(
      /Abstract only — .*could not be read/,
    );
    const turn = await lastTurn(panel);
    expect(turn.reads?.full).toBe(false);
  });
});
