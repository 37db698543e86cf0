import { useCallback, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import type { Thread } from '@/lib/answer/schema';
import { PaperHeader } from './PaperHeader';
import { FullTextStatus } from './FullTextStatus';
import { AskBox } from './AskBox';
import { ErrorNotice } from './ErrorNotice';
import { ThreadBar } from './ThreadBar';
import { UndoToast } from './UndoToast';
import { ThreadView } from './ThreadView';
import { useAsking } from './use-asking';
import { useTabId, useTabPaper } from './use-tab';
import { useThreads } from './use-threads';
import { useQuotedSelection } from './use-quoted-selection';
import { useFollowEnd, useSlashToAsk } from './use-panel-scroll';
import './styles.css';

/** Focuses the question box with the caret after its text (once React has put the text in). */
function focusAtEnd(el: HTMLTextAreaElement | null) {
  if (!el) return;
  el.focus();
  requestAnimationFrame(() => el.setSelectionRange(el.value.length, el.value.length));
}

/**
 * The side panel: the tab's paper, its threads, the answer being written, the question box.
 * Opening it asks the background twice (`panel/tab`, then `threads/list` for the paper); an
 * answer's start and end are applied here, without asking again.
 */
export function SidePanelApp() {
  const tabId = useTabId();
  const tab = useTabPaper(tabId);
  const paper = tab.state?.result?.paper ?? null;
  const paperId = paper?.id ?? null;
  const threads = useThreads(paperId);
  const { threadId } = threads;
  const asking = useAsking(tabId, paperId, threads);
  const { live, liveHere, setQuestion, reset } = asking;
  const [undo, setUndo] = useState<Thread | null>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  useQuotedSelection(tabId, (quoted) => {
    setQuestion(quoted);
    focusAtEnd(inputRef.current);
  });

  const threadTurns = useMemo(
    () => threads.turns.filter((t) => t.threadId === threadId && t.id !== live.turn?.id),
    [threads.turns, threadId, live.turn?.id],
  );
  /** Every saved turn of the thread shown (the thread exports take them all). */
  const savedThreadTurns = useMemo(
    () => threads.turns.filter((t) => t.threadId === threadId && t.status !== 'streaming'),
    [threads.turns, threadId],
  );
  const stickToEndRef = useFollowEnd(
    endRef,
    `${threadId}|${threadTurns.length}|${live.turn?.id}`,
    live.text,
    live.streaming,
  );
  useSlashToAsk(inputRef);

  const submit = (q?: string) => {
    if (!asking.submit(q)) return;
    setUndo(null);
    stickToEndRef.current = true;
  };
  const retry = () => asking.lastAsked.current && submit(asking.lastAsked.current);
  const openOptions = useCallback(() => void browser.runtime.openOptionsPage(), []);
  const show = (id: string | null) => {
    if (!live.streaming) reset();
    setUndo(null);
    threads.select(id);
  };
  const deleteThread = async (t: Thread) => {
    await threads.remove(t);
    // The toast and the thread's removal from the list show together.
    setUndo(t);
    if (live.turn?.threadId === t.id) reset();
  };
  const undoDelete = async () => {
    if (!undo) return;
    await threads.restore(undo);
    setUndo(null);
  };

  return (
    <div className="panel">
      <PaperHeader state={tab.state} loading={tab.loading} />
      <FullTextStatus
        tabId={tabId}
        paperKey={paper ? `${paper.id}v${paper.version ?? ''}` : null}
      />
      {tab.error && <ErrorNotice error={tab.error} onOpenOptions={openOptions} />}
      {paper && (
        <ThreadBar
          threads={threads.threads}
          current={threadId}
          onSelect={show}
          onNew={() => {
            show(null);
            inputRef.current?.focus();
          }}
          onDelete={(t) => void deleteThread(t)}
          turns={savedThreadTurns}
          paper={paper}
          pendingTitle={live.turn?.threadId === threadId ? live.turn?.question : undefined}
        />
      )}
      {undo && (
        <UndoToast thread={undo} onUndo={() => void undoDelete()} onDismiss={() => setUndo(null)} />
      )}
      <ThreadView
        paper={paper}
        turns={threadTurns}
        live={live}
        liveHere={liveHere}
        asked={asking.asked}
        hasApiKey={tab.settings?.hasApiKey}
        otherPapers={tab.otherPapers}
        endRef={endRef}
        onAsk={submit}
        onRetry={retry}
        onOpenOptions={openOptions}
      />
      <AskBox
        inputRef={inputRef}
        value={asking.question}
        onChange={setQuestion}
        onSubmit={() => submit()}
        onStop={asking.stop}
        onRecall={() => asking.lastAsked.current}
        streaming={live.streaming}
        disabled={!paper}
        placeholder={paper ? 'Ask about this paper…' : 'Open an arXiv paper to ask about it'}
      />
      <div className="visually-hidden" aria-live="polite" role="status" data-testid="announcer">
        {asking.announce}
      </div>
    </div>
  );
}
