/**
 * The hostile-input corpus (tests/fixtures/hostile) in real Chromium with the built test
 * extension, everywhere the extension renders text an attacker controls:
 * - the corpus: records with hostile titles and abstracts imported the real way (the options
 *   page's import of a Kaggle-format file), which then show as related-work entries, sources
 *   and citations;
 * - abs pages served under https://arxiv.org whose title and abstract are hostile (escaped as
 *   arXiv escapes them), with the related-work strip;
 * - a listing page whose entries' titles are hostile, with its badges;
 * - model output: every page-sized input streamed by the local fake API (real SDK) into the side
 *   panel, with citations quoting the hostile sources.
 * Then: 0 executed (`window.__pwned` unset, no dialog), 0 remote loads (no request reached the
 * sentinel host, nor any host but arXiv's and the local fake), 0 navigations (no new page, the
 * panel never left its address), and no element or attribute in the panel that runs or loads.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FIXTURES, routeArxiv } from './support/arxiv-server';
import {
  launchWithExtension,
  setSettings,
  tabIdOf,
  type ExtensionBrowser,
} from './support/browser';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { FORBIDDEN_TAGS } from '../support/hostile-check';
import {
  pageSizedInputs,
  SENTINEL_HOST,
  type HostileInput,
} from '../fixtures/hostile/hostile-inputs';

const inputs = pageSizedInputs();
/** Corpus records with hostile titles and abstracts (ids 2501.10000 on). */
const RECORDS = inputs.slice(0, 300).map((x, i) => ({ ...x, arxivId: `2501.${10000 + i}` }));

let b: ExtensionBrowser;
let api: FakeAnthropic;
const dialogs: string[] = [];
const foreign: string[] = [];
const popups: string[] = [];

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The real abs page of 1706.03762 with another id, title and abstract (escaped like arXiv). */
function hostileAbsPage(id: string, x: HostileInput): string {
  const real = readFileSync(join(FIXTURES, 'arxiv-pages/abs_1706.03762.html'), 'utf8');
  const abstract = /<meta name="citation_abstract" content="([^"]*)"/.exec(real)![1]!;
  return real
    .split('Attention Is All You Need')
    .join(esc(x.text))
    .split(abstract)
    .join(esc(`We study attention in transformer models. ${x.text}`))
    .split('1706.03762')
    .join(id);
}

/** The real listing page with each entry's title replaced by a hostile input. */
function hostileListing(): string {
  const real = readFileSync(join(FIXTURES, 'arxiv-pages/list_cs.CL_recent.html'), 'utf8');
  let i = 0;
  return real.replace(
    /(<div class='list-title mathjax'><span class='descriptor'>Title:<\/span>)([\s\S]*?)(<\/div>)/g,
    (_m, open: string, _t: string, close: string) =>
      `${open}\n          ${esc(inputs[(i++ * 7) % inputs.length]!.text)}\n        ${close}`,
  );
}

function kaggleLine(r: (typeof RECORDS)[number]): string {
  return JSON.stringify({
    id: r.arxivId,
    submitter: 'Hostile',
    authors: 'A. Attacker',
    title: r.text,
    comments: r.text.slice(0, 200),
    'journal-ref': null,
    doi: null,
    'report-no': null,
    categories: 'cs.CL',
    license: null,
    abstract: `We study attention in transformer models. ${r.text}`,
    versions: [{ version: 'v1', created: 'Thu, 2 Jan 2025 00:00:00 GMT' }],
    update_date: '2025-01-02',
    authors_parsed: [['Attacker', 'A.', '']],
  });
}

/** Pages watched for dialogs and navigations away from where the test put them. */
function watch(page: Page): void {
  page.on('dialog', (d) => {
    dialogs.push(`${page.url()}: ${d.type()} ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
}

beforeAll(async () => {
  api = await startFakeAnthropic();
  b = await launchWithExtension();
  await routeArxiv(b.context);
  // Registered after routeArxiv, so these run first (Playwright: last registered, first tried).
  await b.context.route(
    /^https:\/\/arxiv\.org\/(abs\/2501\.1\d{4}|list\/cs\.CL\/recent)/,
    (route: Route) => {
      const url = new URL(route.request().url());
      if (url.pathname.startsWith('/list/'))
        return route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: hostileListing(),
        });
      const id = url.pathname.replace('/abs/', '').replace(/v\d+$/, '');
      const rec = RECORDS.find((r) => r.arxivId === id) ?? RECORDS[0]!;
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: hostileAbsPage(id, rec),
      });
    },
  );
  // A remote load: any request to the sentinel host, and any request of the extension's own
  // pages or worker to a host that is neither arXiv nor the local fake API. (The arXiv page's own
  // scripts and style sheets are the page's, not ours.)
  b.context.on('request', (req) => {
    const u = new URL(req.url());
    if (u.hostname === SENTINEL_HOST) return; // counted by the route below
    if (['chrome-extension:', 'data:', 'blob:'].includes(u.protocol)) return;
    if (/^(www\.|export\.)?arxiv\.org$/.test(u.hostname) || u.hostname === '127.0.0.1') return;
    let fromExtension: boolean;
    try {
      fromExtension = req.frame().url().startsWith('chrome-extension:');
    } catch {
      fromExtension = true; // no frame: the extension's service worker
    }
    if (fromExtension) foreign.push(req.url());
  });
  await b.context.route(new RegExp(SENTINEL_HOST.replace('.', '\\.')), (route) => {
    foreign.push(route.request().url());
    return route.abort();
  });
  b.context.on('page', (p) => {
    watch(p);
    p.on('popup', (q) => popups.push(q.url()));
  });
  await setSettings(b, { apiKey: 'sk-ant-test-key', baseUrl: api.url, stallTimeoutS: 10 });

  const dir = mkdtempSync(join(tmpdir(), 'ag-hostile-'));
  const file = join(dir, 'hostile.jsonl');
  writeFileSync(file, RECORDS.map(kaggleLine).join('\n') + '\n');
  const options = await b.context.newPage();
  await options.goto(b.url('options.html'));
  await options.getByTestId('import-file').setInputFiles(file);
  await options.getByTestId('import-start').click();
  await options.getByTestId('import-result').waitFor({ timeout: 60_000 });
  const imported = (await options.getByTestId('import-result').textContent()) ?? '';
  if (!imported.includes(`${RECORDS.length} kept`)) throw new Error(`Import failed: ${imported}`);
  await options.close();
}, 180_000);

afterAll(async () => {
  await b?.close();
  await api?.close();
});

/** What in the document (and its open shadow roots) could run or load. */
async function pageDangers(page: Page): Promise<string[]> {
  return page.evaluate((forbidden) => {
    const out: string[] = [];
    const scan = (root: Document | ShadowRoot) => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        if (el.shadowRoot) scan(el.shadowRoot);
        // The extension's rendering of input only: the answers in the panel, the content
        // script's shadow roots on the page (the arXiv page's own markup is not ours).
        const ours =
          location.protocol === 'chrome-extension:'
            ? !!el.closest('[data-testid="answer"]')
            : el.getRootNode() instanceof ShadowRoot;
        if (!ours) continue;
        const tag = el.tagName.toLowerCase();
        if (tag === 'script' || tag === 'link' || tag === 'meta' || tag === 'style') {
          // The page's own head (bundled script, style sheet) is the extension's, not input.
          if (el.closest('head') || (tag === 'style' && el.parentNode instanceof ShadowRoot))
            continue;
        }
        if (
          forbidden.includes(tag) &&
          !(tag === 'input' || tag === 'textarea' || tag === 'form' || tag === 'details')
        )
          out.push(`<${tag}>`);
        for (const a of Array.from(el.attributes)) {
          const n = a.name.toLowerCase();
          const v = a.value.trim();
          if (n.startsWith('on')) out.push(`${tag}[${n}]`);
          if (
            ['src', 'srcset', 'srcdoc', 'poster', 'data', 'background'].includes(n) &&
            tag !== 'img'
          )
            out.push(`${tag}[${n}=${v.slice(0, 60)}]`);
          if (tag === 'img' && !/^(chrome-extension:|data:image\/(png|svg))/.test(v) && n === 'src')
            out.push(`img[src=${v.slice(0, 60)}]`);
          if (
            ['href', 'xlink:href', 'action', 'formaction'].includes(n) &&
            v &&
            !/^(https?:\/\/|#|chrome-extension:)/i.test(v)
          )
            out.push(`${tag}[${n}=${v.slice(0, 60)}]`);
          if (n === 'style' && /url\s*\(|expression\s*\(|@import|binding/i.test(v))
            out.push(`${tag}[style=${v.slice(0, 60)}]`);
        }
      }
    };
    scan(document);
    return out;
  }, FORBIDDEN_TAGS);
}

const pwned = (page: Page) =>
  page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null);

describe('hostile input in real Chromium', () => {
  test('abs pages with hostile titles and abstracts, with the related-work strip', async () => {
    const page = await b.context.newPage();
    for (const r of RECORDS.filter((_, i) => i % 15 === 0)) {
      await page.goto(`https://arxiv.org/abs/${r.arxivId}`);
      await page.waitForSelector('html[data-antigravity-paper]', { timeout: 20_000 });
      await page.waitForTimeout(150);
      expect(await pwned(page), r.id).toBeNull();
      expect(await pageDangers(page), r.id).toEqual([]);
    }
    await page.close();
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
  });

  test('a listing page whose titles are hostile, with its badges', async () => {
    const page = await b.context.newPage();
    await page.goto('https://arxiv.org/list/cs.CL/recent');
    await page.waitForSelector('html[data-antigravity-paper], html[data-antigravity]', {
      timeout: 20_000,
    });
    await page.waitForTimeout(1500);
    expect(await pwned(page)).toBeNull();
    expect(await pageDangers(page)).toEqual([]);
    await page.close();
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
  });

  test('every page-sized input as model output in the side panel, citing hostile sources', async () => {
    const page = await b.context.newPage();
    await page.goto(`https://arxiv.org/abs/${RECORDS[1]!.arxivId}`);
    await page.waitForSelector('html[data-antigravity-paper]', { timeout: 20_000 });
    const tabId = await tabIdOf(b, page);
    const panel = await b.context.newPage();
    const navigations: string[] = [];
    panel.on('framenavigated', (f) => {
      if (f === panel.mainFrame()) navigations.push(f.url());
    });
    await panel.goto(b.url(`sidepanel.html?tabId=${tabId}`));
    await panel.getByTestId('question-input').waitFor();
    const start = navigations.length;
    const chunk = 40;
    let asked = 0;
    for (let i = 0; i < inputs.length; i += chunk) {
      const text = inputs
        .slice(i, i + chunk)
        .map((x) => x.text)
        .join('\n\n');
      api.enqueue({ kind: 'answer', text, citeSources: [0, 1, 2], citePaper: true });
      await panel.getByTestId('new-thread').click();
      const input = panel.getByTestId('question-input');
      await input.fill('How do attention transformer models work?');
      await input.press('Enter');
      asked++;
      await expect
        .poll(() => panel.getByTestId('answer-status').last().textContent(), { timeout: 30_000 })
        .toBe('done');
      expect(await pwned(panel)).toBeNull();
      expect(await pageDangers(panel), `answer ${asked}`).toEqual([]);
    }
    expect(asked).toBeGreaterThanOrEqual(Math.ceil(inputs.length / chunk));
    // The sources shown are the hostile records.
    expect(await panel.getByTestId('source-item').count()).toBeGreaterThan(0);
    expect(await pwned(page)).toBeNull();
    expect(navigations.slice(start)).toEqual([]);
    expect(panel.url()).toBe(b.url(`sidepanel.html?tabId=${tabId}`));
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    expect(popups).toEqual([]);
  });
});
