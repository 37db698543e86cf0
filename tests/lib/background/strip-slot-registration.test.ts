import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { corpusHandlers } from '@/lib/background/corpus-handlers';
import {
  noteCorpusSize,
  registerStripSlot,
  resetStripSlotForTests,
  setStripSlot,
  syncStripSlot,
} from '@/lib/background/strip-slot-registration';
import { STRIP_LINE_SLOT_CSS_FILE, STRIP_SLOT_CSS_FILE, STRIP_SLOT_SCRIPT_ID } from '@/lib/badges';
import { upsertPapers } from '@/lib/corpus';
import type { PaperRecord } from '@/lib/corpus/schema';
import { resetDbForTests } from '@/lib/db';
import type { Handler } from '@/lib/messaging';
import { DEFAULT_SETTINGS, getSettings, saveSettings } from '@/lib/settings';
import { FakeScripting } from './fake-scripting';

let api: FakeScripting;
beforeEach(() => {
  resetStripSlotForTests();
  api = new FakeScripting().install();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await resetDbForTests();
});

const registered = () => api.scripts.has(STRIP_SLOT_SCRIPT_ID);

function paper(id: string): PaperRecord {
  return {
    id,
    version: 1,
    title: `Attention and transduction ${id}`,
    authors: [],
    abstract: 'Sequence transduction models based on attention.',
    categories: ['cs.CL'],
    primaryCategory: 'cs.CL',
    origin: 'import',
    addedAt: 1_700_000_000_000,
  };
}

describe('setStripSlot', () => {
  it('registers the slot style for abs pages once, before any DOM (document_start), lasting across sessions', async () => {
    expect(await setStripSlot(true)).toBe(true);
    expect(await setStripSlot(true)).toBe(true);
    expect(api.calls.filter((c) => c === 'register')).toHaveLength(1);
    expect(api.scripts.get(STRIP_SLOT_SCRIPT_ID)).toEqual({
      id: STRIP_SLOT_SCRIPT_ID,
      matches: ['https://arxiv.org/abs/*'],
      css: [STRIP_SLOT_CSS_FILE],
      runAt: 'document_start',
      allFrames: false,
      persistAcrossSessions: true,
    });
  });

  it('unregisters it when it is not wanted, and asks nothing more once it knows', async () => {
    await setStripSlot(true);
    expect(await setStripSlot(false)).toBe(false);
    expect(registered()).toBe(false);
    const before = api.calls.length;
    expect(await setStripSlot(false)).toBe(false);
    expect(api.calls.length).toBe(before);
  });

  it('finds a registration of an earlier worker (they persist) instead of registering twice', async () => {
    await setStripSlot(true);
    resetStripSlotForTests(); // a new worker: nothing in memory
    expect(await setStripSlot(true)).toBe(true);
    expect(api.calls.filter((c) => c === 'register')).toHaveLength(1);
    resetStripSlotForTests();
    expect(await setStripSlot(false)).toBe(false);
    expect(registered()).toBe(false);
  });

  it('runs changes one after another: concurrent calls end in the last one’s state, without errors', async () => {
    const results = await Promise.all([
      setStripSlot(true),
      setStripSlot(true),
      setStripSlot(false),
      setStripSlot(true),
    ]);
    expect(results).toEqual([true, true, false, true]);
    expect(registered()).toBe(true);
  });

  it('re-registers on refresh (after an update)', async () => {
    await setStripSlot(true);
    expect(await setStripSlot(true, { refresh: true })).toBe(true);
    expect(api.calls).toEqual(['get', 'register', 'get', 'unregister', 'register']);
    expect(registered()).toBe(true);
  });

  it('a browser refusing leaves things as they were; only an event tries again', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    api.failNext = true;
    expect(await setStripSlot(true)).toBeNull();
    expect(registered()).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    const calls = api.calls.length;
    noteCorpusSize(DEFAULT_SETTINGS, 10); // a corpus read does not retry a failing API
    await new Promise((r) => setTimeout(r, 10));
    expect(api.calls.length).toBe(calls);
    expect(await syncStripSlot()).toBe(true); // an event does
    expect(registered()).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('syncStripSlot: follows the settings and the corpus', () => {
  it('reserves the room for the one-time hint on an empty corpus, then gives it up', async () => {
    expect(await syncStripSlot()).toBe(true);
    await saveSettings({ badgeHintShown: true });
    expect(await syncStripSlot()).toBe(false);
    expect(registered()).toBe(false);
  });

  it('one line for the hint of an empty corpus, the strip’s slot once papers come', async () => {
    expect(await syncStripSlot()).toBe(true);
    expect(api.scripts.get(STRIP_SLOT_SCRIPT_ID)?.css).toEqual([STRIP_LINE_SLOT_CSS_FILE]);
    await upsertPapers([paper('1409.0473')]);
    expect(await syncStripSlot()).toBe(true);
    expect(api.scripts.get(STRIP_SLOT_SCRIPT_ID)?.css).toEqual([STRIP_SLOT_CSS_FILE]);
    // A new worker finds the strip's file registered and leaves it.
    resetStripSlotForTests();
    const calls = api.calls.length;
    expect(await syncStripSlot()).toBe(true);
    expect(api.calls.slice(calls)).toEqual(['get']);
  });

  it('keeps it while the corpus has papers, and never while the strip is switched off', async () => {
    await saveSettings({ badgeHintShown: true });
    await upsertPapers([paper('1409.0473')]);
    expect(await syncStripSlot()).toBe(true);
    const s = await getSettings();
    await saveSettings({ features: { ...s.features, absStrip: false } });
    expect(await syncStripSlot()).toBe(false);
    expect(registered()).toBe(false);
  });
});

describe('registerStripSlot: the events that change it', () => {
  it('follows a settings change and an install', async () => {
    registerStripSlot();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
    await vi.waitFor(() => expect(registered()).toBe(true));
    const s = await getSettings();
    await saveSettings({ features: { ...s.features, absStrip: false } });
    await vi.waitFor(() => expect(registered()).toBe(false));
    await saveSettings({ features: { ...s.features, absStrip: true } });
    await vi.waitFor(() => expect(registered()).toBe(true));
  });

  it('the corpus handlers correct it from the size they read (the options page filled the corpus)', async () => {
    await saveSettings({ badgeHintShown: true });
    await setStripSlot(false);
    await upsertPapers([paper('1409.0473')]);
    const badges = corpusHandlers()['corpus/badges'] as Handler<'corpus/badges'>;
    const res = await badges({ entries: [{ id: '1409.0473' }] } as never, {} as never);
    expect(res.corpusSize).toBe(1);
    await vi.waitFor(() => expect(registered()).toBe(true));
  });
});
