// @vitest-environment happy-dom
/**
 * Restoring a backup from the options page: the page writes nothing itself; it hands the file to
 * the background, whose restore job (the corpus's one writer) merges it, and shows the job's one
 * end message.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Blob as NodeBlob, File as NodeFile } from 'node:buffer';
import { useState } from 'react';
import { browser } from 'wxt/browser';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { registerMessageHandlers } from '../../../lib/background/handlers';
import { resetDbForTests } from '../../../lib/db';
import { corpusSize } from '../../../lib/corpus';
import { BackupSection } from '../../../components/options/BackupSection';
import { sampleLibraryBackup } from '../../lib/export/export-sample';
import { fixtureRecords } from '../../lib/corpus/corpus-helpers';

beforeEach(() => {
  registerMessageHandlers();
  // happy-dom's File does not survive fake-indexeddb's structured clone as a Blob; a browser's
  // does (the job input store keeps it): Node's File and Blob stand in for the browser's.
  vi.stubGlobal('Blob', NodeBlob);
});
afterEach(async () => {
  vi.unstubAllGlobals();
  cleanup();
  await resetDbForTests();
});

it('"Import library…" starts a restore job in the background and shows its summary', async () => {
  const papers = fixtureRecords().slice(0, 3);
  const text = JSON.stringify(sampleLibraryBackup(papers));
  const seen: string[] = [];
  const listen = (m: unknown) => {
    const msg = m as { type?: unknown; payload?: { spec?: { kind?: string } } } | null;
    if (msg?.type === 'jobs/start') seen.push(msg.payload?.spec?.kind ?? '');
    return undefined;
  };
  browser.runtime.onMessage.addListener(listen);
  let changed = 0;
  // Like the options page: a new onChanged at every render, and onChanged re-renders the page.
  function Page() {
    const [, setTick] = useState(0);
    return (
      <BackupSection
        onChanged={() => {
          changed++;
          setTick((t) => t + 1);
        }}
      />
    );
  }
  render(<Page />);
  const input = screen.getByTestId('backup-import') as HTMLInputElement;
  const file = new NodeFile([text], 'backup.json', { type: 'application/json' });
  fireEvent.change(input, { target: { files: [file] } });
  await waitFor(() =>
    expect(screen.getByTestId('restore-result').textContent).toBe(
      'Imported 1 new thread (0 updated), 1 answer, 3 papers; 0 already there.',
    ),
  );
  browser.runtime.onMessage.removeListener(listen);
  expect(seen).toEqual(['restore-backup']);
  expect(await corpusSize()).toBe(3);
  // The counts are refreshed once for the ended restore, not in a loop.
  await new Promise((r) => setTimeout(r, 100));
  expect(changed).toBe(1);
});

it("a refused file shows the restore job's error in words", async () => {
  render(<BackupSection onChanged={() => undefined} />);
  const file = new NodeFile(['{"hello":1}'], 'notes.json', { type: 'application/json' });
  fireEvent.change(screen.getByTestId('backup-import'), { target: { files: [file] } });
  await waitFor(() =>
    expect(screen.getByTestId('restore-error').textContent).toMatch(
      /^This file is not an Antigravity backup/,
    ),
  );
  expect(await corpusSize()).toBe(0);
});
