/**
 * The answer pipeline: question -> sources -> one streamed Messages API request -> a finished,
 * cited, persisted Turn. Runs in the background worker (and in tests and benchmarks) with its
 * dependencies injected. Events go out through `emit` as they happen (start, thinking, delta,
 * citation, usage, notice, then exactly one of done/error); the turn is saved when it starts,
 * while it grows (lib/answer/turn-saver.ts) and at the end. Design: lib/answer/README.md.
 */
import type { Paper } from '../arxiv/schema';
import type { Source } from '../corpus/schema';
import * as threadsDb from '../db';
import type { Settings } from '../settings';
import { AgException, isQuotaError, isStorageUnavailableError, toAgError } from '../errors';
import { createClient, currentModels, streamMessage, type StreamOutcome } from './client';
import { abortedError, badMessageError } from './api-errors';
import { CitationNumbering, finishTurn, mapCitation, sortSources, toUsage } from './finish';
import { DisplayFilter } from './answer-format';
import { buildRequest } from './request';
import { RetryPolicy, waitWithTicks } from './retry';
import { buildRetrievalAnswer } from './retrieval-only';
import { sentRecordFor, withUsage } from './sent';
import { putSentRecord, type SentRecord } from '../db';
import type { AnswerEvent, Thread, Turn } from './schema';
import { throttledTurnSaver } from './turn-saver';
import type { FindSourcesInput, FoundSources } from '../retrieval';
import type { Reads } from '../arxiv/paper-text';

export interface AnswerDeps {
  getSettings: () => Promise<Settings>;
  /** The corpus papers to use as sources for a question on a paper, best first (lexical only). */
  retrieve?: (question: string, paper: Paper, k: number) => Promise<Source[]>;
  /** The full retrieval (plan, gather, rate, live search: lib/retrieval); preferred when given. */
  findSources?: (input: FindSourcesInput) => Promise<FoundSources>;
  /** The fetch the SDK uses (default: the global fetch). */
  fetch?: typeof fetch;
  /** Clock for timestamps (default Date.now). */
  now?: () => number;
  /** Persistence (default lib/db/threads). */
  saveTurn?: (thread: Thread, turn: Turn) => Promise<void>;
  updateTurn?: (turn: Turn) => Promise<void>;
  /** Thread lookups (default lib/db/threads). */
  getThread?: (id: string) => Promise<Thread | undefined>;
  listThreads?: (paperId: string) => Promise<Thread[]>;
  listTurns?: (threadId: string) => Promise<Turn[]>;
  /** Minimum time between two saves of a growing answer (default 500 ms). */
  saveIntervalMs?: number;
  /** Records what each answer sent ("What was sent"; default lib/db/sent-log). */
  recordSent?: (rec: SentRecord) => Promise<void>;
}

export interface AskInput {
  paper: Paper;
  /** What the paper's text is (full text, or the abstract and why): kept on the turn. */
  reads?: Reads;
  /**
   * The paper's full text still on its way: the sources are planned, gathered and rated from
   * `paper` (title and abstract) meanwhile, and the answer waits for this before it is written.
   */
  text?: Promise<{ paper: Paper; reads?: Reads }>;
  question: string;
  /** Continue this thread (when it belongs to the paper). */
  threadId?: string;
  /** Start a new thread even if the paper has one. */
  newThread?: boolean;
}

export type Emit = (e: AnswerEvent) => void;

export interface AnswerService {
  /**
   * Answers a question about a paper. Never rejects: failures end as an `error` event and a turn
   * with `error` set (status `error`, or `incomplete` when cancelled), whose question and partial
   * answer are saved.
   */
  ask(input: AskInput, emit: Emit, signal: AbortSignal): Promise<Turn>;
}

const THREAD_TITLE_MAX = 80;

function newId(): string {
  return globalThis.crypto.randomUUID();
}

function threadTitle(question: string): string {
  const q = question.replace(/\s+/g, ' ').trim();
  return q.length > THREAD_TITLE_MAX ? `${q.slice(0, THREAD_TITLE_MAX - 1).trimEnd()}…` : q;
}

/** The thread as saveTurn wrote it with this turn (lib/db/threads.ts). */
function savedThread(thread: Thread, turn: Turn): Thread {
  return { ...thread, updatedAt: Math.max(thread.updatedAt, turn.createdAt) };
}

function newTurn(paper: Paper, question: string, at: number): Turn {
  return {
    id: newId(),
    threadId: '',
    paperId: paper.id,
    paperVersion: paper.version,
    question,
    answer: '',
    status: 'streaming',
    mode: 'llm',
    model: '',
    citations: [],
    sources: [],
    followups: [],
    unverifiedIds: [],
    createdAt: at,
  };
}

/**
 * The notice of an answer whose final save failed: the streamed answer stays on screen (it is
 * not turned into an error), and the reader learns it is not stored and what to do.
 */
export function unsavedNotice(e: unknown): string {
  const full = isQuotaError(e);
  const unavailable = !full && isStorageUnavailableError(e);
  const why = full
    ? "the browser's storage is full"
    : unavailable
      ? 'the browser could not open its storage (its disk may be full)'
      : `the database refused it (${toAgError(e).message})`;
  return (
    `This answer could not be saved: ${why}. It stays here until the panel closes; copy or export it now. ` +
    (full
      ? 'Free disk space, or remove corpus categories or old threads in the options page.'
      : unavailable
        ? 'Free disk space, then reload the extension.'
        : 'Reload the extension if it keeps happening.')
  );
}

class CancelledBeforeStart extends Error {
  constructor() {
    super('Cancelled before the request was sent.');
  }
}

/** One answer being written: its turn, and how it talks to the panel. */
interface Answering {
  paper: Paper;
  question: string;
  thread: Thread;
  history: Turn[];
  settings: Settings;
  turn: Turn;
  emit: Emit;
  notice: (message: string) => void;
  signal: AbortSignal;
}

export function createAnswerService(deps: AnswerDeps): AnswerService {
  const now = deps.now ?? (() => Date.now());
  const saveTurn = deps.saveTurn ?? threadsDb.saveTurn;
  const updateTurn = deps.updateTurn ?? threadsDb.updateTurn;
  const getThread = deps.getThread ?? threadsDb.getThread;
  const listThreads = deps.listThreads ?? threadsDb.listThreads;
  const listTurns = deps.listTurns ?? threadsDb.listTurns;
  const saveIntervalMs = deps.saveIntervalMs ?? 500;
  const recordSent = deps.recordSent ?? putSentRecord;

  async function resolveThread(
    input: AskInput,
    question: string,
  ): Promise<{ thread: Thread; history: Turn[] }> {
    const { paper } = input;
    let thread: Thread | undefined;
    if (input.threadId) {
      const found = await getThread(input.threadId);
      if (found && found.paperId === paper.id && !found.deletedAt) thread = found;
    } else if (!input.newThread) {
      thread = (await listThreads(paper.id))[0];
    }
    if (thread) return { thread, history: await listTurns(thread.id) };
    const at = now();
    return {
      thread: {
        id: newId(),
        paperId: paper.id,
        paperTitle: paper.title,
        title: threadTitle(question),
        createdAt: at,
        updatedAt: at,
      },
      history: [],
    };
  }

  async function ask(input: AskInput, emitRaw: Emit, signal: AbortSignal): Promise<Turn> {
    const emit: Emit = (e) => {
      try {
        emitRaw(e);
      } catch {
        // A closed port: the turn is still saved.
      }
    };
    let { paper } = input;
    // The text is read while the sources are found (both wait on the network); never rejects.
    const text = input.text?.catch(() => ({ paper: input.paper, reads: undefined }));
    const question = input.question.trim();
    let turn = newTurn(paper, question, now());
    if (input.reads) turn.reads = input.reads;
    let thread: Thread | undefined;
    const notice = (message: string) => {
      turn.notices = [...(turn.notices ?? []), message];
      emit({ type: 'notice', message });
    };

    try {
      if (!question) throw new AgException(badMessageError('the question is empty.'));
      const settings = await deps.getSettings();
      const resolved = await resolveThread(input, question);
      thread = resolved.thread;
      turn.threadId = thread.id;
      turn.model = settings.model;
      if (signal.aborted) throw new CancelledBeforeStart();

      let sources: Source[] = [];
      try {
        if (deps.findSources) {
          // Plan + gather + rate (lib/retrieval): sources already chosen and ordered.
          const found = await deps.findSources({
            question,
            paper,
            history: resolved.history,
            settings,
            signal,
            onStatus: (message) => emit({ type: 'status', message }),
          });
          sources = found.sources.filter((s) => s.id !== paper.id);
          for (const n of found.notices) notice(n);
          if (found.usage) turn.retrievalUsage = found.usage;
        } else if (deps.retrieve) {
          const got = await deps.retrieve(question, paper, settings.maxSources);
          sources = sortSources(got.filter((s) => s.id !== paper.id)).slice(0, settings.maxSources);
        }
      } catch (e) {
        if (signal.aborted) throw new CancelledBeforeStart();
        notice(
          `The corpus could not be searched (${toAgError(e).message}); answering from the paper alone.`,
        );
      }
      turn.sources = sources;
      if (text) {
        const read = await text;
        paper = read.paper;
        if (read.reads) turn.reads = read.reads;
        if (signal.aborted) throw new CancelledBeforeStart();
      }

      if (!settings.apiKey) {
        const { answer, passages } = buildRetrievalAnswer(paper, question, sources);
        turn = { ...turn, mode: 'retrieval', model: 'retrieval-only', answer, passages };
        await saveTurn(thread, turn);
        emit({ type: 'start', turn: { ...turn }, thread: savedThread(thread, turn) });
        turn = { ...turn, status: 'done', finishedAt: now() };
        await saveTurn(thread, turn);
        emit({ type: 'done', turn: { ...turn } });
        return turn;
      }

      await saveTurn(thread, turn);
      emit({ type: 'start', turn: { ...turn }, thread: savedThread(thread, turn) });
      const a: Answering = {
        paper,
        question,
        thread,
        history: resolved.history,
        settings,
        turn,
        emit,
        notice,
        signal,
      };
      return await streamAnswer(a);
    } catch (e) {
      const error = e instanceof CancelledBeforeStart ? abortedError() : toAgError(e);
      turn = {
        ...turn,
        status: error.code === 'aborted' ? 'incomplete' : 'error',
        error,
        finishedAt: now(),
      };
      if (thread) await saveTurn(thread, turn).catch(() => undefined);
      emit({ type: 'error', error, turn: { ...turn } });
      return turn;
    }
  }

  /** Streams the model's answer into `a.turn` (retrying per RetryPolicy), then finishes it. */
  async function streamAnswer(a: Answering): Promise<Turn> {
    const { paper, settings, emit, notice, signal } = a;
    const turn = a.turn;
    const client = createClient(settings, deps.fetch);
    const saver = throttledTurnSaver(() => turn, updateTurn, saveIntervalMs);
    const numbering = new CitationNumbering();
    const retry = new RetryPolicy();
    let raw = '';
    let filter = new DisplayFilter();
    let budget = settings.paperTokenBudget;
    let sent: SentRecord | undefined;

    let outcome: StreamOutcome;
    for (;;) {
      const built = buildRequest({
        paper,
        question: a.question,
        sources: turn.sources,
        history: a.history,
        model: settings.model,
        paperTokenBudget: budget,
      });
      const { paperText } = built;
      if (paperText.trimmed && !turn.paperTrimmed) {
        turn.paperTrimmed = true;
        notice(
          `The paper is longer than the token budget: about ${paperText.tokens.toLocaleString('en')} tokens of it were sent ` +
            `(left out: ${paperText.omitted.slice(0, 5).join('; ') || 'the end'}${paperText.omitted.length > 5 ? '; …' : ''}).`,
        );
      }
      // What leaves the machine is recorded as it leaves (a retry appends its call).
      sent = sentRecordFor({
        turn,
        paper,
        built,
        history: a.history,
        baseUrl: settings.baseUrl,
        at: now(),
        prev: sent,
      });
      await recordSent(sent).catch(() => undefined);
      outcome = await streamMessage(
        client,
        built.params,
        {
          model: (id) => {
            turn.model = id;
          },
          thinking: () => emit({ type: 'thinking' }),
          text: (t) => {
            raw += t;
            const shown = filter.push(t);
            if (!shown) return;
            turn.answer += shown;
            emit({ type: 'delta', text: shown });
            saver.schedule();
          },
          citations: (list) => {
            for (const c of list) {
              const target = mapCitation(c, { paper, sources: turn.sources, paperText });
              if (!target) continue;
              const citation = {
                n: numbering.numberFor(target.arxivId),
                ...target,
                offset: Math.min(raw.length, turn.answer.length),
              };
              turn.citations.push(citation);
              emit({ type: 'citation', citation });
            }
            saver.schedule();
          },
          usage: (u) => {
            turn.usage = toUsage(u, turn.model);
            emit({ type: 'usage', usage: turn.usage });
          },
        },
        {
          signal,
          stallTimeoutS: settings.stallTimeoutS,
          errorContext: () => ({ model: turn.model || settings.model, baseUrl: settings.baseUrl }),
        },
      );
      if (turn.usage) await recordSent(withUsage(sent, turn.usage)).catch(() => undefined);
      if (outcome.ok || outcome.started) break;

      const decision = retry.next(outcome.error, budget, paperText.tokens);
      if (decision.kind === 'wait') {
        notice(`The API is rate limiting requests: trying again once in ${decision.seconds} s.`);
        const waited = await waitWithTicks(decision.seconds, signal, (left) =>
          emit({ type: 'notice', message: `Trying again in ${left} s…` }),
        );
        if (!waited) {
          outcome = { ok: false, error: abortedError(), started: false };
          break;
        }
        continue;
      }
      if (decision.kind === 'trim') {
        budget = decision.budget;
        turn.paperTrimmed = true;
        notice(
          `The request was too large for the API, so the paper was trimmed to about ${budget.toLocaleString('en')} tokens and the question sent again.`,
        );
        raw = '';
        filter = new DisplayFilter();
        continue;
      }
      if (outcome.error.code === 'model_not_found') {
        const models = await currentModels(client, signal);
        outcome = { ...outcome, error: { ...outcome.error, models } };
      }
      break;
    }

    if (outcome.ok && outcome.stopReason === 'max_tokens')
      notice('The answer reached the length limit and may be cut short.');
    if (outcome.ok && outcome.stopReason === 'refusal')
      notice('The model declined to answer this question.');
    await saver.stop();
    const tail = filter.flush();
    if (tail) {
      turn.answer += tail;
      emit({ type: 'delta', text: tail });
    }
    if (outcome.ok) {
      const done = finishTurn({ ...turn, status: 'done' }, { rawText: raw, paper, now: now() });
      await saveTurn(a.thread, done).catch((e: unknown) => {
        const m = unsavedNotice(e);
        notice(m);
        if (!done.notices?.includes(m)) done.notices = [...(done.notices ?? []), m];
      });
      emit({ type: 'done', turn: { ...done } });
      return done;
    }
    const error = outcome.error;
    const failed = finishTurn(
      { ...turn, status: error.code === 'aborted' ? 'incomplete' : 'error', error },
      { rawText: raw, paper, now: now() },
    );
    // A partial follow-up block is not a list of questions.
    failed.followups = [];
    await saveTurn(a.thread, failed).catch((e: unknown) => notice(unsavedNotice(e)));
    emit({ type: 'error', error, turn: { ...failed } });
    return failed;
  }

  return { ask };
}
