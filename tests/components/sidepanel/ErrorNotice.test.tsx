// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { ERROR_TITLES, ErrorNotice } from '../../../components/sidepanel/ErrorNotice';
import { ErrorCode, type AgError } from '../../../lib/answer/schema';
import { mapAnthropicError, stallError, abortedError } from '../../../lib/answer/api-errors';
import Anthropic from '@anthropic-ai/sdk';

afterEach(cleanup);

function show(error: AgError, withRetry = true) {
  const onOpenOptions = vi.fn();
  const onRetry = vi.fn();
  render(
    <ErrorNotice
      error={error}
      onOpenOptions={onOpenOptions}
      onRetry={withRetry ? onRetry : undefined}
    />,
  );
  return { onOpenOptions, onRetry };
}

/** An SDK error as the SDK itself builds it from an HTTP status and body. */
function apiError(status: number, message: string, headers: Record<string, string> = {}) {
  return Anthropic.APIError.generate(
    status,
    { type: 'error', error: { type: 'x', message } },
    message,
    new Headers(headers),
  );
}

describe('ErrorNotice', () => {
  it('has a title for every error code', () => {
    for (const code of ErrorCode.options) expect(ERROR_TITLES[code]).toBeTruthy();
  });

  const SETTINGS = ['missing_key', 'invalid_key', 'forbidden', 'model_not_found'] as const;
  const RETRY = [
    'rate_limited',
    'overloaded',
    'server_error',
    'stream_error',
    'stall',
    'network',
    'too_large',
  ] as const;

  for (const code of ErrorCode.options.filter((c) => c !== 'aborted')) {
    it(`${code}: an alert with its title, message and action`, () => {
      const { onOpenOptions, onRetry } = show({
        code,
        message: `What happened (${code}).`,
        action: 'What to do.',
      });
      const el = screen.getByTestId('error');
      expect(el.getAttribute('role')).toBe('alert');
      expect(el.dataset.code).toBe(code);
      expect(el.textContent).toContain(`${ERROR_TITLES[code]}.`);
      expect(el.textContent).toContain(`What happened (${code}).`);
      expect(el.textContent).toContain('What to do.');
      const settings = screen.queryByRole('button', { name: 'Open settings' });
      const retry = screen.queryByRole('button', { name: 'Try again' });
      expect(Boolean(settings)).toBe((SETTINGS as readonly string[]).includes(code));
      expect(Boolean(retry)).toBe(
        (RETRY as readonly string[]).includes(code) || code === 'unknown',
      );
      if (settings) {
        fireEvent.click(settings);
        expect(onOpenOptions).toHaveBeenCalledTimes(1);
      }
      if (retry) {
        fireEvent.click(retry);
        expect(onRetry).toHaveBeenCalledTimes(1);
      }
    });
  }

  it('a stop the reader asked for is a quiet status, not an error', () => {
    show(abortedError());
    expect(screen.queryByTestId('error')).toBeNull();
    const el = screen.getByTestId('stopped-notice');
    expect(el.getAttribute('role')).toBe('status');
    expect(el.textContent).toContain('Stopped.');
    expect(el.textContent).toContain('What arrived is kept.');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('401 from the SDK: says the key was rejected and offers the settings', () => {
    show(mapAnthropicError(apiError(401, 'invalid x-api-key'), { model: 'claude-haiku-5-5' }));
    const el = screen.getByTestId('error');
    expect(el.dataset.code).toBe('invalid_key');
    expect(el.textContent).toContain('API key rejected.');
    expect(screen.getByRole('button', { name: 'Open settings' })).toBeTruthy();
  });

  it('429 with retry-after: says how long to wait', () => {
    show(
      mapAnthropicError(apiError(429, 'rate limited', { 'retry-after': '17' }), {
        model: 'claude-haiku-5-5',
      }),
    );
    const el = screen.getByTestId('error');
    expect(el.dataset.code).toBe('rate_limited');
    expect(el.textContent).toContain('wait 17 s');
  });

  it('404 model: lists the current models', () => {
    show({
      code: 'model_not_found',
      message: 'The model claude-old does not exist.',
      models: ['claude-haiku-5-5', 'claude-sonnet-5-5'],
    });
    expect(screen.getByTestId('error').textContent).toContain(
      'Current models: claude-haiku-5-5, claude-sonnet-5-5.',
    );
  });

  it('a stall says what arrived is kept; without onRetry there is no retry button', () => {
    show(stallError(45), false);
    const el = screen.getByTestId('error');
    expect(el.textContent).toContain('The answer stalled.');
    expect(el.textContent).toContain('45 s');
    expect(screen.queryByRole('button')).toBeNull();
  });
});
