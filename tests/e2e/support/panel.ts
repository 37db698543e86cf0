/**
 * The side panel as a test drives it: open an arXiv page and wait for the content script to read
 * it, open the panel page for that tab, ask in a new thread, read the last turn. One copy for
 * every e2e file that asks questions.
 */
import type { Page } from 'playwright-core';
import { tabIdOf, type ExtensionBrowser } from './browser';

/** Opens an arXiv page and waits until the content script has read it (test builds mark it). */
export async function openArxiv(
  b: ExtensionBrowser,
  url: string,
): Promise<{ page: Page; tabId: number }> {
  const page = await b.context.newPage();
  await page.goto(url);
  await page.waitForSelector('html[data-antigravity-paper]', { timeout: 20_000 });
  return { page, tabId: await tabIdOf(b, page) };
}

/** The side panel's page for a tab, ready to take a question. */
export async function openPanel(b: ExtensionBrowser, tabId: number): Promise<Page> {
  const panel = await b.context.newPage();
  await panel.goto(b.url(`sidepanel.html?tabId=${tabId}`));
  await panel.getByTestId('paper-title').waitFor();
  await panel.getByTestId('question-input').waitFor();
  return panel;
}

/** Asks `question` in a new thread (Enter sends). */
export async function ask(panel: Page, question: string): Promise<void> {
  await panel.getByTestId('new-thread').click();
  const input = panel.getByTestId('question-input');
  await input.fill(question);
  await input.press('Enter');
}

/** The status of the last answer (`streaming`, `done`, …). */
export const lastStatus = (panel: Page): Promise<string | null> =>
  panel.getByTestId('answer-status').last().textContent();
