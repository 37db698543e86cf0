import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { FIXTURES } from './support/arxiv-server';

// Issue 17: the Kaggle file as it really comes (a .zip), and the files that are not it. Each
// ends with ONE message (success or error), nothing half-stored, no full bar on a failure.
const SAMPLE = readFileSync(join(FIXTURES, 'corpus/kaggle-snapshot-first200.jsonl'), 'utf8');
const LINES = SAMPLE.split('\n').filter((l) => l.trim());

let b: ExtensionBrowser;
let dir: string;

beforeAll(async () => {
  b = await launchWithExtension();
  dir = mkdtempSync(join(tmpdir(), 'ag-kaggle-'));
});
afterAll(async () => {
  await b?.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, data: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

async function corpusTotal(page: Page): Promise<number> {
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="corpus-count"]')?.hasAttribute('data-count'),
  );
  return Number(await page.getByTestId('corpus-count').getAttribute('data-count'));
}

/** Imports `path` with `categories`; returns the end state and the one message. */
async function importFile(path: string, categories = '') {
  const page = await b.context.newPage();
  await page.goto(b.url('options.html'));
  const before = await corpusTotal(page);
  await page.getByTestId('import-file').setInputFiles(path);
  await page.getByTestId('import-categories').fill(categories);
  await page.getByTestId('import-estimate').waitFor({ timeout: 20_000 });
  const estimate = (await page.getByTestId('import-estimate').textContent()) ?? '';
  // The page shows the job that ran last until the new one starts: wait for another id.
  const shown = page.getByTestId('import-job');
  const old = (await shown.count()) ? ((await shown.getAttribute('data-job-id')) ?? '') : '';
  await page.getByTestId('import-start').click();
  const job = `[data-testid="import-job"]:not([data-job-id="${old}"])`;
  const end = page.locator(`${job}[data-status="done"], ${job}[data-status="failed"]`);
  await end.waitFor({ timeout: 60_000 });
  const status = await end.getAttribute('data-status');
  const results = await page.getByTestId('import-result').count();
  const errors = await page.getByTestId('import-error').count();
  const message =
    (await page
      .locator('[data-testid="import-result"], [data-testid="import-error"]')
      .first()
      .textContent()) ?? '';
  const bars = await page.getByTestId('import-progress').count();
  await page.reload();
  const after = await corpusTotal(page);
  await page.close();
  return { status, results, errors, message, bars, estimate, added: after - before };
}

test("Kaggle's .zip (the 200-paper sample zipped) imports, with an estimate first", async () => {
  const zip = zipSync({ 'arxiv-metadata-oai-snapshot.json': strToU8(SAMPLE) });
  const r = await importFile(file('arxiv.zip', zip));
  expect(r.estimate).toMatch(/200 papers to keep/);
  expect(r).toMatchObject({ status: 'done', results: 1, errors: 0, added: LINES.length });
  expect(r.message).toContain('200 lines read');
});

test.each([
  [
    'a truncated .gz',
    () => gzipSync(strToU8(SAMPLE)).slice(0, 40_000),
    'cut.json.gz',
    /ends too early/,
  ],
  ['a CSV', () => 'id,title,abstract\n0704.0001,A title,An abstract\n', 'papers.csv', /CSV/],
  ['an empty file', () => '', 'empty.json', /empty/],
])('%s: one error for a reader, nothing stored, no full bar', async (_w, make, name, msg) => {
  const r = await importFile(file(name, make()));
  expect(r).toMatchObject({ status: 'failed', results: 0, errors: 1, bars: 0, added: 0 });
  expect(r.message).toMatch(msg);
  expect(r.message).not.toMatch(/Failed to execute|WritableStream|TypeError/);
});

test('a category that matches nothing: warned before, kept 0, said once', async () => {
  const r = await importFile(file('sample.jsonl', SAMPLE), 'cs.XX');
  expect(r.estimate).toMatch(/“cs\.XX” matched none/);
  expect(r).toMatchObject({ status: 'done', results: 1, errors: 0, added: 0 });
  expect(r.message).toMatch(/0 kept.*matched none/s);
});
