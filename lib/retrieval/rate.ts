/**
 * Rating: the retrieval model scores every candidate (title, id, primary category, abstract)
 * against the question through the forced tool `rate_papers` (input
 * `{"ratings": [{"id", "score": integer 0-10, "reason"}]}`). Ids that are not candidates are
 * ignored; candidates left out count as 0. An input without a single usable rating is nonsense.
 */
import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod/mini';
import { parseArxivId } from '../arxiv/id';
import type { Source } from '../corpus/schema';

export const RATE_TOOL: Tool = {
  name: 'rate_papers',
  description:
    'Rate how useful each candidate paper is as related work for answering the question.',
  input_schema: {
    type: 'object',
    properties: {
      ratings: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string', description: 'The candidate’s arXiv id, exactly as given.' },
            score: {
              type: 'integer',
              minimum: 0,
              maximum: 10,
              description:
                '0 = unrelated, 3 = same field only, 6 = directly relevant, 10 = exactly on the question.',
            },
            reason: { type: 'string', description: 'One short line: why this score.' },
          },
          required: ['id', 'score', 'reason'],
        },
      },
    },
    required: ['ratings'],
  },
};

export const RATE_SYSTEM =
  'You rate candidate papers for a researcher’s question about an arXiv paper they are reading. Judge by meaning, not by shared words: a paper scores high only if it would help answer this question (a method it uses or compares with, evidence for or against, a direct extension). Rate every candidate once; keep each reason to one line.';

/** Characters of each candidate's abstract sent for rating (bounds the call's size). */
export const RATE_ABSTRACT_CHARS = 700;

export interface Rating {
  score: number;
  reason: string;
}

function cut(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The user message of the rating call. */
export function ratePrompt(
  question: string,
  paper: { id: string; title: string },
  candidates: Source[],
): string {
  const list = candidates
    .map(
      (c) =>
        `<paper id="${c.id}" category="${c.primaryCategory}">\nTitle: ${cut(c.title, 300)}\nAbstract: ${cut(c.abstract, RATE_ABSTRACT_CHARS)}\n</paper>`,
    )
    .join('\n');
  return [
    `The reader has open: ${cut(paper.title, 300)} (arXiv:${paper.id}).`,
    `<question>${cut(question, 2000)}</question>`,
    `<candidates>\n${list}\n</candidates>`,
    `Call rate_papers with a rating for each of the ${candidates.length} candidates.`,
  ].join('\n\n');
}

const RateInput = z.object({ ratings: z.array(z.unknown()) });
const RatingItem = z.object({
  id: z.string(),
  score: z.number(),
  reason: z.optional(z.unknown()),
});

function base(id: string): string {
  const p = parseArxivId(id.trim());
  return p.ok ? p.id.base : id.trim();
}

/**
 * Ratings by base id, for candidate ids only; null when the input has no usable rating at all.
 * A score must be an integer 0-10 (a rating that is not is dropped, so it counts as 0).
 */
export function parseRatings(input: unknown, candidateIds: string[]): Map<string, Rating> | null {
  const got = RateInput.safeParse(input);
  if (!got.success) return null;
  const wanted = new Set(candidateIds);
  const out = new Map<string, Rating>();
  let usable = 0;
  for (const raw of got.data.ratings) {
    const item = RatingItem.safeParse(raw);
    if (!item.success) continue;
    const { score } = item.data;
    if (!Number.isInteger(score) || score < 0 || score > 10) continue;
    usable++;
    const id = base(item.data.id);
    if (!wanted.has(id) || out.has(id)) continue;
    const reason = typeof item.data.reason === 'string' ? cut(item.data.reason, 240) : '';
    out.set(id, { score, reason });
  }
  return usable ? out : null;
}
