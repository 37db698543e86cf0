/**
 * The answer pipeline: question -> sources -> one streamed Messages API request -> a finished,
 * cited, persisted Turn. The ONE module that streams; it runs in the background worker (and in
 * tests and benchmarks) with its dependencies injected.
 *
 * Events go out through `emit` as they happen (start, thinking, delta, citation, usage, notice,
 * then exactly one of done/error). The turn is saved when it starts, every ~500 ms while it
 * grows, and at the end, so a worker that dies leaves what was received.
 */
import type { TextCitation, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import type Anthropic from '@anthropic-ai/sdk';
import type { Paper } from '../arxiv/schema';
import type { Source } from '../corpus/schema';
import * as threadsDb from '../db/threads';
import { KNOWN_MODELS } from '../settings/models';
import type { Settings } from '../settings';
import { AgException, toAgError } from '../errors';
import { DisplayFilter } from './format';
import {
  abortedError,
  badMessageError,
  DEFAULT_RETRY_WAIT_S,
  mapAnthropicError,
  MAX_AUTO_RETRY_WAIT_S,
  stallError,
} from './errors';
import {
  CitationNumbering,
  finishTurn,
  mapCitation,
  sortSources,
  toUsage,
  type ApiUsage,
} from './finish';
import { buildRequest, createClient, type BuiltRequest } from './request';
import { buildRetrievalAnswer } from './retrieval-only';
import type { AgError, AnswerEvent, Thread, Turn } from './schema';
import type { Reads } from '../fulltext/schema';

export interface AnswerDeps {
  getSettings: () => Promise<Settings>;
  /** The corpus papers to use as sources for a question on a paper, best first. */
  retrieve: (question: string, paper: Paper, k: number) => Promise<Source[]>;
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
}

export interface AskInput {
  paper: Paper;
  /** What the paper's text is (full text, or the abstract and why): kept on the turn. */
  reads?: Reads;
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
/** While waiting before an automatic retry, a notice at least this often keeps the worker alive. */
const WAIT_NOTICE_EVERY_MS = 15_000;

function newId(): string {
  return globalThis.crypto.randomUUID();
}

function threadTitle(question: string): string {
  const q = question.replace(/\s+/g, ' ').trim();
  return q.length > THREAD_TITLE_MAX ? `${q.slice(0, THREAD_TITLE_MAX - 1).trimEnd()}…` : q;
}

/** Resolves after `ms`, or early (false) when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The models the server offers now (GET /v1/models), or the known list when it cannot say. */
async function currentModels(client: Anthropic, signal: AbortSignal): Promise<string[]> {
  try {
    const ids: string[] = [];
    for await (const m of client.models.list({ limit: 100 }, { timeout: 5000, signal }))
      ids.push(m.id);
    if (ids.length) return ids;
  } catch {
    // fall through
  }
  return KNOWN_MODELS.map((m) => m.id);
}

type AttemptResult = { ok: true } | { ok: false; error: AgError; started: boolean; raw?: unknown };

export function createAnswerService(deps: AnswerDeps): AnswerService {
  const now = deps.now ?? (() => Date.now());
  const saveTurn = deps.saveTurn ?? threadsDb.saveTurn;
  const updateTurn = deps.updateTurn ?? threadsDb.updateTurn;
  const getThread = deps.getThread ?? threadsDb.getThread;
  const listThreads = deps.listThreads ?? threadsDb.listThreads;
  const listTurns = deps.listTurns ?? threadsDb.listTurns;
  const saveIntervalMs = deps.saveIntervalMs ?? 500;

  async function resolveThread(
    input: AskInput,
    question: string,
  ): Promise<{ thread: Thread; history: Turn[] }> {
    const { paper } = input;
    let thread: Thread | undefined;
    if (input.threadId) {
      const t = await getThread(input.threadId);
      if (t && t.paperId === paper.id && !t.deletedAt) thread = t;
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
    const { paper } = input;
    const question = input.question.trim();
    let turn: Turn = {
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
      createdAt: now(),
      ...(input.reads ? { reads: input.reads } : {}),
    };
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
        const got = await deps.retrieve(question, paper, settings.maxSources);
        sources = sortSources(got.filter((s) => s.id !== paper.id)).slice(0, settings.maxSources);
      } catch (e) {
        notice(
          `The corpus could not be searched (${toAgError(e).message}); answering from the paper alone.`,
        );
      }
      turn.sources = sources;

      if (!settings.apiKey) {
        const { answer, passages } = buildRetrievalAnswer(paper, question, sources);
        turn = { ...turn, mode: 'retrieval', model: 'retrieval-only', answer, passages };
        await saveTurn(thread, turn);
        emit({ type: 'start', turn: { ...turn } });
        turn = { ...turn, status: 'done', finishedAt: now() };
        await saveTurn(thread, turn);
        emit({ type: 'done', turn: { ...turn } });
        return turn;
      }

      await saveTurn(thread, turn);
      emit({ type: 'start', turn: { ...turn } });
      return await streamAnswer(settings, thread, resolved.history);
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

    async function streamAnswer(settings: Settings, th: Thread, history: Turn[]): Promise<Turn> {
      const client = createClient(settings, deps.fetch);
      const stallMs = settings.stallTimeoutS * 1000;
      let raw = '';
      let filter = new DisplayFilter();
      const numbering = new CitationNumbering();
      let budget = settings.paperTokenBudget;
      let retried429 = false;
      let retried413 = false;
      let built: BuiltRequest | undefined;

      // Throttled saving of the growing turn (trailing edge: the last text is saved too).
      let lastSaveAt = Date.now();
      let saveTimer: ReturnType<typeof setTimeout> | undefined;
      let saving: Promise<void> = Promise.resolve();
      const scheduleSave = () => {
        if (saveTimer) return;
        saveTimer = setTimeout(
          () => {
            saveTimer = undefined;
            lastSaveAt = Date.now();
            const snapshot: Turn = { ...turn, citations: [...turn.citations] };
            saving = saving.then(() => updateTurn(snapshot)).catch(() => undefined);
          },
          Math.max(0, lastSaveAt + saveIntervalMs - Date.now()),
        );
      };
      const stopSaving = async () => {
        if (saveTimer) clearTimeout(saveTimer);
        saveTimer = undefined;
        await saving;
      };

      const attempt = async (req: BuiltRequest): Promise<AttemptResult> => {
        const ac = new AbortController();
        const onAbort = () => ac.abort();
        signal.addEventListener('abort', onAbort, { once: true });
        let stalled = false;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const arm = () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            stalled = true;
            ac.abort();
          }, stallMs);
        };
        let started = false;
        let gotStop = false;
        let stopReason: string | null = null;
        let apiUsage: ApiUsage = {};
        const blockCitations = new Map<number, TextCitation[]>();

        const appendText = (t: string) => {
          if (!t) return;
          started = true;
          raw += t;
          const shown = filter.push(t);
          if (shown) {
            turn.answer += shown;
            emit({ type: 'delta', text: shown });
            scheduleSave();
          }
        };
        const flushCitations = (index: number) => {
          const list = blockCitations.get(index);
          if (!list?.length) return;
          blockCitations.delete(index);
          for (const c of list) {
            const target = mapCitation(c, {
              paper,
              sources: turn.sources,
              paperText: req.paperText,
            });
            if (!target) continue;
            const citation = {
              n: numbering.numberFor(target.arxivId),
              ...target,
              offset: Math.min(raw.length, turn.answer.length),
            };
            turn.citations.push(citation);
            emit({ type: 'citation', citation });
          }
          scheduleSave();
        };
        const emitUsage = () => {
          turn.usage = toUsage(apiUsage, turn.model);
          emit({ type: 'usage', usage: turn.usage });
        };
        const onEvent = (ev: RawMessageStreamEvent) => {
          switch (ev.type) {
            case 'message_start':
              if (ev.message.model) turn.model = ev.message.model;
              apiUsage = { ...ev.message.usage };
              emitUsage();
              break;
            case 'content_block_start': {
              const b = ev.content_block;
              if (b.type === 'thinking' || b.type === 'redacted_thinking') {
                emit({ type: 'thinking' });
              } else if (b.type === 'text') {
                if (b.citations?.length) blockCitations.set(ev.index, [...b.citations]);
                appendText(b.text);
              }
              break;
            }
            case 'content_block_delta': {
              const d = ev.delta;
              if (d.type === 'text_delta') appendText(d.text);
              else if (d.type === 'citations_delta') {
                blockCitations.set(ev.index, [...(blockCitations.get(ev.index) ?? []), d.citation]);
              }
              break;
            }
            case 'content_block_stop':
              flushCitations(ev.index);
              break;
            case 'message_delta': {
              const u = ev.usage;
              apiUsage = {
                input_tokens: u.input_tokens ?? apiUsage.input_tokens,
                output_tokens: u.output_tokens,
                cache_creation_input_tokens:
                  u.cache_creation_input_tokens ?? apiUsage.cache_creation_input_tokens,
                cache_read_input_tokens:
                  u.cache_read_input_tokens ?? apiUsage.cache_read_input_tokens,
              };
              stopReason = ev.delta.stop_reason ?? stopReason;
              emitUsage();
              break;
            }
            case 'message_stop':
              gotStop = true;
              break;
          }
        };

        let thrown: unknown;
        arm();
        try {
          const stream = await client.messages.create(req.params, { signal: ac.signal });
          for await (const ev of stream) {
            arm();
            onEvent(ev);
          }
        } catch (e) {
          thrown = e;
        } finally {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          for (const index of [...blockCitations.keys()]) flushCitations(index);
        }
        const ctx = {
          model: turn.model || settings.model,
          baseUrl: settings.baseUrl,
          streaming: started,
        };
        if (signal.aborted) return { ok: false, error: abortedError(), started };
        if (stalled) return { ok: false, error: stallError(settings.stallTimeoutS), started };
        if (thrown !== undefined) {
          const error = mapAnthropicError(thrown, ctx);
          // Anything that breaks off once text has arrived keeps the partial answer as a stream error.
          if (started && error.code !== 'stream_error' && error.code !== 'network') {
            return { ok: false, error: { ...error, code: 'stream_error' }, started, raw: thrown };
          }
          return { ok: false, error, started, raw: thrown };
        }
        if (!gotStop) {
          return {
            ok: false,
            error: {
              code: 'stream_error',
              message: 'The connection closed before the answer was finished.',
              action: 'What arrived is kept. Ask again for a full answer.',
            },
            started,
          };
        }
        if (stopReason === 'max_tokens')
          notice('The answer reached the length limit and may be cut short.');
        if (stopReason === 'refusal') notice('The model declined to answer this question.');
        return { ok: true };
      };

      let result: AttemptResult;
      for (;;) {
        built = buildRequest({
          paper,
          question,
          sources: turn.sources,
          history,
          model: settings.model,
          paperTokenBudget: budget,
        });
        if (built.paperText.trimmed && !turn.paperTrimmed) {
          turn.paperTrimmed = true;
          notice(
            `The paper is longer than the token budget: about ${built.paperText.tokens.toLocaleString('en')} tokens of it were sent ` +
              `(left out: ${built.paperText.omitted.slice(0, 5).join('; ') || 'the end'}${built.paperText.omitted.length > 5 ? '; …' : ''}).`,
          );
        }
        result = await attempt(built);
        if (result.ok || result.started) break;
        const err = result.error;
        if (err.code === 'rate_limited' && !retried429) {
          const wait = err.retryAfterS ?? DEFAULT_RETRY_WAIT_S;
          if (wait <= MAX_AUTO_RETRY_WAIT_S) {
            retried429 = true;
            notice(`The API is rate limiting requests: trying again once in ${wait} s.`);
            let left = wait * 1000;
            let completed = true;
            while (left > 0 && completed) {
              const step = Math.min(left, WAIT_NOTICE_EVERY_MS);
              completed = await sleep(step, signal);
              left -= step;
              if (completed && left > 0)
                emit({ type: 'notice', message: `Trying again in ${Math.ceil(left / 1000)} s…` });
            }
            if (!completed) {
              result = { ok: false, error: abortedError(), started: false };
              break;
            }
            continue;
          }
        }
        if (err.code === 'too_large' && !retried413) {
          retried413 = true;
          budget = Math.max(500, Math.floor(Math.min(budget, built.paperText.tokens) / 2));
          turn.paperTrimmed = true;
          notice(
            `The request was too large for the API, so the paper was trimmed to about ${budget.toLocaleString('en')} tokens and the question sent again.`,
          );
          raw = '';
          filter = new DisplayFilter();
          continue;
        }
        if (err.code === 'model_not_found') {
          result = { ...result, error: { ...err, models: await currentModels(client, signal) } };
        }
        break;
      }

      await stopSaving();
      const tail = filter.flush();
      if (tail) {
        turn.answer += tail;
        emit({ type: 'delta', text: tail });
      }
      if (result.ok) {
        turn = finishTurn({ ...turn, status: 'done' }, { rawText: raw, paper, now: now() });
        await saveTurn(th, turn);
        emit({ type: 'done', turn: { ...turn } });
        return turn;
      }
      const error = result.error;
      turn = finishTurn(
        { ...turn, status: error.code === 'aborted' ? 'incomplete' : 'error', error },
        { rawText: raw, paper, now: now() },
      );
      // A partial follow-up block is not a list of questions.
      turn.followups = [];
      await saveTurn(th, turn).catch(() => undefined);
      emit({ type: 'error', error, turn: { ...turn } });
      return turn;
    }
  }

  return { ask };
}

class CancelledBeforeStart extends Error {
  constructor() {
    super('Cancelled before the request was sent.');
  }
}
