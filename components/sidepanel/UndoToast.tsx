import type { Thread } from '@/lib/answer/schema';

/** "Deleted “title”. Undo": shown after a thread is deleted, until undone or dismissed. */
export function UndoToast({
  thread,
  onUndo,
  onDismiss,
}: {
  thread: Thread;
  onUndo: () => void;
  onDismiss: () => void;
}) {
  return (
    <div className="toast" role="status" data-testid="undo-toast">
      <span>
        Deleted “{thread.title}”.{' '}
        <button type="button" className="link" data-testid="undo-delete" onClick={onUndo}>
          Undo
        </button>
      </span>
      <button
        type="button"
        className="icon"
        aria-label="Dismiss"
        title="Dismiss"
        onClick={onDismiss}
      >
        ×
      </button>
    </div>
  );
}
