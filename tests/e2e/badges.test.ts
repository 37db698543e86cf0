/**
 * Related-work badges in real Chromium with the built extension (npm run build:test), on the
 * captured arXiv pages served at their real addresses. The corpus is seeded the real way: opening
 * pages stores them, and a Kaggle-format file goes through the options page's import. The file
 * is written here from real arXiv metadata: ten results of the captured search page (as shown on
 * it: id, title, authors, categories, abstract) and two works cited by 1706.03762, written from
 * their bibliography entries (title and authors as printed) with their arXiv ids and no abstract.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ListingEntry } from '@/lib/arxiv/schema';
import {
  formatSimilarity,
  MIN_BADGE_SIMILARITY,
  relationQuestion,
  STRIP_LAYOUT,
  STRIP_LINE_FRAME_PX,
  STRIP_LINE_SLOT_CSS_FILE,
  STRIP_LINE_SLOT_PX,
  STRIP_SLOT_PROPERTY,
  STRIP_SLOT_PX,
  STRIP_SLOT_SCRIPT_ID,
} from '@/lib/badges';
import type { BadgeInfo } from '@/lib/messaging/protocol';
import { loadPage } from '../lib/badges/pages';
import { routeArxiv, type ArxivRoutes } from './support/arxiv-server';
import { launchWithExtension, ROOT, tabIdOf, type ExtensionBrowser } from './support/browser';

// The page-side `chrome` of evaluate() callbacks (extension pages).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const chrome: any;

const SHOTS = join(ROOT, 'tests/e2e/screenshots');
const ABS = 'https://arxiv.org/abs/1706.03762';
const HTML = 'https://arxiv.org/html/1706.03762v7';
const LISTING = 'https://arxiv.org/list/cs.CL/recent';
const SEARCH = 'https://arxiv.org/search/?query=attention&searchtype=all';

let b: ExtensionBrowser;
let routes: ArxivRoutes;
let tmp: string;

// What the captured pages hold (read with the project's extractor in Node, not in the browser).
const search = loadPage('search');
const searchEntries = search.result.entries as ListingEntry[];
search.close();
const IMPORTED = searchEntries.slice(0, 10);
const LAYER_NORM = {
  id: '1607.06450',
  title: 'Layer normalization',
  authors: 'Jimmy Lei Ba, Jamie Ryan Kiros, Geoffrey E Hinton',
  categories: 'stat.ML cs.LG',
};
const ADAM = {
  id: '1412.6980',
  title: 'Adam: A method for stochastic optimization',
  authors: 'Diederik Kingma, Jimmy Ba',
  categories: 'cs.LG',
};

function kaggleLine(p: {
  id: string;
  title: string;
  authors: string;
  categories: string;
  abstract: string;
}): string {
  return JSON.stringify({
    id: p.id,
    submitter: null,
    authors: p.authors,
    title: p.title,
    comments: null,
    'journal-ref': null,
    doi: null,
    'report-no': null,
    categories: p.categories,
    license: null,
    abstract: p.abstract,
    versions: [],
    update_date: null,
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ag-badges-'));
  b = await launchWithExtension();
  routes = await routeArxiv(b.context);
});
afterAll(async () => {
  await b?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

type Query = { id?: string; title?: string; abstract?: string };
const listingEntries: Query[] = listingQueriesOf('listing');
const searchQueries: Query[] = searchEntries.map((e) => ({
  id: e.id,
  title: e.title,
  abstract: e.abstract,
}));

function listingQueriesOf(name: 'listing'): Query[] {
  const p = loadPage(name);
  const q = (p.result.entries as ListingEntry[]).map((e) => ({
    id: e.id,
    title: e.title,
    abstract: e.abstract,
  }));
  p.close();
  return q;
}

/** What the extension's background answers for these entries (asked from an extension page). */
async function backgroundBadges(
  entries: Query[],
): Promise<{ badges: Array<BadgeInfo | null>; corpusSize: number }> {
  const page = await b.context.newPage();
  await page.goto(b.url('options.html'));
  const res = (await page.evaluate(
    (payload) => chrome.runtime.sendMessage({ ag: 1, type: 'corpus/badges', payload }),
    { entries },
  )) as { ok: boolean; data: { badges: Array<BadgeInfo | null>; corpusSize: number } };
  await page.close();
  expect(res.ok).toBe(true);
  return res.data;
}

/** The badges a listing page must show for the background's answer, in page order. */
function expectedBadges(entries: Query[], answer: { badges: Array<BadgeInfo | null> }) {
  return answer.badges.flatMap((info, i) => {
    if (!info) return [];
    if (info.inCorpus) return [{ id: entries[i]!.id!, state: 'in-corpus', label: '✓ in corpus' }];
    const sim = info.similarity ?? 0;
    return sim >= MIN_BADGE_SIMILARITY
      ? [{ id: entries[i]!.id!, state: 'similar', label: `≈ ${formatSimilarity(sim)}` }]
      : [];
  });
}

/** A screenshot of the part of the page from the top of `first` to the bottom of `last`. */
async function shotBetween(page: Page, first: Locator, last: Locator, name: string): Promise<void> {
  const a = await first.boundingBox();
  const z = await last.boundingBox();
  if (!a || !z) throw new Error(`nothing to photograph for ${name}`);
  const y = await page.evaluate(() => window.scrollY);
  const top = Math.max(0, a.y + y - 12);
  await page.screenshot({
    path: join(SHOTS, name),
    fullPage: true,
    clip: {
      x: 0,
      y: top,
      width: page.viewportSize()!.width,
      height: z.y + y + z.height + 12 - top,
    },
  });
}

/**
 * The question box of the side panel of `page`'s tab. The real panel (opened by the click, a user
 * gesture) is not a Playwright page: it is read over CDP. When the browser did not open it, the
 * panel page bound to the tab (sidepanel.html?tabId=N) picks the question up instead.
 */
async function panelQuestion(page: Page): Promise<string> {
  const cdp = await b.context.newCDPSession(page);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as {
      targetInfos: Array<{ targetId: string; type: string; url: string }>;
    };
    const real = targetInfos.find((t) => t.type === 'page' && t.url === b.url('sidepanel.html'));
    if (!real) {
      const tabId = await tabIdOf(b, page);
      const bound = b.context
        .pages()
        .find((p) => p.url().endsWith(`sidepanel.html?tabId=${tabId}`));
      const panel = bound ?? (await b.context.newPage());
      if (!bound) await panel.goto(b.url(`sidepanel.html?tabId=${tabId}`));
      return panel.getByTestId('question-input').inputValue();
    }
    const { sessionId } = (await cdp.send('Target.attachToTarget', {
      targetId: real.targetId,
      flatten: false,
    })) as { sessionId: string };
    const answer = new Promise<string>((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
        const msg = JSON.parse(e.message) as {
          id?: number;
          result?: { result?: { value?: string } };
        };
        if (e.sessionId === sessionId && msg.id === 1) resolve(msg.result?.result?.value ?? '');
      });
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({
        id: 1,
        method: 'Runtime.evaluate',
        params: {
          expression: `document.querySelector('[data-testid="question-input"]')?.value ?? ''`,
          returnByValue: true,
        },
      }),
    });
    return await answer;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Every badge of a page (Playwright's CSS engine looks inside open shadow roots). */
const badges = (page: Page): Locator => page.locator('[data-testid="related-badge"]');

async function open(url: string): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-antigravity="ready"]', { timeout: 15_000 });
  return page;
}

async function openListing(url: string): Promise<{ page: Page; count: number }> {
  const page = await open(url);
  await page.waitForSelector('html[data-antigravity-badges]', { timeout: 15_000 });
  const count = Number(await page.locator('html').getAttribute('data-antigravity-badges'));
  return { page, count };
}

/**
 * Records the page's layout shifts (without recent input), what moved and from where to where,
 * from before its first paint; and when the strip was drawn (its first draw sets
 * `<html data-antigravity-strip-slot>` in the task that inserts it).
 */
const SHIFT_PROBE = `(() => {
  window.__agShifts = [];
  const rect = (r) => [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__agShifts.push({
        value: e.value,
        at: e.startTime,
        sources: e.sources.map((s) => ({ node: s.node, from: rect(s.previousRect), to: rect(s.currentRect) })),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new MutationObserver((_, o) => {
    if (!document.documentElement?.hasAttribute('data-antigravity-strip-slot')) return;
    window.__agDrawnAt = performance.now();
    o.disconnect();
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-antigravity-strip-slot'] });
})();`;

/** Opens an abs page with the layout-shift probe; resolves once the strip feature has drawn. */
async function openAbs(): Promise<Page> {
  const page = await b.context.newPage();
  await page.addInitScript({ content: SHIFT_PROBE });
  await page.goto(ABS);
  await page.waitForSelector('html[data-antigravity-strip]', { timeout: 15_000 });
  return page;
}

/** What the strip's first draw found (ui/strip-slot.ts): `filled`, `unreserved` or `released`. */
const slotState = (page: Page) => page.locator('html').getAttribute('data-antigravity-strip-slot');

interface Shift {
  value: number;
  at: number;
  drawnAt: number;
  sources: Array<{ node: string; from: number[]; to: number[] }>;
}

/**
 * Layout shifts of what follows the abstract (what the strip could push down) from the strip's
 * draw on, after two more frames, with what moved and where (the failure message says it).
 * Earlier shifts are the page's own: under load Chromium paints a half-parsed abs page, whose
 * left column spans the width until the right one arrives and then narrows, which moves the
 * text below the abstract before any strip exists (seen in CI: 0.0297). Shifts of the page's
 * header (its fonts, the stand-in style sheet) are not ours either.
 */
async function shiftsBelowAbstract(page: Page): Promise<Shift[]> {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
  return page.evaluate(() => {
    const quote = document.querySelector('blockquote.abstract')!;
    const after = (n: Node | null) =>
      n !== null &&
      !quote.contains(n) &&
      (quote.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    const name = (n: Node | null) => {
      if (!(n instanceof Element)) return n ? n.nodeName : 'null';
      const cls = typeof n.className === 'string' && n.className ? `.${n.className}` : '';
      return `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ''}${cls}`;
    };
    type Raw = {
      value: number;
      at: number;
      sources: Array<{ node: Node | null; from: number[]; to: number[] }>;
    };
    const w = window as unknown as { __agShifts: Raw[]; __agDrawnAt?: number };
    const drawnAt = w.__agDrawnAt ?? 0;
    return w.__agShifts
      .filter((e) => e.at >= drawnAt && e.sources.some((s) => after(s.node)))
      .map((e) => ({
        value: e.value,
        at: Math.round(e.at),
        drawnAt: Math.round(drawnAt),
        sources: e.sources.map((s) => ({ node: name(s.node), from: s.from, to: s.to })),
      }));
  });
}

/** The total layout-shift score of `shifts`, failing with what moved when it is not 0. */
function expectNoShift(shifts: Shift[]): void {
  const total = shifts.reduce((a, e) => a + e.value, 0);
  expect(total, JSON.stringify(shifts)).toBe(0);
}

/** Whether the worker has the strip's slot style registered (asked from an extension page). */
async function slotRegistered(): Promise<boolean> {
  return (await slotCss()) !== null;
}

/** The style sheet of the slot the worker has registered, null for none. */
async function slotCss(): Promise<string | null> {
  const page = await b.context.newPage();
  await page.goto(b.url('options.html'));
  const scripts = (await page.evaluate(() =>
    chrome.scripting.getRegisteredContentScripts(),
  )) as Array<{ id: string; css?: string[] }>;
  await page.close();
  const slot = scripts.find((s) => s.id === STRIP_SLOT_SCRIPT_ID);
  return slot ? (slot.css ?? []).join(' ').replace(/^\//, '') : null;
}

/** The strip's host: in the abstract block (its last box), with the reserved slot's height. */
async function stripPlacement(page: Page) {
  return page.evaluate(
    ([prop]) => {
      const quote = document.querySelector('blockquote.abstract')!;
      const host = document.querySelector('antigravity-related');
      return {
        inAbstract: host?.parentElement === quote && quote.lastElementChild === host,
        height: host?.getBoundingClientRect().height ?? null,
        // The reservation ended when the strip came in.
        reserving: getComputedStyle(quote, '::after').getPropertyValue(prop!).trim(),
      };
    },
    [STRIP_SLOT_PROPERTY],
  );
}

/** Positions of the page's own text blocks (listing and search entries). */
async function textRects(page: Page, css: string): Promise<string[]> {
  return page.evaluate((sel) => {
    return Array.from(document.querySelectorAll(sel)).map((el) => {
      const r = el.getBoundingClientRect();
      return `${r.x.toFixed(1)},${r.y.toFixed(1)},${r.width.toFixed(1)},${r.height.toFixed(1)}`;
    });
  }, css);
}

describe('empty corpus', () => {
  test('listing and search pages show no badge at all', async () => {
    for (const url of [LISTING, SEARCH]) {
      const { page, count } = await openListing(url);
      expect(count).toBe(0);
      expect(await badges(page).count()).toBe(0);
      await page.close();
    }
  });

  test('the abs page shows a one-time hint, dismissible, and never again', async () => {
    // Installed with an empty corpus: the hint is due, so its place (one line) is reserved before
    // paint.
    await expect.poll(slotCss, { timeout: 10_000 }).toBe(STRIP_LINE_SLOT_CSS_FILE);
    const page = await openAbs();
    // Opening the page stores it; it still does not count: the corpus was empty before.
    const hint = page.getByTestId('corpus-hint');
    await hint.waitFor({ timeout: 15_000 });
    expect(await hint.textContent()).toContain('your corpus is empty');
    expect(await page.getByTestId('related-strip').count()).toBe(0);
    // Drawn into the reserved place: nothing of the page moved.
    expect(await slotState(page)).toBe('filled');
    expect(await stripPlacement(page)).toEqual({
      inAbstract: true,
      height: STRIP_LINE_SLOT_PX,
      reserving: '',
    });
    expectNoShift(await shiftsBelowAbstract(page));
    // Issue 17: an empty corpus takes no more room than its one line. The frame is its heading
    // line, and everything it shows (heading, note, buttons) lies on that line.
    expect(
      await hint.evaluate((el) => {
        const line = el.querySelector('header')!.getBoundingClientRect();
        const parts = Array.from(el.querySelectorAll('header > *')).map((e) =>
          e.getBoundingClientRect(),
        );
        return {
          frame: el.getBoundingClientRect().height,
          line: line.height,
          blocks: el.children.length,
          parts: parts.length,
          offLine: parts.filter((r) => r.top < line.top - 0.5 || r.bottom > line.bottom + 0.5)
            .length,
        };
      }),
    ).toEqual({
      frame: STRIP_LINE_FRAME_PX,
      line: STRIP_LAYOUT.header,
      blocks: 1,
      parts: 4,
      offLine: 0,
    });
    await hint.screenshot({ path: join(SHOTS, 'badges-empty-hint.png') });
    // Keyboard: the note is focusable and dismissible without a mouse.
    await hint.getByRole('button', { name: 'Dismiss' }).press('Enter');
    await expect.poll(() => hint.count()).toBe(0);
    await page.reload();
    await page.waitForSelector('html[data-antigravity-strip]', { timeout: 15_000 });
    expect(await page.getByTestId('corpus-hint').count()).toBe(0);
    await page.close();
  });
});

describe('math in titles', () => {
  test('the renderer loads in the content script’s own world, as the strip loads it, and typesets MathML', async () => {
    const page = await open(LISTING);
    // The same request as ui/math.ts (the background injects math-render.js into this frame),
    // sent from the content script's isolated world.
    const cdp = await b.context.newCDPSession(page);
    const contexts: Array<{ id: number; name: string; auxData?: { type?: string } }> = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) =>
      contexts.push(e.context),
    );
    await cdp.send('Runtime.enable');
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Antigravity');
    expect(world).toBeDefined();
    const { result } = (await cdp.send('Runtime.evaluate', {
      contextId: world!.id,
      expression: `chrome.runtime.sendMessage({ ag: 1, type: 'math/load', payload: {} }).then(() => {
        const render = globalThis.__antigravityRenderInlineMath;
        return render ? render('Limits of $\\\\Lambda_{\\\\alpha}$ and <b>x</b>') : null;
      })`,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value: string | null } };
    await cdp.detach();
    expect(result.value).toContain('<math');
    expect(result.value).toContain('&lt;b&gt;x&lt;/b&gt;'); // text outside math is escaped
    // The page's own scripts do not see it.
    expect(
      await page.evaluate(
        () => typeof (globalThis as Record<string, unknown>).__antigravityRenderInlineMath,
      ),
    ).toBe('undefined');
    await page.close();
  });
});

describe('with a corpus', () => {
  beforeAll(async () => {
    const file = join(tmp, 'arxiv-metadata-oai-snapshot.json');
    const lines = [
      ...IMPORTED.map((e) =>
        kaggleLine({
          id: e.id,
          title: e.title,
          authors: e.authors.join(', '),
          categories: e.categories.join(' '),
          abstract: e.abstract ?? '',
        }),
      ),
      kaggleLine({ ...LAYER_NORM, abstract: '' }),
      kaggleLine({ ...ADAM, abstract: '' }),
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    const options = await b.context.newPage();
    await options.goto(b.url('options.html'));
    await options.getByTestId('import-file').setInputFiles(file);
    await options.getByTestId('import-start').click();
    const result = options.getByTestId('import-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain('12 new');
    await options.close();
  });

  test('HTML full text: references in the corpus, not yet, matched by title; in-text citations too', async () => {
    const page = await open(HTML);
    await page.waitForSelector('html[data-antigravity-reference-badges]', { timeout: 20_000 });
    // Bibliography entries that write an arXiv id, read from the page itself.
    const withIds = await page.evaluate(() =>
      Array.from(document.querySelectorAll('li.ltx_bibitem')).flatMap((li) => {
        const m = /(?:arXiv:|abs\/)(\d{4}\.\d{4,5})/.exec(li.textContent ?? '');
        return m ? [{ anchor: li.id, id: m[1]! }] : [];
      }),
    );
    expect(withIds.length).toBeGreaterThanOrEqual(20);
    const adamAnchor = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('li.ltx_bibitem')).find((li) =>
          li.textContent?.includes('Adam: A method'),
        )?.id,
    );
    expect(adamAnchor).toBeTruthy();

    const bibBadges = page.locator('li.ltx_bibitem [data-testid="related-badge"]');
    expect(await bibBadges.count()).toBe(withIds.length + 1);
    for (const { anchor, id } of withIds) {
      const badge = page.locator(`li[id="${anchor}"] [data-testid="related-badge"]`);
      expect(await badge.getAttribute('data-arxiv-id')).toBe(id);
      expect(await badge.getAttribute('data-state')).toBe(
        id === LAYER_NORM.id ? 'in-corpus' : 'not-in-corpus',
      );
    }
    // No id in the entry: matched by its title.
    const adam = page.locator(`li[id="${adamAnchor}"] [data-testid="related-badge"]`);
    expect(await adam.getAttribute('data-arxiv-id')).toBe(ADAM.id);
    expect(await adam.getAttribute('data-state')).toBe('in-corpus');

    // Each in-text citation of those entries has a dot with the same paper.
    const anchors = [...withIds.map((w) => w.anchor), adamAnchor!];
    const citeCount = await page.evaluate(
      (as) =>
        as.reduce(
          (n, a) =>
            n + document.querySelectorAll(`a.ltx_ref[href="#${a}"]:not(li.ltx_bibitem a)`).length,
          0,
        ),
      anchors,
    );
    const dots = page.locator('[data-testid="related-badge"][data-kind="citation-badge"]');
    expect(citeCount).toBeGreaterThan(30);
    expect(await dots.count()).toBe(citeCount);
    const firstCite = page.locator('a.ltx_ref[href="#bib.bib1"]').first();
    const dot = page
      .locator('a.ltx_ref[href="#bib.bib1"] + antigravity-badge [data-testid="related-badge"]')
      .first();
    expect(await dot.getAttribute('data-arxiv-id')).toBe(LAYER_NORM.id);

    // No badge sticks out past the right edge (the page never scrolls sideways because of them).
    await page.evaluate(() => new Promise(requestAnimationFrame));
    const overflow = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      return Array.from(document.querySelectorAll('antigravity-badge'))
        .map((h) => h.getBoundingClientRect().right)
        .filter((r) => r > limit + 0.5).length;
    });
    expect(overflow).toBe(0);

    // Hovering an in-corpus badge shows the stored title.
    await page.locator('li[id="bib.bib1"]').scrollIntoViewIfNeeded();
    const inCorpus = page.locator('li[id="bib.bib1"] [data-testid="related-badge"]');
    await inCorpus.hover();
    const card = page.locator('li[id="bib.bib1"] antigravity-badge [role="tooltip"]');
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toContain('Layer normalization');
    await shotBetween(
      page,
      page.locator('li[id="bib.bib1"]'),
      page.locator('li[id="bib.bib9"]'),
      'badges-html-bibliography.png',
    );

    // One click asks the background to add a reference; arXiv (recorded) does not return it.
    const add = page.locator('li[id="bib.bib2"] [data-testid="related-badge"]');
    expect(await add.getAttribute('data-arxiv-id')).toBe('1409.0473');
    await add.click();
    await expect.poll(() => add.getAttribute('data-state'), { timeout: 20_000 }).toBe('error');
    expect(
      routes.hits.some((h) => h.startsWith('export:') && h.includes('id_list=1409.0473')),
    ).toBe(true);
    const addDots = page.locator('[data-kind="citation-badge"][data-arxiv-id="1409.0473"]');
    expect(await addDots.count()).toBeGreaterThan(0);
    for (const s of await addDots.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-state')),
    ))
      expect(s).toBe('error');
    expect(await add.textContent()).toContain('retry');

    await firstCite.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -200));
    await page.screenshot({ path: join(SHOTS, 'badges-html-citations.png') });
    await page.close();
  });

  test('abs page: the strip lists related corpus papers with numbers, links, and the corpus marker', async () => {
    // The corpus has papers: the strip's place is reserved on abs pages before their first paint.
    await expect.poll(slotRegistered, { timeout: 10_000 }).toBe(true);
    const page = await openAbs();
    const strip = page.getByTestId('related-strip');
    await strip.waitFor({ timeout: 15_000 });
    // Drawn into that place, at its height: the page's own content never moved.
    expect(await slotState(page)).toBe('filled');
    expect(await stripPlacement(page)).toEqual({
      inAbstract: true,
      height: STRIP_SLOT_PX,
      reserving: '',
    });
    expectNoShift(await shiftsBelowAbstract(page));
    // Opened in the first test (so "already in"), and one of its 22 cited ids was imported.
    const marker = await page.getByTestId('corpus-marker').textContent();
    expect(marker).toContain('In your corpus');
    expect(marker).toMatch(/1 of 2\d references in your corpus/);

    const items = strip.locator('[data-testid="related-badge"]');
    const n = await items.count();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(5);
    const importedIds = new Set([...IMPORTED.map((e) => e.id), LAYER_NORM.id, ADAM.id]);
    const rows = await items.evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-arxiv-id')!,
        sim: Number(el.getAttribute('data-similarity')),
        pct: el.querySelector('.pct')?.textContent,
        cat: el.querySelector('.cat')?.textContent,
        title: el.querySelector('a.title')?.textContent,
        href: el.querySelector('a.title')?.getAttribute('href'),
      })),
    );
    let last = Infinity;
    for (const r of rows) {
      expect(importedIds.has(r.id)).toBe(true);
      expect(r.id).not.toBe('1706.03762');
      expect(r.pct).toBe(formatSimilarity(r.sim));
      expect(r.sim).toBeLessThanOrEqual(last);
      last = r.sim;
      expect(r.href).toBe(`https://arxiv.org/abs/${r.id}`);
      const e = IMPORTED.find((x) => x.id === r.id);
      if (e) {
        expect(r.cat).toBe(e.categories[0]);
        expect(r.title?.replace(/\s+/g, ' ').length).toBeGreaterThan(0);
      }
    }
    await strip.screenshot({ path: join(SHOTS, 'badges-abs-strip.png') });
    await shotBetween(
      page,
      page.locator('h1.title'),
      page.locator('antigravity-related'),
      'badges-abs-page.png',
    );

    // "Ask" opens the side panel with the relation question in its question box.
    await items.first().getByTestId('related-ask').press('Enter');
    const titles = new Map([...IMPORTED, LAYER_NORM, ADAM].map((e) => [e.id, e.title]));
    const expected = relationQuestion(titles.get(rows[0]!.id)!, rows[0]!.id);
    await expect.poll(() => panelQuestion(page), { timeout: 15_000 }).toContain(expected);
    // Clicking (here: Enter on) the title opens the paper.
    await Promise.all([
      page.waitForURL(`https://arxiv.org/abs/${rows[0]!.id}`),
      items.first().locator('a.title').press('Enter'),
    ]);
    await page.close();
  });

  test('listing page: a badge per entry close to the reader’s interests, the closest paper on hover', async () => {
    const { page, count } = await openListing(LISTING);
    const expected = expectedBadges(listingEntries, await backgroundBadges(listingEntries));
    expect(expected.length).toBeGreaterThan(0);
    expect(count).toBe(expected.length);
    const got = await badges(page).evaluateAll((els) =>
      els.map((el) => {
        const host = (el.getRootNode() as ShadowRoot).host;
        const dt = host.closest('dt');
        return {
          id: el.getAttribute('data-arxiv-id'),
          state: el.getAttribute('data-state'),
          label: el.textContent,
          line: dt?.querySelector('a[title="Abstract"]')?.getAttribute('id') ?? null,
        };
      }),
    );
    // Exactly what the background answered for the page's one batched request, on each entry's own line.
    expect(got.map(({ id, state, label }) => ({ id, state, label }))).toEqual(expected);
    for (const g of got) expect(g.line).toBe(g.id);
    // None of these recent papers is stored; their similarity is to the one paper the reader opened.
    expect(got.every((g) => g.state === 'similar')).toBe(true);
    const first = badges(page).first();
    await first.scrollIntoViewIfNeeded();
    await first.hover();
    const card = page.locator('dt antigravity-badge [role="tooltip"]').first();
    await expect.poll(() => card.isVisible()).toBe(true);
    expect(await card.textContent()).toContain('Attention Is All You Need');
    expect(await card.locator('a').getAttribute('href')).toBe('https://arxiv.org/abs/1706.03762');
    const line = page.locator('dl#articles > dt:has(antigravity-badge)').first();
    await shotBetween(
      page,
      line,
      page.locator('dl#articles > dt:has(antigravity-badge) ~ dd').nth(2),
      'badges-listing.png',
    );
    await page.close();
  });

  test('search page: "in corpus" on the stored results, similarity on the others', async () => {
    const { page, count } = await openListing(SEARCH);
    const expected = expectedBadges(searchQueries, await backgroundBadges(searchQueries));
    expect(count).toBe(expected.length);
    const got = await badges(page).evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-arxiv-id'),
        state: el.getAttribute('data-state'),
        label: el.textContent,
      })),
    );
    expect(got).toEqual(expected);
    const stored = got.filter((g) => g.state === 'in-corpus').map((g) => g.id);
    expect(stored.sort()).toEqual(IMPORTED.map((e) => e.id).sort());
    expect(got.some((g) => g.state === 'similar')).toBe(true);
    const results = page.locator('li.arxiv-result');
    await shotBetween(page, results.nth(8), results.nth(11), 'badges-search.png');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shotBetween(page, results.nth(8), results.nth(11), 'badges-search-dark-scheme.png');
    await page.close();
  });

  test('each badge kind follows its option, and badges never move the page’s own text', async () => {
    const options = await b.context.newPage();
    await options.goto(b.url('options.html'));
    // The options page saves, then shows the saved state: click and wait for it.
    const setFeature = async (name: string, on: boolean) => {
      const box = options.getByTestId(`feature-${name}`);
      if ((await box.isChecked()) !== on) await box.click();
      await expect.poll(() => box.isChecked()).toBe(on);
    };
    await setFeature('listingBadges', false);

    const blocks: Record<string, string> = {
      [LISTING]: 'dl#articles dt, dl#articles dd, .list-title',
      [SEARCH]: 'li.arxiv-result, li.arxiv-result p, .tags',
    };
    const before: Record<string, string[]> = {};
    for (const url of [LISTING, SEARCH]) {
      const page = await open(url);
      await page.waitForTimeout(500);
      expect(await page.locator('html').getAttribute('data-antigravity-badges')).toBeNull();
      expect(await badges(page).count()).toBe(0);
      before[url] = await textRects(page, blocks[url]!);
      await page.close();
    }

    await setFeature('listingBadges', true);
    for (const url of [LISTING, SEARCH]) {
      const { page, count } = await openListing(url);
      expect(count).toBeGreaterThan(0);
      expect(await textRects(page, blocks[url]!)).toEqual(before[url]);
      await page.close();
    }

    // The abs strip and the HTML badges have their own switches.
    await setFeature('absStrip', false);
    await setFeature('htmlBadges', false);
    // No strip: no room reserved for it either.
    await expect.poll(slotRegistered, { timeout: 10_000 }).toBe(false);
    const abs = await open(ABS);
    const html = await open(HTML);
    await Promise.all([abs.waitForTimeout(500), html.waitForTimeout(500)]);
    expect(await abs.getByTestId('related-strip').count()).toBe(0);
    expect(await stripPlacement(abs)).toEqual({ inAbstract: false, height: null, reserving: '' });
    expect(await badges(html).count()).toBe(0);
    await Promise.all([abs.close(), html.close()]);
    await setFeature('absStrip', true);
    await setFeature('htmlBadges', true);
    await expect.poll(slotRegistered, { timeout: 10_000 }).toBe(true);
    await options.close();
  });
});
