import type { ExtractResult } from '../arxiv/schema';
import { workerFetch } from './worker-fetch';
import type { Handlers, RequestOf } from '../messaging';
import { getSettings } from '../settings';
import { corpusCount, indexTables, matchInterests, storedOnly } from '../corpus';
import type { PaperRecord } from '../corpus/schema';
import { getDb } from '../db';
import { noteCorpusSize } from './strip-slot-registration';
import { BASE_FLOOR, pageFloor } from '../corpus';
import {
  corpusStats,
  getPaper,
  hasPapers,
  lookupReferences,
  matchByTitle,
  relatedPapers,
} from '../corpus';
import {
  clearCorpusData,
  removeCorpusCategory,
  saveOpenedPaper,
  upsertCorpus,
} from './corpus-writer';

/** Stores a paper the reader opened (abs or HTML page), then adds the papers it cites. */
export async function onPaperRead(result: ExtractResult): Promise<boolean> {
  const paper = result.paper;
  if (!paper || (result.kind !== 'abs' && result.kind !== 'html')) return false;
  const settings = await getSettings();
  if (!settings.features.saveOpenedPapers) return false;
  await saveOpenedPaper(paper);
  const cited = [...new Set(paper.references.flatMap((r) => r.arxivIds))].filter(
    (id) => id !== paper.id,
  );
  if (cited.length) {
    // Network after the write, outside any transaction; failures only mean fewer badges.
    void lookupReferences(cited, { fetch: workerFetch, store: upsertCorpus }).catch(
      () => undefined,
    );
  }
  return true;
}

/**
 * True when `stored` entered the corpus at or after `visitStart` (the page's load time): the
 * reader's opening it saved it, so it was not "already" in the corpus for that page.
 */
function storedDuring(
  stored: { addedAt: number } | undefined,
  visitStart: number | undefined,
): boolean {
  return Boolean(stored) && visitStart !== undefined && stored!.addedAt >= visitStart;
}

/**
 * The page's paper (when stored) and the corpus size, read together: opening the page stores the
 * paper at the same moment, and the two must agree on whether that happened yet. Called inside a
 * wider read transaction, it joins it.
 */
export async function storedAndSize(
  id: string | undefined,
): Promise<[PaperRecord | undefined, number]> {
  const db = getDb();
  return db.transaction('r', db.papers, db.meta, () =>
    Promise.all([id ? getPaper(id) : Promise.resolve(undefined), corpusCount()]),
  );
}

/** One entry of a `corpus/badges` request. */
type BadgeEntry = RequestOf<'corpus/badges'>['entries'][number];

/**
 * What a page's badges need, in one read transaction: the corpus size, the page's paper, and for
 * each entry whether it is stored and (for listings) its best similarity to the papers the reader
 * opened; references only need the stored part. Entries without an id are references known only
 * by title: they are matched to the corpus first. (The matchers' own transactions join this one:
 * same tables, same mode.)
 */
async function readBadges(
  entries: readonly BadgeEntry[],
  paperId: string | undefined,
  similarity: boolean | undefined,
) {
  const titleIdx = entries.flatMap((e, i) => (!e.id && e.title ? [i] : []));
  const matched = titleIdx.length
    ? await matchByTitle(titleIdx.map((i) => entries[i]!.title!))
    : [];
  const ids = entries.map((e, i) => e.id ?? matched[titleIdx.indexOf(i)] ?? undefined);
  const items = entries.map((e, i) => ({ id: ids[i], title: e.title ?? '', abstract: e.abstract }));
  const db = getDb();
  return db.transaction('r', indexTables(db), async () => {
    // Side by side: the size and the page's paper need not wait for the entries, nor they for it.
    const [[stored, size], matches] = await Promise.all([
      storedAndSize(paperId),
      similarity === false ? storedOnly(items) : matchInterests(items),
    ]);
    return { ids, stored, size, matches: size === 0 ? [] : matches };
  });
}

export function corpusHandlers(): Handlers {
  return {
    'corpus/related': async ({ paper, paperId, k, visitStart }) => {
      const settings = await getSettings();
      const id = paper?.id ?? paperId;
      const [stored, size] = await storedAndSize(id);
      noteCorpusSize(settings, size);
      const isNew = storedDuring(stored, visitStart);
      if (!paper && !stored) {
        return {
          sources: [],
          inCorpus: false,
          referencesInCorpus: 0,
          referencesTotal: 0,
          corpusSize: size,
        };
      }
      const subject = (paper ?? stored)!;
      const floor = await pageFloor();
      const sources = (
        await relatedPapers(
          { id: subject.id, title: subject.title, abstract: subject.abstract },
          k ?? Math.min(settings.maxSources, 5),
        )
      ).filter((s) => s.id !== subject.id && s.similarity >= floor);
      // An abs page lists no references: those of an earlier visit to the full text count.
      const fromPage = paper ? [...new Set(paper.references.flatMap((r) => r.arxivIds))] : [];
      const refIds = (fromPage.length ? fromPage : (stored?.references ?? [])).filter(
        (r) => r !== subject.id,
      );
      const present = await hasPapers(refIds);
      return {
        sources,
        floor,
        inCorpus: Boolean(stored) && !isNew,
        referencesInCorpus: present.size,
        referencesTotal: refIds.length,
        corpusSize: size,
        openPaperNew: isNew,
      };
    },
    'corpus/badges': async ({ entries, paperId, visitStart, similarity, feature }) => {
      // The content script sends this before it has the settings: its switch is applied here.
      // The settings and the corpus are read side by side; when the switch is off, the read is
      // dropped unseen (a failure of it included).
      const read = readBadges(entries, paperId, similarity).then(
        (r) => ({ ok: true as const, r }),
        (e: unknown) => ({ ok: false as const, e }),
      );
      const [settings, got, floor] = await Promise.all([
        getSettings(),
        read,
        pageFloor().catch(() => BASE_FLOOR),
      ]);
      if (feature && !settings.features[feature]) {
        return { badges: [], corpusSize: 0, disabled: true };
      }
      if (!got.ok) throw got.e;
      const { ids, stored, size, matches } = got.r;
      noteCorpusSize(settings, size);
      const openPaperNew = storedDuring(stored, visitStart);
      if (size === 0) return { badges: entries.map(() => null), corpusSize: 0, openPaperNew };
      const badges = entries.map((_e, i) => {
        const id = ids[i];
        const m = matches[i];
        if (!id || !m) return null;
        return {
          id,
          inCorpus: m.inCorpus,
          similarity: m.similarity,
          closest: m.closest,
          title: m.paper?.title,
          abstract: m.paper?.abstract,
          primaryCategory: m.paper?.primaryCategory,
        };
      });
      // The corpus's similarity floor: the page shows no similarity badge below it.
      return { badges, corpusSize: size, openPaperNew, floor };
    },
    'corpus/add': async ({ ids }) =>
      lookupReferences(ids, { fetch: workerFetch, store: upsertCorpus }),
    'corpus/stats': async () => {
      const s = await corpusStats();
      return { total: s.total, byCategory: s.byCategory };
    },
    'corpus/remove-category': async ({ category }) => ({
      removed: await removeCorpusCategory(category),
    }),
    'corpus/clear': async () => {
      await clearCorpusData();
      return {};
    },
  };
}
