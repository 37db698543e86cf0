/**
 * The corpus benchmark (issue 8): our IndexedDB index against MiniSearch, Orama, FlexSearch (in
 * memory, serialised into IndexedDB) and FlexSearch with its own IndexedDB adapter, on the real
 * 74,728-paper corpus and on a derived 300,000-paper corpus, with the same seeded queries for
 * every engine. Everything runs in real headless Chromium with real IndexedDB.
 *
 * Options (after `npm run bench -- --only corpus`):
 *   --corpora cs-74k,derived-300k   which corpora (default both)
 *   --engines a,b                   which engines (default all that are available)
 *   --big-engines a,b               engines run on derived-300k (default: see BIG_DEFAULT)
 *   --cold N                        max fresh pages per engine for the cold figures (default 25)
 *   --cold-min N                    min fresh pages (default 5; 3 when one takes over 5 s)
 *   --cold-budget S                 stop adding cold samples after S seconds once --cold-min is reached (default 45)
 *   --restarts N                    browser restarts for idb_open_ms (default 5)
 *   --queries N                     queries (default 200)
 *
 * Cold figures start once an engine's script has been evaluated and its page is idle (see
 * enginePage): they time opening or loading the index and the first query, for every engine alike.
 *
 * Ours only, on every corpus run (issue 17 asks the 1M run for the first listing page's badges):
 * the worker's corpus share of a listing page's badges, i.e. what `corpus/badges`
 * (lib/background/corpus-handlers.ts) computes for one page: lib/corpus `matchInterests` on the
 * 50 entries of the captured https://arxiv.org/list/cs.CL/recent (tests/fixtures/arxiv-pages,
 * read in Node by the product's own extractPage on parseHtmlInWorker's DOM, entries made by
 * lib/badges listingQueries as the content script sends them). The reader has opened one paper,
 * 1706.03762 (its captured abs page, stored by savePaperFromPage as the worker's writer stores
 * it: openedAt set), marked after the query figures so that they are not changed by it.
 *   badges_corpus_cold_ms       median over fresh pages (as many as the cold queries get) of
 *                               opening the database + one matchInterests call
 *   badges_corpus_warm_p50_ms   one page, after BADGES_WARMUPS untimed calls, median of
 *                               BADGES_RUNS calls (this context's df and interest caches warm)
 * Not the content script's drawing of the badges: the `badges` group measures the whole page in
 * the real extension.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Paper } from '../../../lib/arxiv/schema';
import { extractPage } from '../../../lib/arxiv/extract-page';
import { parseHtmlInWorker } from '../../../lib/arxiv/worker-dom';
import { listingQueries } from '../../../lib/badges';
import { DB_NAME } from '../../../lib/db/schema';
import { listOption, numberOption, parseBenchArgs } from '../lib/args';
import { median, percentile, round } from '../lib/stats';
import {
  BenchGroupError,
  type BenchContext,
  type BenchGroup,
  type BenchRow,
} from '../lib/bench-types';
import type { BenchQuery } from '../page/data';
import type {
  BadgeItem,
  BadgesColdResult,
  BadgesWarmResult,
  BenchDriver,
  BuildResult,
  ColdResult,
  CorpusSpec,
  LoadedCorpus,
  WarmResult,
} from '../page/driver';

const OURS = 'antigravity';
const ENGINES = [OURS, 'minisearch', 'orama', 'flexsearch', 'flexsearch-idb'] as const;
/** In-memory engines too slow or too big to build 300k papers in this group's time budget. */
const BIG_DEFAULT = [OURS, 'flexsearch', 'flexsearch-idb'];
const IDB_ENGINES = new Set([OURS, 'flexsearch-idb']);
const K = 10;
const DEFAULT_FILE = 'arxiv-cs-74k.kaggle.jsonl.gz';
const SLOW_COLD_MS = 5000;
const SLOW_COLD_MIN = 3;
const SEED = 20261123;
/** The listing page of the `badges` group and the paper its reader opened. */
const LISTING = { file: 'list_cs.CL_recent.html', url: 'https://arxiv.org/list/cs.CL/recent' };
const OPENED = { file: 'abs_1706.03762.html', url: 'https://arxiv.org/abs/1706.03762' };
const BADGES_WARMUPS = 3;
const BADGES_RUNS = 15;
const BADGES_NOTE =
  "the worker's corpus share of a listing page's badges (lib/corpus matchInterests, as corpus/badges calls it), not the content script's drawing, which the badges group measures in the real extension";

/** What the listing-badges rows need: the page's entries and the opened paper. */
interface BadgesInput {
  items: BadgeItem[];
  opened: Paper;
}

/**
 * The captured listing page's entries as the background gets them (the content script's
 * extractPage, then listingQueries; corpus-handlers.ts turns each into {id, title, abstract}), and
 * the captured abs page's paper as the content script reads it. Parsed in Node on the DOM the
 * background itself uses where there is no DOMParser (lib/arxiv/worker-dom.ts).
 */
async function badgesInput(root: string): Promise<BadgesInput> {
  const read = async (p: { file: string; url: string }) =>
    extractPage(
      await parseHtmlInWorker(
        readFileSync(path.join(root, 'tests', 'fixtures', 'arxiv-pages', p.file), 'utf8'),
      ),
      p.url,
    );
  const listing = await read(LISTING);
  const entries = listing.entries ?? [];
  if (listing.kind !== 'listing' || !entries.length) {
    throw new Error(`${LISTING.file}: no listing entries read`);
  }
  // Entries without an id would be matched by title first (matchByTitle): a listing has none.
  const items = listingQueries(entries).map((e) => ({
    id: e.id,
    title: e.title ?? '',
    ...(e.abstract ? { abstract: e.abstract } : {}),
  }));
  if (items.some((it) => !it.id)) throw new Error(`${LISTING.file}: an entry without an id`);
  const abs = await read(OPENED);
  if (!abs.paper) throw new Error(`${OPENED.file}: no paper read`);
  return { items, opened: abs.paper };
}

interface CorpusDef {
  name: string;
  total: number;
  describe: string;
}

const CORPORA: CorpusDef[] = [
  { name: 'cs-74k', total: 0, describe: 'the real 74,728 cs papers' },
  {
    name: 'derived-300k',
    total: 300_000,
    describe:
      '74,728 real papers + 225,272 derived ones (ids 99MM.NNNNN, shuffled words, origin derived)',
  },
  {
    // Issue 17's scale of the whole snapshot (run by the scale-1m group, not by default).
    name: 'derived-1m',
    total: 1_000_000,
    describe:
      '74,728 real papers + 925,272 derived ones (ids 99MM.NNNNN, shuffled words, origin derived)',
  },
];

/** Corpora run when --corpora is not given (derived-1m is the scale-1m group's). */
const DEFAULT_CORPORA = ['cs-74k', 'derived-300k'];

const fmt = (ms: number) => `${round(ms, 3)} ms`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Why our engine cannot run yet, or undefined when lib/corpus exposes what the bench calls. */
function oursUnavailable(root: string): string | undefined {
  const file = path.join(root, 'lib', 'corpus', 'index.ts');
  if (!existsSync(file)) return 'lib/corpus/index.ts does not exist yet';
  const src = readFileSync(file, 'utf8');
  const missing = ['refreshNorms', 'search', 'importKaggleSnapshot'].filter(
    (name) =>
      !new RegExp(
        `export\\s+(async\\s+)?(function|const|let)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b`,
      ).test(src),
  );
  return missing.length
    ? `lib/corpus/index.ts does not export ${missing.join(', ')} yet`
    : undefined;
}

type Method = Exclude<keyof BenchDriver, 'engine'>;
type Call = <M extends Method>(
  method: M,
  ...args: Parameters<BenchDriver[M]>
) => Promise<Awaited<ReturnType<BenchDriver[M]>>>;

/** A page with an engine's bundle loaded; `call` runs a driver method in it. */
async function enginePage(ctx: BenchContext, code: string): Promise<{ page: Page; call: Call }> {
  const page = await ctx.newPage();
  page.on('console', (m) => {
    const t = m.text();
    if (m.type() === 'error' || t.startsWith('[')) ctx.log(`  page: ${t}`);
  });
  await page.addScriptTag({ content: code });
  // The page settles before anything is timed: evaluating an engine's script (about a megabyte,
  // half a second here) leaves tens of milliseconds of work on the main thread after the tag
  // loads (measured: a bare indexedDB.open then takes ~35 ms instead of ~3 ms). A cold query is
  // the index's load + the first query, not the tail of the script's compilation; every engine
  // gets the same wait.
  await page.evaluate(
    () => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 1000 })),
  );
  const call: Call = (method, ...args) =>
    page.evaluate(
      ([m, a]) => {
        const driver = window.__bench;
        if (!driver) throw new Error('benchmark driver missing in page');
        return (driver[m] as (...x: unknown[]) => Promise<unknown>)(...a);
      },
      [method, args] as [Method, unknown[]],
    ) as never;
  return { page, call };
}

/** Runs `fn` with a fresh engine page (enginePage), which is closed afterwards whatever happens. */
async function inEnginePage<T>(
  ctx: BenchContext,
  code: string,
  fn: (call: Call) => Promise<T>,
): Promise<T> {
  const { page, call } = await enginePage(ctx, code);
  try {
    return await fn(call);
  } finally {
    await page.close();
  }
}

/** One page, index loaded: the 10 warm-up queries, then every query once, timed. */
function warmPage(
  ctx: BenchContext,
  code: string,
  warmups: BenchQuery[],
  queries: BenchQuery[],
): Promise<WarmResult> {
  return inEnginePage(ctx, code, (call) =>
    call(
      'warm',
      warmups.map((q) => q.text),
      queries.map((q) => q.text),
      K,
    ),
  );
}

/** Our top-10 lists, for overlap_at_10; `from` when they come from an earlier run. */
interface OursTop {
  ids: string[][];
  from?: string;
}

/** Ours' top-10 lists are kept in .bench so that a run of other engines alone still gets overlap_at_10. */
function saveOursTop(file: string, queries: BenchQuery[], ids: string[][]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({ at: new Date().toISOString(), queries: queries.map((q) => q.text), ids }),
  );
}

function loadOursTop(file: string, queries: BenchQuery[]): OursTop | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      at: string;
      queries: string[];
      ids: string[][];
    };
    const same =
      data.queries.length === queries.length &&
      data.queries.every((q, i) => q === queries[i]!.text);
    return same ? { ids: data.ids, from: `the run of ${data.at}` } : undefined;
  } catch {
    return undefined;
  }
}

function overlapAt(a: string[], b: string[], k: number): number {
  const set = new Set(b.slice(0, k));
  return a.slice(0, k).filter((id) => set.has(id)).length / k;
}

interface EngineRun {
  engine: string;
  build: BuildResult;
  cold: ColdResult[];
  warm: WarmResult;
  restarts: ColdResult[];
  /** Ours: a bare indexedDB.open of our database in fresh pages (the browser's share of cold). */
  rawOpen: number[];
  /** Ours: cold queries in the browser that imported, before it was restarted. */
  importSession: ColdResult[];
  /** Ours: warm queries in the browser that imported, right after the cold ones. */
  importSessionWarm?: WarmResult;
  /** The origin's storage estimate once the browser was restarted after the import. */
  usageLater: number;
  /** Ours: one listing page's badges, corpus side (fresh pages, then one warm page). */
  badges?: { cold: BadgesColdResult[]; warm: BadgesWarmResult; items: number };
}

const RAW_OPEN_PAGES = 15;
/** Where cold and warm queries run (runEngine, step 2), as the rows' notes say it. */
const LATER_SESSION = 'a browser started after the import';
/** Ours: fresh pages for the cold figure in the browser that imported (before the restart). */
const IMPORT_SESSION_COLD = 7;

/**
 * The browser's own cost of a cold query's first step: `indexedDB.open` of the same database in a
 * fresh page (its first IndexedDB call), no library, no query. What a cold query can never go
 * below on this machine; it varies with the machine's state, so it is measured in the same run.
 */
async function rawOpenMs(ctx: BenchContext, dbName: string): Promise<number> {
  const page = await ctx.newPage();
  try {
    return await page.evaluate(
      (name) =>
        new Promise<number>((resolve, reject) => {
          const t0 = performance.now();
          const req = indexedDB.open(name);
          req.onsuccess = () => {
            const ms = performance.now() - t0;
            req.result.close();
            resolve(ms);
          };
          req.onerror = () => reject(req.error);
        }),
      dbName,
    );
  } finally {
    await page.close();
  }
}

async function runEngine(
  ctx: BenchContext,
  engine: string,
  corpus: CorpusDef,
  code: string,
  opts: {
    corpusUrl: string;
    coldMax: number;
    coldMin: number;
    coldBudgetMs: number;
    restarts: number;
    queryCount: number;
  },
  state: { queries?: BenchQuery[]; warmups?: BenchQuery[]; loaded?: LoadedCorpus },
  badgesIn?: BadgesInput,
): Promise<EngineRun> {
  const origin = await ctx.origin();
  const wipe = () => inEnginePage(ctx, code, (call) => call('wipe'));
  await wipe();

  // 1. Build: parse the corpus in the page (not timed), then import/build + persist (timed).
  const build: BuildResult = await inEnginePage(ctx, code, async (call) => {
    const spec: CorpusSpec = {
      url: origin + opts.corpusUrl,
      total: corpus.total,
      seed: SEED,
      queryCount: opts.queryCount,
      warmupCount: 10,
    };
    const loaded = await call('loadCorpus', spec);
    if (!state.queries) {
      state.queries = loaded.queries;
      state.warmups = loaded.warmups;
      state.loaded = loaded;
      ctx.log(
        `  ${corpus.name}: ${loaded.real} real + ${loaded.derived} derived papers, ${loaded.malformed} skipped lines, parsed in ${secs(loaded.parseMs)}`,
      );
    } else if (JSON.stringify(loaded.queries) !== JSON.stringify(state.queries)) {
      throw new Error(
        'the page made different queries than for the first engine: data is not deterministic',
      );
    }
    ctx.log(`  ${engine}: building...`);
    const built = await call('build', { fileUrl: origin + opts.corpusUrl });
    ctx.log(
      `  ${engine}: ${built.count} papers in ${secs(built.importMs)} (build ${secs(built.buildMs)}, save ${secs(built.saveMs)})${built.detail ? '; ' + built.detail : ''}`,
    );
    return built;
  });
  const queries = state.queries!;

  // 2. Cold and warm are a later session's: the browser that imported is closed and another one
  // started, as when a reader asks the next day. Ours is measured in the importing browser too,
  // right after the import (IMPORT_SESSION_COLD fresh pages, queries from the middle of the list,
  // then one warm page): query_cold_import_session_p50_ms and query_warm_import_session_p50_ms.
  // The new browser's first open of the database (idb_open_ms below) is not a cold sample: one
  // untimed warm-up query opens it, as the build did in the importing browser.
  const importSession: ColdResult[] = [];
  let importSessionWarm: WarmResult | undefined;
  if (engine === OURS) {
    for (let i = 0; i < IMPORT_SESSION_COLD; i++) {
      const q = queries[((queries.length >> 1) + i) % queries.length]!;
      importSession.push(await inEnginePage(ctx, code, (call) => call('cold', q.text, K)));
    }
    importSessionWarm = await warmPage(ctx, code, state.warmups!, queries);
    ctx.log(
      `  ${engine}: in the importing session, cold p50 ${fmt(median(importSession.map((c) => c.totalMs)))}, warm p50 ${fmt(median(importSessionWarm.times))}`,
    );
  }
  await ctx.restartBrowser();
  const usageLater = await inEnginePage(ctx, code, async (call) => {
    await call('cold', state.warmups![0]!.text, K);
    return call('usage');
  });

  // Cold: a fresh page per sample, nothing in memory: load/open + the first query.
  const cold: ColdResult[] = [];
  const tCold = performance.now();
  // Engines that take seconds to load get fewer fresh pages (at least SLOW_COLD_MIN): their p95
  // then is close to their max, which the row note says through n.
  const minFor = () =>
    cold[0] && cold[0].totalMs > SLOW_COLD_MS
      ? Math.min(opts.coldMin, SLOW_COLD_MIN)
      : opts.coldMin;
  while (
    cold.length < Math.min(opts.coldMax, queries.length) &&
    (cold.length < minFor() || performance.now() - tCold < opts.coldBudgetMs)
  ) {
    const q = queries[cold.length]!.text;
    cold.push(await inEnginePage(ctx, code, (call) => call('cold', q, K)));
  }
  ctx.log(
    `  ${engine}: cold n=${cold.length}, p50 ${fmt(median(cold.map((c) => c.totalMs)))} (load p50 ${fmt(median(cold.map((c) => c.loadMs)))})`,
  );

  const rawOpen: number[] = [];
  if (engine === OURS) {
    for (let i = 0; i < RAW_OPEN_PAGES; i++) rawOpen.push(await rawOpenMs(ctx, DB_NAME));
    ctx.log(`  ${engine}: bare indexedDB.open in a fresh page p50 ${fmt(median(rawOpen))}`);
  }

  // 3. Warm: one page, index loaded, 10 warm-up queries, then every query once.
  const warm = await warmPage(ctx, code, state.warmups!, queries);
  ctx.log(
    `  ${engine}: warm p50 ${fmt(median(warm.times))}, p95 ${fmt(percentile(warm.times, 95))}`,
  );

  // 4. IndexedDB engines: open + first query in the first page after a browser restart.
  const restarts: ColdResult[] = [];
  if (IDB_ENGINES.has(engine)) {
    for (let i = 0; i < opts.restarts; i++) {
      await ctx.restartBrowser();
      const q = queries[queries.length - 1 - i]!.text;
      restarts.push(await inEnginePage(ctx, code, (call) => call('cold', q, K)));
    }
    ctx.log(`  ${engine}: after restart open median ${fmt(median(restarts.map((r) => r.loadMs)))}`);
  }

  // 5. Ours: a listing page's badges, corpus side. The reader's opened paper is stored first
  // (after the query figures, which it would change: it re-indexes that paper).
  let badges: EngineRun['badges'];
  if (badgesIn) {
    await inEnginePage(ctx, code, (call) => call('markOpened', badgesIn.opened));
    const bcold: BadgesColdResult[] = [];
    const tb = performance.now();
    while (
      bcold.length < opts.coldMax &&
      (bcold.length < opts.coldMin || performance.now() - tb < opts.coldBudgetMs)
    ) {
      bcold.push(await inEnginePage(ctx, code, (call) => call('badgesCold', badgesIn.items)));
    }
    const bwarm: BadgesWarmResult = await inEnginePage(ctx, code, (call) =>
      call('badgesWarm', badgesIn.items, BADGES_WARMUPS, BADGES_RUNS),
    );
    badges = { cold: bcold, warm: bwarm, items: badgesIn.items.length };
    ctx.log(
      `  ${engine}: listing badges (${badgesIn.items.length} entries: ${bwarm.inCorpus} in corpus, ${bwarm.similar} with a similarity, max ${round(bwarm.maxSimilarity, 3)}): cold n=${bcold.length} p50 ${fmt(median(bcold.map((c) => c.totalMs)))}, warm p50 ${fmt(median(bwarm.times))}`,
    );
  }

  await wipe();
  return {
    engine,
    build,
    cold,
    warm,
    restarts,
    rawOpen,
    importSession,
    ...(importSessionWarm ? { importSessionWarm } : {}),
    usageLater,
    ...(badges ? { badges } : {}),
  };
}

function rowsFor(
  run: EngineRun,
  corpus: string,
  queries: BenchQuery[],
  ours?: OursTop,
): BenchRow[] {
  const { engine, build, cold, warm, restarts, rawOpen, importSession, usageLater, badges } = run;
  const row = (metric: string, value: number, unit: string, note?: string): BenchRow => ({
    metric,
    engine,
    corpus,
    value: round(value, 4),
    unit,
    ...(note ? { note } : {}),
  });
  const memory = !IDB_ENGINES.has(engine);
  const importNote =
    engine === OURS
      ? `importKaggleSnapshot on the .gz stream (gunzip + parse + index + write)${build.detail ? '; ' + build.detail : ''}`
      : `${memory ? 'build' : 'add + commit'} ${secs(build.buildMs)} + ${memory ? 'serialise + write to IndexedDB' : 'final commit'} ${secs(build.saveMs)}; parsing the .gz not counted`;
  const coldTotals = cold.map((c) => c.totalMs);
  const coldNote = `${cold.length} fresh pages of ${LATER_SESSION}; ${memory ? 'read + deserialise' : 'open'} p50 ${fmt(median(cold.map((c) => c.loadMs)))} + first query p50 ${fmt(median(cold.map((c) => c.queryMs)))}`;
  const rows: BenchRow[] = [
    row(
      'import_papers_per_s',
      build.count / (build.importMs / 1000),
      'papers/s',
      `${build.count} papers`,
    ),
    row('import_total_s', build.importMs / 1000, 's', importNote),
  ];
  // The estimate lags behind deletions: right after another database in this origin was deleted,
  // "before" may still count it. (The answer group, which imports cs-74k too, has an origin of
  // its own; the engines here wipe each other's.) No row when the delta is not positive.
  const stored = build.usageAfter - build.usageBefore;
  if (stored > 0) {
    rows.push(
      row(
        'storage_bytes_per_paper',
        stored / build.count,
        'bytes',
        engine === OURS
          ? 'navigator.storage.estimate() delta: records + index'
          : memory
            ? 'estimate() delta: the serialised index only (papers themselves not stored)'
            : 'estimate() delta: FlexSearch index tables only (papers themselves not stored)',
      ),
    );
  }
  // The same after the restart: what the profile holds once the importing browser has closed.
  const later = usageLater - build.usageBefore;
  if (engine === OURS && later > 0) {
    rows.push(
      row(
        'storage_bytes_per_paper_after_restart',
        later / build.count,
        'bytes',
        `navigator.storage.estimate() delta, read in ${LATER_SESSION}`,
      ),
    );
  }
  rows.push(
    row('query_cold_p50_ms', median(coldTotals), 'ms', coldNote),
    row(
      'query_cold_p95_ms',
      percentile(coldTotals, 95),
      'ms',
      `${cold.length} fresh pages of ${LATER_SESSION}`,
    ),
    row(
      'query_warm_p50_ms',
      median(warm.times),
      'ms',
      `${warm.times.length} queries after 10 warm-up queries, in ${LATER_SESSION}`,
    ),
    row('query_warm_p95_ms', percentile(warm.times, 95), 'ms', `${warm.times.length} queries`),
  );
  if (importSession.length) {
    const t = importSession.map((c) => c.totalMs);
    rows.push(
      row(
        'query_cold_import_session_p50_ms',
        median(t),
        'ms',
        `${t.length} fresh pages of the browser that imported, right after the import; max ${fmt(Math.max(...t))}`,
      ),
    );
  }
  if (run.importSessionWarm) {
    const t = run.importSessionWarm.times;
    rows.push(
      row(
        'query_warm_import_session_p50_ms',
        median(t),
        'ms',
        `${t.length} queries after 10 warm-up queries, in the browser that imported, right after its cold pages (p95 ${fmt(percentile(t, 95))})`,
      ),
    );
  }
  if (rawOpen.length) {
    rows.push(
      row(
        'idb_open_fresh_page_ms',
        median(rawOpen),
        'ms',
        `bare indexedDB.open of this database in a fresh page (its first IndexedDB call; no library, no query), median of ${rawOpen.length}: the browser's share of query_cold_p50_ms on this machine in this run`,
      ),
    );
  }
  if (restarts.length) {
    rows.push(
      row(
        'idb_open_ms',
        median(restarts.map((r) => r.loadMs)),
        'ms',
        `first open after a browser restart, median of ${restarts.length} (max ${fmt(Math.max(...restarts.map((r) => r.loadMs)))}); in a fresh page of a running browser p50 ${fmt(median(cold.map((c) => c.loadMs)))} (included in query_cold_*)`,
      ),
      row(
        'query_after_restart_ms',
        median(restarts.map((r) => r.totalMs)),
        'ms',
        `open + first top-${K} query in the first page after a browser restart, median of ${restarts.length}`,
      ),
    );
  }
  if (badges) {
    const { cold: bc, warm: bw } = badges;
    const page = `the ${badges.items} entries of ${LISTING.url} (captured), one opened paper (1706.03762): ${bw.inCorpus} entries in the corpus, ${bw.similar} with a similarity (max ${round(bw.maxSimilarity, 3)})`;
    rows.push(
      row(
        'badges_corpus_cold_ms',
        median(bc.map((c) => c.totalMs)),
        'ms',
        `${bc.length} fresh pages: open p50 ${fmt(median(bc.map((c) => c.loadMs)))} + one matchInterests p50 ${fmt(median(bc.map((c) => c.matchMs)))}; ${page}; ${BADGES_NOTE}`,
      ),
      row(
        'badges_corpus_warm_p50_ms',
        median(bw.times),
        'ms',
        `one page, ${bw.times.length} matchInterests calls after ${BADGES_WARMUPS} warm-up calls (p95 ${fmt(percentile(bw.times, 95))}); ${page}; ${BADGES_NOTE}`,
      ),
    );
  }
  const hits = warm.ids.filter((ids, i) => ids.slice(0, K).includes(queries[i]!.sourceId)).length;
  rows.push(
    row(
      'source_in_top10',
      hits / queries.length,
      'fraction',
      `queries whose source paper is in the top 10; ${build.settings}`,
    ),
  );
  if (ours && engine !== OURS) {
    const o = warm.ids.map((ids, i) => overlapAt(ids, ours.ids[i]!, K));
    rows.push(
      row(
        'overlap_at_10',
        o.reduce((s, v) => s + v, 0) / o.length,
        'fraction',
        `|top-10 ∩ antigravity top-10| / 10, mean of ${o.length} queries${ours.from ? `; antigravity's top-10 from ${ours.from}` : ''}`,
      ),
    );
  }
  return rows;
}

const group: BenchGroup = {
  name: 'corpus',
  description:
    'corpus retrieval in Chromium + IndexedDB: ours vs MiniSearch, Orama, FlexSearch (memory and IndexedDB), cs-74k and derived-300k',
  async run(ctx) {
    const args = parseBenchArgs(ctx.args);
    const corpora = listOption(args, 'corpora') ?? DEFAULT_CORPORA;
    const unknownCorpus = corpora.filter((c) => !CORPORA.some((d) => d.name === c));
    if (unknownCorpus.length) throw new Error(`unknown corpora ${unknownCorpus.join(', ')}`);
    const wanted = listOption(args, 'engines') ?? [...ENGINES];
    const unknownEngine = wanted.filter((e) => !(ENGINES as readonly string[]).includes(e));
    if (unknownEngine.length) throw new Error(`unknown engines ${unknownEngine.join(', ')}`);
    const big = listOption(args, 'big-engines') ?? BIG_DEFAULT;
    const opts = {
      coldMax: numberOption(args, 'cold', 25),
      coldMin: numberOption(args, 'cold-min', 5),
      coldBudgetMs: numberOption(args, 'cold-budget', 45) * 1000,
      restarts: numberOption(args, 'restarts', 5),
      queryCount: numberOption(args, 'queries', 200),
    };
    if (!existsSync(ctx.corpusPath)) throw new Error(`corpus file not found: ${ctx.corpusPath}`);
    const corpusUrl = ctx.corpusPath.endsWith('.gz') ? '/corpus.jsonl.gz' : '/corpus.jsonl';
    ctx.serveFile(corpusUrl, ctx.corpusPath);

    // Another --corpus file gets its own label, so its rows never pass for the real cs-74k ones.
    const base = path.basename(ctx.corpusPath);
    const label = (name: string) =>
      base === DEFAULT_FILE ? name : `${name}(${base.replace(/\.jsonl(\.gz)?$|\.json$/, '')})`;
    const rows: BenchRow[] = [];
    const errors: string[] = [];
    // Ours' listing-badges rows read two captured pages; without them, ours still runs.
    let badgesIn: BadgesInput | undefined;
    if (wanted.includes(OURS)) {
      try {
        badgesIn = await badgesInput(ctx.root);
      } catch (err) {
        errors.push(`listing badges: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const skipped = (engine: string, corpus: string, note: string) =>
      rows.push({ metric: 'skipped', engine, corpus, value: 1, unit: '-', note });

    const engines: string[] = [];
    const bundles = new Map<string, string>();
    for (const e of wanted) {
      if (e === OURS) {
        const why = oursUnavailable(ctx.root);
        if (why) {
          ctx.log(`  ${OURS}: skipped, ${why}`);
          for (const c of corpora) skipped(OURS, label(c), why);
          continue;
        }
      }
      try {
        bundles.set(
          e,
          await ctx.bundle(path.join('tests', 'bench', 'page', 'entries', `${e}-page-entry.ts`)),
        );
        engines.push(e);
      } catch (err) {
        const msg = `bundling failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
        errors.push(`${e}: ${msg}`);
        for (const c of corpora) skipped(e, label(c), msg);
      }
    }

    for (const def of CORPORA.filter((d) => corpora.includes(d.name))) {
      const c = { ...def, name: label(def.name) };
      ctx.log(`corpus ${c.name}: ${c.describe}`);
      const state: Parameters<typeof runEngine>[5] = {};
      let ours: OursTop | undefined;
      const saved = path.join(ctx.root, '.bench', `corpus-antigravity-top10-${c.name}.json`);
      for (const e of engines) {
        if (c.total > 0 && !big.includes(e)) {
          skipped(
            e,
            c.name,
            `not run on ${c.name} by default: in-memory build + cold loads of several seconds already at 74k (see its cs-74k rows); at 300k they would add many minutes on 2 cores. Include with --big-engines ${[...big, e].join(',')}`,
          );
          continue;
        }
        const t0 = performance.now();
        try {
          const run = await runEngine(
            ctx,
            e,
            c,
            bundles.get(e)!,
            { ...opts, corpusUrl },
            state,
            e === OURS ? badgesIn : undefined,
          );
          if (e === OURS) {
            ours = { ids: run.warm.ids };
            saveOursTop(saved, state.queries!, run.warm.ids);
          } else if (!ours) {
            ours = loadOursTop(saved, state.queries!);
          }
          rows.push(...rowsFor(run, c.name, state.queries!, ours));
          ctx.log(`  ${e} on ${c.name} done in ${secs(performance.now() - t0)}`);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          errors.push(`${e} on ${c.name}: ${msg}`);
          ctx.log(`  ${e} on ${c.name} FAILED: ${msg}`);
          // Leave a clean origin for the next engine.
          await ctx.restartBrowser().catch(() => undefined);
        }
      }
      if (!ours && engines.length) {
        for (const r of rows) {
          if (r.corpus === c.name && r.metric === 'source_in_top10' && r.engine !== OURS) {
            r.note = `${r.note ?? ''}; no overlap_at_10: ours did not run`.replace(/^; /, '');
          }
        }
      }
    }
    if (errors.length) throw new BenchGroupError(errors.join('\n'), rows);
    return rows;
  },
};

export default group;
