import type { Thread, Turn } from '@/lib/answer/schema';
import type { Paper } from '@/lib/arxiv/schema';
import { ExportBar } from './ExportBar';

/** Threads of the open paper: pick one, start a new one, delete one (with undo). */
export function ThreadBar({
  threads,
  current,
  onSelect,
  onNew,
  onDelete,
  turns,
  paper,
  pendingTitle,
}: {
  turns: Turn[];
  paper: Paper | null;
  threads: Thread[];
  current: string | null;
  /** The title of the current thread while it is not in `threads` yet (its first answer just started). */
  pendingTitle?: string;
  onSelect: (id: string) => void;
  onNew: () => void;
  onDelete: (t: Thread) => void;
}) {
  const cur = threads.find((t) => t.id === current);
  return (
    <nav className="thread-bar" aria-label="Threads">
      {threads.length > 0 && (
        <select
          aria-label="Thread"
          data-testid="thread-select"
          value={current ?? ''}
          onChange={(e) => (e.target.value ? onSelect(e.target.value) : onNew())}
        >
          {current === null && <option value="">New thread</option>}
          {current !== null && !cur && (
            <option value={current}>{pendingTitle ?? 'New thread'}</option>
          )}
          {threads.map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
      )}
      <button
        type="button"
        onClick={onNew}
        data-testid="new-thread"
        title="Start a new thread about this paper"
      >
        New thread
      </button>
      {cur && (
        <button
          type="button"
          onClick={() => onDelete(cur)}
          data-testid="delete-thread"
          title="Delete this thread (you can undo)"
          aria-label={`Delete the thread “${cur.title}”`}
        >
          Delete
        </button>
      )}
      {cur && turns.length > 0 && (
        <details className="thread-export">
          <summary data-testid="export-thread">Export thread</summary>
          <ExportBar target={{ thread: cur, turns }} paper={paper} label="Export this thread" />
        </details>
      )}
    </nav>
  );
}
