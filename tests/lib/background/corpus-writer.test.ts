/**
 * The worker writes the corpus only through the writer context (lib/background/corpus-writer.ts):
 * in Chrome every write is an offscreen request; in Firefox (no chrome.offscreen) the background
 * page is that context and the request is handled in place.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { resetDbForTests } from '@/lib/db';
import { corpusSize, getPaper } from '@/lib/corpus';
import {
  clearCorpusData,
  removeCorpusCategory,
  upsertCorpus,
} from '@/lib/background/corpus-writer';
import { fixtureRecords } from '../corpus/corpus-helpers';

afterEach(async () => {
  delete (globalThis as { chrome?: unknown }).chrome;
  await resetDbForTests();
});

describe('the corpus writer', () => {
  it('stores, removes a category and clears through the writer context (in place here)', async () => {
    const records = fixtureRecords();
    const r = await upsertCorpus(records);
    expect(r.added).toBe(records.length);
    expect(await getPaper(records[0]!.id)).toMatchObject({ title: records[0]!.title });
    const cat = records[0]!.primaryCategory;
    const inCat = records.filter((x) => x.primaryCategory === cat).length;
    expect(await removeCorpusCategory(cat)).toBe(inCat);
    expect(await corpusSize()).toBe(records.length - inCat);
    await clearCorpusData();
    expect(await corpusSize()).toBe(0);
  });

  it('in Chrome, sends every write to the offscreen document and writes nothing itself', async () => {
    const sent: unknown[] = [];
    (globalThis as { chrome?: unknown }).chrome = {
      offscreen: { createDocument: async () => undefined },
      runtime: { getContexts: async () => [{}] },
    };
    (fakeBrowser.runtime as { sendMessage: unknown }).sendMessage = async (msg: unknown) => {
      sent.push(msg);
      return { ok: true, data: { added: 1, updated: 0 } };
    };
    const records = fixtureRecords().slice(0, 1);
    expect(await upsertCorpus(records)).toEqual({ added: 1, updated: 0 });
    expect(sent).toEqual([{ agOffscreen: 1, name: 'corpus/upsert', payload: { records } }]);
    expect(await corpusSize()).toBe(0);
  });
});
