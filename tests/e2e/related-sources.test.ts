/**
 * Issue 16 in real Chromium with the built test extension: the sources a reader sees come from
 * the retrieval model's plan and rating, live search fills an empty corpus, and a corpus with
 * nothing related gives no sources at all (no padding, nothing below the floor, in the panel or
 * the abs strip).
 *
 * The model is the local fake Messages API (real SDK in the worker) playing `search_queries` and
 * `rate_papers`; arXiv's export API answers with a real recorded search (all:testing, 10 papers,
 * tests/fixtures/arxiv-api/atom); the unrelated corpus is the first 200 records of the real
 * Kaggle snapshot (2007 physics and mathematics), imported through the options page.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { routeArxiv, type ArxivRoutes } from './support/arxiv-server';
import {
  currentWorker,
  launchWithExtension,
  ROOT,
  setSettings,
  type ExtensionBrowser,
} from './support/browser';
import { ask, lastStatus, openArxiv, openPanel } from './support/panel';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';

const VASWANI = 'https://arxiv.org/abs/1706.03762';
/** The planned query, worded unlike the question: only it can reach the testing papers. */
const PLANNED = 'deep learning model testing';
/** The export API clause the product sends for PLANNED (its words, all required). */
const PLANNED_CLAUSE = '(all:deep AND all:learning AND all:model AND all:testing)';
const TESTING_FEED = 'arxiv-api/atom/q_testing_s0_m10_bc5a6c384fe9.xml';

/** Ids of the `search_result` blocks of a Messages request (the sources sent with it). */
function sentSourceIds(body: unknown): string[] {
  return [...JSON.stringify(body).matchAll(/"source":"https:\/\/arxiv\.org\/abs\/([^"]+)"/g)].map(
    (m) => m[1]!,
  );
}

/** Papers in the worker's IndexedDB corpus, by origin. */
async function corpusByOrigin(b: ExtensionBrowser): Promise<Record<string, string[]>> {
  const w = await currentWorker(b);
  return w.evaluate(async () => {
    const open = indexedDB.open('antigravity');
    const db: IDBDatabase = await new Promise((res, rej) => {
      open.onsuccess = () => res(open.result);
      open.onerror = () => rej(open.error);
    });
    const all: Array<{ id: string; origin?: string }> = await new Promise((res, rej) => {
      const r = db.transaction('papers').objectStore('papers').getAll();
      r.onsuccess = () => res(r.result);
      r.onerror = () => rej(r.error);
    });
    db.close();
    const out: Record<string, string[]> = {};
    for (const p of all) (out[p.origin ?? 'none'] ??= []).push(p.id);
    return out;
  });
}

const sourceIds = (panel: Page) =>
  panel
    .getByTestId('answer')
    .last()
    .getByTestId('source-item')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-arxiv-id') ?? ''));

const notices = async (panel: Page) =>
  (await panel.getByTestId('answer').last().getByTestId('answer-notice').allTextContents()).join(
    '\n',
  );

describe('an empty corpus and a key', () => {
  let b: ExtensionBrowser;
  let api: FakeAnthropic;
  let routes: ArxivRoutes;

  beforeAll(async () => {
    api = await startFakeAnthropic();
    b = await launchWithExtension();
    routes = await routeArxiv(b.context, { search: { [`${PLANNED_CLAUSE}|0`]: TESTING_FEED } });
    // arXiv's search takes its time (later routes run first): the panel has to say it waits.
    await b.context.route(/^https:\/\/export\.arxiv\.org\/api\/query\?search_query=/, async (r) => {
      await new Promise((done) => setTimeout(done, 1500));
      await r.fallback();
    });
    await setSettings(b, { apiKey: 'sk-ant-test-key', baseUrl: api.url, liveSearch: true });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await api?.close();
  });

  test('the first question gets rated sources that live search found on arXiv, stored in the corpus', async () => {
    const { tabId } = await openArxiv(b, VASWANI);
    const panel = await openPanel(b, tabId);
    api.enqueue({ kind: 'tool', name: 'search_queries', input: { queries: [PLANNED] } });
    api.enqueue({
      kind: 'tool',
      name: 'rate_papers',
      input: {
        ratings: [
          {
            id: '2405.13786',
            score: 7,
            reason: 'Learning-to-rank models for test prioritisation.',
          },
          { id: '2202.12139', score: 9, reason: 'Compares testing techniques for deep models.' },
          { id: '2005.14124', score: 3, reason: 'Fuzzing cyber-physical systems, not models.' },
          // Not a candidate: the product ignores it.
          { id: '1234.56789', score: 10, reason: 'Invented.' },
        ],
      },
    });
    api.enqueue({ kind: 'answer' });
    const answersBefore = api.answerRequests().length;
    await ask(panel, 'How would one check that a network like this behaves correctly?');
    await expect
      .poll(() => panel.getByTestId('retrieval-status').textContent(), { timeout: 20_000 })
      .toBe('Searching arXiv…');
    await expect.poll(() => lastStatus(panel), { timeout: 60_000 }).toBe('done');

    // One export API request, for the planned query (not the question).
    const searches = routes.hits.filter((h) => h.startsWith('export:/api/query?search_query='));
    expect(searches).toHaveLength(1);
    expect(
      new URL(`https://x${searches[0]!.slice('export:'.length)}`).searchParams.get('search_query'),
    ).toBe(PLANNED_CLAUSE);

    // The sources on screen: the two rated at or above 6, best first, with their relevance.
    expect(await sourceIds(panel)).toEqual(['2202.12139', '2405.13786']);
    const score = panel.getByTestId('answer').last().getByTestId('source-score').first();
    expect(await score.getAttribute('data-kind')).toBe('relevance');
    expect(await score.textContent()).toContain('90%');
    expect(await score.getAttribute('title')).toContain('Compares testing techniques');
    expect(await notices(panel)).toMatch(/Live search found 10 papers/);

    // The same two went to the answer model, and nothing else from the corpus.
    const reqs = api.answerRequests();
    expect(reqs.length).toBe(answersBefore + 1);
    expect(sentSourceIds(reqs.at(-1)!.body)).toEqual(['2202.12139', '2405.13786']);

    // The ten papers found are stored, marked as found by live search.
    const corpus = await corpusByOrigin(b);
    expect((corpus['live-search'] ?? []).sort()).toEqual(
      [
        '1202.4527',
        '1205.1866',
        '1812.11470',
        '2005.14124',
        '2202.12139',
        '2204.08348',
        '2302.03287',
        '2405.13786',
        '2502.07719',
        '2503.05378',
      ].sort(),
    );
  });
});

describe('a corpus with nothing related', () => {
  let b: ExtensionBrowser;
  let api: FakeAnthropic;

  beforeAll(async () => {
    api = await startFakeAnthropic();
    b = await launchWithExtension();
    await routeArxiv(b.context);
    await setSettings(b, { apiKey: 'sk-ant-test-key', baseUrl: api.url, liveSearch: false });
    const options = await b.context.newPage();
    await options.goto(b.url('options.html'));
    await options
      .getByTestId('import-file')
      .setInputFiles(join(ROOT, 'tests/fixtures/corpus/kaggle-snapshot-first200.jsonl'));
    await options.getByTestId('import-start').click();
    await options.getByTestId('import-result').waitFor({ timeout: 60_000 });
    const imported = await options.getByTestId('import-result').textContent();
    if (!imported?.includes('200 kept')) throw new Error(`Corpus import failed: ${imported}`);
    await options.close();
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await api?.close();
  });

  test('no source is shown or sent, the answer says the corpus does not cover it, the strip lists nothing', async () => {
    const { page, tabId } = await openArxiv(b, VASWANI);
    // The abs strip: 2007 physics is not related work for the Transformer.
    await page.waitForSelector('html[data-antigravity-strip]', { timeout: 20_000 });
    expect(await page.locator('html').getAttribute('data-antigravity-strip')).not.toBe('strip');

    const panel = await openPanel(b, tabId);
    // The retrieval model rates every candidate it was shown below the threshold (6).
    api.enqueue({
      kind: 'tool',
      name: 'rate_papers',
      rateAll: { score: 2, reason: 'Physics, not sequence models.' },
    });
    api.enqueue({ kind: 'answer' });
    await ask(panel, 'How does multi-head attention let the model attend to different positions?');
    await expect.poll(() => lastStatus(panel), { timeout: 60_000 }).toBe('done');
    expect(await sourceIds(panel)).toEqual([]);
    expect(await notices(panel)).toMatch(/Your corpus does not cover this question/);
    // The rating call saw candidates: the corpus was searched, and none was good enough.
    expect(api.messageRequests().some((r) => JSON.stringify(r.body).includes('<paper id='))).toBe(
      true,
    );
    expect(sentSourceIds(api.answerRequests().at(-1)!.body)).toEqual([]);

    // Without a key (no model rates): the similarity floor, and still nothing from 2007 physics.
    await setSettings(b, { apiKey: '' });
    await panel.reload();
    await panel.getByTestId('question-input').waitFor();
    await ask(panel, 'How does multi-head attention let the model attend to different positions?');
    await expect.poll(() => lastStatus(panel), { timeout: 60_000 }).toBe('done');
    expect(await sourceIds(panel)).toEqual([]);
  });
});
