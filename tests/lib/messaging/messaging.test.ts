import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { dispatch, registerHandlers, sendRequest, type Handlers } from '@/lib/messaging';
import { AgException } from '@/lib/errors';

const sender = {} as Parameters<typeof dispatch>[2];

const handlers: Handlers = {
  'settings/public': () => ({
    hasApiKey: false,
    model: 'claude-haiku-5-5',
    baseUrl: 'https://api.anthropic.com',
    maxSources: 8,
    features: { absStrip: true },
    obsidianVault: '',
    obsidianFolder: 'Antigravity',
    badgeHintShown: false,
    paperTokenBudget: 60000,
    stallTimeoutS: 45,
  }),
  'threads/delete': ({ threadId }) => {
    if (threadId === 'boom') throw new AgException({ code: 'no_paper', message: 'gone' });
    if (threadId === 'crash') throw new TypeError('x is undefined');
    return { ok: true as const };
  },
  // A handler that breaks its own contract: the response is validated too.
  'threads/restore': () => ({ ok: false }) as never,
};

describe('dispatch', () => {
  test('answers a valid request with the parsed response', async () => {
    const r = await dispatch(
      handlers,
      { ag: 1, type: 'threads/delete', payload: { threadId: 't1' } },
      sender,
    );
    expect(r).toEqual({ ok: true, data: { ok: true } });
  });

  test.each([
    ['not an envelope', { hello: 1 }, 'Not an Antigravity message'],
    ['an unknown type', { ag: 1, type: 'nope/nope', payload: {} }, 'Unknown message type'],
    ['an inherited name', { ag: 1, type: 'toString', payload: {} }, 'Unknown message type'],
    [
      'a malformed payload',
      { ag: 1, type: 'threads/delete', payload: { threadId: 42 } },
      'Malformed',
    ],
    ['a type with no handler here', { ag: 1, type: 'corpus/stats', payload: {} }, 'No handler'],
    [
      'extra keys on a strict payload',
      { ag: 1, type: 'settings/public', payload: { x: 1 } },
      'Malformed',
    ],
  ])('gives a typed bad_message error for %s', async (_name, raw, text) => {
    const r = await dispatch(handlers, raw, sender);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad_message');
      expect(r.error.message).toContain(text);
    }
  });

  test('maps a thrown AgException and a plain error without throwing', async () => {
    const a = await dispatch(
      handlers,
      { ag: 1, type: 'threads/delete', payload: { threadId: 'boom' } },
      sender,
    );
    expect(a).toEqual({ ok: false, error: { code: 'no_paper', message: 'gone' } });
    const b = await dispatch(
      handlers,
      { ag: 1, type: 'threads/delete', payload: { threadId: 'crash' } },
      sender,
    );
    expect(b).toMatchObject({ ok: false, error: { code: 'unknown', message: 'x is undefined' } });
  });

  test('rejects a malformed response from a handler', async () => {
    const r = await dispatch(
      handlers,
      { ag: 1, type: 'threads/restore', payload: { threadId: 'x' } },
      sender,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_message' } });
  });
});

describe('sendRequest over runtime messaging', () => {
  test('round trip through registered handlers, errors rethrown as AgException', async () => {
    const off = registerHandlers(handlers);
    await expect(sendRequest('threads/delete', { threadId: 't1' })).resolves.toEqual({ ok: true });
    const err = await sendRequest('threads/delete', { threadId: 'boom' }).catch((e) => e);
    expect(err).toBeInstanceOf(AgException);
    expect(err.agError.code).toBe('no_paper');
    const s = await sendRequest('settings/public', {});
    expect(s.model).toBe('claude-haiku-5-5');
    off();
  });

  test('a malformed request is refused by the receiving end: bad_message, its handler never runs', async () => {
    let ran = 0;
    const off = registerHandlers({
      'threads/delete': () => {
        ran++;
        return { ok: true as const };
      },
    });
    await expect(sendRequest('threads/delete', { threadId: 5 } as never)).rejects.toMatchObject({
      agError: {
        code: 'bad_message',
        message: expect.stringContaining('Malformed "threads/delete"'),
      },
    });
    expect(ran).toBe(0);
    off();
  });

  test('ignores messages that are not ours (other listeners keep working)', async () => {
    registerHandlers(handlers);
    let seen: unknown = null;
    fakeBrowser.runtime.onMessage.addListener((m: unknown) => {
      seen = m;
      return undefined;
    });
    await fakeBrowser.runtime.sendMessage({ somebodyElse: true }).catch(() => undefined);
    expect(seen).toEqual({ somebodyElse: true });
  });
});
