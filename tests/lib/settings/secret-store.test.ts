import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { getSettings, saveSettings, toPublicSettings } from '@/lib/settings';

/**
 * Issue 18, finding 11: on Firefox a content script can read all of storage.local, so the key
 * must not be there (on either browser): it lives in the extension's own IndexedDB.
 */
const everythingInLocal = async () => JSON.stringify(await fakeBrowser.storage.local.get(null));

describe('where the API key is kept', () => {
  test('a saved key is nowhere in storage.local, and still read back by the extension', async () => {
    await saveSettings({ apiKey: 'sk-ant-secret-1234', model: 'claude-haiku-5-5' });
    expect(await everythingInLocal()).not.toContain('sk-ant-secret-1234');
    const s = await getSettings();
    expect(s.apiKey).toBe('sk-ant-secret-1234');
    expect(s.model).toBe('claude-haiku-5-5');
    expect(toPublicSettings(s).hasApiKey).toBe(true);
  });

  test('a key left in storage.local by an older version moves out on the first read', async () => {
    await fakeBrowser.storage.local.set({
      settings: { apiKey: 'sk-ant-old-5678', model: 'claude-sonnet-5-5', maxSources: 5 },
    });
    const s = await getSettings();
    expect(s.apiKey).toBe('sk-ant-old-5678');
    expect(s.model).toBe('claude-sonnet-5-5');
    expect(s.maxSources).toBe(5);
    expect(await everythingInLocal()).not.toContain('sk-ant-old-5678');
    expect((await getSettings()).apiKey).toBe('sk-ant-old-5678');
  });

  test('removing the key removes it; other saves keep it', async () => {
    await saveSettings({ apiKey: 'sk-ant-keep' });
    await saveSettings({ maxSources: 3 });
    expect((await getSettings()).apiKey).toBe('sk-ant-keep');
    await saveSettings({ apiKey: '' });
    expect((await getSettings()).apiKey).toBe('');
  });
});
