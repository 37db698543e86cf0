import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { currentWorker, launchWithExtension, ROOT, type ExtensionBrowser } from './support/browser';
import { routeArxiv } from './support/arxiv-server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const chrome: any;

/**
 * Issue 18: key and privacy, in real Chromium. Page-side checks run against the PRODUCTION build
 * (built here into .output/privacy): test builds keep open shadow roots and page marks on purpose.
 */
const PROD_DIR = join(ROOT, '.output/privacy/chrome-mv3');
const SECRET_TITLE = 'Quokka Lattice Attention Transformers for Sequence Transduction';

/** Requests that reached a host the key must never go to, with their Authorization header. */
async function trap(b: ExtensionBrowser, hosts: string[]) {
  const hits: Array<{ url: string; auth: string | undefined }> = [];
  for (const h of hosts) {
    await b.context.route(`https://${h}/**`, (route: Route) => {
      hits.push({ url: route.request().url(), auth: route.request().headers()['authorization'] });
      return route.fulfill({ status: 200, contentType: 'application/json', body: '{"data":[]}' });
    });
  }
  return hits;
}

describe('production build: what an arxiv.org page can see', () => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    execFileSync('npx', ['wxt', 'build'], {
      cwd: ROOT,
      env: { ...process.env, ANTIGRAVITY_TEST_BUILD: '', ANTIGRAVITY_OUT_DIR: '.output/privacy' },
      stdio: 'ignore',
    });
    b = await launchWithExtension({ extensionDir: PROD_DIR });
    await routeArxiv(b.context);
    // A corpus paper close to 1706.03762 with a title the page does not contain.
    const file = join(
      mkdtempSync(join(tmpdir(), 'ag-privacy-')),
      'arxiv-metadata-oai-snapshot.json',
    );
    const line = {
      id: '2501.00042',
      submitter: 'x',
      authors: 'Ada Lovelace',
      title: SECRET_TITLE,
      comments: null,
      'journal-ref': null,
      doi: null,
      'report-no': null,
      categories: 'cs.CL',
      license: null,
      abstract:
        'The dominant sequence transduction models are based on complex recurrent or convolutional neural networks. We propose a new simple network architecture, the Transformer, based solely on attention mechanisms, for machine translation.',
      versions: [{ version: 'v1', created: 'Mon, 1 Jan 2025 00:00:00 GMT' }],
      update_date: '2025-01-01',
      authors_parsed: [['Lovelace', 'Ada', '']],
    };
    writeFileSync(file, JSON.stringify(line) + '\n');
    const options = await b.context.newPage();
    await options.goto(b.url('options.html'));
    await options.getByTestId('import-file').setInputFiles(file);
    await options.getByTestId('import-start').click();
    await options.getByTestId('import-result').waitFor({ timeout: 30_000 });
    await options.close();
  });
  afterAll(async () => b?.close());

  /** Text of every node, closed shadow roots included (CDP pierces them; page scripts cannot). */
  async function piercedText(page: Page): Promise<string> {
    const cdp = await b.context.newCDPSession(page);
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as {
      root: { nodeValue?: string; children?: unknown[]; shadowRoots?: unknown[] };
    };
    await cdp.detach();
    const out: string[] = [];
    const walk = (n: { nodeValue?: string; children?: unknown[]; shadowRoots?: unknown[] }) => {
      if (n.nodeValue) out.push(n.nodeValue);
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c as typeof n);
    };
    walk(root);
    return out.join(' ');
  }

  test('the strip shows a corpus title the page script cannot read; no page marks; roots closed', async () => {
    const page = await b.context.newPage();
    await page.goto('https://arxiv.org/abs/1706.03762');
    await expect
      .poll(() => piercedText(page), { timeout: 20_000 })
      .toContain(SECRET_TITLE.slice(0, 30));
    const seen = await page.evaluate(() => {
      const hosts = [...document.querySelectorAll('*')].filter((e) =>
        e.localName.startsWith('antigravity-'),
      );
      const attrs = [...document.documentElement.attributes].map((a) => a.name);
      return {
        hosts: hosts.length,
        open: hosts.filter((h) => h.shadowRoot !== null).length,
        attrs: attrs.filter((a) => a.startsWith('data-antigravity')),
        text: document.documentElement.outerHTML + document.body.innerText,
      };
    });
    expect(seen.hosts).toBeGreaterThan(0);
    expect(seen.open).toBe(0);
    expect(seen.attrs).toEqual([]);
    expect(seen.text).not.toContain('Quokka');
    await page.close();
  });

  test('synthetic events from the page plant no question', async () => {
    const page = await b.context.newPage();
    await page.goto('https://arxiv.org/abs/1706.03762');
    await expect.poll(() => piercedText(page), { timeout: 20_000 }).toContain('Quokka');
    await page.evaluate(() => {
      const q = document.querySelector('blockquote.abstract')!;
      const r = document.createRange();
      r.selectNodeContents(q);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(r);
      document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      for (const h of document.querySelectorAll('antigravity-related, antigravity-ask'))
        h.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    });
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => document.querySelectorAll('antigravity-ask').length)).toBe(0);
    const worker = await currentWorker(b);
    const pending = await worker.evaluate(async () =>
      Object.keys(await chrome.storage.session.get(null)).filter((k: string) =>
        k.startsWith('sel:'),
      ),
    );
    expect(pending).toEqual([]);
    await page.close();
  });

  test('a page cannot load a file of the package to tell the extension is installed (finding 11)', async () => {
    const page = await b.context.newPage();
    await page.goto('https://arxiv.org/abs/1706.03762');
    await expect
      .poll(() => piercedText(page), { timeout: 20_000 })
      .toContain(SECRET_TITLE.slice(0, 30));
    const probes = ['math-render.js', 'manifest.json', 'icon/16.png'].map((f) => b.url(f));
    const loaded = await page.evaluate(async (urls) => {
      const out: string[] = [];
      for (const url of urls) {
        const viaFetch = await fetch(url).then(
          (r) => `${url} fetch ${r.status}`,
          () => null,
        );
        if (viaFetch) out.push(viaFetch);
        const viaScript = await new Promise<boolean>((res) => {
          const s = document.createElement('script');
          s.src = url;
          s.onload = () => res(true);
          s.onerror = () => res(false);
          document.head.append(s);
        });
        if (viaScript) out.push(`${url} script`);
      }
      return out;
    }, probes);
    expect(loaded).toEqual([]);
    await page.close();
  });

  test('the content script gets corpus answers only about its own page (finding 2)', async () => {
    const ask = `(async () => {
      const send = (type, payload) => chrome.runtime.sendMessage({ ag: 1, type, payload });
      return JSON.stringify([
        await send('corpus/badges', { entries: [{ id: '2501.00042' }], similarity: false }),
        await send('corpus/related', { paperId: '2501.00042', k: 5 }),
      ]);
    })()`;
    // From the extension's own page the same questions reach the stored paper.
    const options = await b.context.newPage();
    await options.goto(b.url('options.html'));
    expect(await options.evaluate(ask)).toContain(SECRET_TITLE);
    await options.close();
    // From the content script of an abs page that does not show 2501.00042: nothing about it.
    const page = await b.context.newPage();
    const cdp = await b.context.newCDPSession(page);
    const contexts: Array<{ id: number; name: string; auxData?: { type?: string } }> = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) =>
      contexts.push(e.context),
    );
    await cdp.send('Runtime.enable');
    await page.goto('https://arxiv.org/abs/1706.03762');
    // The page has reported itself (its strip is drawn from the corpus).
    await expect
      .poll(() => piercedText(page), { timeout: 20_000 })
      .toContain(SECRET_TITLE.slice(0, 30));
    const world = contexts.filter((c) => c.auxData?.type === 'isolated').at(-1)!;
    const { result } = (await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      expression: ask,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value: string } };
    await cdp.detach();
    const [badges, related] = JSON.parse(result.value) as [
      { ok: boolean; data: { badges: unknown[] } },
      { ok: boolean; data: { inCorpus: boolean; sources: unknown[] } },
    ];
    expect(badges).toMatchObject({ ok: true, data: { badges: [null] } });
    expect(related).toMatchObject({ ok: true, data: { inCorpus: false, sources: [] } });
    expect(result.value).not.toContain('Quokka');
    await page.close();
  });
});

describe('test build: the key', () => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    b = await launchWithExtension();
    await routeArxiv(b.context);
  });
  afterAll(async () => b?.close());

  test('"Test connection" never sends the key to an origin that is not saved and granted', async () => {
    const hits = await trap(b, [
      'evil.example',
      'api.anthropic.com.evil.example',
      'proxy.example',
      'api.anthropic.com',
    ]);
    const page = await b.context.newPage();
    await page.goto(b.url('options.html'));
    await page.getByTestId('api-key-input').fill('sk-ant-e2e-secret-9876');
    await page.getByTestId('save-settings').click();
    await expect.poll(() => page.getByTestId('settings-status').textContent()).toContain('Saved');
    for (const typed of [
      'https://evil.example/proxy',
      'https://api.anthropic.com.evil.example',
      'https://api.anthropic.com@evil.example',
      'http://evil.example',
    ]) {
      await page.getByTestId('base-url-input').fill(typed);
      await page.getByTestId('test-connection').click();
      await expect
        .poll(() => page.getByTestId('settings-status').textContent())
        .toMatch(/not (saved|sent)|must be/i);
    }
    // Saved, but never granted (set behind the options page's back).
    const worker = await currentWorker(b);
    await worker.evaluate(async () => {
      const cur = (await chrome.storage.local.get('settings')).settings ?? {};
      await chrome.storage.local.set({ settings: { ...cur, baseUrl: 'https://proxy.example' } });
    });
    await page.reload();
    await page.getByTestId('test-connection').click();
    await expect
      .poll(() => page.getByTestId('settings-status').textContent())
      .toMatch(/no permission/i);
    expect(hits).toEqual([]);
    await page.close();
  });

  test('the key is in no storage a content script can read', async () => {
    const worker = await currentWorker(b);
    const local = await worker.evaluate(async () =>
      JSON.stringify(await chrome.storage.local.get(null)),
    );
    const session = await worker.evaluate(async () =>
      JSON.stringify(await chrome.storage.session.get(null)),
    );
    expect(local).not.toContain('sk-ant-e2e-secret');
    expect(session).not.toContain('sk-ant-e2e-secret');
    // The content script's own world: its storage and every message it may send.
    const page = await b.context.newPage();
    const cdp = await b.context.newCDPSession(page);
    const contexts: Array<{ id: number; name: string; auxData?: { type?: string } }> = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) =>
      contexts.push(e.context),
    );
    await cdp.send('Runtime.enable');
    await page.goto('https://arxiv.org/abs/1706.03762');
    await expect
      .poll(() => contexts.some((c) => c.auxData?.type === 'isolated' && c.name === 'Antigravity'))
      .toBe(true);
    const world = contexts
      .filter((c) => c.auxData?.type === 'isolated' && c.name === 'Antigravity')
      .at(-1)!;
    const { result } = (await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      expression: `(async () => {
        const out = [];
        try { out.push(JSON.stringify(await chrome.storage.local.get(null))); } catch (e) { out.push(String(e)); }
        for (const type of ['settings/public', 'settings/test-connection', 'threads/list', 'tab/paper']) {
          const r = await chrome.runtime.sendMessage({ ag: 1, type, payload: type === 'threads/list' ? { paperId: '1706.03762' } : {} });
          out.push(JSON.stringify(r));
        }
        return out.join('\\n');
      })()`,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value: string } };
    await cdp.detach();
    expect(result.value).not.toContain('sk-ant-e2e-secret');
    expect(result.value).toContain('forbidden');
    await page.close();
  });
});
