/**
 * Keeps the abs-page strip's slot style (lib/badges/strip-slot.ts) registered exactly while the
 * strip will show: the strip's slot while there is a corpus to compare with, the one-line slot
 * while the one-time hint of an empty corpus is still due, none otherwise.
 * When it re-checks: lib/badges/README.md.
 */
import { browser } from 'wxt/browser';
import {
  STRIP_SLOT_CSS_FILES,
  STRIP_SLOT_MATCHES,
  STRIP_SLOT_SCRIPT_ID,
  stripSlotKind,
  type StripSlotKind,
} from '../badges';
import { corpusCount } from '../corpus';
import { getSettings, type Settings } from '../settings';

/** The part of `browser.scripting` used here (absent without the `scripting` permission). */
export interface SlotScripting {
  getRegisteredContentScripts(filter?: {
    ids?: string[];
  }): Promise<Array<{ id: string; css?: string[] }>>;
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

/** The slot this worker last registered (or found), null for none; undefined until it asked. */
let registered: StripSlotKind | null | undefined;
/** The last attempt failed: only the events (not every corpus read) try again. */
let failed = false;
/** Changes run one after another (two registrations of one id would fail). */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Registers or unregisters the slot style so that the slot `want` is registered (`true`: the
 * strip's; `false` or null: none). With `refresh`, a registration is made anew (after an update:
 * same id, possibly another file). Resolves to whether a slot is registered; errors (no scripting
 * API, a browser refusing) leave it as it was and resolve to null: without the slot the strip
 * still shows, the page just moves once.
 */
export function setStripSlot(
  want: boolean | StripSlotKind | null,
  opts: { refresh?: boolean; api?: SlotScripting } = {},
): Promise<boolean | null> {
  const kind: StripSlotKind | null = want === true ? 'strip' : want || null;
  const run = async (): Promise<boolean | null> => {
    const api = opts.api ?? scripting();
    if (!api) return null;
    try {
      if (registered === kind && !opts.refresh) return kind !== null;
      const ids = [STRIP_SLOT_SCRIPT_ID];
      const css = kind ? STRIP_SLOT_CSS_FILES[kind] : null;
      const found = (await api.getRegisteredContentScripts({ ids })).find(
        (s) => s.id === STRIP_SLOT_SCRIPT_ID,
      );
      // Another kind's file (an earlier worker's) is replaced: one id, one slot at a time.
      const same =
        found !== undefined &&
        css !== null &&
        (found.css ?? []).some((f) => f.replace(/^\//, '') === css);
      if (found && (!same || opts.refresh)) await api.unregisterContentScripts({ ids });
      if (css && (!same || opts.refresh)) {
        await api.registerContentScripts([
          {
            id: STRIP_SLOT_SCRIPT_ID,
            matches: STRIP_SLOT_MATCHES,
            css: [css],
            runAt: 'document_start',
            allFrames: false,
            persistAcrossSessions: true,
          },
        ]);
      }
      registered = kind;
      failed = false;
      return kind !== null;
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
  const want = stripSlotKind(settings, corpusSize);
  if (registered !== want && !failed) void setStripSlot(want);
}

/** Reads the settings and the corpus size, then registers or unregisters to match. */
export async function syncStripSlot(
  opts: { refresh?: boolean; api?: SlotScripting } = {},
): Promise<boolean | null> {
  let want: StripSlotKind | null;
  try {
    const [settings, size] = await Promise.all([getSettings(), corpusCount()]);
    want = stripSlotKind(settings, size);
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
