/**
 * Every failure of an answer as one of the product's error codes, each with what happened
 * (`message`) and what to do (`action`). SDK errors, network failures, mid-stream `error` events,
 * stalls and cancels all end here.
 */
import Anthropic from '@anthropic-ai/sdk';
import { AgException } from '../errors';
import { KNOWN_MODELS } from '../settings/models';
import type { AgError } from './schema';

export interface ErrorContext {
  /** The model the request asked for. */
  model?: string;
  /** The API base URL, for network errors. */
  baseUrl?: string;
  /** The failure came after the answer started streaming. */
  streaming?: boolean;
}

/** Longest `retry-after` the pipeline waits for on its own before retrying once. */
export const MAX_AUTO_RETRY_WAIT_S = 60;
/** Wait used when a 429 carries no `retry-after`. */
export const DEFAULT_RETRY_WAIT_S = 5;

export function missingKeyError(): AgError {
  return {
    code: 'missing_key',
    message: 'No Anthropic API key is set, so no model can write an answer.',
    action: 'Add your API key in the options page (from console.anthropic.com → API keys).',
  };
}

export function stallError(seconds: number): AgError {
  return {
    code: 'stall',
    message: `The answer stopped arriving: nothing came from the API for ${Math.round(seconds)} s.`,
    action: 'What arrived is kept. Ask again; if it keeps happening, the API may be overloaded.',
  };
}

export function abortedError(): AgError {
  return {
    code: 'aborted',
    message: 'The answer was stopped before it finished.',
    action: 'What arrived is kept. Ask again for a full answer.',
  };
}

export function noPaperError(): AgError {
  return {
    code: 'no_paper',
    message: 'There is no arXiv paper in this tab to ask about.',
    action: 'Open a paper on arxiv.org (abstract, HTML or PDF page) and ask again.',
  };
}

export function badMessageError(detail: string): AgError {
  return {
    code: 'bad_message',
    message: `Malformed request to the answer service: ${detail}`,
    action: 'Reload the panel.',
  };
}

function headerOf(e: unknown, name: string): string | null {
  const h = (e as { headers?: Headers | null })?.headers;
  return h && typeof h.get === 'function' ? h.get(name) : null;
}

/** Seconds to wait from a `retry-after`/`retry-after-ms` header, when the error carries one. */
export function retryAfterSeconds(e: unknown, now = Date.now()): number | undefined {
  const ms = Number(headerOf(e, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return Math.ceil(ms / 1000);
  const raw = headerOf(e, 'retry-after');
  if (!raw) return undefined;
  const s = Number(raw);
  if (Number.isFinite(s) && s >= 0) return Math.ceil(s);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, Math.ceil((date - now) / 1000)) : undefined;
}

function apiMessage(e: InstanceType<typeof Anthropic.APIError>): string {
  return (e.apiMessage ?? '').trim();
}

const TOO_LONG =
  /prompt is too long|too many (input )?tokens|context (window|length)|maximum context|request_too_large|too large/i;

function isNetworkError(e: unknown): boolean {
  if (e instanceof Anthropic.APIConnectionError) return true;
  return e instanceof TypeError && /fetch|network|load failed|connect/i.test(e.message);
}

/** Maps anything thrown while asking the API to the product's error. Never throws. */
export function mapAnthropicError(e: unknown, ctx: ErrorContext = {}): AgError {
  if (e instanceof AgException) return e.agError;
  if (e instanceof Anthropic.APIUserAbortError || (e instanceof Error && e.name === 'AbortError')) {
    return abortedError();
  }
  const where = ctx.baseUrl ? ` at ${ctx.baseUrl}` : '';
  if (e instanceof Anthropic.APIConnectionTimeoutError) {
    return {
      code: 'network',
      message: `The connection to the API${where} timed out.`,
      action: 'Check your internet connection, then ask again.',
    };
  }
  if (isNetworkError(e)) {
    return {
      code: 'network',
      message: `Could not reach the API${where}: no network connection, or the address is unreachable.`,
      action:
        'Check your internet connection (and the API address in the options, if you changed it), then ask again.',
    };
  }
  if (!(e instanceof Anthropic.APIError)) {
    const message = e instanceof Error ? e.message : String(e);
    return { code: 'unknown', message: message || 'Something went wrong.', action: 'Ask again.' };
  }
  const detail = apiMessage(e);
  const said = detail ? ` The API said: “${detail}”` : '';
  const status = e.status;
  const model = ctx.model ?? 'the chosen model';

  // An `error` event after HTTP 200: the stream broke off.
  if (status === undefined) {
    const kind =
      e.type === 'overloaded_error' ? 'the API became overloaded' : 'the API reported an error';
    return {
      code: 'stream_error',
      message: `The answer broke off: ${kind} while it was being written.${said}`,
      action: 'What arrived is kept. Ask again for a full answer.',
    };
  }
  if (status === 401) {
    return {
      code: 'invalid_key',
      message:
        'The API key was rejected (401): it is wrong, revoked, or belongs to another service.',
      action: 'Paste a valid key in the options page (console.anthropic.com → API keys).',
    };
  }
  if (status === 402) {
    return {
      code: 'forbidden',
      message: `The API refused the request for billing reasons (402).${said}`,
      action: 'Check the plan and credit balance of your organisation in the Anthropic Console.',
    };
  }
  if (status === 403) {
    return {
      code: 'forbidden',
      message: `The API refused this key (403).${said}`,
      action:
        'Your organisation may not allow calls straight from a browser, or this key has no access to ' +
        `${model}. Ask an admin to allow it in the Anthropic Console, or use a key from another workspace.`,
    };
  }
  if (status === 404) {
    const aboutModel = e.type === 'not_found_error' || /model/i.test(detail);
    if (!aboutModel) {
      return {
        code: 'bad_request',
        message: `Nothing answers at this API address (404).${said}`,
        action:
          'Check the API base URL in the options page (the default is https://api.anthropic.com).',
      };
    }
    return {
      code: 'model_not_found',
      message: `The model “${model}” was not found: it may be retired or misspelt.`,
      action: 'Choose one of the current models in the options page.',
      models: KNOWN_MODELS.map((m) => m.id),
    };
  }
  if (status === 413 || (status === 400 && TOO_LONG.test(detail))) {
    return {
      code: 'too_large',
      message: `The request was too large for the API (${status}).${said}`,
      action: 'Lower the paper token budget in the options page, or ask in a new thread.',
    };
  }
  if (status === 429) {
    const wait = retryAfterSeconds(e);
    return {
      code: 'rate_limited',
      message: 'The API rate limit was reached (too many requests or tokens per minute).',
      action: wait !== undefined ? `Try again in ${wait} s.` : 'Wait a minute, then ask again.',
      ...(wait !== undefined ? { retryAfterS: wait } : {}),
    };
  }
  if (status === 529 || e.type === 'overloaded_error') {
    return {
      code: 'overloaded',
      message: 'Anthropic’s API is overloaded right now (529).',
      action: 'Wait a minute, then ask again.',
    };
  }
  if (status >= 500) {
    return {
      code: 'server_error',
      message: `The API had an internal error (${status}).${said}`,
      action: 'Ask again in a moment; check status.anthropic.com if it persists.',
    };
  }
  return {
    code: 'bad_request',
    message: `The API rejected the request (${status}).${said}`,
    action: 'Ask again; if it keeps failing, report it with this message.',
  };
}
