import { browser } from 'wxt/browser';
import { extractPage } from '../arxiv/extract-page';
import { readabilityFallback } from '../arxiv/extract-readability';
import { parseArxivId } from '../arxiv/id';
import type { ExtractResult } from '../arxiv/schema';
import { parseHtmlInWorker } from '../arxiv/worker-dom';
import { isTrustedSender, registerHandlers, type Handlers, type MessageType } from '../messaging';
import { AgException } from '../errors';
import { getSettings, saveSettings, toPublicSettings } from '../settings';
import { testConnection } from './test-connection';
import { deleteThread, listThreads, listTurns, restoreThread } from '../db';
import {
  clearTabState,
  evictClosedTabs,
  setPendingSelection,
  setTabState,
  takePendingSelection,
} from './tab-state';
import { resolveTabPaper } from './tab-paper';
import { openPanel } from './side-panel';
import { openSetupPage } from './setup-page';
import { injectMathRenderer } from './math-renderer';
import { corpusHandlers, onPaperRead } from './corpus-handlers';
import { notePageReport, scopeToPage } from './page-scope';
import { jobHandlers } from './job-handlers';
import { panelHandlers } from './panel-handlers';
import { fullTextResolver } from './fulltext-resolver';

/** Messages a content script may send; everything else needs an extension page or the worker. */
export const CONTENT_SCRIPT_ALLOWED = new Set<MessageType>([
  'paper/extracted',
  'paper/read-html',
  'panel/open',
  'settings/public',
  'settings/hint-shown',
  'setup/open',
  'math/load',
  'corpus/related',
  'corpus/badges',
  'corpus/add',
]);

/** Refuses every message but CONTENT_SCRIPT_ALLOWED when it comes from a web page's content script. */
export function guard(handlers: Handlers): Handlers {
  const out: Handlers = {};
  for (const [type, fn] of Object.entries(handlers) as [
    MessageType,
    (p: never, s: never) => unknown,
  ][]) {
    (out as Record<string, unknown>)[type] = (
      payload: never,
      sender: Parameters<typeof isTrustedSender>[0],
    ) => {
      if (!CONTENT_SCRIPT_ALLOWED.has(type) && !isTrustedSender(sender)) {
        throw new AgException({
          code: 'forbidden',
          message: `"${type}" is not available to web pages.`,
        });
      }
      return fn(payload, sender as never);
    };
  }
  return out;
}

/**
 * A page may only speak for the paper its address names: a page at /abs/2403.00002 whose markup
 * claims 1706.03762 never writes 1706.03762's record (issue 18, finding 4).
 */
export function paperMatchesAddress(result: ExtractResult, url: string): boolean {
  if (!result.paper) return true;
  const fromUrl = parseArxivId(url);
  return fromUrl.ok && fromUrl.id.base === result.paper.id;
}

async function activeTabId(): Promise<number> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined) {
    throw new AgException({
      code: 'no_paper',
      message: 'No active tab.',
      action: 'Open an arXiv page.',
    });
  }
  return tab.id;
}

export function registerMessageHandlers(): void {
  registerHandlers(
    guard({
      'paper/extracted': async ({ url, result, entryIds }, sender) => {
        const tabId = sender.tab?.id;
        if (tabId === undefined) return { stored: false };
        // The PDF viewer's outer page (Chromium 156) has no paper to report: the background reads
        // PDF tabs itself (resolveTabPaper), and that reading must not be overwritten.
        if (result.kind === 'pdf' && !result.paper) return { stored: false };
        // The address the browser gives for the sender, not the one the message claims.
        const at = sender.url ?? url;
        // Set before the first await: the page's badge requests, right behind, wait for it.
        const writing = setTabState({ tabId, url: at, result, fetchedFrom: 'page' }, entryIds);
        notePageReport(tabId, writing, { url: at, result, entryIds });
        await writing;
        if (!paperMatchesAddress(result, at)) return { stored: false };
        const stored = await onPaperRead(result);
        return { stored };
      },
      'paper/read-html': async ({ url, html }) =>
        extractPage(await parseHtmlInWorker(html, url), url, { fallback: readabilityFallback }),
      'tab/paper': async ({ tabId }) => resolveTabPaper(tabId ?? (await activeTabId())),
      // The panel opened on a tab: its paper's full text is read now (once per paper version).
      'fulltext/read': async ({ tabId }) => {
        const paper = (await resolveTabPaper(tabId)).result?.paper;
        if (!paper) return { reads: null };
        return { reads: (await fullTextResolver().resolve(paper)).reads };
      },
      'panel/open': async ({ selection }, sender) => {
        const tabId = sender.tab?.id;
        // Open first: the user gesture of the click in the page does not outlive an await.
        const opening = openPanel(tabId, sender.tab?.windowId);
        if (tabId !== undefined && selection) await setPendingSelection(tabId, selection);
        await opening.catch(() => undefined);
        return { ok: true as const };
      },
      'setup/open': async () => {
        await openSetupPage();
        return { ok: true as const };
      },
      'math/load': async (_req, sender) => {
        await injectMathRenderer(sender);
        return { ok: true as const };
      },
      'panel/take-selection': async ({ tabId }) => ({
        selection: await takePendingSelection(tabId),
      }),
      'settings/public': async () => toPublicSettings(await getSettings()),
      // The only setting a content script may change: the one-time empty-corpus hint was shown.
      'settings/hint-shown': async () => {
        await saveSettings({ badgeHintShown: true });
        return { ok: true as const };
      },
      'settings/test-connection': async (req) => testConnection(req),
      'threads/list': async ({ paperId }) => {
        const threads = await listThreads(paperId);
        const turns = (await Promise.all(threads.map((t) => listTurns(t.id)))).flat();
        return { threads, turns };
      },
      'threads/delete': async ({ threadId }) => {
        await deleteThread(threadId);
        return { ok: true as const };
      },
      'threads/restore': async ({ threadId }) => {
        await restoreThread(threadId);
        return { ok: true as const };
      },
      ...scopeToPage(corpusHandlers()),
      ...jobHandlers(),
      ...panelHandlers(),
    }),
  );
}

/**
 * Forget a tab's paper when it closes. Navigation needs nothing: the new page's content script
 * reports again, and resolveTabPaper ignores a state recorded for another address.
 */
export function registerTabTracking(): void {
  browser.tabs.onRemoved.addListener((tabId) => void clearTabState(tabId));
  // Tabs closed while no worker listened leave state behind: forget it.
  void evictClosedTabs().catch(() => undefined);
}
