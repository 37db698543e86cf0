/**
 * Runs math-render.js (KaTeX, entrypoints/math-render.ts) in the frame of the content script that
 * asks, in the content script's isolated world: the content script stays small, and the file
 * need not be web-accessible, so no arxiv.org page can load it to tell the extension is installed
 * (issue 18, finding 11).
 */
import type { Browser } from 'wxt/browser';
import { browser } from 'wxt/browser';
import { AgException } from '../errors';

export async function injectMathRenderer(sender: Browser.runtime.MessageSender): Promise<void> {
  const tabId = sender.tab?.id;
  if (tabId === undefined) {
    throw new AgException({ code: 'forbidden', message: 'Math rendering is for arXiv pages.' });
  }
  await browser.scripting.executeScript({
    target: { tabId, frameIds: [sender.frameId ?? 0] },
    files: ['/math-render.js'],
  });
}
