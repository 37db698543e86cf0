/**
 * Keeps the abs-page strip's slot style (lib/badges/strip-slot.ts) registered exactly while the
 * strip will show: the strip switched on, and a corpus to compare with (or the one-time hint of
 * an empty corpus still due).
 *
 * Registrations persist across worker restarts and browser sessions, so the worker only has to
 * follow changes: at install/update and browser start (checked and re-registered), when the
 * settings change, and whenever a corpus handler has just read the corpus size (which also catches
 * the options page emptying or filling the corpus while the worker slept). A page loaded before a
 * change reaches the registration gets the old decision once: the content script then draws into
 * a slot it did not need (a short line) or draws without one (the page moves once).
 */
import { browser } from 'wxt/browser';
import {
  STRIP_SLOT_CSS_FILE,
  STRIP_SLOT_MATCHES,
  STRIP_SLOT_SCRIPT_ID,
  stripSlotWanted,
} from '../badges/strip-slot';
import { corpusCount } from '../corpus/interests';
import { getSettings, type Settings } from '../settings';

/** The part of `browser.scripting` used here (absent without the `scripting` permission). */
export interface SlotScripting {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<Array<{ id: string }>>;
  registerContentScripts(
    scripts: Array<{
      id: string;
      matches: string[];
      css: string[];
      runAt: 'document_start';
      allFrames: boolean;
      persistAcrossSessions: boolean;
    }>,
  ): Promise<void>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
}

function scripting(): SlotScripting | undefined {
  return (browser as unknown as { scripting?: SlotScripting }).scripting;
}

/** What this worker last made (or found) true; undefined until it has asked. */
let registered: boolean | undefined;
/** The last attempt failed: only the events (not every corpus read) try again. */
let failed = false;
/** Changes run one after another (two registrations of one id would fail). */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Registers or unregisters the slot style so that it is registered iff `want`. With `refresh`,
 * a registration is made anew (after an update: same id, possibly another file). Resolves to
 * whether it is registered; errors (no scripting API, a browser refusing) leave it as it was and
 * resolve to null: without the slot the strip still shows, the page just moves once.
 */
export function setStripSlot(
  want: boolean,
  opts: { refresh?: boolean; api?: SlotScripting } = {},
): Promise<boolean | null> {
  const run = async (): Promise<boolean | null> => {
    const api = opts.api ?? scripting();
    if (!api) return null;
    try {
      if (registered === want && !opts.refresh) return want;
      const ids = [STRIP_SLOT_SCRIPT_ID];
      const found = (await api.getRegisteredContentScripts({ ids })).some(
        (s) => s.id === STRIP_SLOT_SCRIPT_ID,
      );
      if (found && (!want || opts.refresh)) await api.unregisterContentScripts({ ids });
      if (want && (!found || opts.refresh)) {
        await api.registerContentScripts([
          {
            id: STRIP_SLOT_SCRIPT_ID,
            matches: STRIP_SLOT_MATCHES,
            css: [STRIP_SLOT_CSS_FILE],
            runAt: 'document_start',
            allFrames: false,
            persistAcrossSessions: true,
          },
        ]);
      }
      registered = want;
      failed = false;
      return want;
    } catch (e) {
      if (!failed) console.warn('[Antigravity] could not update the strip slot style:', e);
      registered = undefined;
      failed = true;
      return null;
    }
  };
  const next = queue.then(run, run);
  queue = next;
  return next;
}

/** After a handler read the corpus size (no extra reads): follow it when it changes the answer. */
export function noteCorpusSize(settings: Settings, corpusSize: number): void {
  const want = stripSlotWanted(settings, corpusSize);
  if (registered !== want && !failed) void setStripSlot(want);
}

/** Reads the settings and the corpus size, then registers or unregisters to match. */
export async function syncStripSlot(
  opts: { refresh?: boolean; api?: SlotScripting } = {},
): Promise<boolean | null> {
  let want: boolean;
  try {
    const [settings, size] = await Promise.all([getSettings(), corpusCount()]);
    want = stripSlotWanted(settings, size);
  } catch (e) {
    console.warn('[Antigravity] could not read the settings or the corpus size:', e);
    return null;
  }
  return setStripSlot(want, opts);
}

/**
 * Wires the events that change the decision. Called from the worker's first turn (listeners
 * registered synchronously).
 */
export function registerStripSlot(): void {
  browser.runtime.onInstalled.addListener(() => void syncStripSlot({ refresh: true }));
  browser.runtime.onStartup.addListener(() => void syncStripSlot());
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && 'settings' in changes) void syncStripSlot();
  });
}

/** Forgets what this worker knew (tests: a fresh worker). */
export function resetStripSlotForTests(): void {
  registered = undefined;
  failed = false;
  queue = Promise.resolve();
}
