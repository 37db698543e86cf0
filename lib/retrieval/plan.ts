/**
 * Planning: the retrieval model turns the question (with the open paper's title and abstract and
 * the thread's last turn) into 1-4 search queries, through the forced tool `search_queries`
 * (input `{"queries": string[]}`). Parsing keeps 1-4 non-empty queries of sane length; anything
 * else is nonsense (null), and the pipeline goes on with the question alone.
 */
import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod/mini';

export const PLAN_TOOL: Tool = {
  name: 'search_queries',
  description:
    'Search queries for a literature search over arXiv titles and abstracts that would find the papers a researcher would cite to answer the question.',
  input_schema: {
    type: 'object',
    properties: {
      queries: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        maxItems: 4,
        description:
          'One to four keyword queries (3-10 words each) in the vocabulary of paper titles and abstracts.',
      },
    },
    required: ['queries'],
  },
};

export const PLAN_SYSTEM =
  'You plan literature searches for a researcher reading an arXiv paper. Write search queries in the words paper titles and abstracts use (technical terms, method names, synonyms), not as questions. Cover the distinct aspects of the question; do not repeat the open paper’s title as a query.';

export const MAX_QUERIES = 4;
const MAX_QUERY_CHARS = 200;

export interface PlanContext {
  question: string;
  paper: { id: string; title: string; abstract: string };
  /** The thread's last turn, when this is a follow-up. */
  lastTurn?: { question: string; answer: string };
}

function cut(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** The user message of the planning call. */
export function planPrompt(ctx: PlanContext): string {
  const parts = [
    `<open_paper id="${ctx.paper.id}">\nTitle: ${cut(ctx.paper.title, 300)}\nAbstract: ${cut(ctx.paper.abstract, 1500)}\n</open_paper>`,
  ];
  if (ctx.lastTurn) {
    parts.push(
      `<previous_turn>\nQuestion: ${cut(ctx.lastTurn.question, 500)}\nAnswer (start): ${cut(ctx.lastTurn.answer, 800)}\n</previous_turn>`,
    );
  }
  parts.push(`<question>${cut(ctx.question, 2000)}</question>`);
  parts.push('Call search_queries with 1 to 4 queries.');
  return parts.join('\n\n');
}

const PlanInput = z.object({ queries: z.array(z.unknown()) });

/** The queries of a `search_queries` input, or null when the input makes no sense. */
export function parsePlan(input: unknown): string[] | null {
  const got = PlanInput.safeParse(input);
  if (!got.success) return null;
  const out: string[] = [];
  for (const q of got.data.queries) {
    if (typeof q !== 'string') continue;
    const t = q.replace(/\s+/g, ' ').trim();
    if (!t || t.length > MAX_QUERY_CHARS) continue;
    if (!out.some((o) => o.toLowerCase() === t.toLowerCase())) out.push(t);
  }
  return out.length ? out.slice(0, MAX_QUERIES) : null;
}
