import type { AgError } from '@/lib/answer/schema';

const TITLES: Partial<Record<AgError['code'], string>> = {
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
  aborted: 'Stopped',
};

export function ErrorNotice({
  error,
  onOpenOptions,
  onRetry,
}: {
  error: AgError;
  onOpenOptions: () => void;
  onRetry?: () => void;
}) {
  const keyProblem =
    error.code === 'missing_key' ||
    error.code === 'invalid_key' ||
    error.code === 'forbidden' ||
    error.code === 'model_not_found';
  return (
    <div
      className={`error-notice ${error.code === 'aborted' ? 'soft' : ''}`}
      role="alert"
      data-testid="error"
      data-code={error.code}
    >
      <strong>{TITLES[error.code] ?? 'Something went wrong'}.</strong> {error.message}
      {error.action && <> {error.action}</>}
      {error.retryAfterS !== undefined && <> (retry in {Math.ceil(error.retryAfterS)} s)</>}
      {error.models && error.models.length > 0 && <> Current models: {error.models.join(', ')}.</>}
      <div className="error-actions">
        {keyProblem && (
          <button type="button" onClick={onOpenOptions}>
            Open settings
          </button>
        )}
        {onRetry && error.code !== 'aborted' && (
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        )}
      </div>
    </div>
  );
}
