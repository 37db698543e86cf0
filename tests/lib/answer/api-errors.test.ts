import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { mapAnthropicError, retryAfterSeconds } from '../../../lib/answer/api-errors';
import { AgException } from '../../../lib/errors';

const headers = (h: Record<string, string>) => new Headers(h);
const apiError = (
  status: number | undefined,
  type: string,
  message: string,
  h: Record<string, string> = {},
) =>
  status === undefined
    ? new Anthropic.APIError(
        undefined,
        { type: 'error', error: { type, message } },
        undefined,
        undefined,
      )
    : Anthropic.APIError.generate(
        status,
        { type: 'error', error: { type, message } },
        undefined,
        headers(h),
      );

describe('mapAnthropicError', () => {
  it('gives every failure a code, what happened and what to do', () => {
    const cases: Array<[unknown, string]> = [
      [apiError(401, 'authentication_error', 'invalid x-api-key'), 'invalid_key'],
      [apiError(403, 'permission_error', 'no'), 'forbidden'],
      [apiError(402, 'billing_error', 'no credit'), 'forbidden'],
      [apiError(404, 'not_found_error', 'model: claude-x'), 'model_not_found'],
      [apiError(413, 'request_too_large', 'too big'), 'too_large'],
      [
        apiError(
          400,
          'invalid_request_error',
          'prompt is too long: 300000 tokens > 200000 maximum',
        ),
        'too_large',
      ],
      [apiError(400, 'invalid_request_error', 'messages: bad'), 'bad_request'],
      [apiError(429, 'rate_limit_error', 'slow down', { 'retry-after': '12' }), 'rate_limited'],
      [apiError(500, 'api_error', 'oops'), 'server_error'],
      [apiError(503, 'api_error', 'oops'), 'server_error'],
      [apiError(529, 'overloaded_error', 'Overloaded'), 'overloaded'],
      [apiError(undefined, 'overloaded_error', 'Overloaded'), 'stream_error'],
      [new Anthropic.APIConnectionError({ cause: new TypeError('fetch failed') }), 'network'],
      [new Anthropic.APIConnectionTimeoutError(), 'network'],
      [new TypeError('Failed to fetch'), 'network'],
      [new Anthropic.APIUserAbortError(), 'aborted'],
      [new AgException({ code: 'stall', message: 'Nothing came for 45 s.' }), 'stall'],
      [new Error('weird'), 'unknown'],
    ];
    for (const [e, code] of cases) {
      const m = mapAnthropicError(e, { model: 'claude-x', baseUrl: 'https://api.anthropic.com' });
      expect(m.code, String(e)).toBe(code);
      expect(m.message.length).toBeGreaterThan(3);
      if (code !== 'stall') expect(m.action?.length, code).toBeGreaterThan(5);
    }
  });

  it('carries retry-after and the model list', () => {
    const rl = mapAnthropicError(apiError(429, 'rate_limit_error', 'x', { 'retry-after': '12' }));
    expect(rl.retryAfterS).toBe(12);
    expect(rl.action).toContain('12 s');
    const nf = mapAnthropicError(apiError(404, 'not_found_error', 'model: claude-x'), {
      model: 'claude-x',
    });
    expect(nf.message).toContain('claude-x');
    expect(nf.models).toContain('claude-haiku-5-5');
  });

  it('tells a wrong base URL from a missing model', () => {
    const e = Anthropic.APIError.generate(404, undefined, 'Not Found', headers({}));
    expect(mapAnthropicError(e).code).toBe('bad_request');
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(retryAfterSeconds(apiError(429, 'r', 'x', { 'retry-after': '3' }))).toBe(3);
    expect(retryAfterSeconds(apiError(429, 'r', 'x', { 'retry-after-ms': '1500' }))).toBe(2);
    const now = Date.parse('2026-11-23T10:00:00Z');
    expect(
      retryAfterSeconds(
        apiError(429, 'r', 'x', { 'retry-after': 'Mon, 23 Nov 2026 10:00:30 GMT' }),
        now,
      ),
    ).toBe(30);
    expect(retryAfterSeconds(apiError(429, 'r', 'x'))).toBeUndefined();
  });
});
