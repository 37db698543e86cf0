/**
 * The side panel in real Chromium with the built extension (npm run build:test): streaming,
 * stop, keyboard, threads, tab following, the selection button, errors, the answer anatomy,
 * exports, accessibility, and screenshots in light and dark at 360 and 600 px.
 *
 * The answers come from the local fake Anthropic server through the real SDK in the service
 * worker; arXiv pages are the captured fixtures served at their real addresses; the corpus is
 * seeded the real way, through the options page's import of a Kaggle-format file (the first 200
 * records of the real snapshot) and by opening pages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { routeArxiv } from './support/arxiv-server';
import {
  currentWorker,
  launchWithExtension,
  ROOT,
  setSettings,
  tabIdOf,
  type ExtensionBrowser,
} from './support/browser';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { importThroughOptions } from './support/panel';
import { shotPath } from './support/screenshots';

// The page-side `chrome` of evaluate() callbacks (extension pages and worker).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const chrome: any;

const MALDACENA = 'https://arxiv.org/abs/hep-th/9711200';
const VASWANI = 'https://arxiv.org/abs/1706.03762';

let b: ExtensionBrowser;
let api: FakeAnthropic;

beforeAll(async () => {
  api = await startFakeAnthropic();
  b = await launchWithExtension();
  await routeArxiv(b.context);
  await setSettings(b, { apiKey: 'sk-ant-test-key', baseUrl: api.url, stallTimeoutS: 5 });
  // Seed the corpus through the options page: 200 real records (hep-th among them).
  await importThroughOptions(
    b,
    join(ROOT, 'tests/fixtures/corpus/kaggle-snapshot-first200.jsonl'),
    200,
  );
});
afterAll(async () => {
  await b?.close();
  await api?.close();
});

// Every page a test opens is closed after it, also when it fails: a tab left on an arXiv page
// would otherwise stay in the browser the next tests use.
let pagesBefore = new Set<Page>();
beforeEach(() => {
  pagesBefore = new Set(b.context.pages());
});
afterEach(async () => {
  for (const p of b.context.pages())
    if (!pagesBefore.has(p)) await p.close().catch(() => undefined);
});

/** Opens an arXiv page and waits for the content script to read it. */
async function openArxiv(url: string): Promise<{ page: Page; tabId: number }> {
  const page = await b.context.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-antigravity-paper]', { timeout: 20_000 });
  return { page, tabId: await tabIdOf(b, page) };
}

/** The panel page bound to a tab, as the pop-out and the tests open it. */
async function openPanel(tabId: number, width = 420): Promise<Page> {
  const panel = await b.context.newPage();
  await panel.setViewportSize({ width, height: 900 });
  await panel.goto(b.url(`sidepanel.html?tabId=${tabId}`));
  await panel.getByTestId('paper-title').waitFor();
  await panel.getByTestId('question-input').waitFor();
  return panel;
}

const lastStatus = (panel: Page) => panel.getByTestId('answer-status').last().textContent();
const waitStatus = (panel: Page, s: string, timeout = 30_000) =>
  expect.poll(() => lastStatus(panel), { timeout }).toBe(s);
const answerText = async (panel: Page) =>
  (await panel.getByTestId('answer-body').last().textContent()) ?? '';

async function ask(panel: Page, question: string): Promise<void> {
  const input = panel.getByTestId('question-input');
  await input.fill(question);
  await input.press('Enter');
}

/** Starts a fresh thread in the panel (so tests do not depend on each other's threads). */
async function newThread(panel: Page): Promise<void> {
  await panel.getByTestId('new-thread').click();
  await expect.poll(() => panel.getByTestId('answer').count()).toBe(0);
}

describe('asking', () => {
  test('Enter sends, the answer streams (streaming, then done), ↑ recalls, Shift+Enter adds a line', async () => {
    const { page, tabId } = await openArxiv(MALDACENA);
    const panel = await openPanel(tabId);
    await newThread(panel);
    const before = api.answerRequests().length;
    api.enqueue({ kind: 'answer', delayMs: 25 });
    const q = 'How does the large N limit relate to supergravity?';
    await ask(panel, q);
    expect(await panel.getByTestId('question-input').inputValue()).toBe('');
    await waitStatus(panel, 'streaming', 15_000);
    // Text arrives piece by piece; finished blocks stay the same DOM nodes.
    await expect
      .poll(async () => (await answerText(panel)).length, { timeout: 15_000 })
      .toBeGreaterThan(40);
    const first = await answerText(panel);
    await panel.evaluate(() => {
      const block = document.querySelector('[data-testid="streaming-markdown"] .md-block');
      (block as unknown as { __mark?: number }).__mark = 1;
    });
    await expect
      .poll(async () => (await answerText(panel)).length)
      .toBeGreaterThan(first.length + 20);
    const kept = await panel.evaluate(() => {
      const block = document.querySelector('[data-testid="streaming-markdown"] .md-block');
      return (block as unknown as { __mark?: number } | null)?.__mark ?? null;
    });
    if ((await lastStatus(panel)) === 'streaming') expect(kept).toBe(1);
    await waitStatus(panel, 'done');
    expect(api.answerRequests().length).toBe(before + 1);
    expect(
      await panel.getByTestId('answer').last().getByRole('heading', { level: 2 }).textContent(),
    ).toBe(q);
    // The live region says the answer finished.
    await expect
      .poll(() => panel.getByTestId('announcer').textContent())
      .toMatch(/^Answer finished/);

    // ↑ in the empty box recalls the last question.
    const input = panel.getByTestId('question-input');
    await input.focus();
    await input.press('ArrowUp');
    expect(await input.inputValue()).toBe(q);
    // Shift+Enter adds a line and sends nothing.
    await input.fill('');
    await input.pressSequentially('line one');
    await input.press('Shift+Enter');
    await input.pressSequentially('line two');
    expect(await input.inputValue()).toBe('line one\nline two');
    expect(api.answerRequests().length).toBe(before + 1);
    await input.fill('');
    await panel.close();
    await page.close();
  });

  test('Stop and Escape end a streaming answer: partial text kept, marked incomplete, saved', async () => {
    const { page, tabId } = await openArxiv(MALDACENA);
    const panel = await openPanel(tabId);
    await newThread(panel);
    api.enqueue({ kind: 'answer', delayMs: 120 });
    await ask(panel, 'What is the main conjecture?');
    await waitStatus(panel, 'streaming', 15_000);
    await expect
      .poll(async () => (await answerText(panel)).length, { timeout: 20_000 })
      .toBeGreaterThan(20);
    await panel.getByTestId('stop-button').click();
    await waitStatus(panel, 'done', 15_000);
    const stopped = panel.getByTestId('answer').last();
    await expect.poll(() => stopped.getByTestId('answer-incomplete').count()).toBe(1);
    expect(await stopped.getByTestId('stopped-notice').count()).toBe(1);
    const partial = await answerText(panel);
    expect(partial.length).toBeGreaterThan(20);
    expect(partial).not.toContain('Keep exploring');
    expect(await panel.getByTestId('ask-button').count()).toBe(1);

    // Escape stops too, wherever the focus is.
    api.enqueue({ kind: 'answer', delayMs: 120 });
    await ask(panel, 'Which symmetry groups match?');
    await waitStatus(panel, 'streaming', 15_000);
    await expect
      .poll(async () => (await answerText(panel)).length, { timeout: 20_000 })
      .toBeGreaterThan(20);
    await panel.locator('body').press('Escape');
    await waitStatus(panel, 'done', 15_000);
    await expect.poll(() => panel.getByTestId('answer-incomplete').count()).toBe(2);

    // Both partial answers are saved: a reload shows them, still marked incomplete.
    await panel.reload();
    await expect.poll(() => panel.getByTestId('answer').count()).toBe(2);
    expect(await panel.getByTestId('answer-incomplete').count()).toBe(2);
    expect((await panel.getByTestId('answer-body').first().textContent())?.length).toBeGreaterThan(
      20,
    );
    await panel.close();
    await page.close();
  });

  test('a thread of several turns persists across a reload; new thread; delete with undo', async () => {
    const { page, tabId } = await openArxiv(MALDACENA);
    const panel = await openPanel(tabId);
    await newThread(panel);
    const questions = ['What is AdS/CFT?', 'Which fields live on the boundary?', 'And the bulk?'];
    for (const [i, q] of questions.entries()) {
      await ask(panel, q);
      await expect.poll(() => panel.getByTestId('answer').count(), { timeout: 20_000 }).toBe(i + 1);
      await waitStatus(panel, 'done');
    }
    // The three turns went into one thread (the follow-ups carried the thread's history).
    const lastReq = api.answerRequests().at(-1)!.body as { messages: Array<{ role: string }> };
    expect(lastReq.messages.filter((m) => m.role === 'assistant').length).toBeGreaterThanOrEqual(2);

    await panel.reload();
    await expect.poll(() => panel.getByTestId('answer').count(), { timeout: 15_000 }).toBe(3);
    const headings = await panel.locator('[data-testid="answer"] h2').allTextContents();
    expect(headings).toEqual(questions); // newest at the bottom
    const select = panel.getByTestId('thread-select');
    const threadId = await select.inputValue();
    expect(await select.locator('option:checked').textContent()).toBe(questions[0]);

    // A new thread: empty, and the next question starts it.
    await newThread(panel);
    await ask(panel, 'A separate question');
    await waitStatus(panel, 'done');
    await expect.poll(() => panel.getByTestId('answer').count()).toBe(1);
    const newId = await select.inputValue();
    expect(newId).not.toBe(threadId);
    expect(await select.locator(`option[value="${threadId}"]`).count()).toBe(1);

    // Delete the new thread, then undo.
    await panel.getByTestId('delete-thread').click();
    await expect.poll(() => panel.getByTestId('undo-toast').count()).toBe(1);
    expect(await panel.getByTestId('undo-toast').textContent()).toContain('A separate question');
    expect(await select.locator(`option[value="${newId}"]`).count()).toBe(0);
    await panel.getByTestId('undo-delete').click();
    await expect.poll(() => select.inputValue()).toBe(newId);
    await expect.poll(() => panel.getByTestId('answer').count()).toBe(1);
    expect(await panel.getByTestId('undo-toast').count()).toBe(0);
    // Back to the first thread: its three turns.
    await select.selectOption(threadId);
    await expect.poll(() => panel.getByTestId('answer').count()).toBe(3);
    await panel.close();
    await page.close();
  });
});

describe('errors', () => {
  test('401: a clear error, status error, the question stays in the box', async () => {
    const { page, tabId } = await openArxiv(MALDACENA);
    const panel = await openPanel(tabId);
    await newThread(panel);
    api.enqueue({ kind: 'http-error', status: 401 });
    const q = 'Does this need a valid key?';
    await ask(panel, q);
    await waitStatus(panel, 'error');
    const err = panel.getByTestId('error').last();
    expect(await err.getAttribute('data-code')).toBe('invalid_key');
    expect(await err.textContent()).toContain('API key rejected');
    expect(await err.getByRole('button', { name: 'Open settings' }).count()).toBe(1);
    expect(await panel.getByTestId('question-input').inputValue()).toBe(q);

    // A stall: the watchdog ends it, the partial answer is kept, the question comes back.
    await panel.getByTestId('question-input').fill('');
    api.enqueue({ kind: 'stall', afterChunks: 3 });
    const q2 = 'Will this answer stall?';
    await ask(panel, q2);
    await waitStatus(panel, 'error', 30_000);
    const stall = panel.getByTestId('error').last();
    expect(await stall.getAttribute('data-code')).toBe('stall');
    expect(await stall.textContent()).toContain('The answer stalled');
    expect((await answerText(panel)).length).toBeGreaterThan(5);
    expect(await panel.getByTestId('question-input').inputValue()).toBe(q2);
    await panel.close();
    await page.close();
  });
});

describe('the answer on screen', () => {
  test('full anatomy, follow-ups, exports, keyboard, and screenshots in light and dark', async () => {
    const { page, tabId } = await openArxiv(MALDACENA);
    const panel = await openPanel(tabId, 420);
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await newThread(panel);
    // The anatomy needs several sources: the fake retrieval model scores a candidate 2 points per
    // shared question term, so this reader accepts a rating of 2 or more (a setting of theirs).
    await setSettings(b, { relevanceThreshold: 2 });
    const q = 'How does the large N limit of conformal field theories relate to supergravity?';
    await ask(panel, q);
    await waitStatus(panel, 'done');
    await setSettings(b, { relevanceThreshold: 6 });
    const answer = panel.getByTestId('answer').last();
    expect(await answer.getByRole('heading', { level: 2 }).textContent()).toBe(q);
    expect(await answer.getByTestId('answer-meta').textContent()).toMatch(
      /^Answered by claude-[a-z0-9-]+ · \d{1,2} [A-Z][a-z]+ \d{4}/,
    );
    // Inline citations: numbered chips that link to arXiv.
    const chips = answer.locator('[data-testid="citation"][data-verified="true"]');
    expect(await chips.count()).toBeGreaterThanOrEqual(2);
    for (const chip of await chips.all()) {
      const id = await chip.getAttribute('data-arxiv-id');
      expect(await chip.getAttribute('href')).toBe(`https://arxiv.org/abs/${id}`);
      expect(await chip.textContent()).toMatch(/^\d+$/);
    }
    // Hovering a chip shows the cited sentence.
    await chips.first().hover();
    const card = panel.getByTestId('citation-card');
    await card.waitFor();
    expect(await card.locator('blockquote').textContent()).toMatch(/^“.{20,}”$/s);
    await panel.mouse.move(0, 0);
    // Clicking a chip opens its abs page in a new tab.
    const firstId = await chips.first().getAttribute('data-arxiv-id');
    const [absTab] = await Promise.all([b.context.waitForEvent('page'), chips.first().click()]);
    await expect.poll(() => absTab.url()).toBe(`https://arxiv.org/abs/${firstId}`);
    await absTab.close();
    await panel.bringToFront();
    // Sources · N with percentage and category.
    const sources = answer.getByTestId('source-item');
    const n = await sources.count();
    expect(n).toBeGreaterThanOrEqual(3);
    expect(await answer.getByRole('heading', { name: `Sources · ${n}` }).count()).toBe(1);
    for (const s of await sources.all()) {
      const text = (await s.textContent()) ?? '';
      expect(text).toMatch(/\d{1,3}%/);
      expect(text).toMatch(/[a-z-]+(\.[A-Za-z-]+)?/);
      expect(await s.locator('.cat').textContent()).toMatch(/^[a-z-]+(\.[A-Za-z-]+)?$/);
    }
    // The cited sources are among the listed ones.
    const listed = await sources.evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-arxiv-id')),
    );
    const cited = await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-arxiv-id')));
    expect(cited.filter((id) => id !== 'hep-th/9711200').every((id) => listed.includes(id))).toBe(
      true,
    );
    expect(await answer.getByTestId('usage').textContent()).toMatch(
      /^[\d,]+ in · [\d,]+ out .*~\$\d/,
    );
    expect(await answer.getByTestId('research-note').textContent()).toContain('research aid');
    // The announcement names the sources.
    expect(await panel.getByTestId('announcer').textContent()).toBe(
      `Answer finished, with ${n} sources.`,
    );

    // Keyboard: Tab reaches citations, sources, follow-ups and export buttons, in that order,
    // each with a visible focus ring.
    await panel.locator('body').click({ position: { x: 2, y: 2 } });
    const reached: Array<{ what: string; ring: boolean }> = [];
    for (let i = 0; i < 80; i++) {
      await panel.keyboard.press('Tab');
      const r = await panel.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        const what =
          el.dataset.testid ??
          (el.classList.contains('src-title') ? 'source-link' : el.tagName.toLowerCase());
        return { what, ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };
      });
      if (!r) continue;
      reached.push(r);
      if (r.what === 'question-input') break;
    }
    const at = (w: string) => reached.findIndex((r) => r.what === w);
    for (const w of ['citation', 'source-link', 'followup', 'export-markdown', 'export-obsidian'])
      expect(at(w), `${w} reachable by Tab`).toBeGreaterThanOrEqual(0);
    expect(at('citation')).toBeLessThan(at('source-link'));
    expect(at('source-link')).toBeLessThan(at('followup'));
    expect(at('followup')).toBeLessThan(at('export-markdown'));
    for (const r of reached) expect(r.ring, `focus ring on ${r.what}`).toBe(true);

    // Readable text: Chrome's 75% default for extension pages does not apply.
    const sizes = await panel.evaluate(() =>
      [
        '.answer-body p',
        '.src-title',
        '[data-testid="followup"]',
        '[data-testid="question-input"]',
      ].map((sel) => parseFloat(getComputedStyle(document.querySelector(sel)!).fontSize)),
    );
    expect(sizes[0]).toBeGreaterThanOrEqual(14);
    for (const px of sizes) expect(px).toBeGreaterThanOrEqual(11.5);

    // Screenshots: light and dark, 360 and 600 px wide, the whole thread.
    for (const scheme of ['light', 'dark'] as const) {
      await panel.emulateMedia({ colorScheme: scheme });
      for (const width of [360, 600]) {
        await panel.setViewportSize({ width, height: 900 });
        const height = await panel.evaluate(() => document.documentElement.scrollHeight);
        await panel.setViewportSize({ width, height: Math.min(height, 4000) });
        // Nothing sticks out sideways, even in a narrow panel.
        expect(
          await panel.evaluate(() => document.documentElement.scrollWidth),
        ).toBeLessThanOrEqual(width);
        await panel.screenshot({ path: shotPath(`panel-${scheme}-${width}.png`) });
      }
    }
    // 320 px: still no sideways overflow.
    await panel.setViewportSize({ width: 320, height: 900 });
    expect(await panel.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      320,
    );
    // Dark theme contrast: body text, muted text, links and chips at least 4.5:1 (WCAG AA).
    await panel.emulateMedia({ colorScheme: 'dark' });
    const ratios = await panel.evaluate(() => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: string) => {
        const [r, g, b] = rgb(c).map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const bgOf = (el: Element): string => {
        for (let e: Element | null = el; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          if (c && !/rgba\(.*, 0\)$/.test(c) && c !== 'transparent') return c;
        }
        return getComputedStyle(document.body).backgroundColor;
      };
      const ratio = (sel: string) => {
        const el = document.querySelector(sel);
        if (!el) return null;
        const a = lum(getComputedStyle(el).color);
        const b = lum(bgOf(el));
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      };
      return {
        body: ratio('.answer-body p'),
        meta: ratio('[data-testid="answer-meta"]'),
        chip: ratio('[data-testid="citation"][data-verified="true"]'),
        source: ratio('.src-title'),
        followup: ratio('[data-testid="followup"]'),
        usage: ratio('[data-testid="usage"]'),
        cat: ratio('.sources .cat'),
      };
    });
    for (const [k, v] of Object.entries(ratios))
      expect(v, `contrast of ${k}`).toBeGreaterThanOrEqual(4.5);
    await panel.emulateMedia({ colorScheme: 'light' });

    // Exports on the answer: copy, .md, .bib, Obsidian.
    await answer.getByTestId('export-markdown').click();
    await expect.poll(() => answer.locator('.export-status').textContent()).toContain('Copied');
    const md = await panel.evaluate(() => navigator.clipboard.readText());
    expect(md).toContain(q);
    expect(md).toMatch(/https:\/\/arxiv\.org\/abs\/\d{4}\.\d{4,5}/);
    const [mdDownload] = await Promise.all([
      panel.waitForEvent('download'),
      answer.getByTestId('export-download').click(),
    ]);
    expect(mdDownload.suggestedFilename()).toMatch(/\.md$/);
    const mdFile = readFileSync((await mdDownload.path())!, 'utf8');
    expect(mdFile.startsWith('---\n')).toBe(true);
    expect(mdFile).toMatch(/^paper_id: .*9711200/m);
    const [bib] = await Promise.all([
      panel.waitForEvent('download'),
      answer.getByTestId('export-bibtex').click(),
    ]);
    expect(bib.suggestedFilename()).toMatch(/\.bib$/);
    const bibFile = readFileSync((await bib.path())!, 'utf8');
    expect(bibFile).toContain('archivePrefix = {arXiv}');
    expect(bibFile).toContain('hep-th/9711200');
    await panel.evaluate(() => {
      const w = window as unknown as { __obsidian?: string };
      document.addEventListener(
        'click',
        (e) => {
          const a = (e.target as HTMLElement).closest?.('a[data-testid="obsidian-link"]');
          if (a) {
            w.__obsidian = (a as HTMLAnchorElement).href;
            e.preventDefault();
          }
        },
        true,
      );
    });
    await answer.getByTestId('export-obsidian').click();
    await expect
      .poll(() => panel.evaluate(() => (window as unknown as { __obsidian?: string }).__obsidian))
      .toMatch(/^obsidian:\/\/new\?/);
    // The thread exports too.
    await panel.getByTestId('export-thread').click();
    const [threadMd] = await Promise.all([
      panel.waitForEvent('download'),
      panel.getByTestId('export-thread-download').click(),
    ]);
    expect(threadMd.suggestedFilename()).toMatch(/\.md$/);
    expect(readFileSync((await threadMd.path())!, 'utf8')).toContain(q);
    await panel.getByTestId('export-thread').click();

    // A follow-up asks its question.
    await panel.setViewportSize({ width: 420, height: 900 });
    const followup = answer.getByTestId('followup').first();
    const fq = (await followup.textContent())!;
    await followup.click();
    await expect.poll(() => panel.getByTestId('answer').count()).toBe(2);
    await waitStatus(panel, 'done');
    expect(
      await panel.getByTestId('answer').last().getByRole('heading', { level: 2 }).textContent(),
    ).toBe(fq);
    await panel.close();
    await page.close();
  });
});

describe('following the tab', () => {
  test('the panel follows the active tab, and a pinned tab navigating to another paper', async () => {
    // An unpinned panel page follows the active tab of its window.
    const panel = await b.context.newPage();
    await panel.setViewportSize({ width: 420, height: 900 });
    await panel.goto(b.url('sidepanel.html'));
    // It is itself the active tab: not an arXiv paper, with guidance.
    await expect
      .poll(() => panel.getByTestId('paper-title').textContent())
      .toBe('Not an arXiv paper');
    const a = await openArxiv(VASWANI);
    const m = await openArxiv(MALDACENA);
    await a.page.bringToFront();
    await expect
      .poll(() => panel.getByTestId('paper-title').textContent(), { timeout: 15_000 })
      .toContain('Attention Is All You Need');
    await m.page.bringToFront();
    await expect
      .poll(() => panel.getByTestId('paper-title').textContent(), { timeout: 15_000 })
      .toContain('Superconformal Field Theories');
    expect(await panel.getByTestId('paper-id').textContent()).toBe('arXiv:hep-th/9711200v3');
    await panel.close();

    // A pinned panel: the tab navigates from one abs page to another; the header follows.
    const pinned = await openPanel(m.tabId);
    await expect
      .poll(() => pinned.getByTestId('paper-title').textContent(), { timeout: 15_000 })
      .toContain('Superconformal');
    await m.page.goto(VASWANI);
    await expect
      .poll(() => pinned.getByTestId('paper-title').textContent(), { timeout: 15_000 })
      .toContain('Attention Is All You Need');
    expect(await pinned.getByTestId('paper-id').textContent()).toBe('arXiv:1706.03762v7');
    // Off arXiv: "not an arXiv paper", and nothing to ask.
    await m.page.goto('about:blank');
    await expect
      .poll(() => pinned.getByTestId('paper-title').textContent(), { timeout: 15_000 })
      .toBe('Not an arXiv paper');
    expect(await pinned.getByTestId('question-input').isDisabled()).toBe(true);
    await pinned.close();
    await a.page.close();
    await m.page.close();
  });
});

describe('selection to ask', () => {
  /**
   * Selects the first words of the abstract the way a reader's drag ends: a selection range,
   * then a real mouseup from the browser's input. (Served without arXiv's stylesheets, the fixture page lays its text out one
   * word per line in a zero-width column, where a pointer drag selects nothing reliably.)
   */
  async function selectInAbstract(page: Page): Promise<string> {
    await page.locator('blockquote.abstract').scrollIntoViewIfNeeded();
    return page
      .evaluate(() => {
        const el = document.querySelector('blockquote.abstract')!;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let node: Text | null = null;
        while ((node = walker.nextNode() as Text | null)) if (node.data.trim().length > 80) break;
        const start = node!.data.search(/\S/);
        const r = document.createRange();
        r.setStart(node!, start);
        r.setEnd(node!, start + 60);
        const sel = getSelection()!;
        sel.removeAllRanges();
        sel.addRange(r);
        const box = r.getBoundingClientRect();
        return { text: sel.toString(), x: box.right, y: box.bottom };
      })
      .then(async ({ text, x, y }) => {
        // The drag's end is a real (trusted) mouseup: the feature ignores a page's synthetic events.
        await page.mouse.move(x, y);
        await page.mouse.up();
        return text;
      });
  }

  test('selecting text shows "Ask Antigravity"; clicking it quotes the text in the panel', async () => {
    const { page, tabId } = await openArxiv(MALDACENA);
    const worker = await currentWorker(b);
    // Keep the real side panel closed here: the quote must reach the open panel page.
    await worker.evaluate(() => chrome.sidePanel.setOptions({ enabled: false }));
    const panel = await openPanel(tabId);
    await page.bringToFront();
    const selected = await selectInAbstract(page);
    expect(selected.length).toBeGreaterThan(20);
    const button = page.getByTestId('ask-selection');
    await button.waitFor({ timeout: 5_000 });
    // It lives in a shadow root and does not move the page's text.
    expect(await page.evaluate(() => !!document.querySelector('antigravity-ask')?.shadowRoot)).toBe(
      true,
    );
    await button.click();
    await expect
      .poll(() => panel.getByTestId('question-input').inputValue(), { timeout: 10_000 })
      .toBe(`> ${selected.trim()}\n\n`);
    expect(await panel.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'question-input',
    );
    expect(await button.count()).toBe(0);
    await panel.close();

    // With the side panel enabled, the same click opens the real side panel, which takes the quote.
    await worker.evaluate(() =>
      chrome.sidePanel.setOptions({ enabled: true, path: 'sidepanel.html' }),
    );
    await page.bringToFront();
    await selectInAbstract(page);
    await page.getByTestId('ask-selection').click();
    await expect
      .poll(
        () =>
          worker.evaluate(
            async () => (await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).length,
          ),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    await expect
      .poll(
        () =>
          worker.evaluate(
            async (id) => Object.keys(await chrome.storage.session.get(`sel:${id}`)).length,
            tabId,
          ),
        { timeout: 10_000 },
      )
      .toBe(0);
    await page.close();
  });
});
