/**
 * Harvesting papers from arXiv into the corpus: by category or search query through the export
 * API (Atom), whole categories through OAI-PMH ListRecords (resumption tokens), and the papers an
 * open paper cites (id_list batches).
 *
 * arXiv's terms: at most one request every 3 s, one at a time. Every request goes through a
 * RequestGate that enforces both; 429/503 responses (and the plain "Rate exceeded." body) are
 * retried after Retry-After or an exponential backoff; error feeds are retried once. All network
 * goes through the injected `fetch`; all waiting through the injected clock (tests do not wait).
 * Each page is parsed before its write, and written in one transaction.
 */
import { parseAtomFeed, type AtomEntry } from '../arxiv/atom';
import { parseArxivId } from '../arxiv/id';
import { AgException, agError, toAgError, type AgError } from '../errors';
import { isQuotaError } from './kaggle-import';
import { parseOaiResponse } from './oai';
import type { PaperOrigin, PaperRecord } from './schema';
import { hasPapers, refreshNorms, upsertPapers } from './store';

export const EXPORT_API_URL = 'https://export.arxiv.org/api/query';
export const OAI_URL = 'https://oaipmh.arxiv.org/oai';
/** arXiv: no more than one request every three seconds. */
export const MIN_INTERVAL_MS = 3000;

export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with an abort error when `signal` fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortError(): AgException {
  return new AgException(agError('aborted', 'Cancelled.'));
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** One request at a time, starts at least `minIntervalMs` apart. */
export class RequestGate {
  private tail: Promise<void> = Promise.resolve();
  private lastStart = Number.NEGATIVE_INFINITY;
  constructor(
    readonly clock: Clock = realClock,
    readonly minIntervalMs = MIN_INTERVAL_MS,
  ) {}

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    try {
      await prev;
      if (signal?.aborted) throw abortError();
      const wait = this.lastStart + this.minIntervalMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait, signal);
      this.lastStart = this.clock.now();
      return await fn();
    } finally {
      release();
    }
  }
}

/** The gate of this context, shared by every arXiv call that does not bring its own. */
const sharedGate = new RequestGate();

export interface ArxivDeps {
  fetch: typeof fetch;
  clock?: Clock;
  /** Defaults to a gate shared by the context (or a new one when `clock` is given). */
  gate?: RequestGate;
  apiUrl?: string;
  oaiUrl?: string;
  /** Retries after 429/503/5xx/network errors (default 4). */
  maxRetries?: number;
  /** First backoff when the server gives no Retry-After (default 5 s; doubles each retry). */
  backoffMs?: number;
  /** Longest wait accepted from Retry-After before giving up (default 5 min). */
  maxWaitMs?: number;
}

interface Resolved {
  fetch: typeof fetch;
  clock: Clock;
  gate: RequestGate;
  apiUrl: string;
  oaiUrl: string;
  maxRetries: number;
  backoffMs: number;
  maxWaitMs: number;
}

function resolve(deps: ArxivDeps): Resolved {
  const clock = deps.clock ?? deps.gate?.clock ?? realClock;
  return {
    fetch: deps.fetch,
    clock,
    gate: deps.gate ?? (deps.clock ? new RequestGate(clock) : sharedGate),
    apiUrl: deps.apiUrl ?? EXPORT_API_URL,
    oaiUrl: deps.oaiUrl ?? OAI_URL,
    maxRetries: deps.maxRetries ?? 4,
    backoffMs: deps.backoffMs ?? 5000,
    maxWaitMs: deps.maxWaitMs ?? 5 * 60_000,
  };
}

/** Retry-After in ms (delta-seconds or an HTTP date), or null. */
export function retryAfterMs(value: string | null, nowMs = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - nowMs);
}

interface Fetched {
  status: number;
  body: string;
}

/** Status/body of a response that says "slow down". */
function isRateLimited(status: number, body: string): boolean {
  if (status === 429 || status === 503) return true;
  return !/^\s*</.test(body) && /rate exceeded/i.test(body);
}

export interface RequestEvents {
  /** Called before waiting out a rate limit or an error. */
  onWait?: (ms: number, why: string) => void;
  /** Called after each HTTP response. */
  onRequest?: () => void;
}

/**
 * GET through the gate with retries. Returns the final 2xx/4xx response; throws an AgException
 * (rate_limited, server_error, network, aborted) when retries run out.
 */
async function getWithRetry(
  url: string,
  d: Resolved,
  signal: AbortSignal | undefined,
  ev: RequestEvents,
): Promise<Fetched> {
  let lastProblem: AgError | null = null;
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw abortError();
    let res: Fetched & { retryAfter: string | null };
    try {
      res = await d.gate.run(async () => {
        const r = await d.fetch(url, {
          signal,
          headers: { Accept: 'application/atom+xml, application/xml, text/xml, */*' },
        });
        return { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.text() };
      }, signal);
      ev.onRequest?.();
    } catch (e) {
      if (signal?.aborted || toAgError(e).code === 'aborted') throw abortError();
      lastProblem = agError(
        'network',
        `arXiv could not be reached (${e instanceof Error ? e.message : String(e)}).`,
        'Check your connection and try again; what was stored is kept.',
      );
      if (attempt >= d.maxRetries) throw new AgException(lastProblem);
      const wait = d.backoffMs * 2 ** attempt;
      ev.onWait?.(wait, 'network error');
      await d.clock.sleep(wait, signal);
      continue;
    }
    const limited = isRateLimited(res.status, res.body);
    if (!limited && res.status < 500) return res;
    const after = retryAfterMs(res.retryAfter);
    const wait = after ?? d.backoffMs * 2 ** attempt;
    lastProblem = limited
      ? {
          ...agError(
            'rate_limited',
            `arXiv is limiting requests (HTTP ${res.status}${/rate exceeded/i.test(res.body) ? ': “Rate exceeded.”' : ''}) and still refused after ${attempt + 1} tries.`,
            'Wait a few minutes, then start again; what was stored is kept.',
          ),
          ...(after !== null ? { retryAfterS: Math.ceil(after / 1000) } : {}),
        }
      : agError(
          'server_error',
          `arXiv answered with HTTP ${res.status} ${attempt + 1} times.`,
          'Try again later; what was stored is kept.',
        );
    if (attempt >= d.maxRetries || wait > d.maxWaitMs) throw new AgException(lastProblem);
    ev.onWait?.(wait, limited ? 'rate limited' : `HTTP ${res.status}`);
    await d.clock.sleep(wait, signal);
  }
}

/**
 * One export API search (gated, retried as `deps` says): the entries of the feed, or an
 * AgException. For callers outside a harvest (live search for a question).
 */
export async function exportApiSearch(
  searchQuery: string,
  maxResults: number,
  deps: ArxivDeps,
  signal?: AbortSignal,
): Promise<AtomEntry[]> {
  const d = resolve(deps);
  const url =
    `${d.apiUrl}?search_query=${encodeURIComponent(searchQuery)}&start=0&max_results=${maxResults}` +
    `&sortBy=relevance&sortOrder=descending`;
  const res = await getWithRetry(url, d, signal, {});
  const feed = parseAtomFeed(res.body);
  if (feed.error) {
    throw new AgException(agError('bad_request', `arXiv refused the search: ${feed.error}`));
  }
  return feed.entries;
}

/** An export API entry as a corpus record. */
export function recordFromAtom(e: AtomEntry, origin: PaperOrigin, now = Date.now()): PaperRecord {
  const r: PaperRecord = {
    id: e.id,
    version: e.version,
    title: e.title,
    authors: e.authors,
    abstract: e.abstract,
    categories: e.categories,
    primaryCategory: e.primaryCategory || e.categories[0] || '',
    origin,
    addedAt: now,
  };
  if (e.published) r.published = e.published;
  if (e.updated) r.updated = e.updated;
  if (e.doi) r.doi = e.doi;
  if (e.journalRef) r.journalRef = e.journalRef;
  if (e.comments) r.comments = e.comments;
  return r;
}

export interface HarvestProgress {
  requests: number;
  /** Papers received so far. */
  fetched: number;
  /** Papers the server says there are (capped by the maximum asked), when known. */
  total: number | null;
  added: number;
  updated: number;
  /** Set while waiting out a rate limit or an error. */
  waitingSeconds?: number;
  message?: string;
}

export interface HarvestResult {
  requests: number;
  fetched: number;
  total: number | null;
  added: number;
  updated: number;
  cancelled: boolean;
  error?: AgError;
  /** Entries or records that could not be read. */
  warnings: string[];
  /** OAI-PMH: the token to continue from after a cancel or an error. */
  resumptionToken?: string;
}

interface HarvestCommon {
  signal?: AbortSignal;
  onProgress?: (p: HarvestProgress) => void;
  /**
   * After each page's transaction, where the next page starts (a job saves it to resume from):
   * `start` for the export API, the resumption `token` for OAI-PMH (null: the last page).
   */
  onPageStored?: (next: { start?: number; token?: string | null }) => Promise<void> | void;
}

export interface QueryHarvestOptions extends HarvestCommon {
  /** arXiv category, e.g. `hep-th` or `cs.CL`. */
  category?: string;
  /** Export API search query (arXiv syntax, e.g. `all:transformer` or `ti:"dark matter"`). */
  query?: string;
  /** Most papers to fetch (default 1000). */
  maxResults?: number;
  /** Papers per request (default 100, at most 2000). */
  pageSize?: number;
  /** Default: newest first for a category alone, relevance when there is a query. */
  sortBy?: 'relevance' | 'submittedDate' | 'lastUpdatedDate';
  /** Resume at this offset of the result list (papers before it were stored by an earlier run). */
  startAt?: number;
}

function newResult(): HarvestResult {
  return {
    requests: 0,
    fetched: 0,
    total: null,
    added: 0,
    updated: 0,
    cancelled: false,
    warnings: [],
  };
}

function finishWithError(result: HarvestResult, e: unknown): void {
  const err = toAgError(e);
  if (err.code === 'aborted') result.cancelled = true;
  else if (isQuotaError(e)) {
    result.error = agError(
      'quota_exceeded',
      `The browser's storage is full: the harvest stopped after storing ${(result.added + result.updated).toLocaleString('en-US')} papers (kept).`,
      'Free disk space or remove categories you do not need, then harvest again (stored papers are skipped).',
    );
  } else result.error = err;
}

async function store(
  records: PaperRecord[],
  result: HarvestResult,
  signal?: AbortSignal,
): Promise<void> {
  if (!records.length) return;
  const r = await upsertPapers(records, { signal, deferNormRefresh: true });
  result.added += r.added;
  result.updated += r.updated;
}

function reporter(opts: HarvestCommon, result: HarvestResult) {
  return (extra: Partial<HarvestProgress> = {}) =>
    opts.onProgress?.({
      requests: result.requests,
      fetched: result.fetched,
      total: result.total,
      added: result.added,
      updated: result.updated,
      ...extra,
    });
}

/** Export API search_query for a category and/or a query. */
export function searchQueryOf(opts: { category?: string; query?: string }): string {
  const parts: string[] = [];
  if (opts.category?.trim()) parts.push(`cat:${opts.category.trim()}`);
  if (opts.query?.trim()) parts.push(opts.category ? `(${opts.query.trim()})` : opts.query.trim());
  return parts.join(' AND ');
}

/** Harvests by category and/or search query through the export API. */
export async function harvestQuery(
  opts: QueryHarvestOptions,
  deps: ArxivDeps,
): Promise<HarvestResult> {
  const d = resolve(deps);
  const result = newResult();
  const report = reporter(opts, result);
  const q = searchQueryOf(opts);
  if (!q) {
    result.error = agError('bad_input', 'Give a category or a search query to harvest.');
    return result;
  }
  const max = Math.max(1, opts.maxResults ?? 1000);
  const size = Math.min(2000, Math.max(1, opts.pageSize ?? 100));
  const sortBy = opts.sortBy ?? (opts.query?.trim() ? 'relevance' : 'submittedDate');
  const events: RequestEvents = {
    onRequest: () => (result.requests += 1),
    onWait: (ms, why) =>
      report({ waitingSeconds: Math.ceil(ms / 1000), message: `Waiting (${why})` }),
  };
  try {
    let start = Math.max(0, opts.startAt ?? 0);
    let errorRetries = 0;
    while (start < max && (result.total === null || start < result.total)) {
      const n = Math.min(size, max - start);
      const url =
        `${d.apiUrl}?search_query=${encodeURIComponent(q)}&start=${start}&max_results=${n}` +
        `&sortBy=${sortBy}&sortOrder=descending`;
      const res = await getWithRetry(url, d, opts.signal, events);
      const feed = parseAtomFeed(res.body);
      if (feed.error) {
        // arXiv's error feeds: a 4xx one is our request's fault; a 200 one may pass: retry once.
        if (res.status >= 400 || errorRetries >= 1) {
          result.error = agError(
            'bad_request',
            `arXiv refused the request: ${feed.error}`,
            'Check the category or query; what was stored is kept.',
          );
          break;
        }
        errorRetries++;
        const wait = d.backoffMs;
        events.onWait?.(wait, 'error feed');
        await d.clock.sleep(wait, opts.signal);
        continue;
      }
      errorRetries = 0;
      if (feed.warnings) result.warnings.push(...feed.warnings);
      if (feed.totalResults !== null) result.total = Math.min(feed.totalResults, max);
      if (!feed.entries.length) break;
      const records = feed.entries.map((e) => recordFromAtom(e, 'harvest'));
      result.fetched += records.length;
      await store(records, result, opts.signal);
      start += feed.entries.length;
      await opts.onPageStored?.({ start });
      report();
    }
  } catch (e) {
    finishWithError(result, e);
  }
  if (result.added + result.updated > 0 && !result.cancelled)
    await refreshNorms().catch(() => undefined);
  report();
  return result;
}

export interface OaiHarvestOptions extends HarvestCommon {
  /** OAI set, e.g. `physics:hep-th`, `cs`, `math`. */
  set: string;
  /** YYYY-MM-DD bounds on the record datestamps. */
  from?: string;
  until?: string;
  /** Stop after this many records (default: the whole set). */
  maxRecords?: number;
  /** Continue an earlier harvest from its resumption token. */
  resumptionToken?: string;
}

/** Harvests a whole OAI-PMH set (metadataPrefix arXiv), page by page through resumption tokens. */
export async function harvestOai(opts: OaiHarvestOptions, deps: ArxivDeps): Promise<HarvestResult> {
  const d = resolve(deps);
  const result = newResult();
  const report = reporter(opts, result);
  const max = opts.maxRecords ?? Number.POSITIVE_INFINITY;
  const events: RequestEvents = {
    onRequest: () => (result.requests += 1),
    onWait: (ms, why) =>
      report({ waitingSeconds: Math.ceil(ms / 1000), message: `Waiting (${why})` }),
  };
  let token: string | null = opts.resumptionToken ?? null;
  try {
    let badPages = 0;
    for (;;) {
      if (result.fetched >= max) break;
      const url = token
        ? `${d.oaiUrl}?verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`
        : `${d.oaiUrl}?verb=ListRecords&metadataPrefix=arXiv&set=${encodeURIComponent(opts.set)}` +
          (opts.from ? `&from=${encodeURIComponent(opts.from)}` : '') +
          (opts.until ? `&until=${encodeURIComponent(opts.until)}` : '');
      const res = await getWithRetry(url, d, opts.signal, events);
      const page = parseOaiResponse(res.body);
      if (page.error) {
        if (page.error.code === 'noRecordsMatch') break;
        if ((page.error.code === 'badXml' || page.error.code === 'notOai') && badPages < 1) {
          // A page cut short: ask for the same page once more.
          badPages++;
          events.onWait?.(d.backoffMs, 'unreadable page');
          await d.clock.sleep(d.backoffMs, opts.signal);
          continue;
        }
        result.error = agError(
          'bad_request',
          `The OAI-PMH server refused the harvest (${page.error.code}): ${page.error.message}`,
          page.error.code === 'badResumptionToken'
            ? 'The resumption token expired: start the harvest again (papers already stored are skipped).'
            : 'Check the set name (e.g. physics:hep-th, cs, math); what was stored is kept.',
        );
        break;
      }
      badPages = 0;
      result.warnings.push(...page.warnings);
      if (page.completeListSize !== null) result.total = Math.min(page.completeListSize, max);
      const records = page.records.slice(0, Math.max(0, max - result.fetched));
      result.fetched += records.length;
      await store(records, result, opts.signal);
      token = page.resumptionToken;
      await opts.onPageStored?.({ token });
      report();
      if (!token) break;
    }
  } catch (e) {
    finishWithError(result, e);
  }
  if (token && (result.cancelled || result.error || result.fetched >= max))
    result.resumptionToken = token;
  if (result.added + result.updated > 0 && !result.cancelled)
    await refreshNorms().catch(() => undefined);
  report();
  return result;
}

/**
 * How many papers the export API has for a category and/or query (one request of one result,
 * through the gate): for estimates before a harvest. Throws an AgException when arXiv cannot be
 * asked or refuses.
 */
export async function countQuery(
  opts: { category?: string; query?: string },
  deps: ArxivDeps & { signal?: AbortSignal },
): Promise<number> {
  const d = resolve(deps);
  const q = searchQueryOf(opts);
  const url = `${d.apiUrl}?search_query=${encodeURIComponent(q)}&start=0&max_results=1`;
  const res = await getWithRetry(url, d, deps.signal, {});
  const feed = parseAtomFeed(res.body);
  if (feed.error || feed.totalResults === null) {
    throw new AgException(
      agError(
        'bad_request',
        `arXiv could not count the papers of “${q}”${feed.error ? `: ${feed.error}` : ''}.`,
        'Check the category, or try again in a minute.',
      ),
    );
  }
  return feed.totalResults;
}

/** Export API date range from `from` (YYYY-MM-DD) to now: `submittedDate:[… TO …]`. */
export function submittedSince(from: string, now = new Date()): string {
  const stamp = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '') + '0000';
  return `submittedDate:[${stamp(new Date(`${from}T00:00:00Z`))} TO ${stamp(now).slice(0, 8)}2359]`;
}

/** Ids per export API request when looking up references. */
export const ID_BATCH = 50;

/**
 * Adds the cited papers that are not in the corpus yet (origin `reference`), fetched in batches
 * through the export API's id_list. `added`: base ids now stored by this call; `failed`: ids that
 * are not arXiv ids, that arXiv did not return, or whose batch failed.
 */
export async function lookupReferences(
  ids: string[],
  deps: ArxivDeps & {
    signal?: AbortSignal;
    idBatch?: number;
    /**
     * Where the papers found are written: the corpus's one writer context (the worker passes
     * lib/background/corpus-writer.ts upsertCorpus; code of the writer context, upsertPapers).
     */
    store: (records: PaperRecord[]) => Promise<unknown>;
  },
): Promise<{ added: string[]; failed: string[] }> {
  const d = resolve(deps);
  const batchSize = Math.max(1, deps.idBatch ?? ID_BATCH);
  const failed: string[] = [];
  const bases: string[] = [];
  for (const raw of ids) {
    const p = parseArxivId(raw);
    if (!p.ok) failed.push(raw);
    else if (!bases.includes(p.id.base)) bases.push(p.id.base);
  }
  const present = await hasPapers(bases);
  const missing = bases.filter((b) => !present.has(b));
  const added: string[] = [];
  for (let i = 0; i < missing.length; i += batchSize) {
    const batch = missing.slice(i, i + batchSize);
    if (deps.signal?.aborted) {
      failed.push(...missing.slice(i));
      break;
    }
    try {
      const url = `${d.apiUrl}?id_list=${batch.map(encodeURIComponent).join(',')}&start=0&max_results=${batch.length}`;
      const res = await getWithRetry(url, d, deps.signal, {});
      const feed = parseAtomFeed(res.body);
      if (feed.error) {
        failed.push(...batch);
        continue;
      }
      const wanted = new Set(batch);
      const records = feed.entries
        .filter((e) => wanted.has(e.id) && e.title)
        .map((e) => recordFromAtom(e, 'reference'));
      const got = new Set(records.map((r) => r.id));
      if (records.length) {
        if (deps.signal?.aborted) throw abortError();
        await deps.store(records);
        added.push(...records.map((r) => r.id));
      }
      failed.push(...batch.filter((b) => !got.has(b)));
    } catch (e) {
      failed.push(...batch);
      if (toAgError(e).code === 'aborted') {
        failed.push(...missing.slice(i + batchSize));
        break;
      }
    }
  }
  return { added, failed };
}
