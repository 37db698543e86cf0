// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const chrome: any;
import { afterAll, beforeAll, expect, test } from 'vitest';
import { join } from 'node:path';
import {
  launchWithExtension,
  currentWorker,
  tabIdOf,
  type ExtensionBrowser,
} from './support/browser';
import {
  FIXTURES,
  routeArxiv,
  useLocalArxivForJobs,
  type ArxivRoutes,
} from './support/arxiv-server';

let b: ExtensionBrowser;
let routes: ArxivRoutes;

beforeAll(async () => {
  b = await launchWithExtension();
  routes = await routeArxiv(b.context);
  await useLocalArxivForJobs(b, routes);
});
afterAll(async () => {
  await b?.close();
});

async function corpusTotal(page: import('playwright-core').Page): Promise<number> {
  const el = page.getByTestId('corpus-count');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="corpus-count"]')?.hasAttribute('data-count'),
  );
  return Number(await el.getAttribute('data-count'));
}

test('options page: a file that is not the snapshot format is refused at once, nothing stored', async () => {
  const page = await b.context.newPage();
  await page.goto(b.url('options.html'));
  await page
    .getByTestId('import-file')
    .setInputFiles(join(FIXTURES, 'arxiv-pages/abs_1706.03762.html'));
  await page.getByTestId('import-start').click();
  const err = page.getByTestId('import-error');
  await err.waitFor({ timeout: 20_000 });
  expect(await err.textContent()).toMatch(/snapshot|JSON/i);
  expect(await corpusTotal(page)).toBe(0);
  await page.close();
});

test('options page: import the Kaggle snapshot with a category filter, progress shown, rerun adds nothing', async () => {
  const page = await b.context.newPage();
  await page.goto(b.url('options.html'));
  const file = join(FIXTURES, 'corpus/kaggle-snapshot-first200.jsonl');
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-categories').fill('hep-ph');
  await page.getByTestId('import-start').click();
  await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
  const result = (await page.getByTestId('import-result').textContent()) ?? '';
  expect(result).toContain('200 lines read');
  const kept = Number(/([\d,]+) kept/.exec(result)![1]!.replace(/,/g, ''));
  // The first 200 records of the snapshot: count the hep-ph ones independently of the importer.
  const { readFileSync } = await import('node:fs');
  const expected = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .filter((l) => (JSON.parse(l).categories as string).split(' ').includes('hep-ph')).length;
  expect(kept).toBe(expected);
  expect(await page.getByTestId('import-progress').count()).toBe(1);
  expect(await page.getByTestId('import-progress-text').textContent()).toMatch(/200 read/);
  await page.reload();
  expect(await corpusTotal(page)).toBe(expected);

  // Again: nothing duplicated.
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-categories').fill('hep-ph');
  await page.getByTestId('import-start').click();
  await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('import-result').textContent()).toContain('0 new, 0 updated');
  await page.reload();
  expect(await corpusTotal(page)).toBe(expected);
  await page.close();
});

test('options page: harvest a search query through the export API (recorded responses)', async () => {
  const page = await b.context.newPage();
  await page.goto(b.url('options.html'));
  const before = await corpusTotal(page);
  await page.getByTestId('harvest-mode').selectOption('query');
  await page.getByTestId('harvest-input').fill('testing');
  await page.locator('input[type=number]').first().fill('100');
  await page.getByTestId('harvest-start').click();
  await page.getByTestId('harvest-result').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('harvest-result').textContent()).toContain('100 new');
  expect(
    routes.hits.filter((h) => h.startsWith('export:') && h.includes('search_query=testing')),
  ).toHaveLength(1);
  await page.reload();
  expect(await corpusTotal(page)).toBe(before + 100);
  await page.close();
});

test('papers the reader opens are stored; related work comes back from the corpus', async () => {
  const html = await b.context.newPage();
  await html.goto('https://arxiv.org/html/1706.03762v7');
  await html.waitForSelector('html[data-antigravity-paper="1706.03762"]', { timeout: 20_000 });
  const worker = await currentWorker(b);
  // The worker answers `corpus/related` for the tab's paper, as the abs strip asks it.
  const tabId = await tabIdOf(b, html);
  const panel = await b.context.newPage();
  await panel.goto(b.url(`sidepanel.html?tabId=${tabId}`));
  const related = await panel.evaluate(async () => {
    const r = await chrome.runtime.sendMessage({
      ag: 1,
      type: 'corpus/related',
      payload: { paperId: '1706.03762', k: 5 },
    });
    return r;
  });
  expect(related.ok).toBe(true);
  expect(related.data.inCorpus).toBe(true);
  expect(related.data.sources.length).toBeGreaterThan(0);
  for (const s of related.data.sources) {
    expect(s.id).not.toBe('1706.03762');
    expect(s.similarity).toBeGreaterThan(0);
    expect(s.similarity).toBeLessThanOrEqual(1);
  }
  // The query's inner loops run as WebAssembly there (the manifest's policy allows it; without
  // it they would fall back to JavaScript, slower on a just-started worker).
  const wasm = await worker.evaluate(() => {
    try {
      new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
      return 'compiles';
    } catch (e) {
      return String(e);
    }
  });
  expect(wasm).toBe('compiles');
  await panel.close();
  await html.close();
});

test('options page: backups are restored by a job of the background, the corpus’s one writer', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { sampleThread, sampleTurn } = await import('../lib/export/export-sample');
  const dir = mkdtempSync(join(tmpdir(), 'ag-restore-'));
  const paper = (n: number) => ({
    id: `2409.0000${n}`,
    version: 1,
    title: `Restored paper ${n} on quantum error correction`,
    authors: ['A. Author'],
    abstract: `A restored abstract number ${n} about surface codes and decoders.`,
    categories: ['quant-ph'],
    primaryCategory: 'quant-ph',
    origin: 'import',
    addedAt: 1_700_000_000_000,
  });
  const library = join(dir, 'antigravity-library.json');
  writeFileSync(
    library,
    JSON.stringify({
      format: 'antigravity-backup',
      version: 1,
      exportedAt: '2026-11-23T00:00:00Z',
      extensionVersion: '0.0.0',
      threads: [sampleThread()],
      turns: [sampleTurn()],
      papers: [paper(1)],
    }),
  );
  const corpus = join(dir, 'antigravity-corpus.jsonl');
  writeFileSync(
    corpus,
    [
      JSON.stringify({ format: 'antigravity-corpus', version: 1, exportedAt: '', count: 2 }),
      JSON.stringify(paper(2)),
      JSON.stringify(paper(3)),
      '',
    ].join('\n'),
  );

  const page = await b.context.newPage();
  await page.goto(b.url('options.html'));
  const before = await corpusTotal(page);
  await page.getByTestId('backup-import').setInputFiles(library);
  const result = page.getByTestId('restore-result');
  await result.waitFor({ timeout: 60_000 });
  expect(await result.textContent()).toBe(
    'Imported 1 new thread (0 updated), 1 answer, 1 paper; 0 already there.',
  );
  const job = await page.evaluate(() =>
    chrome.runtime.sendMessage({ ag: 1, type: 'jobs/status', payload: {} }),
  );
  expect(job.data.job.spec).toMatchObject({ kind: 'restore-backup', backup: 'library' });

  await page.getByTestId('corpus-import').setInputFiles(corpus);
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="restore-job"]')?.getAttribute('data-status') ===
        'done' &&
      document.querySelector('[data-testid="restore-result"]')?.textContent?.startsWith('Corpus'),
    undefined,
    { timeout: 60_000 },
  );
  expect(await result.textContent()).toBe('Corpus imported: 2 new, 0 updated.');
  await page.reload();
  expect(await corpusTotal(page)).toBe(before + 3);
  await page.close();
});
