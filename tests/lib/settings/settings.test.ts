import { describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  DEFAULT_BASE_URL,
  DEFAULT_MODEL,
  DEFAULT_SETTINGS,
  getSettings,
  maskKey,
  modelPrice,
  parseSettings,
  saveSettings,
  toPublicSettings,
} from '@/lib/settings';

describe('settings', () => {
  test('defaults when nothing is stored', async () => {
    const s = await getSettings();
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(s.model).toBe(DEFAULT_MODEL);
    expect(s.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(s.apiKey).toBe('');
  });

  test('an invalid field falls back to its default without taking the others with it', async () => {
    await fakeBrowser.storage.local.set({
      settings: {
        apiKey: 'sk-ant-xyz',
        model: 42,
        baseUrl: 'ftp://nope',
        maxSources: 1000,
        features: { absStrip: false, listingBadges: 'yes' },
      },
    });
    const s = await getSettings();
    expect(s.apiKey).toBe('sk-ant-xyz');
    expect(s.model).toBe(DEFAULT_MODEL);
    expect(s.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(s.maxSources).toBe(8);
    expect(s.features.absStrip).toBe(false);
    expect(s.features.listingBadges).toBe(true);
    expect(s.features.htmlBadges).toBe(true);
  });

  test.each([null, 'garbage', 7, [], { features: null }])('never throws on stored %j', (raw) => {
    expect(() => parseSettings(raw)).not.toThrow();
    expect(parseSettings(raw).model).toBe(DEFAULT_MODEL);
  });

  test('save then read; base URL trailing slashes removed', async () => {
    await saveSettings({
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:9999/',
      model: 'claude-opus-5-5',
    });
    const s = await getSettings();
    expect(s.baseUrl).toBe('http://127.0.0.1:9999');
    expect(s.model).toBe('claude-opus-5-5');
  });

  test('public settings never carry the key', async () => {
    const pub = toPublicSettings(await saveSettings({ apiKey: 'sk-ant-secret-abcd' }));
    expect(JSON.stringify(pub)).not.toContain('secret');
    expect(pub.hasApiKey).toBe(true);
  });

  test('maskKey shows only a recognisable prefix and suffix', () => {
    expect(maskKey('')).toBe('');
    expect(maskKey('short')).toBe('••••');
    expect(maskKey('sk-ant-api03-abcdefghijkl-wxyz')).toBe('sk-ant-…wxyz');
  });

  test('model prices: known, by family, fallback', () => {
    expect(modelPrice('claude-haiku-5-5').input).toBeGreaterThan(0);
    expect(modelPrice('claude-sonnet-9-9')).toEqual(modelPrice('claude-sonnet-5-5'));
    expect(modelPrice('some-proxy-model')).toEqual(modelPrice(DEFAULT_MODEL));
  });
});
