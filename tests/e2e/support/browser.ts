import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The page-side `chrome` of evaluate() callbacks (extension worker context).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const chrome: any;

export const ROOT = resolve(import.meta.dirname, '../../..');
/** The test build (npm run build:test): production code plus host permissions for local fakes. */
export const TEST_EXTENSION_DIR = join(ROOT, '.output/test/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags this machine needs (see shared/notes/platform.md): no sandbox as root, no outside network. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  /** chrome-extension://ID/PATH */
  url(path: string): string;
  close(): Promise<void>;
}

export async function launchWithExtension(
  opts: {
    extensionDir?: string;
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number } | null;
    headless?: boolean;
    /**
     * A profile to (re)open, kept on close: a browser restart is a second launch on the same
     * dir. Without it, a fresh profile that close() deletes.
     */
    userDataDir?: string;
    /** Where a fresh profile folder goes (default: the system's temporary folder). */
    tmpRoot?: string;
  } = {},
): Promise<ExtensionBrowser> {
  const dir = opts.extensionDir ?? TEST_EXTENSION_DIR;
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`No built extension at ${dir}: run \`npm run build:test\` first.`);
  }
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(opts.tmpRoot ?? tmpdir(), 'ag-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    colorScheme: opts.colorScheme ?? 'light',
    viewport: opts.viewport === undefined ? { width: 1200, height: 900 } : opts.viewport,
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    userDataDir,
    url: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async close() {
      await context.close().catch(() => undefined);
      if (!opts.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The service worker of the extension now (Chrome may have restarted it). */
export async function currentWorker(b: ExtensionBrowser): Promise<Worker> {
  return (
    b.context.serviceWorkers().find((w) => w.url().includes(b.extensionId)) ??
    (await b.context.waitForEvent('serviceworker', { timeout: 30_000 }))
  );
}

/**
 * The browser tab id of a page, asked of the extension's worker by URL. When several tabs show
 * that address (a page an earlier test left open), the page is told apart by a unique title it
 * wears for a moment: taking the first tab of that URL would bind a panel to someone else's tab.
 */
export async function tabIdOf(b: ExtensionBrowser, page: Page): Promise<number> {
  const worker = await currentWorker(b);
  const url = page.url();
  const ids = await worker.evaluate(async (u) => {
    const tabs = (await chrome.tabs.query({})) as Array<{ url?: string; id?: number }>;
    return tabs.filter((t) => t.url === u && t.id !== undefined).map((t) => t.id!);
  }, url);
  if (ids.length === 0) throw new Error(`No tab with ${url}`);
  if (ids.length === 1) return ids[0]!;
  const mark = `ag-tab-${randomUUID()}`;
  const title = await page.evaluate((m) => {
    const before = document.title;
    document.title = m;
    return before;
  }, mark);
  try {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const id = await worker.evaluate(async (m) => {
        const tabs = (await chrome.tabs.query({})) as Array<{ title?: string; id?: number }>;
        return tabs.find((t) => t.title === m)?.id ?? null;
      }, mark);
      if (id !== null) return id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${ids.length} tabs show ${url}, and none took the title ${mark}`);
  } finally {
    await page.evaluate((t) => {
      document.title = t;
    }, title);
  }
}

/** Writes settings the way the options page does (storage.local 'settings'). */
export async function setSettings(
  b: ExtensionBrowser,
  patch: Record<string, unknown>,
): Promise<void> {
  const worker = await currentWorker(b);
  await worker.evaluate(async (p) => {
    const cur = ((await chrome.storage.local.get('settings')).settings ?? {}) as Record<
      string,
      unknown
    >;
    await chrome.storage.local.set({ settings: { ...cur, ...p } });
  }, patch);
}
