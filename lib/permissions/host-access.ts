/**
 * Host access the extension declared it needs (the manifest's `host_permissions`: arXiv, its
 * export API, the Anthropic API) and whether the browser grants it now. Firefox treats MV3 host
 * permissions as optional: before Firefox 127 nothing is granted at install, and a reader can
 * withdraw access in about:addons at any time; Chrome lets a reader restrict site access too.
 * Without arXiv access the content script does not run, so pages notice and ask
 * (components/shared/HostAccessNotice.tsx).
 *
 * `requestHostAccess` must be called directly from a click handler (a user gesture): no await
 * may come before it.
 */
import { browser } from 'wxt/browser';

/** The origins the manifest asks for at install. */
export function neededOrigins(): string[] {
  return browser.runtime.getManifest().host_permissions ?? [];
}

/** The needed origins the browser does not grant now (empty when all are granted). */
export async function missingOrigins(): Promise<string[]> {
  const origins = neededOrigins();
  const granted = await Promise.all(
    origins.map((o) => browser.permissions.contains({ origins: [o] }).catch(() => false)),
  );
  return origins.filter((_, i) => !granted[i]);
}

/** Asks the reader for `origins`; true when granted. Call from a click handler, first thing. */
export function requestHostAccess(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins }).catch(() => false);
}

/** Calls `listener` whenever the extension's permissions change; returns the unsubscribe. */
export function onPermissionsChanged(listener: () => void): () => void {
  browser.permissions.onAdded.addListener(listener);
  browser.permissions.onRemoved.addListener(listener);
  return () => {
    browser.permissions.onAdded.removeListener(listener);
    browser.permissions.onRemoved.removeListener(listener);
  };
}
