import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { parseSettings, saveSettings } from '@/lib/settings';
import { testConnection } from '@/lib/background/test-connection';

/**
 * Issue 18, finding 1: "Test connection" must never send the key to an origin that is not the
 * saved base URL's, granted to the extension. A recording fetch stands for the network.
 */
function recorder() {
  const calls: Array<{ url: string; auth: string | null }> = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : {}));
    calls.push({ url, auth: headers.get('authorization') ?? headers.get('x-api-key') });
    return new Response(JSON.stringify({ data: [], has_more: false }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

const granted = (origins: string[]) => async (origin: string) => origins.includes(origin);

describe('Test connection sends the key only to the saved, granted origin', () => {
  test.each([
    'https://evil.example/proxy',
    'https://api.anthropic.com.evil.example',
    'https://api.anthropic.com@evil.example',
    'https://user:pw@api.anthropic.com',
    'http://api.anthropic.com',
    'http://evil.example',
    'javascript:alert(1)',
    'not a url',
  ])('typed %s (not saved): nothing is sent', async (typed) => {
    await saveSettings({ apiKey: 'sk-ant-secret' });
    const net = recorder();
    const r = await testConnection(
      { baseUrl: typed },
      { fetch: net.fetch, hasPermission: granted(['https://api.anthropic.com']) },
    );
    expect(net.calls).toEqual([]);
    expect(r.ok).toBe(false);
  });

  test('a saved origin without the permission granted: nothing is sent', async () => {
    await fakeBrowser.storage.local.set({
      settings: { apiKey: 'sk-ant-secret', baseUrl: 'https://proxy.example/v' },
    });
    const net = recorder();
    const r = await testConnection({}, { fetch: net.fetch, hasPermission: granted([]) });
    expect(net.calls).toEqual([]);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/permission/i);
  });

  test('the saved and granted origin gets the request (the test can pass)', async () => {
    await saveSettings({ apiKey: 'sk-ant-secret', baseUrl: 'https://proxy.example/v' });
    const net = recorder();
    const r = await testConnection(
      { baseUrl: 'https://proxy.example/v/' },
      { fetch: net.fetch, hasPermission: granted(['https://proxy.example']) },
    );
    expect(r.ok).toBe(true);
    expect(net.calls.map((c) => new URL(c.url).origin)).toEqual(['https://proxy.example']);
    expect(net.calls[0]!.auth).toContain('sk-ant-secret');
  });
});

describe('the base URL setting', () => {
  test.each([
    ['http://evil.example', false],
    ['https://api.anthropic.com@evil.example', false],
    ['https://api.anthropic.com.evil.example', true],
    ['http://127.0.0.1:8080', true],
    ['http://localhost:3000/v', true],
    ['https://proxy.example/v', true],
  ])('%s accepted: %s (plain http only on loopback, no user info)', (url, ok) => {
    const s = parseSettings({ baseUrl: url });
    expect(s.baseUrl === url).toBe(ok);
  });
});
