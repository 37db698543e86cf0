// @vitest-environment happy-dom
import './quiet-katex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ThreadBar } from '../../../components/sidepanel/ThreadBar';
import type { Thread } from '../../../lib/answer/schema';
import { CREATED, PAPER, sampleTurn } from './sample-turns';

afterEach(cleanup);

const thread = (id: string, title: string): Thread => ({
  id,
  paperId: PAPER.id,
  paperTitle: PAPER.title,
  title,
  createdAt: CREATED,
  updatedAt: CREATED,
});
const THREADS = [thread('t1', 'First question'), thread('t2', 'Second question')];

function show(current: string | null, turns = [sampleTurn({ threadId: 't1' })]) {
  const on = { onSelect: vi.fn(), onNew: vi.fn(), onDelete: vi.fn() };
  render(<ThreadBar threads={THREADS} current={current} turns={turns} paper={PAPER} {...on} />);
  return on;
}

describe('ThreadBar', () => {
  it('lists the threads, switches, starts a new one', () => {
    const on = show('t1');
    const select = screen.getByTestId('thread-select') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'First question',
      'Second question',
    ]);
    expect(select.value).toBe('t1');
    fireEvent.change(select, { target: { value: 't2' } });
    expect(on.onSelect).toHaveBeenCalledWith('t2');
    fireEvent.click(screen.getByTestId('new-thread'));
    expect(on.onNew).toHaveBeenCalledTimes(1);
  });

  it('deletes the current thread (the panel offers undo)', () => {
    const on = show('t1');
    const del = screen.getByTestId('delete-thread');
    expect(del.getAttribute('aria-label')).toBe('Delete the thread “First question”');
    fireEvent.click(del);
    expect(on.onDelete).toHaveBeenCalledWith(THREADS[0]);
  });

  it('a new thread shows as such, with nothing to delete or export', () => {
    show(null, []);
    const select = screen.getByTestId('thread-select') as HTMLSelectElement;
    expect(select.value).toBe('');
    expect(select.options[0]!.textContent).toBe('New thread');
    expect(screen.queryByTestId('delete-thread')).toBeNull();
    expect(screen.queryByTestId('export-thread')).toBeNull();
  });

  it('a thread whose first answer just started shows as current before the list has it', () => {
    const on = { onSelect: vi.fn(), onNew: vi.fn(), onDelete: vi.fn() };
    render(
      <ThreadBar
        threads={THREADS}
        current="t3"
        pendingTitle="A brand new question"
        turns={[]}
        paper={PAPER}
        {...on}
      />,
    );
    const select = screen.getByTestId('thread-select') as HTMLSelectElement;
    expect(select.value).toBe('t3');
    expect(select.selectedOptions[0]!.textContent).toBe('A brand new question');
    expect(select.options).toHaveLength(3);
    expect(screen.queryByTestId('delete-thread')).toBeNull();
  });

  it('exports the whole thread: Markdown, .md, .bib, Obsidian', () => {
    show('t1');
    expect(screen.getByTestId('export-thread').textContent).toBe('Export thread');
    for (const id of [
      'export-thread-markdown',
      'export-thread-download',
      'export-thread-bibtex',
      'export-thread-obsidian',
    ])
      expect(screen.getByTestId(id).tagName).toBe('BUTTON');
    expect(screen.getByRole('group', { name: 'Export this thread' })).toBeTruthy();
  });
});
