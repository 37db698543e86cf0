// @vitest-environment happy-dom
/**
 * The whole panel against the real background handlers (lib/background/handlers.ts) in WXT's
 * fake browser, with the real Dexie repositories on fake-indexeddb: the tab's paper, the empty
 * states, the stored thread, delete with undo, the quoted selection, leaving arXiv. Asking and
 * streaming need a runtime Port, which the fake browser lacks: tests/e2e/sidepanel.test.ts covers
 * them in real Chromium.
 */
import './quiet-katex';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing';
import { registerMessageHandlers } from '../../../lib/background/handlers';
import { setPendingSelection, setTabState } from '../../../lib/background/tab-state';
import { resetDbForTests } from '../../../lib/db';
import { listThreads, saveTurn } from '../../../lib/db/threads';
import { savePaperFromPage } from '../../../lib/corpus';
import { saveSettings } from '../../../lib/settings';
import type { Paper } from '../../../lib/arxiv/schema';
import type { Thread } from '../../../lib/answer/schema';
import { SidePanelApp } from '../../../components/sidepanel/SidePanelApp';
import { CREATED, PAPER, sampleTurn } from './sample-turns';

const URL_ = 'https://arxiv.org/abs/2401.00001v1';
let tabId: number;

beforeEach(async () => {
  registerMessageHandlers();
  const tab = await fakeBrowser.tabs.create({ url: URL_ });
  tabId = tab.id!;
  window.history.replaceState(null, '', `/sidepanel.html?tabId=${tabId}`);
  await setTabState({
    tabId,
    url: URL_,
    result: { kind: 'abs', paper: PAPER, warnings: [] },
    fetchedFrom: 'page',
  });
  await savePaperFromPage(PAPER);
});
afterEach(async () => {
  cleanup();
  await resetDbForTests();
});

async function mount() {
  render(<SidePanelApp />);
  await screen.findByText(
    (_, el) =>
      el?.getAttribute('data-testid') === 'paper-title' && /Surrogates/.test(el.textContent ?? ''),
  );
}

const thread = (id: string, title: string, at: number): Thread => ({
  id,
  paperId: PAPER.id,
  paperTitle: PAPER.title,
  title,
  createdAt: at,
  updatedAt: at,
});

describe('SidePanelApp', () => {
  it('shows the paper of the tab: title with math, id and version, authors, categories, abstract', async () => {
    await mount();
    const title = screen.getByTestId('paper-title');
    expect(title.querySelector('.katex')).not.toBeNull();
    expect(screen.getByTestId('paper-id').textContent).toBe('arXiv:2401.00001v1');
    expect(screen.getByTestId('paper-id').getAttribute('href')).toBe(
      'https://arxiv.org/abs/2401.00001v1',
    );
    expect(screen.getByText('Ada Lovelace, Alan Turing')).toBeTruthy();
    expect(screen.getByText('hep-ph').className).toContain('primary');
    expect(screen.getByText('hep-ex')).toBeTruthy();
    const abstract = screen.getByText('Abstract').closest('details')!;
    expect(abstract.querySelector('.katex')).not.toBeNull();
    expect((screen.getByTestId('question-input') as HTMLTextAreaElement).disabled).toBe(false);
  });

  it('no key and an empty corpus: one notice, what works now and what a key and a corpus add', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    await mount();
    const first = await screen.findByTestId('empty-first-run');
    expect(first.textContent).toMatch(/passages of this paper/);
    expect(first.textContent).toMatch(/API key adds answers written by Claude/);
    expect(first.textContent).toMatch(/corpus of arXiv papers adds related work/);
    // One notice, not one per missing thing.
    expect(screen.queryByTestId('empty-no-key')).toBeNull();
    expect(screen.queryByTestId('empty-corpus')).toBeNull();
    expect(document.body.textContent!.match(/no API key/gi)).toBeNull();
    fireEvent.click(within(first).getByRole('button', { name: 'Import or harvest papers' }));
    fireEvent.click(within(first).getByRole('button', { name: 'Add an API key' }));
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('empty states teach: no key (retrieval-only answers, a way to add one) with other papers', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    open.mockClear();
    await savePaperFromPage({ ...PAPER, id: '2402.11650', title: 'Classifier Surrogates' });
    await mount();
    const noKey = await screen.findByTestId('empty-no-key');
    expect(noKey.textContent).toMatch(/still ask/);
    expect(screen.queryByTestId('empty-corpus')).toBeNull();
    expect(screen.queryByTestId('empty-first-run')).toBeNull();
    fireEvent.click(within(noKey).getByRole('button', { name: 'Add an API key' }));
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('empty states teach: an empty corpus, once there is a key', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    open.mockClear();
    await saveSettings({ apiKey: 'sk-ant-test' });
    await mount();
    const empty = await screen.findByTestId('empty-corpus');
    expect(empty.textContent).toMatch(/no other papers/);
    expect(screen.queryByTestId('empty-no-key')).toBeNull();
    expect(screen.queryByTestId('empty-first-run')).toBeNull();
    fireEvent.click(within(empty).getByRole('button', { name: 'Import or harvest papers' }));
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('no empty-state cards with a key and other papers in the corpus', async () => {
    await saveSettings({ apiKey: 'sk-ant-test' });
    const other: Paper = {
      ...PAPER,
      id: '2402.11650',
      title: 'Classifier Surrogates',
      references: [],
    };
    await savePaperFromPage(other);
    await mount();
    await screen.findByText(/Ask anything about this paper/);
    // Give the corpus and settings answers time to land.
    await act(async () => new Promise((r) => setTimeout(r, 50)));
    expect(screen.queryByTestId('empty-no-key')).toBeNull();
    expect(screen.queryByTestId('empty-corpus')).toBeNull();
  });

  it('shows the newest thread of the paper from IndexedDB, oldest turn first, and switches threads', async () => {
    const t1 = thread('t-old', 'Older thread', CREATED);
    const t2 = thread('t-new', 'Newer thread', CREATED + 10_000);
    await saveTurn(t1, sampleTurn({ id: 'a', threadId: 't-old', question: 'Old question' }));
    await saveTurn(
      t2,
      sampleTurn({ id: 'b', threadId: 't-new', question: 'First', createdAt: CREATED + 10_000 }),
    );
    await saveTurn(
      t2,
      sampleTurn({ id: 'c', threadId: 't-new', question: 'Second', createdAt: CREATED + 20_000 }),
    );
    await mount();
    await vi.waitFor(() => expect(screen.getAllByTestId('answer')).toHaveLength(2));
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
      'First',
      'Second',
    ]);
    expect(screen.getAllByTestId('answer-status').map((s) => s.textContent)).toEqual([
      'done',
      'done',
    ]);
    const select = screen.getByTestId('thread-select') as HTMLSelectElement;
    expect(select.value).toBe('t-new');
    fireEvent.change(select, { target: { value: 't-old' } });
    await vi.waitFor(() =>
      expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual([
        'Old question',
      ]),
    );
    expect(screen.getByTestId('export-thread')).toBeTruthy();
  });

  it('deletes a thread with undo, in the database too', async () => {
    await saveTurn(thread('t1', 'Doomed thread', CREATED), sampleTurn({ threadId: 't1' }));
    await mount();
    await screen.findByTestId('answer');
    await act(async () => {
      fireEvent.click(screen.getByTestId('delete-thread'));
    });
    const toast = await screen.findByTestId('undo-toast');
    expect(toast.textContent).toContain('Doomed thread');
    expect(toast.getAttribute('role')).toBe('status');
    await vi.waitFor(() => expect(screen.queryByTestId('answer')).toBeNull());
    expect(await listThreads(PAPER.id)).toEqual([]);
    await act(async () => {
      fireEvent.click(screen.getByTestId('undo-delete'));
    });
    await screen.findByTestId('answer');
    expect((await listThreads(PAPER.id)).map((t) => t.id)).toEqual(['t1']);
    expect(screen.queryByTestId('undo-toast')).toBeNull();
  });

  it('a deleted thread leaves the list as its toast shows; a late list answer does not bring back a stale list', async () => {
    await saveTurn(thread('t1', 'Kept thread', CREATED), sampleTurn({ id: 'a', threadId: 't1' }));
    await saveTurn(
      thread('t2', 'Doomed thread', CREATED + 10_000),
      sampleTurn({ id: 'b', threadId: 't2', createdAt: CREATED + 10_000 }),
    );
    // Holds the answer of the next threads/list request (after it was read) until released.
    const send = fakeBrowser.runtime.sendMessage.bind(fakeBrowser.runtime);
    let holdNext = false;
    let release: () => void = () => undefined;
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (msg: unknown) => {
      const res = await send(msg as never);
      if (holdNext && (msg as { type?: string }).type === 'threads/list') {
        holdNext = false;
        await new Promise<void>((r) => (release = r));
      }
      return res;
    }) as never);
    await mount();
    const select = (await screen.findByTestId('thread-select')) as HTMLSelectElement;
    await vi.waitFor(() => expect(select.value).toBe('t2'));
    const options = () => [...select.options].map((o) => o.value);

    // The list reload after the delete is slow: the toast and the removal still show together.
    holdNext = true;
    await act(async () => {
      fireEvent.click(screen.getByTestId('delete-thread'));
    });
    await screen.findByTestId('undo-toast');
    expect(options()).toEqual(['t1']);
    expect(select.value).toBe('t1');

    // Undo before that reload answers: the thread is back, and the late answer (read while it
    // was deleted) changes nothing.
    await act(async () => {
      fireEvent.click(screen.getByTestId('undo-delete'));
    });
    await vi.waitFor(() => expect(select.value).toBe('t2'));
    await act(async () => {
      release();
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(options()).toEqual(['t2', 't1']);
    expect(select.value).toBe('t2');
    expect(screen.queryByTestId('undo-toast')).toBeNull();
  });

  it('a selection quoted on the page lands in the question box, focused', async () => {
    await mount();
    await act(async () => {
      await setPendingSelection(tabId, 'We study $x^2$ surrogates.\nA second line.');
    });
    const input = screen.getByTestId('question-input') as HTMLTextAreaElement;
    await vi.waitFor(() =>
      expect(input.value).toBe('> We study $x^2$ surrogates.\n> A second line.\n\n'),
    );
    expect(document.activeElement).toBe(input);
  });

  it('follows the tab to another paper when it navigates', async () => {
    await mount();
    const next: Paper = {
      ...PAPER,
      id: '1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
    };
    await act(async () => {
      await fakeBrowser.tabs.update(tabId, { url: 'https://arxiv.org/abs/1706.03762' });
      await setTabState({
        tabId,
        url: 'https://arxiv.org/abs/1706.03762',
        result: { kind: 'abs', paper: next, warnings: [] },
        fetchedFrom: 'page',
      });
    });
    await vi.waitFor(() =>
      expect(screen.getByTestId('paper-title').textContent).toBe('Attention Is All You Need'),
    );
    expect(screen.getByTestId('paper-id').textContent).toBe('arXiv:1706.03762v7');
  });

  it('a tab whose address the extension cannot see has left arXiv: "Not an arXiv paper"', async () => {
    await mount();
    await act(async () => {
      // A non-arXiv page: no host permission, so the tab carries no url.
      const tab = await fakeBrowser.tabs.update(tabId, { url: undefined });
      await fakeBrowser.tabs.onUpdated.trigger(tabId, { status: 'complete' }, tab);
    });
    await vi.waitFor(() =>
      expect(screen.getByTestId('paper-title').textContent).toBe('Not an arXiv paper'),
    );
    expect(screen.getByText(/Open a paper on arxiv.org/)).toBeTruthy();
    expect((screen.getByTestId('question-input') as HTMLTextAreaElement).disabled).toBe(true);
    expect(screen.queryByTestId('new-thread')).toBeNull();
  });

  it('opening asks the background twice for its data: panel/tab, then threads/list', async () => {
    await saveTurn(thread('t1', 'A thread', CREATED), sampleTurn({ threadId: 't1' }));
    const send = fakeBrowser.runtime.sendMessage.bind(fakeBrowser.runtime);
    const sent: string[] = [];
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (msg: unknown) => {
      sent.push((msg as { type: string }).type);
      return send(msg as never);
    }) as never);
    await mount();
    await screen.findByTestId('answer');
    await act(async () => new Promise((r) => setTimeout(r, 50)));
    // fulltext/read asks the background to read the paper's full text (FullTextStatus).
    expect(sent.filter((t) => t !== 'fulltext/read')).toEqual(['panel/tab', 'threads/list']);
  });

  it('has landmarks and a polite live region', async () => {
    await mount();
    expect(screen.getByRole('main', { name: 'Questions and answers' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Threads' })).toBeTruthy();
    const live = screen.getByTestId('announcer');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.getAttribute('role')).toBe('status');
  });
});
