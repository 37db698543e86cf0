/**
 * The one place that talks to the model, through the SDK: the client (browser use allowed, base
 * URL and fetch injected, no SDK retries), `streamMessage` (one streamed request on the SDK's
 * MessageStream with a stall watchdog) and `callTool` (one forced-tool request, for structured
 * answers). Failures come out as the product's errors (lib/answer/api-errors.ts); nothing retries
 * here: the retry policy is lib/answer/retry.ts.
 */
import Anthropic from '@anthropic-ai/sdk';
import type {
  MessageCreateParamsBase,
  MessageParam,
  StopReason,
  TextCitation,
  Tool,
} from '@anthropic-ai/sdk/resources/messages';
import { AgException } from '../errors';
import { KNOWN_MODELS } from '../settings/models';
import type { Settings } from '../settings';
import { abortedError, mapAnthropicError, stallError, type ErrorContext } from './api-errors';
import { toUsage, type ApiUsage } from './finish';
import type { AgError, Usage } from './schema';

export function createClient(
  settings: Pick<Settings, 'apiKey' | 'baseUrl'>,
  fetchImpl?: typeof fetch,
  options: { timeoutMs?: number } = {},
): Anthropic {
  return new Anthropic({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl,
    dangerouslyAllowBrowser: true,
    maxRetries: 0,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    fetch: fetchImpl ?? ((input, init) => fetch(input, init)),
  });
}

/** The models the server offers now (GET /v1/models), or the known list when it cannot say. */
export async function currentModels(client: Anthropic, signal?: AbortSignal): Promise<string[]> {
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

/** What a streamed request reports while it runs. */
export interface StreamHandlers {
  /** The model that answers (from `message_start`). */
  model(id: string): void;
  /** A thinking block started. */
  thinking(): void;
  text(delta: string): void;
  /** The citations of one text block, once the block is complete (or the stream broke off). */
  citations(list: TextCitation[]): void;
  /** Cumulative usage, at the start and at each `message_delta`. */
  usage(usage: ApiUsage): void;
}

export type StreamOutcome =
  { ok: true; stopReason: StopReason | null } | { ok: false; error: AgError; started: boolean };

export interface StreamOptions {
  signal: AbortSignal;
  /** Seconds without any event (or before the first) after which the request is given up. */
  stallTimeoutS: number;
  /** For error messages: the model and the API address. */
  errorContext: () => ErrorContext;
}

const BROKE_OFF: AgError = {
  code: 'stream_error',
  message: 'The connection closed before the answer was finished.',
  action: 'What arrived is kept. Ask again for a full answer.',
};

/** The SDK wraps non-API errors thrown while reading (e.g. a dropped connection): map their cause. */
function unwrap(e: unknown): unknown {
  if (e instanceof Anthropic.AnthropicError && !(e instanceof Anthropic.APIError) && e.cause)
    return e.cause;
  return e;
}

/**
 * One streamed Messages request. Never rejects: the outcome says how it ended. `started` is true
 * once any text arrived; a failure after that is a `stream_error` (or `network`, `stall`,
 * `aborted`) and what arrived stays with the caller.
 */
export async function streamMessage(
  client: Anthropic,
  params: MessageCreateParamsBase,
  on: StreamHandlers,
  opts: StreamOptions,
): Promise<StreamOutcome> {
  const stream = client.messages.stream(params, { signal: opts.signal });
  let stalled = false;
  let started = false;
  let stopped = false;
  let pending: TextCitation[] = [];
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      stalled = true;
      stream.abort();
    }, opts.stallTimeoutS * 1000);
  };
  const text = (t: string) => {
    if (!t) return;
    started = true;
    on.text(t);
  };
  const flush = () => {
    if (!pending.length) return;
    const list = pending;
    pending = [];
    on.citations(list);
  };

  stream.on('streamEvent', (ev, snapshot) => {
    arm();
    if (ev.type === 'message_start') {
      if (ev.message.model) on.model(ev.message.model);
      on.usage(snapshot.usage);
    } else if (ev.type === 'message_delta') {
      on.usage(snapshot.usage);
    } else if (ev.type === 'message_stop') {
      stopped = true;
    } else if (ev.type === 'content_block_start') {
      // The SDK's `text` event carries deltas only: a block may start with text of its own.
      const block = ev.content_block;
      if (block.type === 'thinking' || block.type === 'redacted_thinking') on.thinking();
      else if (block.type === 'text') {
        pending = [...(block.citations ?? [])];
        text(block.text);
      }
    }
  });
  stream.on('text', text);
  stream.on('citation', (c) => pending.push(c));
  stream.on('contentBlock', flush);

  let thrown: unknown;
  arm();
  try {
    await stream.done();
  } catch (e) {
    thrown = unwrap(e);
  } finally {
    clearTimeout(watchdog);
    flush();
  }
  if (opts.signal.aborted) return { ok: false, error: abortedError(), started };
  if (stalled) return { ok: false, error: stallError(opts.stallTimeoutS), started };
  // "request ended without sending any chunks": a stream that closed before its first event.
  const endedEmpty =
    thrown instanceof Anthropic.AnthropicError && !(thrown instanceof Anthropic.APIError);
  if (thrown !== undefined && !endedEmpty) {
    const error = mapAnthropicError(thrown, { ...opts.errorContext(), streaming: started });
    // Anything that breaks off once text has arrived keeps the partial answer as a stream error.
    if (started && error.code !== 'stream_error' && error.code !== 'network')
      return { ok: false, error: { ...error, code: 'stream_error' }, started };
    return { ok: false, error, started };
  }
  if (!stopped) return { ok: false, error: BROKE_OFF, started };
  const final = await stream.finalMessage();
  return { ok: true, stopReason: final.stop_reason };
}

export interface ToolCallInput {
  settings: Pick<Settings, 'apiKey' | 'baseUrl' | 'model'>;
  fetch?: typeof fetch;
  /** Default: the model of the settings. */
  model?: string;
  system?: string;
  messages: MessageParam[];
  /** The tool the model must call; its input is the answer. */
  tool: Tool;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Default 60 s. */
  timeoutMs?: number;
}

export interface ToolCallResult {
  /** The tool's input as the model wrote it: validate it (zod) before use. */
  input: unknown;
  model: string;
  usage: Usage;
}

/**
 * One request that forces the model to call `tool` (`tool_choice: {type: "tool"}`) and returns
 * the call's input. Throws AgException with the product's error (a reply without the tool call
 * is a `bad_request`).
 */
export async function callTool(req: ToolCallInput): Promise<ToolCallResult> {
  const model = req.model ?? req.settings.model;
  const client = createClient(req.settings, req.fetch, { timeoutMs: req.timeoutMs ?? 60_000 });
  let message: Anthropic.Message;
  try {
    message = await client.messages.create(
      {
        model,
        max_tokens: req.maxTokens ?? 1024,
        ...(req.system ? { system: req.system } : {}),
        messages: req.messages,
        tools: [req.tool],
        tool_choice: { type: 'tool', name: req.tool.name },
      },
      { signal: req.signal },
    );
  } catch (e) {
    throw new AgException(mapAnthropicError(e, { model, baseUrl: req.settings.baseUrl }));
  }
  const call = message.content.find((b) => b.type === 'tool_use' && b.name === req.tool.name);
  if (!call || call.type !== 'tool_use') {
    throw new AgException({
      code: 'bad_request',
      message: `The model answered without calling the tool “${req.tool.name}”.`,
      action: 'Ask again; if it keeps happening, choose another model in the options page.',
    });
  }
  return { input: call.input, model: message.model, usage: toUsage(message.usage, message.model) };
}
