import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';

/**
 * The tab the panel is about: pinned with `sidepanel.html?tabId=N` (pop-out window, tests),
 * otherwise the active tab of the current window, followed as the reader switches tabs.
 */
export function useTabId(): number | null {
  const pinned = Number(new URLSearchParams(location.search).get('tabId'));
  const [tabId, setTabId] = useState<number | null>(
    Number.isInteger(pinned) && pinned > 0 ? pinned : null,
  );
  useEffect(() => {
    if (Number.isInteger(pinned) && pinned > 0) return;
    let cancelled = false;
    const refresh = async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (!cancelled) setTabId(tab?.id ?? null);
    };
    void refresh();
    const onActivated = () => void refresh();
    browser.tabs.onActivated.addListener(onActivated);
    return () => {
      cancelled = true;
      browser.tabs.onActivated.removeListener(onActivated);
    };
  }, [pinned]);
  return tabId;
}

/** Calls `onChange` when the tab navigates or its content script reports a new reading. */
export function useTabChanges(tabId: number | null, onChange: () => void): void {
  useEffect(() => {
    if (tabId === null) return;
    const onUpdated = (id: number, info: { status?: string; url?: string }) => {
      if (id === tabId && (info.status === 'complete' || info.url)) onChange();
    };
    const onStorage = (changes: Record<string, unknown>) => {
      if (`tab:${tabId}` in changes) onChange();
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.storage.session.onChanged.addListener(onStorage);
    return () => {
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.storage.session.onChanged.removeListener(onStorage);
    };
  }, [tabId, onChange]);
}
