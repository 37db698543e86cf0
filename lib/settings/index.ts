import { z } from 'zod/mini';
import { browser } from 'wxt/browser';
import { DEFAULT_MODEL } from './models';
import { apiOrigin } from './api-origin';

export { DEFAULT_MODEL, KNOWN_MODELS, modelPrice } from './models';
export type { ModelInfo } from './models';

export const DEFAULT_BASE_URL = 'https://api.anthropic.com';

export const FeatureToggles = z.lazy(() =>
  z.object({
    /** "Related in your corpus" strip under the abstract. */
    absStrip: z.catch(z.boolean(), true),
    /** A badge per entry on listing and search pages. */
    listingBadges: z.catch(z.boolean(), true),
    /** Badges on references in HTML full text. */
    htmlBadges: z.catch(z.boolean(), true),
    /** "Ask Antigravity" button next to a text selection. */
    selectionButton: z.catch(z.boolean(), true),
    /** Store every paper the reader opens in the corpus. */
    saveOpenedPapers: z.catch(z.boolean(), true),
  }),
);
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
export const Settings = z.lazy(() =>
  z.object({
    apiKey: z.catch(z.string().check(z.trim()), ''),
    model: z.catch(z.string().check(z.trim()).check(z.minLength(1)), DEFAULT_MODEL),
    baseUrl: z.catch(
      z.pipe(
        z.pipe(
          z.string().check(z.trim()),
          // Parsed, not prefix-tested: https, or http on loopback only; no user info.
          z.url().check(z.refine((u) => apiOrigin(u) !== null)),
        ),
        z.transform((u: string) => u.replace(/\/+$/, '')),
      ),
      DEFAULT_BASE_URL,
    ),
    /** How many corpus papers to retrieve as sources. */
    maxSources: z.catch(z.int().check(z.minimum(1)).check(z.maximum(20)), 8),
    /** Token budget for the open paper's text in a request. */
    paperTokenBudget: z.catch(z.int().check(z.minimum(2000)).check(z.maximum(400000)), 60000),
    /** Abort a stream silent for this long. */
    stallTimeoutS: z.catch(z.number().check(z.minimum(5)).check(z.maximum(600)), 45),
    features: z.catch(FeatureToggles, DEFAULT_FEATURES),
    obsidianVault: z.catch(z.string(), ''),
    obsidianFolder: z.catch(z.string(), 'Antigravity'),
    /** The one-time hint on an empty corpus was shown. */
    badgeHintShown: z.catch(z.boolean(), false),
  }),
);
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
