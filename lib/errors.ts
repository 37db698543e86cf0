import type { AgError, ErrorCode } from './answer/schema';

export type { AgError, ErrorCode } from './answer/schema';

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

/** Any thrown value as an AgError (unknown errors keep their message). */
export function toAgError(e: unknown): AgError {
  if (e instanceof AgException) return e.agError;
  if (e && typeof e === 'object' && 'agError' in e) return (e as AgException).agError;
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'unknown', message: message || 'Something went wrong.' };
}
