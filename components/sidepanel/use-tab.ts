import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendRequest, type ResponseOf, type TabPaper } from '@/lib/messaging';
import type { AgError } from '@/lib/answer/schema';

/** The `?tabId=N` the panel page is pinned to (pop-out window, tests), or null. */
export function pinnedTabId(search: string = location.search): number | null {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * The tab the panel is about: pinned with `sidepanel.html?tabId=N` (pop-out window, tests),
 * otherwise the active tab of the panel's window, followed as the reader switches tabs.
 */
export function useTabId(): number | null | undefined {
  const pinned = pinnedTabId();
  /** undefined until the first answer of tabs.query. */
  const [active, setActive] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    if (pinned !== null) return;
    let cancelled = false;
    let seq = 0;
    const refresh = () => {
      const mine = ++seq;
      void browser.tabs.query({ active: true, currentWindow: true }).then(
        ([tab]) => {
          if (!cancelled && mine === seq) setActive(tab?.id ?? null);
        },
        () => undefined,
      );
    };
    refresh();
    // Any activation may be in our window; the query answers for the panel's own window.
    const onActivated = () => refresh();
    browser.tabs.onActivated.addListener(onActivated);
    return () => {
      cancelled = true;
      browser.tabs.onActivated.removeListener(onActivated);
    };
  }, [pinned]);
  return pinned ?? active;
}

/**
 * The extension sees the address of arXiv tabs only (its host permissions): a tab whose address
 * it cannot see has left arXiv, whatever the background remembers of its last arXiv page.
 */
export function offArxiv(state: TabPaper, tab: { url?: string } | null): TabPaper {
  if (tab && !tab.url && state.result) return { tabId: state.tabId, url: '', result: null };
  return state;
}

type PublicSettings = ResponseOf<'panel/tab'>['settings'];

export interface TabPaperState {
  /** What the background knows about the tab (null while loading or after an error). */
  state: TabPaper | null;
  /** The request itself failed (the background could not be reached). */
  error: AgError | null;
  /** The tab's paper has not arrived yet (first load or a switch to another tab). */
  loading: boolean;
  /** The settings the panel may read (null until known). */
  settings: PublicSettings | null;
  /** Papers in the corpus besides the tab's (null until known, or without a paper). */
  otherPapers: number | null;
}

interface Got {
  tabId: number;
  state: TabPaper | null;
  error: AgError | null;
  settings: PublicSettings | null;
  otherPapers: number | null;
}

/**
 * The paper of a tab, with the settings and the corpus count the panel shows around it, in one
 * `panel/tab` request; asked again when the tab navigates, its content script reports a new
 * reading (`tab:<id>` in storage.session) or the settings change. A slow answer for a tab the
 * panel has already left is dropped.
 */
export function useTabPaper(tabId: number | null | undefined): TabPaperState {
  const [got, setGot] = useState<Got | null>(null);
  useEffect(() => {
    if (tabId === null || tabId === undefined) return;
    let live = true;
    let seq = 0;
    const load = () => {
      const mine = ++seq;
      void Promise.all([
        sendRequest('panel/tab', { tabId }),
        browser.tabs.get(tabId).catch(() => null),
      ]).then(
        ([r, tab]) => {
          if (live && mine === seq)
            setGot({ tabId, ...r, state: offArxiv(r.tab, tab), error: null });
        },
        (e: unknown) => {
          if (live && mine === seq)
            setGot({
              tabId,
              state: null,
              settings: null,
              otherPapers: null,
              error: {
                code: 'unknown',
                message: `The panel could not ask the extension about this tab: ${e instanceof Error ? e.message : String(e)}`,
                action: 'Reload the page, or close and reopen the panel.',
              },
            });
        },
      );
    };
    load();
    const onUpdated = (id: number, info: { status?: string; url?: string }) => {
      if (id === tabId && (info.status === 'complete' || info.url)) load();
    };
    const onSession = (changes: Record<string, unknown>) => {
      if (`tab:${tabId}` in changes) load();
    };
    const onLocal = (changes: Record<string, unknown>) => {
      if ('settings' in changes) load();
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.storage.session.onChanged.addListener(onSession);
    browser.storage.local.onChanged.addListener(onLocal);
    return () => {
      live = false;
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.storage.session.onChanged.removeListener(onSession);
      browser.storage.local.onChanged.removeListener(onLocal);
    };
  }, [tabId]);
  const current = got !== null && got.tabId === tabId ? got : null;
  return {
    state: current?.state ?? null,
    error: current?.error ?? null,
    loading: tabId === undefined || (tabId !== null && current === null),
    settings: current?.settings ?? null,
    otherPapers: current?.otherPapers ?? null,
  };
}
