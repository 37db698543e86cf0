// @vitest-environment happy-dom
/** The corpus count of the options page, against the real background handlers and Dexie. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
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
