/**
 * Finishing an answer: citations mapped to their paper and numbered (same paper = same number),
 * arXiv ids the text names outside the sources marked unverified, sources best first, the three
 * follow-ups parsed out of the Markdown, and usage priced.
 */
import type { TextCitation } from '@anthropic-ai/sdk/resources/messages';
import { findArxivIdsInText, parseArxivId } from '../arxiv/id';
import type { Paper } from '../arxiv/schema';
import type { Source } from '../corpus/schema';
import { modelPrice } from '../settings/models';
import { splitFollowups } from './answer-format';
import { sectionAt, type PaperText } from './request';
import type { Citation, Turn, Usage } from './schema';

/** Where a raw API citation points, before it gets a number and an offset. */
export interface CitationTarget {
  kind: Citation['kind'];
  arxivId: string;
  title: string;
  citedText: string;
  section?: string;
}

/**
 * Maps an API citation to the source or the open-paper passage it rests on; null when it points
 * at nothing the request carried (it is then dropped rather than shown wrongly).
 */
export function mapCitation(
  c: TextCitation,
  ctx: { paper: Paper; sources: Source[]; paperText: PaperText },
): CitationTarget | null {
  const citedText = (c.cited_text ?? '').trim();
  switch (c.type) {
    case 'search_result_location': {
      let source: Source | undefined = ctx.sources[c.search_result_index];
      const urlId = parseArxivId(c.source ?? '');
      if (urlId.ok && source?.id !== urlId.id.base) {
        source = ctx.sources.find((s) => s.id === urlId.id.base) ?? source;
      }
      if (!source) return null;
      return { kind: 'source', arxivId: source.id, title: source.title, citedText };
    }
    case 'char_location': {
      const section = sectionAt(ctx.paperText, c.start_char_index);
      return {
        kind: 'paper',
        arxivId: ctx.paper.id,
        title: ctx.paper.title,
        citedText,
        ...(section ? { section } : {}),
      };
    }
    case 'page_location':
    case 'content_block_location':
      return { kind: 'paper', arxivId: ctx.paper.id, title: ctx.paper.title, citedText };
    default:
      return null;
  }
}

/** Numbers citation targets in order of first appearance: the same paper keeps its number. */
export class CitationNumbering {
  private readonly numbers = new Map<string, number>();

  numberFor(arxivId: string): number {
    let n = this.numbers.get(arxivId);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(arxivId, n);
    }
    return n;
  }

  /** Rebuilds the numbering of citations that were saved earlier. */
  static from(citations: Citation[]): CitationNumbering {
    const c = new CitationNumbering();
    for (const x of [...citations].sort((a, b) => a.n - b.n)) c.numbers.set(x.arxivId, x.n);
    return c;
  }
}

/** The API's usage fields (cumulative, as in `message_delta`). */
export interface ApiUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

/** Cost in USD: input and output at the model's prices, cache reads at 0.1x input, writes at 1.25x. */
export function usageCost(u: Omit<Usage, 'costUsd'>, model: string): number {
  const p = modelPrice(model);
  const usd =
    (u.inputTokens * p.input +
      u.outputTokens * p.output +
      u.cacheReadTokens * p.input * 0.1 +
      u.cacheWriteTokens * p.input * 1.25) /
    1_000_000;
  return Math.round(usd * 1e6) / 1e6;
}

export function toUsage(api: ApiUsage, model: string): Usage {
  const u = {
    inputTokens: Math.max(0, api.input_tokens ?? 0),
    outputTokens: Math.max(0, api.output_tokens ?? 0),
    cacheReadTokens: Math.max(0, api.cache_read_input_tokens ?? 0),
    cacheWriteTokens: Math.max(0, api.cache_creation_input_tokens ?? 0),
  };
  return { ...u, costUsd: usageCost(u, model) };
}

/** Adds the usage of two requests (an answer that needed a retry pays for both). */
export function addUsage(a: Usage | undefined, b: Usage): Usage {
  if (!a) return b;
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    costUsd: Math.round((a.costUsd + b.costUsd) * 1e6) / 1e6,
  };
}

/** arXiv ids written in the text that are neither the open paper nor one of the sources. */
export function findUnverifiedIds(
  text: string,
  paper: Pick<Paper, 'id'>,
  sources: Pick<Source, 'id'>[],
): string[] {
  const known = new Set([paper.id, ...sources.map((s) => s.id)]);
  return findArxivIdsInText(text).filter((id) => !known.has(id));
}

/** Sources best first (stable for ties). */
export function sortSources(sources: Source[]): Source[] {
  return sources
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s.similarity - a.s.similarity || a.i - b.i)
    .map((x) => x.s);
}

/**
 * The final shape of a turn from the raw model text: follow-ups split off the displayed
 * Markdown, citation offsets kept inside it, unverified ids found, sources best first.
 */
export function finishTurn(
  turn: Turn,
  input: { rawText: string; paper: Pick<Paper, 'id'>; now: number },
): Turn {
  const { answer, followups } = splitFollowups(input.rawText);
  const citations = turn.citations.map((c) => ({
    ...c,
    offset: Math.min(c.offset, answer.length),
  }));
  return {
    ...turn,
    answer,
    followups,
    citations,
    sources: sortSources(turn.sources),
    unverifiedIds: findUnverifiedIds(answer, input.paper, turn.sources),
    finishedAt: input.now,
  };
}
