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
  /** A new tab showing the extension page `path`, loaded. */
  extensionPage(path: string): Promise<Page>;
  /** A new tab that serves arxiv.org from the fixtures, at `url`. */
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
    },
  });
  const id = await browser.installExtension(dir);
  if (id !== GECKO_ID) throw new Error(`Installed ${id}, expected ${GECKO_ID}`);
  const url = (path: string) => `moz-extension://${UUID}/${path.replace(/^\//, '')}`;
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
      return page;
    },
    async arxivPage(address) {
      const page = await browser.newPage();
      await serveArxiv(page);
      await page.goto(address);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
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
