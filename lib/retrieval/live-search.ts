/**
 * Live search: when the corpus is thin for a question, the planned queries go to arXiv's own
 * search (export API, `export.arxiv.org/api/query`) and, when the reader turned it on, to
 * Semantic Scholar's paper search (`api.semanticscholar.org/graph/v1/paper/search`, papers with
 * an arXiv id only). What is found is stored in the corpus with origin `live-search`, so the
 * corpus grows with use and the next question is answered locally.
 *
 * arXiv: the queries go out as ONE request (OR of the queries), through the shared RequestGate
 * (at most one request every 3 s, one at a time), retried once at most; responses are cached by
 * URL for CACHE_TTL_MS. Semantic Scholar: one request per question, cached the same way. A
 * failure of one service never stops the other; every failure is reported as a message.
 */
import { z } from 'zod/mini';
import { parseArxivId } from '../arxiv/id';
import { toAgError } from '../errors';
import { exportApiSearch, recordFromAtom, type ArxivDeps, type Clock, realClock } from '../corpus';
import type { PaperRecord } from '../corpus/schema';
import { tokenize } from '../corpus';

export const S2_SEARCH_URL = 'https://api.semanticscholar.org/graph/v1/paper/search';
/** The host permission Options asks for when the reader turns Semantic Scholar on. */
export const SEMANTIC_SCHOLAR_ORIGIN = 'https://api.semanticscholar.org/*';
/** Results asked from each service. */
export const LIVE_RESULTS = 20;
/** How long a live search's results are reused for the same queries. */
export const CACHE_TTL_MS = 6 * 60 * 60_000;
/** Words kept per query in the arXiv search (the most specific ones). */
const WORDS_PER_QUERY = 4;

export interface LiveSearchDeps {
  fetch: typeof fetch;
  clock?: Clock;
  /** arXiv access (gate, URL, retries); defaults: the shared gate, one retry, 10 s longest wait. */
  arxiv?: Omit<ArxivDeps, 'fetch'>;
  /** Ask Semantic Scholar too (the reader turned it on and granted the host). */
  semanticScholar?: boolean;
  s2Url?: string;
  /** Stores the papers found (default: none; the background passes the corpus writer). */
  store?: (records: PaperRecord[]) => Promise<void>;
}

export interface LiveSearchResult {
  /** The papers found, de-duplicated by base id, arXiv's first. */
  records: PaperRecord[];
  /** Where each was found. */
  from: { arxiv: number; semanticScholar: number };
  /** What went wrong, in plain words (empty when nothing did). */
  problems: string[];
  /** Requests actually sent (cache hits are not). */
  requests: number;
}

const cache = new Map<string, { at: number; records: PaperRecord[] }>();

/** Drops cached live-search results (tests). */
export function clearLiveSearchCache(): void {
  cache.clear();
}

/** A planned query as an export API clause: its most specific words, all required. */
export function arxivClause(query: string): string | null {
  const words = [
    ...new Set(
      (query.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) ?? []).filter(
        (w) => w.length > 2 && tokenize(w).length > 0,
      ),
    ),
  ];
  if (!words.length) return null;
  // Longer words first: a crude but stable stand-in for specificity.
  const picked = words
    .map((w, i) => ({ w, i }))
    .sort((a, b) => b.w.length - a.w.length || a.i - b.i)
    .slice(0, WORDS_PER_QUERY)
    .sort((a, b) => a.i - b.i)
    .map((x) => `all:${x.w.replace(/[^\p{L}\p{N}-]/gu, '')}`);
  return picked.length === 1 ? picked[0]! : `(${picked.join(' AND ')})`;
}

/** The export API search_query for the planned queries (their OR). */
export function arxivSearchQuery(queries: string[]): string | null {
  const clauses = [...new Set(queries.map(arxivClause).filter((c): c is string => !!c))];
  return clauses.length ? clauses.join(' OR ') : null;
}

const S2Paper = z.object({
  title: z.optional(z.nullable(z.string())),
  abstract: z.optional(z.nullable(z.string())),
  year: z.optional(z.nullable(z.number())),
  externalIds: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  authors: z.optional(z.nullable(z.array(z.object({ name: z.optional(z.nullable(z.string())) })))),
  publicationDate: z.optional(z.nullable(z.string())),
});
const S2Search = z.object({ data: z.optional(z.nullable(z.array(z.unknown()))) });

/** The papers of a Semantic Scholar search body that carry an arXiv id, as corpus records. */
export function recordsFromS2(body: unknown, now = Date.now()): PaperRecord[] {
  const got = S2Search.safeParse(body);
  if (!got.success) return [];
  const out: PaperRecord[] = [];
  for (const raw of got.data.data ?? []) {
    const p = S2Paper.safeParse(raw);
    if (!p.success) continue;
    const arxiv = p.data.externalIds?.ArXiv;
    if (typeof arxiv !== 'string') continue;
    const id = parseArxivId(arxiv);
    const title = (p.data.title ?? '').replace(/\s+/g, ' ').trim();
    if (!id.ok || !title) continue;
    const rec: PaperRecord = {
      id: id.id.base,
      version: id.id.version,
      title,
      authors: (p.data.authors ?? []).map((a) => (a.name ?? '').trim()).filter(Boolean),
      abstract: (p.data.abstract ?? '').replace(/\s+/g, ' ').trim(),
      categories: [],
      primaryCategory: '',
      origin: 'live-search',
      addedAt: now,
    };
    if (p.data.publicationDate) rec.published = p.data.publicationDate;
    out.push(rec);
  }
  return out;
}

async function searchArxiv(
  q: string,
  deps: LiveSearchDeps,
  signal: AbortSignal | undefined,
  now: number,
): Promise<{ records: PaperRecord[]; sent: boolean }> {
  const key = `arxiv|${q}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_TTL_MS) return { records: hit.records, sent: false };
  const entries = await exportApiSearch(
    q,
    LIVE_RESULTS,
    {
      maxRetries: 1,
      backoffMs: 3000,
      maxWaitMs: 10_000,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...deps.arxiv,
      fetch: deps.fetch,
    },
    signal,
  );
  const records = entries.map((e) => recordFromAtom(e, 'live-search', now));
  cache.set(key, { at: now, records });
  return { records, sent: true };
}

async function searchS2(
  query: string,
  deps: LiveSearchDeps,
  signal: AbortSignal | undefined,
  now: number,
): Promise<{ records: PaperRecord[]; sent: boolean }> {
  const url =
    `${deps.s2Url ?? S2_SEARCH_URL}?query=${encodeURIComponent(query)}` +
    `&fields=externalIds,title,abstract,year,authors,publicationDate&limit=${LIVE_RESULTS}`;
  const hit = cache.get(url);
  if (hit && now - hit.at < CACHE_TTL_MS) return { records: hit.records, sent: false };
  const res = await deps.fetch(url, { signal, headers: { Accept: 'application/json' } });
  if (!res.ok) {
    throw new Error(
      res.status === 429
        ? 'Semantic Scholar is limiting requests (HTTP 429); try again in a minute'
        : `Semantic Scholar answered HTTP ${res.status}`,
    );
  }
  const records = recordsFromS2(await res.json(), now);
  cache.set(url, { at: now, records });
  return { records, sent: true };
}

/** Searches arXiv (and Semantic Scholar when on) for the queries; stores what is found. */
export async function liveSearch(
  queries: string[],
  deps: LiveSearchDeps,
  signal?: AbortSignal,
): Promise<LiveSearchResult> {
  const now = (deps.clock ?? realClock).now();
  const result: LiveSearchResult = {
    records: [],
    from: { arxiv: 0, semanticScholar: 0 },
    problems: [],
    requests: 0,
  };
  const q = arxivSearchQuery(queries);
  const jobs: Array<Promise<void>> = [];
  const byId = new Map<string, PaperRecord>();
  let arxivFound: PaperRecord[] = [];
  let s2Found: PaperRecord[] = [];
  if (q) {
    jobs.push(
      searchArxiv(q, deps, signal, now).then(
        (r) => {
          arxivFound = r.records;
          if (r.sent) result.requests++;
        },
        (e: unknown) => {
          result.problems.push(`arXiv search failed: ${toAgError(e).message}`);
        },
      ),
    );
  }
  const s2Query = queries.find((x) => x.trim());
  if (deps.semanticScholar && s2Query) {
    jobs.push(
      searchS2(s2Query, deps, signal, now).then(
        (r) => {
          s2Found = r.records;
          if (r.sent) result.requests++;
        },
        (e: unknown) => {
          result.problems.push(`Semantic Scholar search failed: ${toAgError(e).message}`);
        },
      ),
    );
  }
  await Promise.all(jobs);
  for (const r of arxivFound) if (!byId.has(r.id)) byId.set(r.id, r);
  result.from.arxiv = byId.size;
  for (const r of s2Found) {
    if (byId.has(r.id)) continue;
    byId.set(r.id, r);
    result.from.semanticScholar++;
  }
  result.records = [...byId.values()];
  if (result.records.length && deps.store) {
    try {
      await deps.store(result.records);
    } catch (e) {
      result.problems.push(`The papers found could not be stored: ${toAgError(e).message}`);
    }
  }
  return result;
}
