import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openSetupPage, WELCOME_PATH } from '@/lib/background/setup-page';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('openSetupPage', () => {
  it('opens the welcome page when the build has one', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async (url: string) => new Response('', { status: url.endsWith(WELCOME_PATH) ? 200 : 404 }),
      ),
    );
    const options = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    await openSetupPage();
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain(fakeBrowser.runtime.getURL(WELCOME_PATH as '/'));
    expect(options).not.toHaveBeenCalled();
  });

  it('opens Options when there is no welcome page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('not found'))),
    );
    const options = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    const before = (await fakeBrowser.tabs.query({})).length;
    await openSetupPage();
    expect(options).toHaveBeenCalledTimes(1);
    expect((await fakeBrowser.tabs.query({})).length).toBe(before);
  });
});
