/**
 * The Firefox build, really run: Debian's firefox-esr with the built Firefox test extension
 * (npm run build:test), driven over WebDriver BiDi (tests/e2e/support/firefox.ts). arXiv pages are
 * the recorded fixtures served at their real addresses; the LLM is the real SDK against the local
 * fake Anthropic server. The corpus is the demo's shipped file, imported through the options page.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ListingEntry } from '@/lib/arxiv/schema';
import { formatSimilarity, MIN_BADGE_SIMILARITY } from '@/lib/badges';
import type { BadgeInfo } from '@/lib/messaging/protocol';
import { loadPage } from '../lib/badges/pages';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { ROOT } from './support/browser';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from './support/firefox';

// The page-side `browser` of evaluate() callbacks (extension pages).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const browser: any;

let ff: FirefoxWithExtension;
let api: FakeAnthropic;
let options: Page;

beforeAll(async () => {
  api = await startFakeAnthropic();
  ff = await launchFirefoxWithExtension();
  options = await ff.extensionPage('options.html');
});
afterAll(async () => {
  await ff?.close();
  await api?.close();
});

/** The text of the element with `testid`, '' when absent. */
function textOf(page: Page, testid: string, last = false): Promise<string> {
  return page.evaluate(
    (id, l) => {
      const all = document.querySelectorAll(`[data-testid="${id}"]`);
      const el = l ? all[all.length - 1] : all[0];
      return el?.textContent ?? '';
    },
    testid,
    last,
  );
}

/**
 * The sidebar and listing tests use the corpus the import test stored: with none, they fail here,
 * saying so, rather than on a request without sources or a page without badges.
 */
async function expectImportedCorpus(): Promise<void> {
  const res = (await options.evaluate(() =>
    browser.runtime.sendMessage({ ag: 1, type: 'corpus/stats', payload: {} }),
  )) as { ok: boolean; data?: { total: number } };
  expect(res.data?.total ?? 0, 'the corpus of the import test above').toBeGreaterThanOrEqual(200);
}

test('installed in Firefox: the extension holds its arXiv host access', async () => {
  const granted = await options.evaluate(() =>
    browser.permissions.contains({ origins: ['https://arxiv.org/*'] }),
  );
  expect(granted).toBe(true);
});

test('the options page imports a Kaggle-format file into the corpus', async () => {
  // WebDriver's clicks in a hidden tab land on a stale layout (tests/e2e/support/firefox.ts).
  await options.bringToFront();
  const input = await options.waitForSelector('[data-testid="import-file"]');
  await (input as ElementHandle<HTMLInputElement>).uploadFile(
    join(ROOT, 'tests/fixtures/corpus/demo-attention-200.jsonl'),
  );
  // The estimate shows 300 ms after the file is chosen and moves the button: click after it.
  await options.waitForSelector('[data-testid="import-estimate"]', { timeout: 20_000 });
  await options.click('[data-testid="import-start"]');
  // The one end message, success or error: a failure fails here with its text, not a timeout.
  await options.waitForSelector('[data-testid="import-result"], [data-testid="import-error"]', {
    timeout: 60_000,
  });
  expect(await textOf(options, 'import-error')).toBe('');
  expect(await textOf(options, 'import-result')).toContain('200 new');
});

test('the content script recognises an abs page served under https://arxiv.org', async () => {
  const page = await ff.arxivPage('https://arxiv.org/abs/1706.03762');
  await page.waitForSelector('html[data-antigravity-paper="1706.03762"]', { timeout: 20_000 });
  await page.close();
});

test('the sidebar page answers a question through the fake Anthropic API (real SDK)', async () => {
  await expectImportedCorpus();
  await options.evaluate(async (baseUrl) => {
    const cur = (await browser.storage.local.get('settings')).settings ?? {};
    await browser.storage.local.set({
      // relevanceThreshold 2: the fake retrieval model scores 2 per shared question term.
      settings: { ...cur, apiKey: 'sk-ant-firefox-test', baseUrl, relevanceThreshold: 2 },
    });
  }, api.url);
  const page = await ff.arxivPage('https://arxiv.org/abs/1706.03762');
  await page.waitForSelector('html[data-antigravity-paper="1706.03762"]', { timeout: 20_000 });
  const tabId = (await options.evaluate(async () => {
    const tabs = (await browser.tabs.query({ url: 'https://arxiv.org/abs/1706.03762' })) as Array<{
      id: number;
    }>;
    return tabs[tabs.length - 1]!.id;
  })) as number;

  const panel = await ff.extensionPage(`sidepanel.html?tabId=${tabId}`);
  await panel.waitForFunction(
    () =>
      document
        .querySelector('[data-testid="paper-title"]')
        ?.textContent?.includes('Attention Is All You Need'),
    { timeout: 20_000 },
  );
  const before = api.answerRequests().length;
  await panel.type('[data-testid="question-input"]', 'What replaces recurrence in this model?');
  await panel.click('[data-testid="ask-button"]');
  await panel.waitForFunction(
    () => {
      const s = document.querySelectorAll('[data-testid="answer-status"]');
      return ['done', 'error'].includes(s[s.length - 1]?.textContent ?? '');
    },
    { timeout: 60_000 },
  );
  expect(await textOf(panel, 'answer-status', true)).toBe('done');
  expect((await textOf(panel, 'answer', true)).length).toBeGreaterThan(50);
  const reqs = api.answerRequests().slice(before);
  expect(reqs).toHaveLength(1);
  expect(reqs[0]!.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
  expect(reqs[0]!.body.stream).toBe(true);
  expect(JSON.stringify(reqs[0]!.body)).toContain('Attention Is All You Need');
  // Sources from the imported corpus went with the question.
  expect(JSON.stringify(reqs[0]!.body)).toContain('search_result');
  await panel.close();
  await page.close();
});

// Firefox differs from Chrome here: its content scripts can read storage.local (no
// setAccessLevel). The key the test above saved there, as older versions did, has moved out.
test('the API key is not in storage.local, which Firefox content scripts can read', async () => {
  const all = (await options.evaluate(async () =>
    JSON.stringify(await browser.storage.local.get(null)),
  )) as string;
  expect(all).toContain('"settings"');
  expect(all).not.toContain('sk-ant-firefox-test');
});

test('a listing page gets the badges the background answers for its entries', async () => {
  await expectImportedCorpus();
  const loaded = loadPage('listing');
  const entries = (loaded.result.entries as ListingEntry[]).map((e) => ({
    id: e.id,
    title: e.title,
    abstract: e.abstract,
  }));
  loaded.close();
  const res = (await options.evaluate(
    (payload) => browser.runtime.sendMessage({ ag: 1, type: 'corpus/badges', payload }),
    { entries },
  )) as { ok: boolean; data: { badges: Array<BadgeInfo | null> } };
  expect(res.ok).toBe(true);
  // What the page must show, in page order (as in the Chromium badges test).
  const expected = res.data.badges.flatMap((info, i) => {
    if (!info) return [];
    if (info.inCorpus) return [{ id: entries[i]!.id!, state: 'in-corpus', label: '✓ in corpus' }];
    const sim = info.similarity ?? 0;
    return sim >= MIN_BADGE_SIMILARITY
      ? [{ id: entries[i]!.id!, state: 'similar', label: `≈ ${formatSimilarity(sim)}` }]
      : [];
  });
  expect(expected.length).toBeGreaterThan(0);

  const page = await ff.arxivPage('https://arxiv.org/list/cs.CL/recent');
  await page.waitForSelector('html[data-antigravity-badges]', { timeout: 20_000 });
  const count = Number(
    await page.evaluate(() => document.documentElement.getAttribute('data-antigravity-badges')),
  );
  const got = await page.evaluate(() =>
    Array.from(document.querySelectorAll('antigravity-badge')).flatMap((host) =>
      Array.from(host.shadowRoot?.querySelectorAll('[data-testid="related-badge"]') ?? []).map(
        (el) => ({
          id: el.getAttribute('data-arxiv-id'),
          state: el.getAttribute('data-state'),
          label: el.textContent,
        }),
      ),
    ),
  );
  expect(count).toBe(expected.length);
  expect(got).toEqual(expected);
  await page.close();
});

test('access to arXiv withdrawn: the options page says so and asks with a button; granted, pages work again', async () => {
  const removed = await options.evaluate(() =>
    browser.permissions.remove({ origins: ['https://arxiv.org/*'] }),
  );
  expect(removed).toBe(true);
  const page = await ff.extensionPage('options.html');
  const notice = await page.waitForSelector('[data-testid="host-access-notice"]', {
    timeout: 10_000,
  });
  expect(await notice!.evaluate((el) => el.textContent)).toContain('arxiv.org');
  await page.click('[data-testid="host-access-grant"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="host-access-notice"]'), {
    timeout: 10_000,
  });
  expect(
    await page.evaluate(() => browser.permissions.contains({ origins: ['https://arxiv.org/*'] })),
  ).toBe(true);
  await page.close();
  const abs = await ff.arxivPage('https://arxiv.org/abs/1706.03762');
  await abs.waitForSelector('html[data-antigravity-paper="1706.03762"]', { timeout: 20_000 });
  await abs.close();
});

test('the options page restores a library backup through the background page, the corpus’s writer', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { sampleThread, sampleTurn } = await import('../lib/export/export-sample');
  const file = join(mkdtempSync(join(tmpdir(), 'ag-ff-restore-')), 'antigravity-library.json');
  writeFileSync(
    file,
    JSON.stringify({
      format: 'antigravity-backup',
      version: 1,
      exportedAt: '2026-11-23T00:00:00Z',
      extensionVersion: '0.0.0',
      threads: [sampleThread({ id: 'thread-restored' })],
      turns: [sampleTurn({ id: 'turn-restored', threadId: 'thread-restored' })],
      papers: [
        {
          id: '2409.00009',
          version: 1,
          title: 'A restored paper on surface codes',
          authors: ['A. Author'],
          abstract: 'Restored from a library backup by the background page.',
          categories: ['quant-ph'],
          primaryCategory: 'quant-ph',
          origin: 'import',
          addedAt: 1_700_000_000_000,
        },
      ],
    }),
  );
  const page = await ff.extensionPage('options.html');
  await page.bringToFront();
  const input = await page.waitForSelector('[data-testid="backup-import"]');
  await (input as ElementHandle<HTMLInputElement>).uploadFile(file);
  await page.waitForSelector('[data-testid="restore-result"], [data-testid="restore-error"]', {
    timeout: 60_000,
  });
  expect(await textOf(page, 'restore-error')).toBe('');
  expect(await textOf(page, 'restore-result')).toBe(
    'Imported 1 new thread (0 updated), 1 answer, 1 paper; 0 already there.',
  );
  await page.close();
});
