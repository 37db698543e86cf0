import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { resolveTabPaper } from '@/lib/background/tab-paper';
import { setTabState } from '@/lib/background/tab-state';

const ATOM = readFileSync(
  path.resolve(__dirname, '../../fixtures/arxiv-api/atom/api_hep-th_9711200.xml'),
  'utf8',
);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the paper of a PDF tab', () => {
  test("is read by the background even when the viewer's content script reported kind pdf with no paper (Chromium 156)", async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      const url = String(input);
      calls.push(url);
      if (url.startsWith('https://export.arxiv.org/api/query'))
        return new Response(ATOM, {
          status: 200,
          headers: { 'content-type': 'application/atom+xml' },
        });
      return new Response('<h1>Not Found</h1>', { status: 404 });
    });
    const url = 'https://arxiv.org/pdf/hep-th/9711200';
    const tab = await fakeBrowser.tabs.create({ url });
    // What the content script in the PDF viewer's outer page reports.
    await setTabState({
      tabId: tab.id!,
      url,
      result: { kind: 'pdf', warnings: [] },
      fetchedFrom: 'page',
    });
    const got = await resolveTabPaper(tab.id!);
    expect(got.result?.paper?.title).toMatch(/Large N Limit/);
    expect(got.fetchedFrom).toBe('export-api');
    expect(calls[0]).toBe('https://arxiv.org/html/hep-th/9711200');
  });
});
