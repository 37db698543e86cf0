import { describe, expect, it } from 'vitest';
import { callTool } from '../../../lib/answer/client';
import { AgException } from '../../../lib/errors';

const settings = {
  apiKey: 'sk-ant-test-key',
  baseUrl: 'https://api.test',
  model: 'claude-haiku-5-5',
};
const tool = {
  name: 'plan',
  description: 'The searches to run.',
  input_schema: {
    type: 'object' as const,
    properties: { queries: { type: 'array', items: { type: 'string' } } },
    required: ['queries'],
  },
};
const ask = [{ role: 'user' as const, content: 'What to search for?' }];

/** A fetch that answers every request with `status` and `body`, recording the requests. */
function replying(status: number, body: unknown) {
  const requests: Array<{ url: string; body: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const fetchImpl: typeof fetch = async (input, init) => {
    requests.push({ url: String(input), body: JSON.parse(String(init?.body)) });
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetchImpl, requests };
}

const message = (content: unknown[]) => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-5-5',
  content,
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 120, output_tokens: 30 },
});

describe('callTool (real SDK, injected fetch)', () => {
  it('forces the tool and returns its input with the usage', async () => {
    const { fetchImpl, requests } = replying(
      200,
      message([{ type: 'tool_use', id: 'tu_1', name: 'plan', input: { queries: ['attention'] } }]),
    );
    const out = await callTool({ settings, fetch: fetchImpl, messages: ask, tool });
    expect(out.input).toEqual({ queries: ['attention'] });
    expect(out.usage).toMatchObject({ inputTokens: 120, outputTokens: 30 });
    expect(out.usage.costUsd).toBeGreaterThan(0);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe('https://api.test/v1/messages');
    expect(requests[0]!.body).toMatchObject({
      model: 'claude-haiku-5-5',
      tools: [tool],
      tool_choice: { type: 'tool', name: 'plan' },
      messages: ask,
    });
    expect(requests[0]!.body.stream).toBeUndefined();
  });

  it('a reply without the tool call is a bad_request', async () => {
    const { fetchImpl } = replying(200, message([{ type: 'text', text: 'No.' }]));
    const err = await callTool({ settings, fetch: fetchImpl, messages: ask, tool }).catch((e) => e);
    expect(err).toBeInstanceOf(AgException);
    expect(err.agError.code).toBe('bad_request');
  });

  it('API errors come out as the product error', async () => {
    const { fetchImpl } = replying(401, {
      type: 'error',
      error: { type: 'authentication_error', message: 'invalid x-api-key' },
    });
    const err = await callTool({ settings, fetch: fetchImpl, messages: ask, tool }).catch((e) => e);
    expect(err).toBeInstanceOf(AgException);
    expect(err.agError.code).toBe('invalid_key');
  });
});
