import { browser } from 'wxt/browser';
import { workerFetch } from './worker-fetch';
import type { ExtractResult } from '../arxiv/schema';
import { pageKindFromUrl } from '../arxiv/page-kind';
import { parseArxivId } from '../arxiv/id';
import { fetchPaperForPdf } from '../arxiv/pdf-paper';
import { parseHtmlInWorker } from '../arxiv/worker-dom';
import { sendToTab, type TabPaper } from '../messaging';
import { toAgError } from '../errors';
import { getTabState, setTabState } from './tab-state';

/**
 * The paper of a tab: what its content script reported, or (PDF tabs, whose viewer no content
 * script can read) the paper's HTML version or export-API metadata fetched by the background.
 */
export async function resolveTabPaper(tabId: number): Promise<TabPaper> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  const url = tab?.url ?? '';
  // Without the `tabs` permission a tab's address is visible only on hosts we may access:
  // no address means the tab is not on arXiv (whatever it showed before).
  if (!/^https:\/\/(www\.)?arxiv\.org\//.test(url)) {
    return { tabId, url, result: null };
  }
  const kind = pageKindFromUrl(url);
  const known = await getTabState(tabId);
  // A PDF tab's paper is always the background's own reading: since Chromium 156 a content script
  // runs in the PDF viewer's outer page and reports kind `pdf` with no paper, which says nothing.
  const trusted = known && (kind !== 'pdf' || known.fetchedFrom !== 'page');
  if (trusted && sameDocument(known.url, url) && (known.result || known.error)) return known;
  if (kind === 'pdf') {
    const state = await fetchPdfPaper(tabId, url);
    await setTabState(state);
    return state;
  }
  // The content script may not have run (the extension was installed after the page loaded).
  try {
    const result = await sendToTab(tabId, 'content/extract', {});
    const state: TabPaper = { tabId, url, result, fetchedFrom: 'page' };
    await setTabState(state);
    return state;
  } catch {
    return {
      tabId,
      url,
      result: null,
      error: {
        code: 'no_paper',
        message: 'Antigravity has not read this page yet.',
        action: 'Reload the arXiv page.',
      },
    };
  }
}

function sameDocument(a: string, b: string): boolean {
  return a.split('#')[0] === b.split('#')[0];
}

async function fetchPdfPaper(tabId: number, url: string): Promise<TabPaper> {
  const parsed = parseArxivId(url);
  if (!parsed.ok) {
    return {
      tabId,
      url,
      result: { kind: 'pdf', warnings: [] },
      error: { code: 'no_paper', message: 'This PDF has no arXiv id in its address.' },
    };
  }
  try {
    const got = await fetchPaperForPdf(parsed.id.base, parsed.id.version, {
      fetch: workerFetch,
      parseHtml: parseHtmlInWorker,
    });
    const result: ExtractResult = { kind: 'pdf', paper: got.paper, warnings: got.warnings };
    return { tabId, url, result, fetchedFrom: got.from };
  } catch (e) {
    const err = toAgError(e);
    return {
      tabId,
      url,
      result: { kind: 'pdf', warnings: [] },
      error: { ...err, action: err.action ?? 'Check your connection, then reopen the panel.' },
    };
  }
}
