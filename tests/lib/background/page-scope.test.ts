/**
 * Issue 18, finding 2: a content script gets corpus answers only about its own page. Runs the
 * registered background handlers (as the messaging layer calls them, with the browser's sender)
 * on the captured search and abs pages: the page reports itself, then asks about its entries and
 * about a stored paper that is not on it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { ListingEntry, Paper } from '@/lib/arxiv/schema';
import { registerMessageHandlers } from '@/lib/background/handlers';
import { scopeOf } from '@/lib/background/page-scope';
import { reported } from '@/entrypoints/arxiv.content/features/report-paper';
import { listingQueries } from '@/lib/badges';
import { upsertPapers } from '@/lib/corpus';
import type { PaperRecord } from '@/lib/corpus/schema';
import { resetDbForTests } from '@/lib/db';
import type { MessageType, RequestOf } from '@/lib/messaging';
import { resetStripSlotForTests } from '@/lib/background/strip-slot-registration';
import { saveSettings, DEFAULT_SETTINGS } from '@/lib/settings';
import { PAGES, readPage } from '../badges/pages';
import { FakeScripting } from './fake-scripting';

const searchResult = readPage('search');
const search = searchResult.entries as ListingEntry[];
const absResult = readPage('abs');
const abs = absResult.paper as Paper;

/** A stored paper that no page here shows. */
const SECRET = {
  id: '2301.09999',
  title: 'A secret reading list entry about attention mechanisms in transformers',
};

function rec(over: Partial<PaperRecord> & Pick<PaperRecord, 'id' | 'title'>): PaperRecord {
  return {
    version: 1,
    authors: [],
    abstract: 'Attention is all you need: transformers, self-attention, sequence models.',
    categories: ['cs.CL'],
    primaryCategory: 'cs.CL',
    origin: 'opened',
    addedAt: 1_700_000_000_000,
    ...over,
  };
}

const fetches: string[] = [];

beforeEach(async () => {
  fakeBrowser.reset();
  resetStripSlotForTests();
  new FakeScripting().install();
  fetches.length = 0;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    fetches.push(String(input));
    return new Response('unavailable', { status: 503 });
  });
  // No corpus writes (and no reference lookups) from the reports themselves.
  await saveSettings({
    features: { ...DEFAULT_SETTINGS.features, saveOpenedPapers: false },
  });
  await upsertPapers([
    ...search.slice(0, 3).map((e) => rec({ id: e.id, title: e.title })),
    rec(SECRET),
  ]);
  registerMessageHandlers();
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await resetDbForTests();
});

type Reply<T extends MessageType> = { ok: boolean; data?: import('@/lib/messaging').ResponseOf<T> };

/** Sends a message as a content script of `tabId` at `url` would (not awaited: order kept). */
function send<T extends MessageType>(
  type: T,
  payload: RequestOf<T>,
  sender: object,
): Promise<Reply<T>> {
  return fakeBrowser.runtime.onMessage
    .trigger({ ag: 1, type, payload }, sender as never)
    .then((rs) => rs.find(Boolean) as unknown as Reply<T>);
}

const tab = (id: number, url: string) => ({ tab: { id }, url, frameId: 0 });
const extensionPage = () => ({
  tab: { id: 99 },
  url: fakeBrowser.runtime.getURL('/sidepanel.html'),
});

describe('content scripts ask only about their own page (finding 2)', () => {
  it('corpus/badges: the page’s entries get badges, an id not on the page gets nothing', async () => {
    const at = tab(1, PAGES.search.url);
    const report = send(
      'paper/extracted',
      { url: PAGES.search.url, result: reported(searchResult), entryIds: search.map((e) => e.id) },
      at,
    );
    // Sent right behind the report, as the page's early badge request is.
    const asked = send(
      'corpus/badges',
      { entries: [...listingQueries(search), { id: SECRET.id }], feature: 'listingBadges' },
      at,
    );
    expect((await report).ok).toBe(true);
    const res = await asked;
    expect(res.ok).toBe(true);
    const badges = res.data!.badges;
    expect(badges).toHaveLength(search.length + 1);
    expect(badges[0]).toMatchObject({ id: search[0]!.id, inCorpus: true, title: search[0]!.title });
    expect(badges.at(-1)).toBeNull();
    expect(JSON.stringify(res)).not.toContain(SECRET.title);

    // A tab that reported nothing, or reported another page, gets nothing about anyone.
    for (const sender of [tab(2, PAGES.search.url), tab(1, PAGES.listing.url)]) {
      const other = await send('corpus/badges', { entries: [{ id: SECRET.id }] }, sender);
      expect(other.data!.badges).toEqual([null]);
    }
    // The extension's own pages are not limited (the same question does reach the corpus).
    const own = await send('corpus/badges', { entries: [{ id: SECRET.id }] }, extensionPage());
    expect(own.data!.badges[0]).toMatchObject({ id: SECRET.id, title: SECRET.title });
  });

  it('corpus/related: only about the paper the page’s address names', async () => {
    const at = tab(3, PAGES.abs.url);
    const report = send('paper/extracted', { url: PAGES.abs.url, result: absResult }, at);
    const foreign = send('corpus/related', { paperId: SECRET.id, k: 5 }, at);
    expect((await report).ok).toBe(true);
    const res = await foreign;
    expect(res.data).toMatchObject({ sources: [], inCorpus: false, corpusSize: 0 });
    expect(JSON.stringify(res)).not.toContain(SECRET.title);
    // Its own paper is answered.
    const own = await send('corpus/related', { paper: abs, k: 5 }, at);
    expect(own.data!.corpusSize).toBe(4);
    // The panel may ask about any paper.
    const panel = await send('corpus/related', { paperId: SECRET.id, k: 5 }, extensionPage());
    expect(panel.data!.inCorpus).toBe(true);
  });

  it('corpus/add: an id not on the page is refused without a request to arXiv', async () => {
    const at = tab(4, PAGES.abs.url);
    await send('paper/extracted', { url: PAGES.abs.url, result: absResult }, at);
    const res = await send('corpus/add', { ids: ['2403.00002'] }, at);
    expect(res.data).toMatchObject({ added: [], failed: ['2403.00002'] });
    expect(fetches).toEqual([]);
  });
});

describe('scopeOf', () => {
  it('names the paper only when the address does; bibliography ids and titles, entry ids', () => {
    const html = readPage('html').paper as Paper;
    const s = scopeOf({ kind: 'html', paper: html, warnings: [] }, PAGES.html.url);
    expect(s.ids.has(html.id)).toBe(true);
    const cited = html.references.flatMap((r) => r.arxivIds);
    expect(cited.length).toBeGreaterThan(0);
    for (const id of cited) expect(s.ids.has(id.replace(/v\d+$/, ''))).toBe(true);
    expect(s.titles.size).toBeGreaterThan(0);
    // A page at another address that claims this paper does not get it.
    expect(
      scopeOf(
        { kind: 'abs', paper: html, warnings: [] },
        'https://arxiv.org/abs/2403.00002',
      ).ids.has(html.id),
    ).toBe(false);
    expect(
      scopeOf({ kind: 'listing', warnings: [] }, PAGES.listing.url, ['2101.00001v2']).ids,
    ).toEqual(new Set(['2101.00001']));
  });
});
