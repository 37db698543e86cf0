/**
 * The related-work badges (issue 6) in real Chromium with the production build loaded: the real
 * cs-74k corpus imported through the options page (the Kaggle .gz, streamed like a user's), the
 * reader's one opened paper (1706.03762, visited like a user), then the captured 50-entry listing
 * page https://arxiv.org/list/cs.CL/recent loaded again and again.
 *
 * Rows (engine antigravity, corpus cs-74k):
 * - badges_listing_p50_ms / _p95_ms: from navigation start to the listing feature having placed
 *   every badge (`<html data-antigravity-badges>` set; observed from the page by a
 *   MutationObserver installed before any page script).
 * - badges_layout_shift: the layout-shift score (PerformanceObserver 'layout-shift', CLS-style
 *   sum of entries without recent input) of the page with badges on, minus the same page with the
 *   listing badges switched off in the options page (its own shifts, e.g. fonts); median of loads.
 *
 * Options (after `npm run bench -- --only badges`): --loads N (default 15); --profile DIR keeps the
 * browser profile in DIR (created if missing) and skips the import when its corpus is already
 * complete, for repeated runs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Route } from 'playwright-core';
import { numberOption, parseBenchArgs } from '../lib/args';
import { CHROMIUM, CHROMIUM_ARGS } from '../lib/context';
import { median, percentile, round } from '../lib/stats';
import { BenchGroupError, type BenchContext, type BenchGroup, type BenchRow } from '../lib/types';

const LISTING = 'https://arxiv.org/list/cs.CL/recent';
const ABS = 'https://arxiv.org/abs/1706.03762';
const ENGINE = 'antigravity';
const CORPUS = 'cs-74k';

/** Runs in the page's main world before its scripts: badge time and layout shifts. */
const PROBE = `(() => {
  const probe = { badgesAt: null, readyAt: null, dclAt: null, count: null, shifts: [] };
  window.__agBadgeProbe = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.hadRecentInput) probe.shifts.push({ t: e.startTime, v: e.value });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
  document.addEventListener('DOMContentLoaded', () => { probe.dclAt = performance.now(); });
  // On the document (its <html> may not exist yet when this runs).
  new MutationObserver(() => {
    const html = document.documentElement;
    if (probe.readyAt === null && html.getAttribute('data-antigravity') === 'ready') probe.readyAt = performance.now();
    const v = html.getAttribute('data-antigravity-badges');
    if (v !== null && probe.badgesAt === null) {
      probe.badgesAt = performance.now();
      probe.count = Number(v);
    }
  }).observe(document, {
    attributes: true,
    subtree: true,
    attributeFilter: ['data-antigravity', 'data-antigravity-badges'],
  });
})();`;

interface Probe {
  /** Badges placed (ms after navigation start). */
  badgesAt: number | null;
  /** The content script started its features (after reading the page and the settings). */
  readyAt: number | null;
  dclAt: number | null;
  count: number | null;
  shifts: Array<{ t: number; v: number }>;
}

async function routeFixtures(context: BrowserContext, root: string): Promise<void> {
  const pages = path.join(root, 'tests/fixtures/arxiv-pages');
  const files: Array<[RegExp, string]> = [
    [/^\/abs\/1706\.03762(v\d+)?$/, 'abs_1706.03762.html'],
    [/^\/list\/cs\.CL\/recent/, 'list_cs.CL_recent.html'],
  ];
  // Everything else (arXiv's CSS and fonts, MathJax's CDN) answers 404 at once: no network here,
  // and the same page every load.
  await context.route(/^https?:\/\//, async (route: Route) => {
    const url = new URL(route.request().url());
    const hit =
      url.hostname === 'arxiv.org' ? files.find(([re]) => re.test(url.pathname)) : undefined;
    if (!hit) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    return route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: readFileSync(path.join(pages, hit[1])),
    });
  });
}

async function setListingBadges(options: Page, on: boolean): Promise<void> {
  const box = options.getByTestId('feature-listingBadges');
  if ((await box.isChecked()) !== on) await box.click();
  for (let i = 0; i < 100 && (await box.isChecked()) !== on; i++) await options.waitForTimeout(50);
}

async function loadListing(
  context: BrowserContext,
  expectBadges: boolean,
  log?: (m: string) => void,
  timeout = 60_000,
): Promise<Probe> {
  const page = await context.newPage();
  if (log)
    page.on('console', (m) => m.text().includes('Antigravity') && log(`  page: ${m.text()}`));
  try {
    await page.addInitScript({ content: PROBE });
    await page.goto(LISTING, { waitUntil: 'load' });
    if (expectBadges) {
      await page.waitForFunction(
        () => (window as unknown as { __agBadgeProbe: Probe }).__agBadgeProbe.badgesAt !== null,
        null,
        { timeout },
      );
    } else {
      await page.waitForSelector('html[data-antigravity="ready"]', { timeout });
    }
    // Let late shifts (if any) arrive.
    await page.waitForTimeout(600);
    return await page.evaluate(
      () => (window as unknown as { __agBadgeProbe: Probe }).__agBadgeProbe,
    );
  } finally {
    await page.close();
  }
}

const sum = (shifts: Probe['shifts']) => shifts.reduce((s, x) => s + x.v, 0);

const group: BenchGroup = {
  name: 'badges',
  description:
    'related-work badges: 50-entry listing page, load to all badges shown (cs-74k imported), layout shift',
  async run(ctx: BenchContext) {
    const args = parseBenchArgs(ctx.args);
    const loads = Math.max(3, Math.round(numberOption(args, 'loads', 15)));
    const kept =
      typeof args.options.profile === 'string' ? path.resolve(args.options.profile) : null;
    const ext = await ctx.buildExtension();
    const profile = kept ?? mkdtempSync(path.join(tmpdir(), 'antigravity-bench-badges-'));
    if (kept) mkdirSync(kept, { recursive: true });
    const rows: BenchRow[] = [];
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [...CHROMIUM_ARGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
    });
    try {
      let worker =
        context.serviceWorkers()[0] ??
        (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
      const extensionId = new URL(worker.url()).host;
      await routeFixtures(context, ctx.root);
      if (kept) {
        // A kept profile may still run the service worker of an earlier build (same version):
        // reload the extension from disk.
        const page = await context.newPage();
        await page.goto(`chrome-extension://${extensionId}/options.html`);
        const next = context.waitForEvent('serviceworker', { timeout: 30_000 });
        await page.evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload()).catch(() => undefined);
        worker = await next;
        await page.close().catch(() => undefined);
      }

      // The corpus, the way a reader imports it.
      const options = await context.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      const total = options.getByTestId('corpus-total');
      await options.waitForFunction(
        () => !document.querySelector('[data-testid="corpus-total"]')?.textContent?.includes('…'),
      );
      // "74,729 papers · 170 MB used": the count is the first number.
      const stored = Number(/^[\s]*([\d,]+)/.exec((await total.textContent()) ?? '')?.[1]?.replace(/,/g, '') ?? 0);
      if (stored >= 74_000) {
        ctx.log(`corpus already imported in ${profile} (${stored} papers)`);
      } else {
        ctx.log(`importing ${path.basename(ctx.corpusPath)} through the options page...`);
        const t0 = Date.now();
        await options.getByTestId('import-file').setInputFiles(ctx.corpusPath);
        await options.getByTestId('import-start').click();
        await options.getByTestId('import-result').waitFor({ timeout: 30 * 60_000 });
        const imported = (await options.getByTestId('import-result').textContent()) ?? '';
        ctx.log(`  ${imported.trim()} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      }
      worker.on('console', (m) => ctx.log(`  worker: ${m.text()}`));

      // The reader's interest: one opened paper.
      const abs = await context.newPage();
      await abs.goto(ABS);
      await abs.waitForSelector('html[data-antigravity-strip]', { timeout: 30_000 });
      await abs.close();

      // Warm-up (the worker may still be refreshing the index norms after the import), then the
      // measured loads.
      await loadListing(context, true, ctx.log, 10 * 60_000);
      const times: number[] = [];
      const afterReady: number[] = [];
      const dcl: number[] = [];
      const cls: number[] = [];
      let count = -1;
      for (let i = 0; i < loads; i++) {
        const p = await loadListing(context, true);
        times.push(p.badgesAt!);
        if (p.readyAt !== null) afterReady.push(p.badgesAt! - p.readyAt);
        if (p.dclAt !== null) dcl.push(p.dclAt);
        cls.push(sum(p.shifts));
        count = p.count ?? -1;
      }
      ctx.log(
        `  ${count} badges on the page; times ${times.map((t) => t.toFixed(0)).join(' ')} ms; ` +
          `ready->badges ${afterReady.map((t) => t.toFixed(0)).join(' ')} ms; DCL ${dcl.map((t) => t.toFixed(0)).join(' ')} ms`,
      );

      await setListingBadges(options, false);
      const baseline: number[] = [];
      for (let i = 0; i < Math.min(loads, 5); i++)
        baseline.push(sum((await loadListing(context, false)).shifts));
      await setListingBadges(options, true);

      const note =
        `${count} badges of 50 entries; median DOMContentLoaded ${round(median(dcl))} ms, ` +
        `content script ready to badges placed ${round(median(afterReady))} ms (one corpus/badges request); ` +
        `production build; corpus imported through the options page; ${loads} loads`;
      rows.push(
        {
          metric: 'badges_listing_p50_ms',
          engine: ENGINE,
          corpus: CORPUS,
          value: round(median(times)),
          unit: 'ms',
          note: `navigation start to all badges placed; ${note}`,
        },
        {
          metric: 'badges_listing_p95_ms',
          engine: ENGINE,
          corpus: CORPUS,
          value: round(percentile(times, 95)),
          unit: 'ms',
          note,
        },
        {
          metric: 'badges_layout_shift',
          engine: ENGINE,
          corpus: CORPUS,
          value: round(Math.max(0, median(cls) - median(baseline)), 4),
          unit: 'cls',
          note: `layout-shift score with badges (median ${round(median(cls), 4)}) minus without (median ${round(median(baseline), 4)})`,
        },
      );
      return rows;
    } catch (e) {
      if (rows.length) throw new BenchGroupError(e instanceof Error ? e.message : String(e), rows);
      throw e;
    } finally {
      await context.close().catch(() => undefined);
      if (!kept) rmSync(profile, { recursive: true, force: true });
    }
  },
};

export default group;
