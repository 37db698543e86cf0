/**
 * Content scripts may ask the corpus only about their own page (issue 18, finding 2): the ids the
 * page reported when it read itself (`paper/extracted`: its paper when the address names it, the
 * paper's bibliography, a listing's entries) and the titles of its bibliography. `scopeToPage`
 * wraps the corpus handlers: entries, papers and ids outside the sender's page get nothing back
 * (a null badge, an empty strip, a failed add). Extension pages are not limited.
 *
 * A page's badge requests go out right after its report; the report's write of the tab state is
 * awaited first (`notePageReport`, set when the report arrives: messages of one page arrive in
 * the order it sent them).
 */
import type { Browser } from 'wxt/browser';
import { parseArxivId } from '../arxiv/id';
import type { ExtractResult } from '../arxiv/schema';
import { referenceTitleKey } from '../badges';
import { getTabPage } from '../db';
import { isTrustedSender, type Handlers, type ResponseOf } from '../messaging';
import { getTabState } from './tab-state';

type Sender = Browser.runtime.MessageSender;

/** What a page may ask about. */
export interface PageScope {
  ids: Set<string>;
  /** Bibliography titles (as referenceTitleKey). */
  titles: Set<string>;
}

const reports = new Map<number, Promise<unknown>>();
/** The last report of each tab, in memory: its badge requests need no wait for the write. */
const recent = new Map<number, { url: string; scope: PageScope }>();
const RECENT_TABS = 200;

/**
 * The tab's report arrived (`url`: the sender's address): its scope is kept in memory for the
 * requests right behind it, and checks of a restarted worker wait for its write.
 */
export function notePageReport(
  tabId: number,
  writing: Promise<unknown>,
  report?: { url: string; result: ExtractResult | null; entryIds?: readonly string[] },
): void {
  const settled = writing.catch(() => undefined);
  reports.set(tabId, settled);
  void settled.then(() => {
    if (reports.get(tabId) === settled) reports.delete(tabId);
  });
  recent.delete(tabId);
  if (report) {
    recent.set(tabId, {
      url: withoutHash(report.url),
      scope: scopeOf(report.result, report.url, report.entryIds),
    });
    if (recent.size > RECENT_TABS) recent.delete(recent.keys().next().value as number);
  }
}

const baseOf = (id: string) => {
  const p = parseArxivId(id);
  return p.ok ? p.id.base : id;
};

const withoutHash = (url: string) => url.replace(/#.*$/s, '');

/** The ids and titles a page's extraction names; its paper only when `url` names it. */
export function scopeOf(
  result: ExtractResult | null,
  url: string,
  entryIds: readonly string[] = [],
): PageScope {
  const ids = new Set<string>();
  const titles = new Set<string>();
  const paper = result?.paper;
  if (paper) {
    const fromUrl = parseArxivId(url);
    if (fromUrl.ok && fromUrl.id.base === paper.id) ids.add(paper.id);
    for (const r of paper.references) {
      for (const id of r.arxivIds) ids.add(baseOf(id));
      const key = r.title ? referenceTitleKey(r.title) : '';
      if (key) titles.add(key);
    }
  }
  for (const e of result?.entries ?? []) ids.add(baseOf(e.id));
  for (const id of entryIds) ids.add(baseOf(id));
  return { ids, titles };
}

const EMPTY: PageScope = { ids: new Set(), titles: new Set() };

/**
 * The scope of a sender: null for the extension's own pages (not limited), else what the sender's
 * tab reported for the address it is at now (nothing when it reported nothing, or another page).
 */
export async function pageScope(sender: Sender): Promise<PageScope | null> {
  if (isTrustedSender(sender)) return null;
  const tabId = sender.tab?.id;
  if (tabId === undefined || typeof sender.url !== 'string') return EMPTY;
  const at = withoutHash(sender.url);
  const mem = recent.get(tabId);
  if (mem && mem.url === at) return mem.scope;
  await reports.get(tabId);
  const row = await getTabPage(tabId).catch(() => undefined);
  if (row && withoutHash(row.url) === at) return scopeOf(row.result, row.url, row.entryIds);
  // IndexedDB refused the row: storage.session kept the whole state.
  const state = await getTabState(tabId).catch(() => null);
  if (state && withoutHash(state.url) === at) return scopeOf(state.result, state.url);
  return EMPTY;
}

const inScope = (scope: PageScope, id: string | undefined) =>
  id !== undefined && scope.ids.has(baseOf(id));

const NOTHING_RELATED: ResponseOf<'corpus/related'> = {
  sources: [],
  inCorpus: false,
  referencesInCorpus: 0,
  referencesTotal: 0,
  corpusSize: 0,
};

/** The corpus handlers, answering a content script only about its own page (module header). */
export function scopeToPage(handlers: Handlers): Handlers {
  const badges = handlers['corpus/badges'];
  const related = handlers['corpus/related'];
  const add = handlers['corpus/add'];
  return {
    ...handlers,
    ...(badges && {
      'corpus/badges': async (req, sender) => {
        const scope = await pageScope(sender);
        if (!scope) return badges(req, sender);
        const keep = req.entries.map((e) =>
          e.id !== undefined
            ? inScope(scope, e.id)
            : Boolean(e.title) && scope.titles.has(referenceTitleKey(e.title!)),
        );
        const { paperId, ...rest } = req;
        const res = await badges(
          {
            ...rest,
            entries: req.entries.filter((_e, i) => keep[i]),
            ...(inScope(scope, paperId) ? { paperId } : {}),
          },
          sender,
        );
        let j = 0;
        return { ...res, badges: keep.map((k) => (k ? (res.badges[j++] ?? null) : null)) };
      },
    }),
    ...(related && {
      'corpus/related': async (req, sender) => {
        const scope = await pageScope(sender);
        if (!scope) return related(req, sender);
        const id = req.paper?.id ?? req.paperId;
        if (!inScope(scope, id)) return NOTHING_RELATED;
        return related(req, sender);
      },
    }),
    ...(add && {
      'corpus/add': async (req, sender) => {
        const scope = await pageScope(sender);
        if (!scope) return add(req, sender);
        const ids = req.ids.filter((id) => inScope(scope, id));
        const refused = req.ids.filter((id) => !inScope(scope, id));
        const res = ids.length
          ? await add({ ids }, sender)
          : { added: [] as string[], failed: [] as string[] };
        return { ...res, failed: [...res.failed, ...refused] };
      },
    }),
  };
}
