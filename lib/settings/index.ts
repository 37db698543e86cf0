import { z } from 'zod';
import { browser } from 'wxt/browser';
import { DEFAULT_MODEL } from './models';

export { DEFAULT_MODEL, KNOWN_MODELS, modelPrice } from './models';
export type { ModelInfo } from './models';

export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

export const FeatureToggles = z.object({
  /** "Related in your corpus" strip under the abstract. */
  absStrip: z.boolean().catch(true),
  /** A badge per entry on listing and search pages. */
  listingBadges: z.boolean().catch(true),
  /** Badges on references in HTML full text. */
  htmlBadges: z.boolean().catch(true),
  /** "Ask Antigravity" button next to a text selection. */
  selectionButton: z.boolean().catch(true),
  /** Store every paper the reader opens in the corpus. */
  saveOpenedPapers: z.boolean().catch(true),
});
export type FeatureToggles = z.infer<typeof FeatureToggles>;

const DEFAULT_FEATURES: FeatureToggles = {
  absStrip: true,
  listingBadges: true,
  htmlBadges: true,
  selectionButton: true,
  saveOpenedPapers: true,
};

/**
 * Settings, validated field by field on every read: a bad or missing field falls back to
 * its default and never takes the others with it.
 */
export const Settings = z.object({
  apiKey: z.string().trim().catch(''),
  model: z.string().trim().min(1).catch(DEFAULT_MODEL),
  baseUrl: z
    .string()
    .trim()
    .url()
    .refine((u) => /^https?:\/\//.test(u))
    .transform((u) => u.replace(/\/+$/, ''))
    .catch(DEFAULT_BASE_URL),
  /** How many corpus papers to retrieve as sources. */
  maxSources: z.number().int().min(1).max(20).catch(8),
  /** Token budget for the open paper's text in a request. */
  paperTokenBudget: z.number().int().min(2000).max(400000).catch(60000),
  /** Abort a stream silent for this long. */
  stallTimeoutS: z.number().min(5).max(600).catch(45),
  features: FeatureToggles.catch(DEFAULT_FEATURES),
  obsidianVault: z.string().catch(''),
  obsidianFolder: z.string().catch('Antigravity'),
  /** The one-time hint on an empty corpus was shown. */
  badgeHintShown: z.boolean().catch(false),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({ features: DEFAULT_FEATURES });

/** Settings without the API key: what non-privileged contexts (content scripts) may see. */
export type PublicSettings = Omit<Settings, 'apiKey'> & { hasApiKey: boolean };

const KEY = 'settings';

/** Parses anything into valid settings (defaults for what is invalid or missing). */
export function parseSettings(raw: unknown): Settings {
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const merged = { ...DEFAULT_SETTINGS, ...obj };
  merged.features = { ...DEFAULT_FEATURES, ...(obj.features as object | undefined) };
  return Settings.parse(merged);
}

export async function getSettings(): Promise<Settings> {
  const got = await browser.storage.local.get(KEY);
  return parseSettings(got[KEY]);
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = parseSettings({ ...(await getSettings()), ...patch });
  await browser.storage.local.set({ [KEY]: next });
  return next;
}

export function toPublicSettings(s: Settings): PublicSettings {
  const { apiKey, ...rest } = s;
  return { ...rest, hasApiKey: apiKey.length > 0 };
}

/** "sk-ant-…abcd": enough to recognise a key, never enough to use it. */
export function maskKey(key: string): string {
  if (!key) return '';
  return key.length <= 8 ? '••••' : `${key.slice(0, 7)}…${key.slice(-4)}`;
}

/**
 * Chrome: make storage.local readable only by extension pages and the worker, so a content
 * script has no way to read the API key. Firefox has no such switch for storage.local; there
 * the content script never asks for settings except through the background, which strips the key.
 */
export async function restrictStorageToTrustedContexts(): Promise<void> {
  const local = browser.storage.local as unknown as {
    setAccessLevel?: (o: { accessLevel: string }) => Promise<void>;
  };
  try {
    await local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch {
    // Older browsers: the key is still only handed out by the background.
  }
}
