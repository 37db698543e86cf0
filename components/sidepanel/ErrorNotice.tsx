import type { AgError, ErrorCode } from '@/lib/answer/schema';

/** A short title per error code; the message says what happened, the action what to do. */
export const ERROR_TITLES: Record<ErrorCode, string> = {
  missing_key: 'No API key',
  invalid_key: 'API key rejected',
  forbidden: 'Access refused',
  model_not_found: 'Model not available',
  rate_limited: 'Rate limited',
  overloaded: 'Claude is overloaded',
  server_error: 'Server error',
  stream_error: 'The answer stopped',
  stall: 'The answer stalled',
  network: 'No connection',
  too_large: 'Request too large',
  bad_request: 'Request refused',
  aborted: 'Stopped',
  no_paper: 'No paper here',
  bad_message: 'Internal message error',
  bad_input: 'Unreadable input',
  quota_exceeded: 'Storage full',
  storage_unavailable: 'Storage unavailable',
  unknown: 'Something went wrong',
};

/** Codes fixed in the settings (key, model): the notice offers to open them. */
const SETTINGS_CODES = new Set<ErrorCode>([
  'missing_key',
  'invalid_key',
  'forbidden',
  'model_not_found',
]);
/** Codes where asking again as is can work. */
const RETRY_CODES = new Set<ErrorCode>([
  'rate_limited',
  'overloaded',
  'server_error',
  'stream_error',
  'stall',
  'network',
  'too_large',
  'unknown',
]);

export function ErrorNotice({
  error,
  onOpenOptions,
  onRetry,
}: {
  error: AgError;
  onOpenOptions: () => void;
  onRetry?: () => void;
}) {
  const soft = error.code === 'aborted';
  return (
    <div
      className={`error-notice ${soft ? 'soft' : ''}`}
      role={soft ? 'status' : 'alert'}
      // A stop the reader asked for is not an error: its own test id.
      data-testid={soft ? 'stopped-notice' : 'error'}
      data-code={error.code}
    >
      <strong>{ERROR_TITLES[error.code] ?? ERROR_TITLES.unknown}.</strong> {error.message}
      {error.action && <> {error.action}</>}
      {error.retryAfterS !== undefined && (
        <> (The API asks to wait {Math.ceil(error.retryAfterS)} s before trying again.)</>
      )}
      {error.models && error.models.length > 0 && <> Current models: {error.models.join(', ')}.</>}
      {(SETTINGS_CODES.has(error.code) || (onRetry && RETRY_CODES.has(error.code))) && (
        <div className="error-actions">
          {SETTINGS_CODES.has(error.code) && (
            <button type="button" onClick={onOpenOptions}>
              Open settings
            </button>
          )}
          {onRetry && RETRY_CODES.has(error.code) && (
            <button type="button" onClick={onRetry}>
              Try again
            </button>
          )}
        </div>
      )}
    </div>
  );
}
