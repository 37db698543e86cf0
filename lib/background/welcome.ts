import { browser } from 'wxt/browser';

/** Opens the welcome page (key, fields, corpus) when the extension is first installed. */
export function registerWelcome(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install') return;
    void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') }).catch(() => {});
  });
}
