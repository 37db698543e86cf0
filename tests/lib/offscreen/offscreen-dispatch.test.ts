import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { dispatchOffscreen, isOwnWorker } from '@/lib/offscreen';
import { offscreenHandlers } from '@/lib/offscreen/offscreen-handlers';
import { callOffscreen } from '@/lib/background/offscreen-document';

describe('offscreen dispatch', () => {
  it('answers a known request with its parsed response', async () => {
    expect(await dispatchOffscreen({ agOffscreen: 1, name: 'ping', payload: {} })).toEqual({
      ok: true,
      data: { pong: true },
    });
  });

  it('refuses page-protocol envelopes, unknown names and inherited keys', async () => {
    for (const raw of [
      { ag: 1, type: 'ping', payload: {} },
      { agOffscreen: 1, name: 'nope', payload: {} },
      { agOffscreen: 1, name: 'toString', payload: {} },
      null,
    ]) {
      const r = await dispatchOffscreen(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad_message');
    }
  });

  it('maps a throwing handler and a malformed response to typed errors', async () => {
    const throwing = await dispatchOffscreen(
      { agOffscreen: 1, name: 'ping', payload: {} },
      {
        ...offscreenHandlers(),
        ping: () => {
          throw new Error('boom');
        },
      },
    );
    expect(throwing).toEqual({ ok: false, error: { code: 'unknown', message: 'boom' } });
    const malformed = await dispatchOffscreen(
      { agOffscreen: 1, name: 'ping', payload: {} },
      { ...offscreenHandlers(), ping: () => ({ pong: false }) as never },
    );
    expect(malformed.ok).toBe(false);
  });

  it('answers only the extension worker, never a tab', () => {
    const own = fakeBrowser.runtime.getURL('/background.js');
    expect(isOwnWorker({ url: own })).toBe(true);
    expect(isOwnWorker({ url: own, tab: { id: 1 } as never })).toBe(false);
    expect(isOwnWorker({ url: 'https://arxiv.org/abs/1706.03762' })).toBe(false);
  });

  it('without chrome.offscreen (Firefox) the worker dispatches in place', async () => {
    expect(await callOffscreen('ping', {})).toEqual({ pong: true });
  });
});
