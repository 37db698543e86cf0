/**
 * One forced tool call to a model: a Messages API request with a single tool and
 * `tool_choice: {type: "tool", name}`, streamed through `client.messages.stream(...)` and read
 * with `.finalMessage()`. The tool's `input` is checked with the caller's parser.
 *
 * Never throws: the result is `ok` with the parsed value, or says why not (`error`: the API or
 * the network failed, mapped to a product error code; `timeout`: no full answer within
 * `timeoutMs`, at most 8 s; `nonsense`: no tool call, or an input the parser rejects). The
 * usage of every call that reached the model is returned, so its cost can be shown.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { abortedError, mapAnthropicError } from './api-errors';
import { toUsage } from './finish';
import type { AgError, Usage } from './schema';

/** The longest a retrieval call may take before the answer goes on without it. */
export const MAX_TOOL_CALL_MS = 8000;

export interface ToolCallRequest<T> {
  client: Anthropic;
  model: string;
  system: string;
  /** The user message (the API requires at least one). */
  messages: MessageParam[];
  tool: Tool;
  maxTokens: number;
  /** Turns the tool's raw input into a value, or null when it makes no sense. */
  parse: (input: unknown) => T | null;
  signal?: AbortSignal;
  /** Capped at MAX_TOOL_CALL_MS. */
  timeoutMs?: number;
  /** Base URL, for error messages. */
  baseUrl?: string;
}

export type ToolCallResult<T> =
  | { ok: true; value: T; usage: Usage; ms: number }
  | {
      ok: false;
      reason: 'error' | 'timeout' | 'nonsense' | 'aborted';
      error: AgError;
      usage?: Usage;
      ms: number;
    };

export async function callTool<T>(req: ToolCallRequest<T>): Promise<ToolCallResult<T>> {
  const started = Date.now();
  const timeoutMs = Math.min(MAX_TOOL_CALL_MS, Math.max(1, req.timeoutMs ?? MAX_TOOL_CALL_MS));
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, timeoutMs);
  const onAbort = () => ac.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  if (req.signal?.aborted) ac.abort();
  const ms = () => Date.now() - started;
  try {
    const stream = req.client.messages.stream(
      {
        model: req.model,
        max_tokens: req.maxTokens,
        system: [{ type: 'text', text: req.system }],
        messages: req.messages,
        tools: [req.tool],
        tool_choice: { type: 'tool', name: req.tool.name },
      },
      { signal: ac.signal, timeout: timeoutMs, maxRetries: 0 },
    );
    const message = await stream.finalMessage();
    const usage = toUsage(message.usage ?? {}, message.model || req.model);
    const block = message.content.find((b) => b.type === 'tool_use' && b.name === req.tool.name);
    if (!block || block.type !== 'tool_use') {
      return {
        ok: false,
        reason: 'nonsense',
        error: { code: 'bad_request', message: `The model did not call ${req.tool.name}.` },
        usage,
        ms: ms(),
      };
    }
    let value: T | null = null;
    try {
      value = req.parse(block.input);
    } catch {
      value = null;
    }
    if (value === null) {
      return {
        ok: false,
        reason: 'nonsense',
        error: {
          code: 'bad_request',
          message: `The model's ${req.tool.name} input did not have the expected shape.`,
        },
        usage,
        ms: ms(),
      };
    }
    return { ok: true, value, usage, ms: ms() };
  } catch (e) {
    if (req.signal?.aborted)
      return { ok: false, reason: 'aborted', error: abortedError(), ms: ms() };
    if (timedOut) {
      return {
        ok: false,
        reason: 'timeout',
        error: {
          code: 'stall',
          message: `The ${req.tool.name} call took longer than ${Math.round(timeoutMs / 1000)} s.`,
        },
        ms: ms(),
      };
    }
    return {
      ok: false,
      reason: 'error',
      error: mapAnthropicError(e, { model: req.model, baseUrl: req.baseUrl }),
      ms: ms(),
    };
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}
