/**
 * Full-text benchmark (issue 15), in real headless Chromium with the built TEST extension
 * (`npm run build:test` first: its manifest lets the worker reach the local fake API):
 *
 * - `fulltext_html_ms`: an abs tab of 1706.03762 -> `fulltext/read` from an extension page ->
 *   the worker fetches the recorded /html/1706.03762v7 (served by Playwright's router at its real
 *   address), parses it (linkedom in the worker) and stores it; the stored text is deleted
 *   before each round so every round fetches.
 * - `fulltext_pdf_ms`: the same for a paper whose /html/ is 404 and whose /pdf/ is the real
 *   15-page 2501.10120v1.pdf from ../shared (the row is skipped, saying so, without it): fetched
 *   by the worker, read with PDF.js in the offscreen document, stored.
 * - `first_token_cold_text_p50_ms`: Ask (answer Port) -> first streamed character, on the abs
 *   page of 1706.03762 whose text is not stored yet (fetched first), fake API answering at once.
 *
 * Options: `--fulltext-rounds N` (default 7).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { routeArxiv } from '../../e2e/support/arxiv-server';
import {
  launchWithExtension,
  setSettings,
  tabIdOf,
  TEST_EXTENSION_DIR,
  type ExtensionBrowser,
} from '../../e2e/support/browser';
import { startFakeAnthropic } from '../../support/fake-anthropic';
import { numberOption, parseBenchArgs } from '../lib/args';
import { percentile, round } from '../lib/stats';
import {
  BenchGroupError,
  type BenchContext,
  type BenchGroup,
  type BenchRow,
} from '../lib/bench-types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const chrome: any;

const ENGINE = 'antigravity';
const CORPUS = 'none';

async function openTab(b: ExtensionBrowser, url: string): Promise<number> {
  const page = await b.context.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-antigravity-paper]', { timeout: 30_000 });
  return tabIdOf(b, page);
}

/** Deletes a stored paper (and so its text) from an extension page. */
function forget(ext: Page, id: string): Promise<void> {
  return ext.evaluate(
    (id) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('antigravity');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('papers', 'readwrite');
          tx.objectStore('papers').delete(id);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    id,
  );
}

/** One `fulltext/read` round trip from an extension page, in ms, and its label. */
function readOnce(ext: Page, tabId: number): Promise<{ ms: number; reads: unknown }> {
  return ext.evaluate(async (tabId) => {
    const t0 = performance.now();
    const res = await chrome.runtime.sendMessage({
      ag: 1,
      type: 'fulltext/read',
      payload: { tabId },
    });
    return { ms: performance.now() - t0, reads: res?.data?.reads ?? res };
  }, tabId);
}

/** Ask -> first delta over the answer Port, in ms. */
function firstToken(ext: Page, tabId: number, question: string): Promise<number> {
  return ext.evaluate(
    ({ tabId, question }) =>
      new Promise<number>((resolve, reject) => {
        const port = chrome.runtime.connect({ name: 'antigravity/answer' });
        const t0 = performance.now();
        port.onMessage.addListener((ev: { type: string; error?: { message: string } }) => {
          if (ev.type === 'delta') {
            resolve(performance.now() - t0);
            port.disconnect();
          } else if (ev.type === 'error') {
            reject(new Error(ev.error?.message ?? 'error'));
            port.disconnect();
          }
        });
        port.postMessage({ type: 'ask', tabId, question, newThread: true });
      }),
    { tabId, question },
  );
}

const group: BenchGroup = {
  name: 'fulltext',
  description:
    'full text of a paper: HTML fetch+parse+store, 15-page PDF through the offscreen document, cold first token (built test extension)',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const rounds = Math.max(1, numberOption(parseBenchArgs(ctx.args), 'fulltext-rounds', 7));
    if (!existsSync(path.join(TEST_EXTENSION_DIR, 'manifest.json'))) {
      throw new BenchGroupError('No test build: run `npm run build:test` first.', []);
    }
    const rows: BenchRow[] = [];
    const api = await startFakeAnthropic();
    const b = await launchWithExtension();
    const problems: string[] = [];
    try {
      await routeArxiv(b.context);
      const pdfFile = path.resolve(ctx.root, '../shared/fixtures/arxiv-pdf/2501.10120v1.pdf');
      const havePdf = existsSync(pdfFile);
      if (havePdf) {
        const bytes = readFileSync(pdfFile);
        await b.context.route(/^https:\/\/arxiv\.org\/pdf\/0902\.4054(v\d+)?$/, (route) =>
          route.fulfill({ status: 200, contentType: 'application/pdf', body: bytes }),
        );
      }
      await setSettings(b, { apiKey: 'sk-ant-bench', baseUrl: api.url, stallTimeoutS: 30 });
      const ext = await b.context.newPage();
      await ext.goto(b.url('options.html'));

      const measure = async (metric: string, id: string, url: string, note: string) => {
        const tabId = await openTab(b, url);
        const ms: number[] = [];
        let last: unknown;
        // One warm-up round (offscreen document created, PDF.js chunk loaded), then measured ones.
        for (let i = 0; i <= rounds; i++) {
          await forget(ext, id);
          const r = await readOnce(ext, tabId);
          last = r.reads;
          if (i > 0) ms.push(r.ms);
        }
        ctx.log(`${metric}: ${JSON.stringify(last)} ${ms.map((x) => x.toFixed(0)).join(' ')}`);
        if (!last || (last as { full?: boolean }).full !== true) {
          problems.push(`${metric}: the text was not read (${JSON.stringify(last)})`);
          return;
        }
        rows.push({
          metric,
          engine: ENGINE,
          corpus: CORPUS,
          value: round(percentile(ms, 50), 1),
          unit: 'ms',
          note: `p50 of ${rounds} (p95 ${round(percentile(ms, 95), 0)} ms); ${note}`,
        });
      };

      await measure(
        'fulltext_html_ms',
        '1706.03762',
        'https://arxiv.org/abs/1706.03762',
        'panel request -> /html/1706.03762v7 fetched (routed), parsed in the worker, stored',
      );
      if (havePdf) {
        await measure(
          'fulltext_pdf_ms',
          '0902.4054',
          'https://arxiv.org/abs/0902.4054',
          '/html/ 404, then the 15-page 2501.10120v1.pdf (666 KB) fetched, read by PDF.js in the offscreen document, stored',
        );
      } else {
        problems.push(`fulltext_pdf_ms skipped: ${pdfFile} is absent`);
      }

      const tabId = await openTab(b, 'https://arxiv.org/abs/1706.03762');
      const ft: number[] = [];
      for (let i = 0; i <= rounds; i++) {
        await forget(ext, '1706.03762');
        api.enqueue({ kind: 'answer' });
        const ms = await firstToken(ext, tabId, 'How does scaled dot-product attention work?');
        if (i > 0) ft.push(ms);
      }
      rows.push({
        metric: 'first_token_cold_text_p50_ms',
        engine: ENGINE,
        corpus: CORPUS,
        value: round(percentile(ft, 50), 1),
        unit: 'ms',
        note: `p50 of ${rounds}: Ask -> first character, text not stored (HTML fetched first), empty corpus, fake API at once, through the real worker and Port`,
      });
    } finally {
      await b.close();
      await api.close();
    }
    if (problems.length) throw new BenchGroupError(problems.join('; '), rows);
    return rows;
  },
};

export default group;
