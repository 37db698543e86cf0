/**
 * Where a reader sets the extension up: the welcome page when this build has one
 * (entrypoints/welcome/ → /welcome.html), else the options page. Content scripts cannot open
 * extension pages themselves; they ask with the `setup/open` message.
 */
import { browser } from 'wxt/browser';

export const WELCOME_PATH = '/welcome.html';

/** Whether the built extension holds `path` (an extension page it can open). */
async function hasPage(path: string): Promise<boolean> {
  try {
    const res = await fetch(browser.runtime.getURL(path as '/'));
    return res.ok;
  } catch {
    return false;
  }
}

export async function openSetupPage(): Promise<void> {
  if (await hasPage(WELCOME_PATH)) {
    await browser.tabs.create({ url: browser.runtime.getURL(WELCOME_PATH as '/') });
    return;
  }
  await browser.runtime.openOptionsPage();
}
