import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendRequest, type TabPaper } from '@/lib/messaging';
import type { AgError, Thread, Turn } from '@/lib/answer/schema';
import { PaperHeader } from './PaperHeader';
import { TurnView } from './TurnView';
import { AskBox } from './AskBox';
import { ErrorNotice } from './ErrorNotice';
import { ThreadBar } from './ThreadBar';
import { useAnswer } from './use-answer';
import { useTabChanges, useTabId } from './use-tab';
import './styles.css';

type PublicSettings = Awaited<ReturnType<typeof sendRequest<'settings/public'>>>;

export function SidePanelApp() {
  const tabId = useTabId();
  const [tabPaper, setTabPaper] = useState<TabPaper | null>(null);
  const [loading, setLoading] = useState(true);
  const [settings, setSettings] = useState<PublicSettings | null>(null);
  const [threads, setThreads] = useState<Thread[]>([]);
  const [turns, setTurns] = useState<Turn[]>([]);
  const [threadId, setThreadId] = useState<string | null>(null);
  const [question, setQuestion] = useState('');
  const [panelError, setPanelError] = useState<AgError | null>(null);
  const [announce, setAnnounce] = useState('');
  const [undo, setUndo] = useState<Thread | null>(null);
  const lastAsked = useRef<string | null>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const paper = tabPaper?.result?.paper ?? null;

  const loadPaper = useCallback(async () => {
    if (tabId === null) return;
    setLoading(true);
    try {
      setTabPaper(await sendRequest('tab/paper', { tabId }));
      setPanelError(null);
    } catch (e) {
      setPanelError({
        code: 'unknown',
        message: e instanceof Error ? e.message : String(e),
        action: 'Reload the page.',
      });
    } finally {
      setLoading(false);
    }
  }, [tabId]);

  const loadThreads = useCallback(
    async (keepThread?: string | null) => {
      if (!paper) {
        setThreads([]);
        setTurns([]);
        return;
      }
      const got = await sendRequest('threads/list', { paperId: paper.id }).catch(() => ({
        threads: [],
        turns: [],
      }));
      setThreads(got.threads);
      setTurns(got.turns);
      setThreadId((cur) => {
        const want = keepThread !== undefined ? keepThread : cur;
        if (want && got.threads.some((t) => t.id === want)) return want;
        return got.threads[0]?.id ?? null;
      });
    },
    [paper],
  );

  const onFinished = useCallback(
    (turn: Turn | null, error: AgError | null) => {
      setAnnounce(error ? `Answer stopped: ${error.message}` : 'Answer finished.');
      if (error && error.code !== 'aborted') setQuestion((q) => q || lastAsked.current || '');
      void loadThreads(turn?.threadId ?? null);
    },
    [loadThreads],
  );
  const { live, ask, stop, reset } = useAnswer(onFinished);

  useEffect(() => {
    void loadPaper();
    reset();
  }, [loadPaper, reset]);
  useTabChanges(tabId, loadPaper);
  useEffect(() => {
    void loadThreads(null);
  }, [loadThreads]);
  useEffect(() => {
    void sendRequest('settings/public', {})
      .then(setSettings)
      .catch(() => setSettings(null));
    const onChange = (changes: Record<string, unknown>) => {
      if ('settings' in changes) void sendRequest('settings/public', {}).then(setSettings);
    };
    browser.storage.local.onChanged.addListener(onChange);
    return () => browser.storage.local.onChanged.removeListener(onChange);
  }, []);

  // "Ask Antigravity" on a selection: the quoted text waits in the background for this tab.
  const takeSelection = useCallback(async () => {
    if (tabId === null) return;
    const { selection } = await sendRequest('panel/take-selection', { tabId }).catch(() => ({
      selection: null,
    }));
    if (selection) {
      const quoted = selection
        .trim()
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
      setQuestion(`${quoted}\n\n`);
      document.querySelector<HTMLTextAreaElement>('[data-testid="question-input"]')?.focus();
    }
  }, [tabId]);
  useEffect(() => {
    void takeSelection();
    const onChange = (changes: Record<string, unknown>) => {
      if (tabId !== null && `sel:${tabId}` in changes) void takeSelection();
    };
    browser.storage.session.onChanged.addListener(onChange);
    return () => browser.storage.session.onChanged.removeListener(onChange);
  }, [tabId, takeSelection]);

  const threadTurns = useMemo(
    () => turns.filter((t) => t.threadId === threadId && t.id !== live.turn?.id),
    [turns, threadId, live.turn?.id],
  );

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [threadTurns.length, live.turn?.id]);

  const submit = useCallback(
    (q?: string, opts: { newThread?: boolean } = {}) => {
      const text = (q ?? question).trim();
      if (!text || tabId === null) return;
      lastAsked.current = text;
      setQuestion('');
      setAnnounce('');
      ask({
        type: 'ask',
        tabId,
        question: text,
        threadId: opts.newThread ? undefined : (threadId ?? undefined),
        newThread: opts.newThread || threadId === null,
      });
    },
    [question, tabId, threadId, ask],
  );

  const openOptions = useCallback(() => void browser.runtime.openOptionsPage(), []);

  const deleteThread = useCallback(
    async (t: Thread) => {
      await sendRequest('threads/delete', { threadId: t.id });
      setUndo(t);
      reset();
      await loadThreads(null);
    },
    [loadThreads, reset],
  );
  const undoDelete = useCallback(async () => {
    if (!undo) return;
    await sendRequest('threads/restore', { threadId: undo.id });
    const id = undo.id;
    setUndo(null);
    await loadThreads(id);
  }, [undo, loadThreads]);

  const canAsk = Boolean(paper);
  const liveTurn = live.turn;

  return (
    <div className="panel">
      <PaperHeader state={tabPaper} loading={loading} />
      {panelError && <ErrorNotice error={panelError} onOpenOptions={openOptions} />}
      {paper && (
        <ThreadBar
          threads={threads}
          current={threadId}
          onSelect={(id) => {
            reset();
            setThreadId(id);
          }}
          onNew={() => {
            reset();
            setThreadId(null);
          }}
          onDelete={(t) => void deleteThread(t)}
          turns={threadTurns}
          paper={paper}
        />
      )}
      {undo && (
        <div className="toast" role="status">
          Thread deleted.{' '}
          <button type="button" className="link" onClick={() => void undoDelete()}>
            Undo
          </button>
        </div>
      )}
      <main className="thread" aria-label="Questions and answers">
        {paper && settings && !settings.hasApiKey && threadTurns.length === 0 && !liveTurn && (
          <div className="empty-state">
            <p>
              <strong>No API key yet.</strong> You can still ask: Antigravity shows the best sources
              from your corpus and the passages that match your question. Add your Anthropic key for
              cited answers written by Claude.
            </p>
            <button type="button" onClick={openOptions}>
              Add an API key
            </button>
          </div>
        )}
        {threadTurns.map((t) => (
          <TurnView
            key={t.id}
            turn={t}
            paper={paper}
            onFollowup={(q) => submit(q)}
            onOpenOptions={openOptions}
          />
        ))}
        {(liveTurn || live.streaming || live.error) &&
          (liveTurn ? (
            <TurnView
              turn={liveTurn}
              liveText={live.text}
              streaming={live.streaming}
              thinking={live.thinking}
              notices={live.notices}
              error={live.error}
              paper={paper}
              onFollowup={(q) => submit(q)}
              onOpenOptions={openOptions}
              onRetry={() => lastAsked.current && submit(lastAsked.current)}
            />
          ) : live.error ? (
            <>
              <span className="visually-hidden" data-testid="answer-status">
                error
              </span>
              <ErrorNotice
                error={live.error}
                onOpenOptions={openOptions}
                onRetry={() => lastAsked.current && submit(lastAsked.current)}
              />
            </>
          ) : (
            <div className="progress-bar indeterminate" aria-label="Finding sources" />
          ))}
        <div ref={endRef} />
      </main>
      <AskBox
        value={question}
        onChange={setQuestion}
        onSubmit={() => submit()}
        onStop={stop}
        onRecall={() => lastAsked.current}
        streaming={live.streaming}
        disabled={!canAsk}
        placeholder={canAsk ? 'Ask about this paper…' : 'Open an arXiv paper to ask about it'}
      />
      <div className="visually-hidden" aria-live="polite" role="status">
        {announce}
      </div>
    </div>
  );
}
