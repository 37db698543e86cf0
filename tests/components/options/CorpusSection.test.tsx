// @vitest-environment happy-dom
/** The corpus count of the options page, against the real background handlers and Dexie. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { registerMessageHandlers } from '../../../lib/background/handlers';
import { resetDbForTests } from '../../../lib/db';
import { savePaperFromPage } from '../../../lib/corpus';
import { CorpusSection } from '../../../components/options/CorpusSection';
import { PAPER } from '../sidepanel/sample-turns';

beforeEach(() => {
  registerMessageHandlers();
});
afterEach(async () => {
  cleanup();
  await resetDbForTests();
});

it('says "1 paper", not "1 papers"', async () => {
  await savePaperFromPage(PAPER);
  render(<CorpusSection />);
  await waitFor(() => expect(screen.getByTestId('corpus-count').textContent).toBe('1'));
  expect(screen.getByTestId('corpus-total').textContent).toMatch(/^1 paper(?!s)/);
});

it('says "2 papers" for two', async () => {
  await savePaperFromPage(PAPER);
  await savePaperFromPage({ ...PAPER, id: '2402.11650', title: 'Classifier Surrogates' });
  render(<CorpusSection />);
  await waitFor(() => expect(screen.getByTestId('corpus-count').textContent).toBe('2'));
  expect(screen.getByTestId('corpus-total').textContent).toMatch(/^2 papers/);
});

/** The message types the background received while `fn` ran. */
async function messagesDuring(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const listen = (m: unknown) => {
    const type = (m as { type?: unknown } | null)?.type;
    if (typeof type === 'string') seen.push(type);
    return undefined;
  };
  browser.runtime.onMessage.addListener(listen);
  try {
    await fn();
  } finally {
    browser.runtime.onMessage.removeListener(listen);
  }
  return seen;
}

it('"Remove all papers" is asked of the background, the corpus\'s one writer', async () => {
  await savePaperFromPage(PAPER);
  render(<CorpusSection />);
  await waitFor(() => expect(screen.getByTestId('corpus-count').textContent).toBe('1'));
  vi.stubGlobal('confirm', () => true);
  const seen = await messagesDuring(async () => {
    fireEvent.click(screen.getByTestId('clear-corpus'));
    await waitFor(() => expect(screen.getByTestId('corpus-count').textContent).toBe('0'));
  });
  expect(seen).toContain('corpus/clear');
  vi.unstubAllGlobals();
});

it('removing a category is asked of the background and the counts follow', async () => {
  await savePaperFromPage(PAPER);
  await savePaperFromPage({
    ...PAPER,
    id: '2402.11650',
    title: 'Classifier Surrogates',
    categories: ['cs.LG'],
  });
  render(<CorpusSection />);
  await waitFor(() => expect(screen.getByTestId('corpus-count').textContent).toBe('2'));
  vi.stubGlobal('confirm', () => true);
  const rows = within(screen.getByTestId('corpus-categories')).getAllByRole('row');
  const hep = rows.find((r) => r.textContent?.startsWith('cs.LG'))!;
  const seen = await messagesDuring(async () => {
    fireEvent.click(within(hep).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.getByTestId('corpus-count').textContent).toBe('1'));
  });
  expect(seen).toContain('corpus/remove-category');
  vi.unstubAllGlobals();
});
