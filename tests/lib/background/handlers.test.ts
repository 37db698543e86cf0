import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { dispatch, type Handlers } from '@/lib/messaging';
import { CONTENT_SCRIPT_ALLOWED, guard } from '@/lib/background/handlers';

const contentScript = { tab: { id: 7 }, url: 'https://arxiv.org/abs/1706.03762' } as never;
const extensionPage = () =>
  ({ tab: { id: 9 }, url: fakeBrowser.runtime.getURL('/sidepanel.html') }) as never;
const worker = {} as never;

const handlers: Handlers = guard({
  'settings/test-connection': () => ({ ok: true, message: 'ok' }),
  'settings/public': () => ({
    hasApiKey: true,
    model: 'm',
    baseUrl: 'https://api.anthropic.com',
    maxSources: 8,
    features: {},
    obsidianVault: '',
    obsidianFolder: '',
    badgeHintShown: false,
    paperTokenBudget: 60000,
    stallTimeoutS: 45,
  }),
  'threads/list': () => ({ threads: [], turns: [] }),
});

describe('background message guard', () => {
  test('a content script cannot reach the API key or the threads', async () => {
    for (const type of ['settings/test-connection', 'threads/list'] as const) {
      const payload = type === 'threads/list' ? { paperId: 'x' } : {};
      const r = await dispatch(handlers, { ag: 1, type, payload }, contentScript);
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(CONTENT_SCRIPT_ALLOWED.has('settings/test-connection')).toBe(false);
  });

  test('a content script may read public settings (which never hold the key)', async () => {
    const r = await dispatch(
      handlers,
      { ag: 1, type: 'settings/public', payload: {} },
      contentScript,
    );
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toContain('apiKey');
  });

  test('extension pages (also when opened as a tab) and the worker are trusted', async () => {
    for (const sender of [extensionPage(), worker]) {
      const r = await dispatch(
        handlers,
        { ag: 1, type: 'settings/test-connection', payload: {} },
        sender,
      );
      expect(r.ok).toBe(true);
    }
  });
});

describe('a page speaks only for the paper its address names (issue 18, finding 4)', () => {
  test('a report whose paper id differs from the address is not stored', async () => {
    const { paperMatchesAddress } = await import('@/lib/background/handlers');
    const paper = { id: '1706.03762' } as never;
    expect(
      paperMatchesAddress({ kind: 'abs', paper, warnings: [] }, 'https://arxiv.org/abs/2403.00002'),
    ).toBe(false);
    expect(
      paperMatchesAddress(
        { kind: 'abs', paper, warnings: [] },
        'https://arxiv.org/abs/1706.03762v7',
      ),
    ).toBe(true);
    expect(
      paperMatchesAddress(
        { kind: 'html', paper, warnings: [] },
        'https://arxiv.org/html/1706.03762v7',
      ),
    ).toBe(true);
  });
});
