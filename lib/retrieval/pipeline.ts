/**
 * Finding the sources of an answer (design: lib/retrieval/README.md):
 * plan (fast model: search queries) -> gather (BM25F for the question and each query) ->
 * live search when the corpus is thin -> rate (fast model: 0-10 per candidate) -> the best-rated
 * at or above the threshold, at most k, best first. No padding: when none passes there are no
 * sources, and the caller says the corpus does not cover the question.
 *
 * At most two model calls (plan, rate). Without a key, or when a call fails, times out or
 * answers nonsense: BM25F with the corpus's similarity floor, and a notice says so. Never
 * throws except on cancel.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { Paper } from '../arxiv/schema';
import type { Source } from '../corpus/schema';
import type { Settings } from '../settings';
import { AgException } from '../errors';
import { callTool, type ToolCallResult } from '../answer';
import { addUsage } from '../answer';
import { abortedError } from '../answer';
import type { Turn, Usage } from '../answer/schema';
import { floorSources, gather, type Gathered, type SearchFn } from './gather';
import { PLAN_SYSTEM, PLAN_TOOL, parsePlan, planPrompt } from './plan';
import { RATE_SYSTEM, RATE_TOOL, parseRatings, ratePrompt, type Rating } from './rate';
import type { LiveSearchResult } from './live-search';

/** Fewer sources passing than this: the corpus is thin, live search runs. */
export const THIN_BELOW = 3;
const PLAN_MAX_TOKENS = 300;
const RATE_MAX_TOKENS = 4000;

export interface RetrievalDeps {
  search: SearchFn;
  /** The corpus's calibrated similarity floor. */
  floor: () => Promise<number>;
  /** Live search over arXiv (and Semantic Scholar); stores what it finds. Absent: never. */
  liveSearch?: (queries: string[], signal: AbortSignal) => Promise<LiveSearchResult>;
  /** The SDK client for the retrieval model (absent: no key). */
  client?: () => Anthropic;
}

export interface FindSourcesInput {
  question: string;
  paper: Pick<Paper, 'id' | 'title' | 'abstract'>;
  /** Earlier turns of the thread, oldest first. */
  history: Turn[];
  settings: Pick<
    Settings,
    'apiKey' | 'baseUrl' | 'retrievalModel' | 'relevanceThreshold' | 'maxSources' | 'liveSearch'
  >;
  signal: AbortSignal;
  /** What the pipeline is doing ("Searching arXiv…"), for the panel. */
  onStatus?: (message: string) => void;
}

export interface FoundSources {
  sources: Source[];
  /** For the answer's notices: fallbacks, live search, "not covered". */
  notices: string[];
  /** The retrieval model's tokens and cost (both calls). */
  usage?: Usage;
  /** Milliseconds spent in the model calls (network time, reported apart). */
  modelCallsMs: number;
  /** How the sources were chosen. */
  mode: 'rated' | 'floor';
  /** The model rated, and nothing reached the threshold. */
  notCovered: boolean;
  /** The planned queries (empty when none). */
  queries: string[];
  /** Candidates considered. */
  candidates: number;
  liveSearched: boolean;
}

function lastTurn(history: Turn[]): { question: string; answer: string } | undefined {
  const t = [...history].reverse().find((x) => x.answer.trim() || x.question.trim());
  return t ? { question: t.question, answer: t.answer } : undefined;
}

function threadSources(history: Turn[]): Source[] {
  const seen = new Set<string>();
  const out: Source[] = [];
  for (const t of [...history].reverse()) {
    for (const s of t.sources) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      out.push(s);
    }
  }
  return out;
}

function failureNote(what: string, r: Extract<ToolCallResult<unknown>, { ok: false }>): string {
  const why =
    r.reason === 'timeout'
      ? 'it took too long'
      : r.reason === 'nonsense'
        ? 'its answer was not usable'
        : r.error.message.replace(/\.$/, '');
  return `${what} did not work (${why})`;
}

export function applyRatings(
  candidates: Source[],
  ratings: Map<string, Rating>,
  threshold: number,
  k: number,
): Source[] {
  return candidates
    .map((c, i) => ({ c, i, r: ratings.get(c.id) }))
    .filter((x) => x.r && x.r.score >= threshold)
    .sort((a, b) => b.r!.score - a.r!.score || a.i - b.i)
    .slice(0, k)
    .map(({ c, r }) => ({ ...c, rating: r!.score, ...(r!.reason ? { reason: r!.reason } : {}) }));
}

export async function findSources(
  input: FindSourcesInput,
  deps: RetrievalDeps,
): Promise<FoundSources> {
  const { question, paper, settings, signal } = input;
  const k = settings.maxSources;
  const notices: string[] = [];
  let usage: Usage | undefined;
  let modelCallsMs = 0;
  const client = settings.apiKey && deps.client ? deps.client() : undefined;
  const checkAbort = () => {
    if (signal.aborted) throw new AgException(abortedError());
  };
  const floorRead = deps.floor().catch(() => 0.05);

  // 1. Plan.
  let queries: string[] = [];
  if (client) {
    const r = await callTool({
      client,
      model: settings.retrievalModel,
      system: PLAN_SYSTEM,
      messages: [
        {
          role: 'user',
          content: planPrompt({ question, paper, lastTurn: lastTurn(input.history) }),
        },
      ],
      tool: PLAN_TOOL,
      maxTokens: PLAN_MAX_TOKENS,
      parse: parsePlan,
      signal,
      baseUrl: settings.baseUrl,
    });
    modelCallsMs += r.ms;
    if (r.usage) usage = addUsage(usage, r.usage);
    if (r.ok) queries = r.value;
    else if (r.reason === 'aborted') checkAbort();
    else {
      notices.push(
        `${failureNote('Planning search queries', r)}: the candidates come from your question’s own words.`,
      );
    }
  }
  checkAbort();

  // 2. Gather (and live search when thin).
  const threadSrc = threadSources(input.history);
  let gathered: Gathered = await gather(
    { question, queries, paper, threadSources: threadSrc },
    deps.search,
  );
  const floor = await floorRead;
  let liveSearched = false;
  const runLive = async () => {
    if (!deps.liveSearch || !settings.liveSearch || liveSearched) return;
    liveSearched = true;
    input.onStatus?.('Searching arXiv…');
    const live = await deps.liveSearch(queries.length ? queries : [question], signal);
    checkAbort();
    for (const p of live.problems) notices.push(`${p}.`);
    if (live.records.length) {
      notices.push(
        `Live search found ${live.records.length} paper${live.records.length === 1 ? '' : 's'} ` +
          `(arXiv ${live.from.arxiv}${live.from.semanticScholar ? `, Semantic Scholar ${live.from.semanticScholar}` : ''}) ` +
          'and added them to your corpus (marked “found by live search”).',
      );
      gathered = await gather({ question, queries, paper, threadSources: threadSrc }, deps.search);
    }
  };
  const aboveFloor = gathered.candidates.filter((c) => c.similarity >= floor).length;
  // Judged before rating: the two-call budget leaves no call to rate a second batch.
  if (aboveFloor < THIN_BELOW && (client || gathered.candidates.length === 0)) await runLive();
  checkAbort();

  // 3. Rate.
  if (client && gathered.candidates.length) {
    const ids = gathered.candidates.map((c) => c.id);
    const r = await callTool({
      client,
      model: settings.retrievalModel,
      system: RATE_SYSTEM,
      messages: [{ role: 'user', content: ratePrompt(question, paper, gathered.candidates) }],
      tool: RATE_TOOL,
      maxTokens: RATE_MAX_TOKENS,
      parse: (x) => parseRatings(x, ids),
      signal,
      baseUrl: settings.baseUrl,
    });
    modelCallsMs += r.ms;
    if (r.usage) usage = addUsage(usage, r.usage);
    if (r.ok) {
      const sources = applyRatings(gathered.candidates, r.value, settings.relevanceThreshold, k);
      const notCovered = sources.length === 0;
      if (notCovered) {
        notices.push(
          `Your corpus does not cover this question: none of the ${gathered.candidates.length} papers checked was rated relevant ` +
            `(${settings.relevanceThreshold}/10 or more), so no related work is given.` +
            (liveSearched
              ? ' arXiv’s search found nothing relevant either.'
              : settings.liveSearch
                ? ''
                : ' Turn on live search in Options to search arXiv for it.'),
        );
      }
      return {
        sources,
        notices,
        ...(usage ? { usage } : {}),
        modelCallsMs,
        mode: 'rated',
        notCovered,
        queries,
        candidates: gathered.candidates.length,
        liveSearched,
      };
    }
    if (r.reason === 'aborted') checkAbort();
    notices.push(
      `${failureNote('Rating the candidates', r)}: the sources are the best word matches above the similarity floor (${Math.round(floor * 100)}%).`,
    );
  }

  // 4. Fallback: BM25F with the floor.
  const sources = floorSources(gathered, floor, k);
  if (!sources.length) {
    notices.push(
      gathered.candidates.length
        ? `Nothing in your corpus is close enough to this question (similarity floor ${Math.round(floor * 100)}%): no related work is given.`
        : 'Your corpus has no papers for this question yet: no related work is given.',
    );
  }
  return {
    sources,
    notices,
    ...(usage ? { usage } : {}),
    modelCallsMs,
    mode: 'floor',
    notCovered: sources.length === 0,
    queries,
    candidates: gathered.candidates.length,
    liveSearched,
  };
}
