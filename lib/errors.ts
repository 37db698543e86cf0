/**
 * The product's errors: a code, what happened and what to do (`AgError`, a zod schema, so it
 * crosses contexts), and `AgException`, the Error that carries one.
 */
import { z } from 'zod/mini';

/** The product's own error codes; every SDK/network/stream failure maps to one. */
export const ErrorCode = z.enum([
  'missing_key',
  'invalid_key',
  'forbidden',
  'model_not_found',
  'rate_limited',
  'overloaded',
  'server_error',
  'stream_error',
  'stall',
  'network',
  'too_large',
  'bad_request',
  'aborted',
  'no_paper',
  'bad_message',
  /** A file or record that is not what it should be (corpus imports). */
  'bad_input',
  /** The browser refused to store more (IndexedDB quota). */
  'quota_exceeded',
  /** The browser could not open or write its database at all (Chromium on a full disk). */
  'storage_unavailable',
  'unknown',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AgError = z.lazy(() =>
  z.object({
    code: ErrorCode,
    /** What happened, in plain words. */
    message: z.string(),
    /** What to do about it. */
    action: z.optional(z.string()),
    retryAfterS: z.optional(z.number()),
    /** For model_not_found: the models to offer instead. */
    models: z.optional(z.array(z.string())),
  }),
);
export type AgError = z.infer<typeof AgError>;

/** An error that carries the product's own error shape across contexts. */
export class AgException extends Error {
  readonly agError: AgError;
  constructor(agError: AgError) {
    super(agError.message);
    this.name = 'AgException';
    this.agError = agError;
  }
}

export function agError(code: ErrorCode, message: string, action?: string): AgError {
  return action ? { code, message, action } : { code, message };
}

/** A browser storage quota error (IndexedDB, storage.session), however Dexie wrapped it. */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const x = e as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown };
  if (x.name === 'QuotaExceededError') return true;
  if (typeof x.message === 'string' && /quota/i.test(x.message)) return true;
  return isQuotaError(x.inner, depth + 1) || isQuotaError(x.cause, depth + 1);
}

/**
 * The browser could not open or write its database at all. Chromium on a full disk answers
 * `UnknownError: Internal error opening backing store for indexedDB.open`, not a quota error
 * (seen in tests/e2e/failures.test.ts with the profile on a full tmpfs).
 */
export function isStorageUnavailableError(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const x = e as { message?: unknown; inner?: unknown; cause?: unknown };
  if (
    typeof x.message === 'string' &&
    /backing store|no space left|disk (is )?full/i.test(x.message)
  )
    return true;
  return (
    isStorageUnavailableError(x.inner, depth + 1) || isStorageUnavailableError(x.cause, depth + 1)
  );
}

/** The database cannot be opened or written: what happened and what the reader can do. */
export function storageUnavailableError(): AgError {
  return agError(
    'storage_unavailable',
    'The browser could not open Antigravity’s storage; its disk may be full.',
    'Free disk space, then reload the extension (or restart the browser) and try again.',
  );
}

/** The browser's storage is full: what happened and what the reader can do. */
export function storageFullError(): AgError {
  return agError(
    'quota_exceeded',
    "The browser's storage for Antigravity is full, so nothing new could be saved.",
    'Free disk space, or remove corpus categories or old threads you do not need (options page), then try again.',
  );
}

/** Any thrown value as an AgError (unknown errors keep their message; quota errors say what to do). */
export function toAgError(e: unknown): AgError {
  if (e instanceof AgException) return e.agError;
  if (e && typeof e === 'object' && 'agError' in e) return (e as AgException).agError;
  if (isQuotaError(e)) return storageFullError();
  if (isStorageUnavailableError(e)) return storageUnavailableError();
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'unknown', message: message || 'Something went wrong.' };
}
