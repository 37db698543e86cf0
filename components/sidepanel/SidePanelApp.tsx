import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { sendRequest } from '@/lib/messaging';
import type { AgError, Thread, Turn } from '@/lib/answer/schema';
import { PaperHeader } from './PaperHeader';
import { FullTextStatus } from './FullTextStatus';
import { TurnView } from './TurnView';
import { AskBox } from './AskBox';
import { ErrorNotice } from './ErrorNotice';
import { ThreadBar } from './ThreadBar';
import { FirstRunNotice } from './FirstRunNotice';
import { useAnswer } from './use-answer';
import { useTabId, useTabPaper } from './use-tab';
import './styles.css';

type PublicSettings = Awaited<ReturnType<typeof sendRequest<'settings/public'>>>;

/** A quoted selection as the start of a question: each line as a Markdown quote, then a blank line. */
export function quoteSelection(selection: string): string {
  const quoted = selection
    .trim()
    .split(/\r?\n/)
    .map((l) => `> ${l}`.trimEnd())
    .join('\n');
  return `${quoted}\n\n`;
}

/** The announcement of the live region when an answer ends. */
export function finishedAnnouncement(turn: Turn | null, error: AgError | null): string {
  if (error?.code === 'aborted') return 'Answer stopped. What arrived is kept.';
  if (error) return `The answer stopped with an error: ${error.message}`;
  const n = turn?.sources.length ?? 0;
  return `Answer finished${n ? `, with ${n} source${n === 1 ? '' : 's'}` : ''}.`;
}

export function SidePanelApp() {
  const tabId = useTabId();
  const tab = useTabPaper(tabId);
  const paper = tab.state?.result?.paper ?? null;
  const paperId = paper?.id ?? null;
  const [settings, setSettings] = useState<PublicSettings | null>(null);
  const [threads, setThreads] = useState<Thread[]>([]);
  const [turns, setTurns] = useState<Turn[]>([]);
  /** The thread shown; null for a new thread (the next question starts one). */
  const [threadId, setThreadId] = useState<string | null>(null);
  const [question, setQuestion] = useState('');
  const [announce, setAnnounce] = useState('');
  const [undo, setUndo] = useState<Thread | null>(null);
  const [otherPapers, setOtherPapers] = useState<number | null>(null);
  const lastAsked = useRef<string | null>(null);
  /** The question asked last (shown while its answer has not started). */
  const [asked, setAsked] = useState<string | null>(null);
  /** The paper the live answer is about (it keeps streaming when the reader switches tabs). */
  const [livePaper, setLivePaper] = useState<string | null>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  /** Follow the end of the thread while the reader is there. */
  const stickToEnd = useRef(true);

  /** The latest threads/list request: an older answer arriving late is stale and dropped. */
  const threadsSeq = useRef(0);

  /** False once the panel is gone: answers arriving after that change no state. */
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  /** Loads the threads of the paper; `keep` picks the thread to show (undefined: the current). */
  const refreshThreads = useCallback(
    (keep?: string | null) => {
      const id = paperId;
      const mine = ++threadsSeq.current;
      const got = id
        ? sendRequest('threads/list', { paperId: id }).catch(() => ({
            threads: [] as Thread[],
            turns: [] as Turn[],
          }))
        : Promise.resolve({ threads: [] as Thread[], turns: [] as Turn[] });
      return got.then((r) => {
        // A list read before a later change (a delete, a new turn) must not undo it on screen.
        if (mine !== threadsSeq.current || !mounted.current) return;
        setThreads(r.threads);
        setTurns(r.turns);
        setThreadId((cur) => {
          const want = keep !== undefined ? keep : cur;
          if (want && r.threads.some((t) => t.id === want)) return want;
          return r.threads[0]?.id ?? null;
        });
      });
    },
    [paperId],
  );

  const refreshCorpus = useCallback(() => {
    if (!paper) return Promise.resolve();
    return sendRequest('corpus/related', { paper, k: 1 }).then(
      (r) => {
        if (mounted.current) setOtherPapers(Math.max(0, r.corpusSize - (r.inCorpus ? 1 : 0)));
      },
      () => {
        if (mounted.current) setOtherPapers(null);
      },
    );
  }, [paper]);

  const onFinished = useCallback(
    (turn: Turn | null, error: AgError | null) => {
      setAnnounce(finishedAnnouncement(turn, error));
      if (error && error.code !== 'aborted') setQuestion((q) => q || lastAsked.current || '');
      void refreshThreads(turn?.threadId ?? undefined);
    },
    [refreshThreads],
  );
  const onStart = useCallback(
    (turn: Turn) => {
      // A new thread exists from the first event on: show it as the current one.
      setThreadId(turn.threadId);
      void refreshThreads(turn.threadId);
    },
    [refreshThreads],
  );
  const { live, ask, stop, reset } = useAnswer(onFinished, onStart);

  useEffect(() => {
    void refreshThreads(null);
  }, [refreshThreads]);
  useEffect(() => {
    void refreshCorpus();
  }, [refreshCorpus]);
  useEffect(() => {
    let live = true;
    const load = () =>
      sendRequest('settings/public', {}).then(
        (s) => live && setSettings(s),
        () => live && setSettings(null),
      );
    void load();
    const onChange = (changes: Record<string, unknown>) => {
      if ('settings' in changes) void load();
    };
    browser.storage.local.onChanged.addListener(onChange);
    return () => {
      live = false;
      browser.storage.local.onChanged.removeListener(onChange);
    };
  }, []);

  // "Ask Antigravity" on a selection: the quoted text waits in the background for this tab.
  useEffect(() => {
    if (tabId === null || tabId === undefined) return;
    let live = true;
    const take = () =>
      sendRequest('panel/take-selection', { tabId }).then(
        ({ selection }) => {
          if (!live || !selection) return;
          setQuestion(quoteSelection(selection));
          const el = inputRef.current;
          if (el) {
            el.focus();
            requestAnimationFrame(() => el.setSelectionRange(el.value.length, el.value.length));
          }
        },
        () => undefined,
      );
    void take();
    const onChange = (changes: Record<string, { newValue?: unknown }>) => {
      if (`sel:${tabId}` in changes && changes[`sel:${tabId}`]?.newValue !== undefined) void take();
    };
    browser.storage.session.onChanged.addListener(onChange);
    return () => {
      live = false;
      browser.storage.session.onChanged.removeListener(onChange);
    };
  }, [tabId]);

  // Follow the end of the thread while the reader is at the end (not when they scrolled up).
  useEffect(() => {
    const onScroll = () => {
      const el = document.scrollingElement ?? document.documentElement;
      stickToEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 120;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);

  const liveHere = live.turn
    ? live.turn.paperId === paperId && live.turn.threadId === threadId
    : livePaper === paperId;
  const liveTurn = liveHere ? live.turn : null;
  const threadTurns = useMemo(
    () => turns.filter((t) => t.threadId === threadId && t.id !== live.turn?.id),
    [turns, threadId, live.turn?.id],
  );
  /** Every saved turn of the thread shown (the thread exports take them all). */
  const savedThreadTurns = useMemo(
    () => turns.filter((t) => t.threadId === threadId && t.status !== 'streaming'),
    [turns, threadId],
  );
  useEffect(() => {
    stickToEnd.current = true;
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [threadId, threadTurns.length, live.turn?.id]);
  useEffect(() => {
    if (stickToEnd.current && live.streaming) endRef.current?.scrollIntoView({ block: 'end' });
  }, [live.text, live.streaming]);

  // "/" anywhere outside a text field goes to the question box.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      inputRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = useCallback(
    (q?: string) => {
      const text = (q ?? question).trim();
      if (!text || typeof tabId !== 'number' || !paperId) return;
      lastAsked.current = text;
      setAsked(text);
      setQuestion('');
      setAnnounce('');
      setUndo(null);
      setLivePaper(paperId);
      stickToEnd.current = true;
      ask({
        type: 'ask',
        tabId,
        question: text,
        threadId: threadId ?? undefined,
        newThread: threadId === null,
      });
    },
    [question, tabId, paperId, threadId, ask],
  );

  const openOptions = useCallback(() => void browser.runtime.openOptionsPage(), []);

  const deleteThread = useCallback(
    (t: Thread) =>
      sendRequest('threads/delete', { threadId: t.id }).then(() => {
        if (!mounted.current) return;
        // The toast and the thread's removal from the list show together; the reload follows.
        const rest = threads.filter((x) => x.id !== t.id);
        setThreads(rest);
        setThreadId((cur) => (cur === t.id ? (rest[0]?.id ?? null) : cur));
        setUndo(t);
        if (live.turn?.threadId === t.id) reset();
        return refreshThreads(null);
      }),
    [threads, refreshThreads, reset, live.turn?.threadId],
  );
  const undoDelete = useCallback(() => {
    if (!undo) return;
    const id = undo.id;
    void sendRequest('threads/restore', { threadId: id }).then(() => {
      if (!mounted.current) return;
      setUndo(null);
      return refreshThreads(id);
    });
  }, [undo, refreshThreads]);

  const canAsk = Boolean(paper);
  const showLive = liveHere && (liveTurn || live.streaming || live.error);
  const emptyThread = threadTurns.length === 0 && !showLive;

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
          threads={threads}
          current={threadId}
          onSelect={(id) => {
            if (!live.streaming) reset();
            setUndo(null);
            setThreadId(id);
          }}
          onNew={() => {
            if (!live.streaming) reset();
            setUndo(null);
            setThreadId(null);
            inputRef.current?.focus();
          }}
          onDelete={(t) => void deleteThread(t)}
          turns={savedThreadTurns}
          paper={paper}
          pendingTitle={live.turn?.threadId === threadId ? live.turn?.question : undefined}
        />
      )}
      {undo && (
        <div className="toast" role="status" data-testid="undo-toast">
          <span>
            Deleted “{undo.title}”.{' '}
            <button type="button" className="link" data-testid="undo-delete" onClick={undoDelete}>
              Undo
            </button>
          </span>
          <button
            type="button"
            className="icon"
            aria-label="Dismiss"
            title="Dismiss"
            onClick={() => setUndo(null)}
          >
            ×
          </button>
        </div>
      )}
      <main className="thread" aria-label="Questions and answers">
        {paper && emptyThread && settings && !settings.hasApiKey && otherPapers === 0 && (
          <FirstRunNotice onOpenOptions={openOptions} />
        )}
        {paper && emptyThread && settings && !settings.hasApiKey && otherPapers !== 0 && (
          <div className="empty-state" data-testid="empty-no-key">
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
        {paper && emptyThread && otherPapers === 0 && settings?.hasApiKey && (
          <div className="empty-state" data-testid="empty-corpus">
            <p>
              <strong>Your corpus has no other papers yet.</strong> Answers draw on this paper only
              until you add related work: import the arXiv metadata snapshot or harvest a category
              on the settings page. Papers you open are added as you read.
            </p>
            <button type="button" onClick={openOptions}>
              Import or harvest papers
            </button>
          </div>
        )}
        {paper && emptyThread && (
          <p className="hint start-hint">
            Ask anything about this paper: its method, a result, an equation, how it relates to
            other work. Select text on the page to quote it.
          </p>
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
        {showLive &&
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
            <div className="turn error">
              <h2 className="question">{asked}</h2>
              <span className="visually-hidden" data-testid="answer-status">
                error
              </span>
              <ErrorNotice
                error={live.error}
                onOpenOptions={openOptions}
                onRetry={() => lastAsked.current && submit(lastAsked.current)}
              />
            </div>
          ) : (
            <div className="turn streaming" aria-busy="true">
              <h2 className="question">{asked}</h2>
              <span className="visually-hidden" data-testid="answer-status">
                streaming
              </span>
              <div
                className="progress-bar indeterminate"
                role="progressbar"
                aria-label="Finding sources"
              />
              <p className="hint" data-testid="retrieval-status">
                {live.status ?? 'Finding sources in your corpus…'}
              </p>
            </div>
          ))}
        {live.streaming && !liveHere && (
          <p className="hint" role="status">
            An answer is still being written in another thread or for another paper. Stop it to ask
            here.
          </p>
        )}
        <div ref={endRef} />
      </main>
      <AskBox
        inputRef={inputRef}
        value={question}
        onChange={setQuestion}
        onSubmit={() => submit()}
        onStop={stop}
        onRecall={() => lastAsked.current}
        streaming={live.streaming}
        disabled={!canAsk}
        placeholder={canAsk ? 'Ask about this paper…' : 'Open an arXiv paper to ask about it'}
      />
      <div className="visually-hidden" aria-live="polite" role="status" data-testid="announcer">
        {announce}
      </div>
    </div>
  );
}
