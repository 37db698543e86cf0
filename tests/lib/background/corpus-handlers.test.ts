import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListingEntry, Paper } from '@/lib/arxiv/schema';
import { corpusHandlers } from '@/lib/background/corpus-handlers';
import { listingQueries, referenceQueries } from '@/lib/badges';
import { getPaper, savePaperFromPage, upsertPapers } from '@/lib/corpus';
import type { PaperRecord } from '@/lib/corpus/schema';
import { resetDbForTests } from '@/lib/db';
import type { Handler, MessageType, RequestOf } from '@/lib/messaging';
import { saveSettings, DEFAULT_SETTINGS } from '@/lib/settings';
import { resetStripSlotForTests } from '@/lib/background/strip-slot-registration';
import { readPage } from '../badges/pages';
import { FakeScripting } from './fake-scripting';

beforeEach(() => {
  // The handlers keep the abs strip's slot style registered (lib/background/strip-slot-registration.ts).
  resetStripSlotForTests();
  new FakeScripting().install();
});
afterEach(resetDbForTests);

const abs = readPage('abs').paper as Paper;
const html = readPage('html').paper as Paper;
const search = readPage('search').entries as ListingEntry[];

/** Calls a background handler as the messaging layer does (from a content script of tab 1). */
async function call<T extends MessageType>(type: T, payload: RequestOf<T>) {
  const handler = corpusHandlers()[type] as Handler<T>;
  return handler(payload as never, { tab: { id: 1 } } as never);
}

function rec(over: Partial<PaperRecord> & Pick<PaperRecord, 'id' | 'title'>): PaperRecord {
  return {
    version: 1,
    authors: [],
    abstract: '',
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    origin: 'import',
    addedAt: 1_700_000_000_000,
    ...over,
  };
}
const fromEntry = (e: ListingEntry) =>
  rec({
    id: e.id,
    title: e.title,
    abstract: e.abstract ?? '',
    categories: e.categories,
    primaryCategory: e.categories[0]!,
  });

describe('corpus/badges', () => {
  it('applies the asking feature’s switch itself (the content script does not wait for the settings)', async () => {
    await upsertPapers(search.slice(0, 5).map(fromEntry));
    const entries = listingQueries(search);
    await saveSettings({ features: { ...DEFAULT_SETTINGS.features, listingBadges: false } });
    const off = await call('corpus/badges', { entries, feature: 'listingBadges' });
    expect(off).toEqual({ badges: [], corpusSize: 0, disabled: true });
    // The other kind, and requests that name no feature (a badge's own re-check), still answer.
    const refs = await call('corpus/badges', { entries, similarity: false, feature: 'htmlBadges' });
    expect(refs.disabled).toBeUndefined();
    expect(refs.badges.filter((b) => b?.inCorpus)).toHaveLength(5);
    expect((await call('corpus/badges', { entries })).corpusSize).toBe(5);
    await saveSettings({ features: { ...DEFAULT_SETTINGS.features, htmlBadges: false } });
    const on = await call('corpus/badges', { entries, feature: 'listingBadges' });
    expect(on.disabled).toBeUndefined();
    expect(on.badges.filter((b) => b?.inCorpus)).toHaveLength(5);
    const refsOff = await call('corpus/badges', {
      entries,
      similarity: false,
      feature: 'htmlBadges',
    });
    expect(refsOff.disabled).toBe(true);
  });

  it('answers nothing on an empty corpus', async () => {
    const res = await call('corpus/badges', { entries: listingQueries(search) });
    expect(res.corpusSize).toBe(0);
    expect(res.badges).toHaveLength(50);
    expect(res.badges.every((b) => b === null)).toBe(true);
  });

  it('gives every search result its badge: stored ones in the corpus, the others their similarity', async () => {
    await upsertPapers(search.slice(0, 5).map(fromEntry));
    await savePaperFromPage(abs);
    const res = await call('corpus/badges', {
      entries: search.map((e) => ({ id: e.id, title: e.title, abstract: e.abstract })),
    });
    expect(res.corpusSize).toBe(6);
    expect(res.badges.map((b) => b?.id)).toEqual(search.map((e) => e.id));
    const stored = res.badges.filter((b) => b?.inCorpus);
    expect(stored.map((b) => b!.id)).toEqual(search.slice(0, 5).map((e) => e.id));
    expect(stored[0]?.title).toBe(search[0]!.title);
    expect(stored[0]?.abstract).toBe(search[0]!.abstract);
    // The one opened paper is every other entry's closest.
    const others = res.badges.filter((b) => b && !b.inCorpus && b.similarity! > 0);
    expect(others.length).toBeGreaterThan(20);
    expect(others.every((b) => b!.closest?.id === abs.id)).toBe(true);
  });

  it('resolves references by id and by title; references need no similarity', async () => {
    await savePaperFromPage(abs);
    await upsertPapers([
      rec({ id: '1607.06450', title: 'Layer normalization' }),
      // Cited by title only in the bibliography of 1706.03762.
      rec({ id: '1412.6980', title: 'Adam: A Method for Stochastic Optimization' }),
    ]);
    const { queries, targets } = referenceQueries(html);
    const res = await call('corpus/badges', {
      entries: queries,
      similarity: false,
      paperId: html.id,
    });
    const byAnchor = (a: string) => res.badges[targets.find((t) => t.anchor === a)!.query];
    expect(byAnchor('bib.bib1')).toMatchObject({
      id: '1607.06450',
      inCorpus: true,
      title: 'Layer normalization',
    });
    expect(byAnchor('bib.bib2')).toMatchObject({ id: '1409.0473', inCorpus: false });
    const adam = targets.find((t) => html.references[t.index]?.title?.startsWith('Adam'))!;
    expect(res.badges[adam.query]).toMatchObject({ id: '1412.6980', inCorpus: true });
    // Titles that match nothing in the corpus get no badge.
    const lstm = targets.find((t) => html.references[t.index]?.title === 'Long short-term memory')!;
    expect(res.badges[lstm.query]).toBeNull();
    expect(res.badges.every((b) => !b || (b.similarity === 0 && !b.closest))).toBe(true);
  });

  it('says when the page’s own paper was stored by this visit', async () => {
    await savePaperFromPage(html);
    const addedAt = (await getPaper(html.id))!.addedAt;
    const entries = [{ id: '1607.06450' }];
    expect(
      (await call('corpus/badges', { entries, paperId: html.id, visitStart: addedAt }))
        .openPaperNew,
    ).toBe(true);
    expect(
      (await call('corpus/badges', { entries, paperId: html.id, visitStart: addedAt + 1 }))
        .openPaperNew,
    ).toBe(false);
    expect((await call('corpus/badges', { entries })).openPaperNew).toBe(false);
  });
});

describe('corpus/related', () => {
  it('is empty-handed on an empty corpus', async () => {
    const res = await call('corpus/related', { paper: abs, visitStart: Date.now() });
    expect(res).toMatchObject({ sources: [], inCorpus: false, corpusSize: 0, referencesTotal: 0 });
  });

  it('lists related papers without the paper itself, and tells "already in" from "stored by this visit"', async () => {
    await upsertPapers(search.slice(0, 10).map(fromEntry));
    await savePaperFromPage(abs);
    const addedAt = (await getPaper(abs.id))!.addedAt;
    const now = await call('corpus/related', { paper: abs, visitStart: addedAt });
    expect(now.inCorpus).toBe(false);
    expect(now.openPaperNew).toBe(true);
    expect(now.corpusSize).toBe(11);
    expect(now.sources.length).toBeGreaterThan(0);
    expect(now.sources.some((s) => s.id === abs.id)).toBe(false);
    const later = await call('corpus/related', { paper: abs, visitStart: addedAt + 1 });
    expect(later.inCorpus).toBe(true);
    expect(later.openPaperNew).toBe(false);
  });

  it('counts the references stored on an earlier visit to the full text', async () => {
    await savePaperFromPage(html); // its 22 cited arXiv ids are remembered
    await upsertPapers([rec({ id: '1607.06450', title: 'Layer normalization' })]);
    const res = await call('corpus/related', { paper: abs, visitStart: Date.now() + 1 });
    const cited = new Set(html.references.flatMap((r) => r.arxivIds));
    cited.delete(html.id);
    expect(res.referencesTotal).toBe(cited.size);
    expect(res.referencesInCorpus).toBe(1);
    expect(res.inCorpus).toBe(true);
  });
});
