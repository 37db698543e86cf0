import Anthropic from '@anthropic-ai/sdk';
import type {
  MessageCreateParamsNonStreaming,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { splitFollowups } from '../../lib/answer/answer-format';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic';

const DOC =
  'Attention Is All You Need\n\nThe dominant sequence transduction models are based on complex recurrent networks. ' +
  'We propose a new simple network architecture, the Transformer, based solely on attention mechanisms. ' +
  'Experiments on two machine translation tasks show these models to be superior in quality.';

function request(question: string, extra: Partial<MessageCreateParamsNonStreaming> = {}) {
  return {
    model: 'claude-haiku-5-5',
    max_tokens: 1024,
    system: [{ type: 'text' as const, text: 'Answer from the sources.' }],
    messages: [
      {
        role: 'user' as const,
        content: [
          {
            type: 'document' as const,
            source: { type: 'text' as const, media_type: 'text/plain' as const, data: DOC },
            title: 'Attention Is All You Need (arXiv:1706.03762)',
            citations: { enabled: true },
            cache_control: { type: 'ephemeral' as const },
          },
          {
            type: 'search_result' as const,
            title: 'BERT (arXiv:1810.04805, cs.CL)',
            source: 'https://arxiv.org/abs/1810.04805',
            content: [
              {
                type: 'text' as const,
                text: 'We introduce a new language representation model called BERT.',
              },
              {
                type: 'text' as const,
                text: 'BERT pretrains deep bidirectional representations with attention.',
              },
            ],
            citations: { enabled: true },
          },
          {
            type: 'search_result' as const,
            title: 'Layer Normalization (arXiv:1607.06450, stat.ML)',
            source: 'https://arxiv.org/abs/1607.06450',
            content: [
              {
                type: 'text' as const,
                text: 'Layer normalization stabilises the hidden state dynamics.',
              },
            ],
            citations: { enabled: true },
          },
          { type: 'text' as const, text: question },
        ],
      },
    ],
    ...extra,
  };
}

let srv: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  srv = await startFakeAnthropic({ minCacheTokens: 50 });
  client = new Anthropic({ apiKey: 'sk-ant-test', baseURL: srv.url, maxRetries: 0 });
});
afterAll(async () => {
  await srv.close();
});
beforeEach(() => srv.reset());

async function collect(
  stream: AsyncIterable<RawMessageStreamEvent>,
): Promise<RawMessageStreamEvent[]> {
  const events: RawMessageStreamEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('fake Anthropic server, through the real SDK', () => {
  it('streams an answer built from the request: quotes and cites its search results and document', async () => {
    const stream = await client.messages.create({
      ...request('How does attention work?'),
      stream: true,
    });
    const events = await collect(stream);
    expect(events[0]?.type).toBe('message_start');
    expect(events[events.length - 1]?.type).toBe('message_stop');
    const citations = events.flatMap((e) =>
      e.type === 'content_block_delta' && e.delta.type === 'citations_delta'
        ? [e.delta.citation]
        : [],
    );
    const sr = citations.filter((c) => c.type === 'search_result_location');
    expect(sr.map((c) => c.search_result_index)).toEqual([0, 1]);
    // The cited text is the exact content block of the search result it points to.
    expect(sr[0]).toMatchObject({
      cited_text: 'BERT pretrains deep bidirectional representations with attention.',
      source: 'https://arxiv.org/abs/1810.04805',
      start_block_index: 1,
      end_block_index: 2,
    });
    const ch = citations.find((c) => c.type === 'char_location');
    expect(ch?.type).toBe('char_location');
    if (ch?.type === 'char_location') {
      expect(DOC.slice(ch.start_char_index, ch.end_char_index)).toBe(ch.cited_text);
      expect(ch.cited_text).toContain('attention mechanisms');
    }
    const text = events
      .map((e) =>
        e.type === 'content_block_delta' && e.delta.type === 'text_delta' ? e.delta.text : '',
      )
      .join('');
    const { answer, followups } = splitFollowups(text);
    expect(answer).toContain('How does attention work?');
    expect(followups).toHaveLength(3);
    expect(followups[0]).toContain('BERT');
    const delta = events.find((e) => e.type === 'message_delta');
    expect(delta?.type === 'message_delta' && delta.delta.stop_reason).toBe('end_turn');
    expect(delta?.type === 'message_delta' && delta.usage.output_tokens).toBeGreaterThan(10);
  });

  it('streams a thinking block (thinking and signature deltas) before the text', async () => {
    srv.enqueue({
      kind: 'answer',
      thinking: 'The question is about attention; the paper covers it.',
    });
    const msg = await client.messages.stream(request('What is attention?')).finalMessage();
    expect(msg.content[0]?.type).toBe('thinking');
    if (msg.content[0]?.type === 'thinking') {
      expect(msg.content[0].thinking).toBe('The question is about attention; the paper covers it.');
      expect(msg.content[0].signature).toMatch(/^sig_/);
    }
    expect(msg.content.slice(1).every((b) => b.type === 'text')).toBe(true);
    // The SDK accumulates citations_delta events onto the text blocks.
    const cited = msg.content.filter((b) => b.type === 'text' && b.citations?.length);
    expect(cited.length).toBe(3);
  });

  it('answers non-streaming requests with the same content', async () => {
    srv.enqueue({ kind: 'answer', text: 'Only this.', followups: false, citeSources: [1] });
    const msg = await client.messages.create(request('Normalization?'));
    expect(msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('')).toContain(
      'Only this.',
    );
    const cited = msg.content.flatMap((b) => (b.type === 'text' ? (b.citations ?? []) : []));
    expect(cited).toHaveLength(1);
    expect(cited[0]).toMatchObject({ type: 'search_result_location', search_result_index: 1 });
  });

  it('records headers and bodies: Bearer key, anthropic-version, browser-access flag', async () => {
    const browserClient = new Anthropic({
      apiKey: 'sk-ant-browser',
      baseURL: srv.url,
      maxRetries: 0,
      dangerouslyAllowBrowser: true,
    });
    await browserClient.messages.create(request('Q?'));
    const r = srv.messageRequests()[0]!;
    expect(r.headers.authorization).toBe('Bearer sk-ant-browser');
    expect(r.headers['anthropic-version']).toBe('2026-10-21');
    expect(r.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
    expect(r.body.model).toBe('claude-haiku-5-5');
    expect(r.body.messages[0].content).toHaveLength(4);
  });

  it('accepts x-api-key, rejects a missing key, and refuses browser origins without the flag', async () => {
    const body = JSON.stringify(request('Q?'));
    const ok = await fetch(`${srv.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': 'k',
        'anthropic-version': '2026-10-21',
        'content-type': 'application/json',
      },
      body,
    });
    expect(ok.status).toBe(200);
    const none = await fetch(`${srv.url}/v1/messages`, {
      method: 'POST',
      headers: { 'anthropic-version': '2026-10-21', 'content-type': 'application/json' },
      body,
    });
    expect(none.status).toBe(401);
    expect((await none.json()).error.type).toBe('authentication_error');
    const cors = await fetch(`${srv.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': 'k',
        'anthropic-version': '2026-10-21',
        origin: 'https://example.org',
      },
      body,
    });
    expect(cors.status).toBe(401);
  });

  it('answers CORS preflight with permissive headers', async () => {
    const res = await fetch(`${srv.url}/v1/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: 'chrome-extension://abc',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,anthropic-version,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('chrome-extension://abc');
    expect(res.headers.get('access-control-allow-headers')).toContain('anthropic-version');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('only accepts its keys when given one', async () => {
    const strict = await startFakeAnthropic({ apiKey: 'sk-right' });
    try {
      const bad = new Anthropic({ apiKey: 'sk-wrong', baseURL: strict.url, maxRetries: 0 });
      await expect(bad.messages.create(request('Q?'))).rejects.toBeInstanceOf(
        Anthropic.AuthenticationError,
      );
      const good = new Anthropic({ apiKey: 'sk-right', baseURL: strict.url, maxRetries: 0 });
      await expect(good.messages.create(request('Q?'))).resolves.toMatchObject({ type: 'message' });
    } finally {
      await strict.close();
    }
  });

  it('rejects temperature, top_p and top_k with 400, unknown models with 404', async () => {
    for (const p of ['temperature', 'top_p', 'top_k']) {
      const err = await client.messages
        .create({ ...request('Q?'), [p]: 0.5 } as MessageCreateParamsNonStreaming)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    }
    const err = await client.messages
      .create({ ...request('Q?'), model: 'claude-2.1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
  });

  it('rejects citations enabled on some sources only', async () => {
    const r = request('Q?');
    const content = r.messages[0]!.content as unknown as Array<Record<string, unknown>>;
    content[1] = { ...content[1], citations: { enabled: false } };
    await expect(
      client.messages.create(r as MessageCreateParamsNonStreaming),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it('plays scripted HTTP errors, with retry-after', async () => {
    srv.enqueue({ kind: 'http-error', status: 429, retryAfter: 7 });
    const e429 = (await client.messages
      .create(request('Q?'))
      .catch((e: unknown) => e)) as InstanceType<typeof Anthropic.RateLimitError>;
    expect(e429).toBeInstanceOf(Anthropic.RateLimitError);
    expect(e429.headers?.get('retry-after')).toBe('7');
    for (const [status, cls] of [
      [401, Anthropic.AuthenticationError],
      [403, Anthropic.PermissionDeniedError],
      [404, Anthropic.NotFoundError],
      [413, Anthropic.APIError],
      [500, Anthropic.InternalServerError],
      [529, Anthropic.InternalServerError],
    ] as const) {
      srv.enqueue({ kind: 'http-error', status, message: `scripted ${status}` });
      const e = (await client.messages
        .create(request('Q?'))
        .catch((x: unknown) => x)) as InstanceType<typeof Anthropic.APIError>;
      expect(e).toBeInstanceOf(cls);
      expect(e.status).toBe(status);
      expect(e.message).toContain(`scripted ${status}`);
    }
    // The queue is empty again: the next request is answered.
    await expect(client.messages.create(request('Q?'))).resolves.toMatchObject({
      role: 'assistant',
    });
  });

  it('sends an error event after streaming began', async () => {
    srv.enqueue({ kind: 'stream-error', afterChunks: 3, errorType: 'overloaded_error' });
    const stream = await client.messages.create({ ...request('Q?'), stream: true });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of stream) {
        if (e.type === 'content_block_delta' && e.delta.type === 'text_delta')
          seen.push(e.delta.text);
      }
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(err).toBeInstanceOf(Anthropic.APIError);
    expect((err as InstanceType<typeof Anthropic.APIError>).type).toBe('overloaded_error');
  });

  it('stalls: keeps the connection open and silent until the client aborts', async () => {
    srv.enqueue({ kind: 'stall', afterChunks: 2 });
    const ac = new AbortController();
    const stream = await client.messages.create(
      { ...request('Q?'), stream: true },
      { signal: ac.signal },
    );
    let deltas = 0;
    const done = (async () => {
      for await (const e of stream) {
        if (e.type === 'content_block_delta') deltas++;
        if (deltas === 2) setTimeout(() => ac.abort(), 300);
      }
    })().catch((e: unknown) => e);
    await done;
    expect(deltas).toBe(2);
    expect(ac.signal.aborted).toBe(true);
  });

  it('names an id outside the sources in the text for cite-outside', async () => {
    srv.enqueue({ kind: 'cite-outside', id: '2101.00001' });
    const msg = await client.messages.create(request('Q?'));
    const text = msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    expect(text).toContain('arXiv:2101.00001');
  });

  it('reports cache writes, then cache reads when cache_control sits on the same prefix', async () => {
    const first = await client.messages.create(request('First question?'));
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(50);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    const second = await client.messages.create(request('A different question?'));
    expect(second.usage.cache_read_input_tokens).toBe(first.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    // Without a breakpoint nothing is read from the cache.
    const r = request('Third?');
    const content = r.messages[0]!.content as unknown as Array<Record<string, unknown>>;
    delete content[0]!.cache_control;
    const third = await client.messages.create(r as MessageCreateParamsNonStreaming);
    expect(third.usage.cache_read_input_tokens).toBe(0);
    // Another model has its own cache.
    const fourth = await client.messages.create({
      ...request('Fourth?'),
      model: 'claude-opus-5-5',
    });
    expect(fourth.usage.cache_read_input_tokens).toBe(0);
    expect(fourth.usage.cache_creation_input_tokens).toBeGreaterThan(0);
  });

  it('caches nothing below the minimum prefix size', async () => {
    const small = await startFakeAnthropic();
    try {
      const c = new Anthropic({ apiKey: 'k', baseURL: small.url, maxRetries: 0 });
      await c.messages.create(request('One?'));
      const again = await c.messages.create(request('Two?'));
      expect(again.usage.cache_read_input_tokens).toBe(0);
      expect(again.usage.cache_creation_input_tokens).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('counts tokens and lists the current models', async () => {
    const count = await client.messages.countTokens({
      model: 'claude-haiku-5-5',
      messages: request('Q?').messages,
    });
    expect(count.input_tokens).toBeGreaterThan(50);
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toEqual(['claude-haiku-5-5', 'claude-sonnet-5-5', 'claude-opus-5-5']);
    srv.enqueue({ kind: 'http-error', status: 500, endpoint: 'models' });
    await expect(client.models.list()).rejects.toBeInstanceOf(Anthropic.InternalServerError);
  });

  it('runs as a CLI on a given port', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/support/fake-anthropic.ts', '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const c = new Anthropic({ apiKey: 'k', baseURL: url, maxRetries: 0 });
      const msg = await c.messages.create(request('CLI?'));
      expect(msg.type).toBe('message');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
