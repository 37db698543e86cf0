import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { routeArxiv, useLocalArxivForJobs, type ArxivRoutes } from './support/arxiv-server';

// Issue 17: install → welcome page → key → fields → estimate → background harvest that outlives
// the pages that show it. arXiv answers from recordings: the export API's real response to a
// query (100 papers) stands for the first page of cs.CL, the recorded zero-results feed for the
// next; the local server answers slowly (like a real 2000-paper page) so the harvest can be
// watched while it runs.
const RECORDED = 'arxiv-api/atom/q_testing_s0_m100_cfe7536492ca.xml';

let b: ExtensionBrowser;
let routes: ArxivRoutes;

beforeAll(async () => {
  b = await launchWithExtension();
  routes = await routeArxiv(b.context, { search: { 'cat:cs.CL|0': RECORDED }, delayMs: 2500 });
  await useLocalArxivForJobs(b, routes);
});
afterAll(async () => {
  await b?.close();
});

async function welcomePage(): Promise<Page> {
  const url = b.url('welcome.html');
  const open = b.context.pages().find((p) => p.url() === url);
  if (open) return open;
  return b.context.waitForEvent('page', { predicate: (p) => p.url() === url, timeout: 15_000 });
}

test('install opens the welcome page; key, fields, estimate, then a harvest that outlives its pages', async () => {
  const welcome = await welcomePage();
  await welcome.getByTestId('welcome').waitFor();

  // 1. The key, saved through the options page's own section.
  await welcome.getByTestId('api-key-input').fill('sk-ant-test-key-1234');
  await welcome.getByTestId('save-settings').click();
  await welcome.getByTestId('settings-status').waitFor();
  expect(await welcome.getByTestId('settings-status').textContent()).toMatch(/saved/i);

  // 2. Fields: searched by name, with arXiv's names; all time.
  await welcome.getByTestId('fields-search').fill('computation and language');
  await welcome.getByTestId('field-cs.CL').check();
  expect(await welcome.getByTestId('fields-chosen').textContent()).toContain(
    'Computation and Language',
  );
  await welcome.getByTestId('fields-period').selectOption('all');

  // 3. Estimate (one counting request), then build.
  await welcome.getByTestId('build-estimate').click();
  const est = welcome.getByTestId('build-estimate-text');
  await est.waitFor({ timeout: 30_000 });
  expect(await est.textContent()).toMatch(/About 50,000 papers.*requests.*3-second rule.*storage/);
  await welcome.getByTestId('build-start').click();
  await welcome.locator('[data-testid="build-job"][data-status="running"]').waitFor();

  // The welcome page goes; the options page shows the same job, still running.
  await welcome.close();
  const options = await b.context.newPage();
  await options.goto(b.url('options.html'));
  await options.locator('[data-testid="harvest-job"][data-status="running"]').waitFor();
  await options.close();
  // Reopened mid-harvest or after: the job is there, and ends once.
  const again = await b.context.newPage();
  await again.goto(b.url('options.html'));
  await again.locator('[data-testid="harvest-job"][data-status="done"]').waitFor({
    timeout: 60_000,
  });
  expect(await again.getByTestId('harvest-result').textContent()).toContain('100 new');
  expect(await again.getByTestId('harvest-error').count()).toBe(0);
  await again.reload();
  await again.waitForFunction(
    () =>
      document.querySelector('[data-testid="corpus-count"]')?.getAttribute('data-count') === '100',
  );
  // The harvest's requests went to the (recorded) export API, one page after the other.
  const harvestHits = routes.hits.filter((h) => h.includes('search_query=cat%3Acs.CL'));
  expect(harvestHits.some((h) => h.includes('max_results=2000'))).toBe(true);
  await again.close();

  // A paper read on arXiv now finds its related work in the new corpus.
  const abs = await b.context.newPage();
  await abs.goto('https://arxiv.org/abs/1706.03762');
  await abs.waitForSelector('html[data-antigravity-paper="1706.03762"]', { timeout: 20_000 });
  const panel = await b.context.newPage();
  await panel.goto(b.url('options.html'));
  const related = await panel.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const chrome = (globalThis as any).chrome;
    return chrome.runtime.sendMessage({
      ag: 1,
      type: 'corpus/related',
      payload: { paperId: '1706.03762', k: 5 },
    });
  });
  expect(related.ok).toBe(true);
  expect(related.data.sources.length).toBeGreaterThan(0);
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { FIXTURES } = await import('./support/arxiv-server');
  const harvested = readFileSync(join(FIXTURES, RECORDED), 'utf8');
  for (const s of related.data.sources as Array<{ id: string }>) expect(harvested).toContain(s.id);
  await panel.close();
  await abs.close();
});
