/**
 * The related-work badges (issue 6) in real Chromium with the production build loaded: the real
 * cs-74k corpus imported through the options page (the Kaggle .gz, streamed like a user's), the
 * reader's one opened paper (1706.03762, visited like a user), then the captured 50-entry listing
 * page https://arxiv.org/list/cs.CL/recent loaded again and again.
 *
 * Rows (engine antigravity, corpus cs-74k):
 * - badges_listing_p50_ms / _p95_ms: from the page's DOMContentLoaded (its own content is there)
 *   to the listing feature having placed every badge (`<html data-antigravity-badges>` set,
 *   observed by a MutationObserver installed before any page script); warm loads (after
 *   WARMUP_LOADS loads of the same page). The note gives
 *   the same from navigation start, and from the content script's `ready` (its settings are in;
 *   the listing feature's one corpus/badges request went out before them).
 * - badges_listing_cold_p50_ms: the same for the first listing page after a browser start.
 * - badges_layout_shift: the layout-shift score (PerformanceObserver 'layout-shift', CLS-style
 *   sum of entries without recent input) of the page with badges on, minus the same page with the
 *   listing badges switched off in the options page (its own shifts, e.g. fonts); median of loads.
 * - strip_layout_shift: the same on the abs page for the "Related in your corpus" strip (drawn
 *   into a place the registered slot style reserved before first paint: lib/badges/strip-slot.ts).
 *
 * Options (after `npm run bench -- --only badges`): --loads N (default 15); --cold N (default 5);
 * --profile DIR keeps the browser profile in DIR (created if missing) and skips the import when
 * its corpus is already complete, for repeated runs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Route } from 'playwright-core';
import { numberOption, parseBenchArgs } from '../lib/args';
import { CHROMIUM, CHROMIUM_ARGS } from '../lib/context';
import { median, percentile, round } from '../lib/stats';
import {
  BenchGroupError,
  type BenchContext,
  type BenchGroup,
  type BenchRow,
} from '../lib/bench-types';

const LISTING = 'https://arxiv.org/list/cs.CL/recent';
const ABS = 'https://arxiv.org/abs/1706.03762';
const ENGINE = 'antigravity';
/** Loads of the listing page before the measured ones. */
const WARMUP_LOADS = 3;
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
  /** The content script has its settings and started every feature (badges asked before). */
  readyAt: number | null;
  dclAt: number | null;
  count: number | null;
  shifts: Array<{ t: number; v: number }>;
  /** The content script's own marks (entrypoints/arxiv.content): start, request sent, reply in. */
  marks?: Record<string, number>;
}

async function routeFixtures(context: BrowserContext, root: string): Promise<void> {
  const pages = path.join(root, 'tests/fixtures/arxiv-pages');
  const files: Array<[RegExp, string]> = [
    [/^\/abs\/1706\.03762(v\d+)?$/, 'abs_1706.03762.html'],
    [/^\/list\/cs\.CL\/recent/, 'list_cs.CL_recent.html'],
  ];
  // arXiv's own style sheets are not recorded: the e2e suite's stand-in (written by us) lays the
  // pages out, so that what a layout shift would move is on screen. Everything else (fonts,
  // MathJax's CDN) answers 404 at once: no network here, and the same page every load.
  const css = readFileSync(path.join(root, 'tests/e2e/support/arxiv-stand-in.css'));
  await context.route(/^https?:\/\//, async (route: Route) => {
    const url = new URL(route.request().url());
    const onArxiv = url.hostname === 'arxiv.org';
    if (onArxiv && /^\/static\/.*\.css$/.test(url.pathname)) {
      return route.fulfill({ status: 200, contentType: 'text/css', body: css });
    }
    const hit = onArxiv ? files.find(([re]) => re.test(url.pathname)) : undefined;
    if (!hit) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    return route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: readFileSync(path.join(pages, hit[1])),
    });
  });
}

async function setFeature(options: Page, name: string, on: boolean): Promise<void> {
  const box = options.getByTestId(`feature-${name}`);
  await box.waitFor();
  if ((await box.isChecked()) !== on) await box.click();
  for (let i = 0; i < 100 && (await box.isChecked()) !== on; i++) await options.waitForTimeout(50);
}

/** The abs page with the probe: waits for the strip's decision, returns the layout shifts. */
async function loadAbs(context: BrowserContext, expectStrip: boolean): Promise<Probe> {
  const page = await context.newPage();
  try {
    await page.addInitScript({ content: PROBE });
    await page.goto(ABS, { waitUntil: 'load' });
    await page.waitForSelector(
      expectStrip ? 'html[data-antigravity-strip]' : 'html[data-antigravity="ready"]',
      { timeout: 60_000 },
    );
    await page.waitForTimeout(600);
    return await page.evaluate(
      () => (window as unknown as { __agBadgeProbe: Probe }).__agBadgeProbe,
    );
  } finally {
    await page.close();
  }
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
    return await page.evaluate(() => {
      const probe = (window as unknown as { __agBadgeProbe: Probe }).__agBadgeProbe;
      const marks: Record<string, number> = {};
      for (const m of performance.getEntriesByType('mark')) {
        if (m.name.startsWith('antigravity:'))
          marks[m.name.slice('antigravity:'.length)] = m.startTime;
      }
      return { ...probe, marks };
    });
  } finally {
    await page.close();
  }
}

const sum = (shifts: Probe['shifts']) => shifts.reduce((s, x) => s + x.v, 0);

interface Launched {
  context: BrowserContext;
  extensionId: string;
}

async function launch(profile: string, ext: string, root: string): Promise<Launched> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  try {
    const worker =
      context.serviceWorkers()[0] ??
      (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
    await routeFixtures(context, root);
    return { context, extensionId: new URL(worker.url()).host };
  } catch (e) {
    await context.close().catch(() => undefined);
    throw e;
  }
}

/** Imports the corpus through the options page unless the profile already holds it. */
async function ensureCorpus(ctx: BenchContext, b: Launched): Promise<void> {
  const options = await b.context.newPage();
  try {
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    await options.waitForFunction(
      () => !document.querySelector('[data-testid="corpus-total"]')?.textContent?.includes('…'),
    );
    // "74,729 papers · 170 MB used": the count is the first number.
    const text = (await options.getByTestId('corpus-total').textContent()) ?? '';
    const stored = Number(/^\s*([\d,]+)/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
    if (stored >= 74_000) {
      ctx.log(`corpus already in the profile (${stored} papers)`);
      return;
    }
    ctx.log(`importing ${path.basename(ctx.corpusPath)} through the options page...`);
    const t0 = Date.now();
    await options.getByTestId('import-file').setInputFiles(ctx.corpusPath);
    await options.getByTestId('import-start').click();
    await options.getByTestId('import-result').waitFor({ timeout: 30 * 60_000 });
    const imported = (await options.getByTestId('import-result').textContent()) ?? '';
    ctx.log(`  ${imported.trim()} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } finally {
    await options.close();
  }
}

async function withOptions(b: Launched, fn: (options: Page) => Promise<void>): Promise<void> {
  const options = await b.context.newPage();
  try {
    await options.goto(`chrome-extension://${b.extensionId}/options.html`);
    await fn(options);
  } finally {
    await options.close();
  }
}

const STAGE_NAMES: Record<string, string> = {
  start: 'content script started',
  'badges-request': 'request sent',
  'badges-reply': 'answer in',
};

const fmt = (xs: number[]) => xs.map((t) => t.toFixed(0)).join(' ');
const fmt4 = (xs: number[]) => xs.map((t) => t.toFixed(4)).join(' ');

const group: BenchGroup = {
  name: 'badges',
  description:
    'related-work badges: 50-entry listing page, load to all badges shown (cs-74k imported), layout shift',
  async run(ctx: BenchContext) {
    const args = parseBenchArgs(ctx.args);
    const loads = Math.max(3, Math.round(numberOption(args, 'loads', 15)));
    const coldLoads = Math.max(0, Math.round(numberOption(args, 'cold', 5)));
    const kept =
      typeof args.options.profile === 'string' ? path.resolve(args.options.profile) : null;
    // Production code with the page marks the probe reads (production builds carry none).
    const ext = await ctx.buildExtension({ pageMarks: true });
    const profile = kept ?? mkdtempSync(path.join(tmpdir(), 'antigravity-bench-badges-'));
    if (kept) {
      mkdirSync(kept, { recursive: true });
      // A kept profile would go on running the cached service worker of an earlier build (same
      // extension version): drop the worker cache so this build's worker is installed.
      rmSync(path.join(kept, 'Default', 'Service Worker'), { recursive: true, force: true });
    }
    const rows: BenchRow[] = [];
    const row = (metric: string, value: number, unit: string, note: string) =>
      rows.push({ metric, engine: ENGINE, corpus: CORPUS, value, unit, note });
    let b: Launched | null = null;
    try {
      b = await launch(profile, ext, ctx.root);
      await ensureCorpus(ctx, b);

      // The reader's interest: one opened paper, opened like a reader does.
      const abs = await b.context.newPage();
      await abs.goto(ABS);
      await abs.waitForSelector('html[data-antigravity-strip]', { timeout: 60_000 });
      await abs.close();

      // Warm-up, then the measured loads. After an import the worker may still be busy; and the
      // first loads of a page are measurably slower (the worker's code, the content script's
      // compiled code and the database's caches warm up over about three loads).
      await loadListing(b.context, true, ctx.log, 10 * 60_000);
      for (let i = 0; i < WARMUP_LOADS - 1; i++) await loadListing(b.context, true);
      const fromNav: number[] = [];
      const fromDcl: number[] = [];
      const request: number[] = [];
      const cls: number[] = [];
      const stage: Record<string, number[]> = {
        start: [],
        'badges-request': [],
        'badges-reply': [],
      };
      // Per load: the worker's part (request sent to reply in) and the placing (reply to placed).
      const roundTrip: number[] = [];
      const placing: number[] = [];
      let count = -1;
      for (let i = 0; i < loads; i++) {
        const p = await loadListing(b.context, true);
        fromNav.push(p.badgesAt!);
        if (p.dclAt !== null) fromDcl.push(p.badgesAt! - p.dclAt);
        if (p.readyAt !== null) request.push(p.badgesAt! - p.readyAt);
        for (const [k, xs] of Object.entries(stage)) {
          const t = p.marks?.[k];
          if (t !== undefined && p.dclAt !== null) xs.push(t - p.dclAt);
        }
        const sent = p.marks?.['badges-request'];
        const reply = p.marks?.['badges-reply'];
        if (sent !== undefined && reply !== undefined) roundTrip.push(reply - sent);
        if (reply !== undefined) placing.push(p.badgesAt! - reply);
        cls.push(sum(p.shifts));
        count = p.count ?? -1;
      }
      ctx.log(`  ${count} badges; DOMContentLoaded -> badges ${fmt(fromDcl)} ms`);
      const stages = Object.entries(stage)
        .filter(([, xs]) => xs.length)
        .map(([k, xs]) => `${STAGE_NAMES[k] ?? k} ${round(median(xs))}`)
        .join(', ');
      ctx.log(`  after DOMContentLoaded, medians (ms): ${stages}`);
      ctx.log(
        `  per load: request -> reply ${fmt(roundTrip)} ms; reply -> badges placed ${fmt(placing)} ms`,
      );
      ctx.log(
        `  navigation start -> badges ${fmt(fromNav)} ms; content script ready (settings in) -> badges ${fmt(request)} ms`,
      );

      // The same page without the badges (switched off in the options page): its own shifts.
      const baseline: number[] = [];
      await withOptions(b, (o) => setFeature(o, 'listingBadges', false));
      for (let i = 0; i < Math.min(loads, 5); i++) {
        baseline.push(sum((await loadListing(b.context, false)).shifts));
      }
      await withOptions(b, (o) => setFeature(o, 'listingBadges', true));

      // The abs page: the strip is drawn under the abstract, into the place reserved for it.
      const strip: number[] = [];
      const stripOff: number[] = [];
      for (let i = 0; i < 5; i++) strip.push(sum((await loadAbs(b.context, true)).shifts));
      await withOptions(b, (o) => setFeature(o, 'absStrip', false));
      for (let i = 0; i < 5; i++) stripOff.push(sum((await loadAbs(b.context, false)).shifts));
      await withOptions(b, (o) => setFeature(o, 'absStrip', true));
      ctx.log(`  abs page layout shift with the strip ${fmt4(strip)}; without ${fmt4(stripOff)}`);

      // Cold: a browser just started (worker, IndexedDB and caches cold), first listing page.
      const cold: number[] = [];
      for (let i = 0; i < coldLoads; i++) {
        await b.context.close();
        b = null;
        b = await launch(profile, ext, ctx.root);
        const p = await loadListing(b.context, true, undefined, 5 * 60_000);
        if (p.dclAt !== null) cold.push(p.badgesAt! - p.dclAt);
      }
      if (cold.length) ctx.log(`  cold: DOMContentLoaded -> badges ${fmt(cold)} ms`);

      const common = `${count} badges of 50 entries (one opened paper); production build, corpus imported through the options page`;
      row(
        'badges_listing_p50_ms',
        round(median(fromDcl)),
        'ms',
        `DOMContentLoaded to all badges placed, median of ${loads} loads after ${WARMUP_LOADS} warm-up loads; from navigation start ${round(median(fromNav))} ms; ` +
          `content script ready (settings in; the one corpus/badges request was sent before) to badges ${round(median(request))} ms; ` +
          `after DOMContentLoaded, medians (the content script's performance marks, ms): ${stages || 'n/a'}; ${common}`,
      );
      row(
        'badges_listing_p95_ms',
        round(percentile(fromDcl, 95)),
        'ms',
        `as badges_listing_p50_ms, p95; ${common}`,
      );
      if (cold.length) {
        row(
          'badges_listing_cold_p50_ms',
          round(median(cold)),
          'ms',
          `as badges_listing_p50_ms, first listing page after a browser start (cold worker and IndexedDB), median of ${cold.length}`,
        );
      }
      row(
        'badges_layout_shift',
        round(Math.max(0, median(cls) - median(baseline)), 4),
        'cls',
        `layout-shift score (PerformanceObserver) with badges, median ${round(median(cls), 4)}, minus without, median ${round(median(baseline), 4)}`,
      );
      row(
        'strip_layout_shift',
        round(Math.max(0, median(strip) - median(stripOff)), 4),
        'cls',
        `abs page: layout-shift score with the "Related in your corpus" strip (drawn into the place the slot style reserved under the abstract before first paint) minus without; medians of 5 loads`,
      );
      return rows;
    } catch (e) {
      if (rows.length) throw new BenchGroupError(e instanceof Error ? e.message : String(e), rows);
      throw e;
    } finally {
      await b?.context.close().catch(() => undefined);
      if (!kept) rmSync(profile, { recursive: true, force: true });
    }
  },
};

export default group;
