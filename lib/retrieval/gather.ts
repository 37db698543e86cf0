/**
 * Gathering candidates: BM25F over the corpus for the question (with the open paper as context,
 * as before) and for each planned query; their union, de-duplicated by base id, interleaved by
 * rank (each list's best come first), the open paper left out. The thread's earlier sources
 * (follow-up questions) come first. At least QUESTION_DEPTH candidates when the corpus has them.
 */
import { parseArxivId } from '../arxiv/id';
import type { Source } from '../corpus/schema';

/** Candidates taken for the question itself (the "at least 40" of the design). */
export const QUESTION_DEPTH = 40;
/** Candidates taken for each planned query. */
export const QUERY_DEPTH = 20;
/** Most candidates sent for rating (bounds the rating call's size and cost). */
export const MAX_CANDIDATES = 60;

export interface SearchRequest {
  text: string;
  context?: string;
  excludeIds: string[];
  k: number;
}
export type SearchFn = (q: SearchRequest) => Promise<Source[]>;

export interface GatherInput {
  question: string;
  queries: string[];
  paper: { id: string; title: string; abstract: string };
  /** Sources of the thread's earlier turns (follow-ups reuse them as candidates). */
  threadSources?: Source[];
  max?: number;
}

export interface Gathered {
  candidates: Source[];
  /** The question's own BM25F list (the fallback ranks from it first). */
  byQuestion: Source[];
  /** Each planned query's list, in order. */
  byQuery: Source[][];
}

export function baseOf(id: string): string {
  const p = parseArxivId(id);
  return p.ok ? p.id.base : id;
}

/** Round-robin union of ranked lists, de-duplicated by base id (the higher similarity kept). */
export function interleave(lists: Source[][], max: number, exclude: Set<string>): Source[] {
  const out: Source[] = [];
  const at = new Map<string, number>();
  const depth = Math.max(0, ...lists.map((l) => l.length));
  for (let r = 0; r < depth; r++) {
    for (const list of lists) {
      const s = list[r];
      if (!s) continue;
      const id = baseOf(s.id);
      if (exclude.has(id)) continue;
      const i = at.get(id);
      if (i !== undefined) {
        if (s.similarity > out[i]!.similarity) out[i] = { ...out[i]!, similarity: s.similarity };
        continue;
      }
      if (out.length >= max) continue;
      at.set(id, out.length);
      out.push(s.id === id ? s : { ...s, id });
    }
  }
  return out;
}

export async function gather(input: GatherInput, search: SearchFn): Promise<Gathered> {
  const paperId = baseOf(input.paper.id);
  const context = `${input.paper.title}\n${input.paper.abstract}`;
  const [byQuestion, ...byQuery] = await Promise.all([
    search({ text: input.question, context, excludeIds: [paperId], k: QUESTION_DEPTH }),
    ...input.queries.map((q) => search({ text: q, excludeIds: [paperId], k: QUERY_DEPTH })),
  ]);
  // Earlier ratings were for an earlier question: rated again.
  const thread = (input.threadSources ?? [])
    .filter((s) => baseOf(s.id) !== paperId)
    .map(({ rating: _r, reason: _why, ...s }) => s);
  const candidates = interleave(
    [thread, byQuestion ?? [], ...byQuery],
    input.max ?? MAX_CANDIDATES,
    new Set([paperId]),
  );
  return { candidates, byQuestion: byQuestion ?? [], byQuery };
}

/**
 * The fallback when no model rates: the question's list, then the queries' lists, each paper
 * at or above the floor only, at most k.
 */
export function floorSources(gathered: Gathered, floor: number, k: number): Source[] {
  return interleave([gathered.byQuestion, ...gathered.byQuery], Number.MAX_SAFE_INTEGER, new Set())
    .filter((s) => s.similarity >= floor)
    .slice(0, k);
}
