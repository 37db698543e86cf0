import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { arxivPageResponse } from './arxiv-server';
import { ROOT } from './browser';

/**
 * Real Firefox (Debian's firefox-esr) with the built Firefox test extension, driven over WebDriver
 * BiDi by puppeteer-core (platform notes: Playwright cannot drive stock Firefox).
 *
 * - The extension gets a fixed internal UUID (pref `extensions.webextensions.uuids`), so its pages
 *   are at moz-extension://UUID/...; `--remote-allow-system-access` lets WebDriver navigate there
 *   (Firefox 153 refuses moz-extension: navigation otherwise).
 * - arXiv is served under its real hostname from the recorded fixtures by request interception,
 *   per page (`serveArxiv`); the extension's own background requests are not intercepted.
 */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** The Firefox test build (npm run build:test builds it beside the Chrome one). */
export const FIREFOX_TEST_EXTENSION_DIR = join(ROOT, '.output/test/firefox-mv3');
const GECKO_ID = 'antigravity@antigravity.dev';
const UUID = '5b2d6c1e-7a3f-4e0b-9c8d-1f2e3a4b5c6d';

export interface FirefoxWithExtension {
  browser: Browser;
  /** moz-extension://UUID/PATH */
  url(path: string): string;
  /** A new tab showing the extension page `path`, loaded, in front. */
  extensionPage(path: string): Promise<Page>;
  /** A new tab that serves arxiv.org from the fixtures, at `url`, in front. */
  arxivPage(url: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefoxWithExtension(
  dir = FIREFOX_TEST_EXTENSION_DIR,
): Promise<FirefoxWithExtension> {
  if (!existsSync(FIREFOX)) {
    throw new Error(
      `No Firefox at ${FIREFOX}: install Debian's firefox-esr (.ci/run does) or set FIREFOX_PATH.`,
    );
  }
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No built Firefox extension at ${dir}: run \`npm run build:test\` first.`);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
      // permissions.request() resolves as if the reader clicked "Allow" in the doorhanger,
      // which WebDriver cannot reach.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  const url = (path: string) => `moz-extension://${UUID}/${path.replace(/^\//, '')}`;
  // Installing opens the welcome page (runtime.onInstalled), in a new tab that comes to the
  // front whenever the background gets to it: on a loaded machine, after the first page a test
  // opened. A page left behind it is hidden, and WebDriver's clicks there land on a stale layout
  // (the options page's Import click hit the estimate below it: no import, no message). So the
  // welcome tab is awaited here, before any page of the test, and pages come to the front.
  const id = await browser.installExtension(dir);
  if (id !== GECKO_ID) throw new Error(`Installed ${id}, expected ${GECKO_ID}`);
  await waitForTab(browser, url('welcome.html'));
  return {
    browser,
    url,
    async extensionPage(path) {
      const page = await browser.newPage();
      // The navigation happens, but Firefox never reports its load over BiDi for moz-extension:
      // pages; wait for the document instead.
      await page.goto(url(path), { timeout: 2_000 }).catch(() => undefined);
      await page.waitForFunction(
        (u) => location.href === u && document.readyState === 'complete',
        { timeout: 20_000 },
        url(path),
      );
      await page.bringToFront();
      return page;
    },
    async arxivPage(address) {
      const page = await browser.newPage();
      await serveArxiv(page);
      await page.goto(address);
      await page.bringToFront();
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

/**
 * Waits for a tab showing `address`. BiDi reports moz-extension: tabs as about:blank
 * (page.url()), so each tab is asked for its own location.
 */
async function waitForTab(browser: Browser, address: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href === address) return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`No tab showed ${address} within ${timeoutMs / 1000} s.`);
}

/** Answers the page's arxiv.org requests from the recorded fixtures; everything else goes on. */
export async function serveArxiv(page: Page): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (/^(www\.)?arxiv\.org$/.test(u.hostname)) {
      const r = arxivPageResponse(u);
      void req.respond({ status: r.status, contentType: r.contentType, body: r.body });
      return;
    }
    void req.continue();
  });
}
