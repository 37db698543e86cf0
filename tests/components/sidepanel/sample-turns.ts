/**
 * Hand-written turns and papers for the side panel component tests, shaped like the answers of
 * /work/shared/reference (question, cited answer with math, sources, follow-ups, usage).
 */
import type { Citation, Turn } from '../../../lib/answer/schema';
import type { Paper } from '../../../lib/arxiv/schema';
import type { Source } from '../../../lib/corpus/schema';

export const CREATED = Date.UTC(2026, 3, 29, 14, 30);

function source(id: string, title: string, similarity: number, primaryCategory: string): Source {
  return {
    id,
    title,
    authors: ['A. Author'],
    abstract: `Abstract of ${id}.`,
    primaryCategory,
    categories: [primaryCategory],
    similarity,
  };
}

export const SOURCES: Source[] = [
  source(
    '2402.11650',
    'Classifier Surrogates: Sharing AI-based Searches with the World',
    0.67,
    'hep-ph',
  ),
  source('2511.13990', 'SURFing to the Fundamental Limit of Jet Tagging', 0.66, 'hep-ex'),
  source(
    'hep-th/9711200',
    'The Large $N$ Limit of Superconformal Field Theories and Supergravity',
    0.61,
    'hep-th',
  ),
];

export const PAPER: Paper = {
  id: '2401.00001',
  version: 1,
  title: 'Surrogates for $\\mathcal{N}=4$ searches',
  authors: ['Ada Lovelace', 'Alan Turing'],
  abstract: 'We study $x^2$ surrogates.',
  categories: ['hep-ph', 'hep-ex'],
  sections: [],
  references: [
    {
      label: '[1]',
      text: 'J. Doe, Quirky tracks, arXiv:2409.01234',
      title: 'Quirky tracks',
      arxivIds: ['2409.01234'],
      dois: [],
      urls: [],
      citedIn: ['1'],
    },
  ],
};

/** Answer parts: text, or [n, id, cited sentence] for a citation right after the text so far. */
const PARTS: Array<string | [number, string, string]> = [
  'Surrogates help, with care. The loss is $\\mathcal{L} = -\\sum_i y_i \\log p_i$ for each event',
  [1, '2402.11650', 'Surrogates built with Continuous Normalizing Flows extend these models.'],
  '.\n\nSURF tests generative surrogates with exact Neyman-Pearson tests',
  [2, '2511.13990', 'We test generative surrogates with exact Neyman-Pearson tests.'],
  '.\n\n$$\nq(x) = \\frac{p_1(x)}{p_0(x)}\n$$\n\nThe open paper defines the baseline',
  [3, '2401.00001', 'Our baseline is a boosted decision tree.'],
  '. Quirky tracks (arXiv:2409.01234) are not among the sources.',
];

export function buildAnswer(): { answer: string; citations: Citation[] } {
  let answer = '';
  const citations: Citation[] = [];
  for (const p of PARTS) {
    if (typeof p === 'string') {
      answer += p;
      continue;
    }
    const [n, id, citedText] = p;
    const src = SOURCES.find((s) => s.id === id);
    citations.push({
      n,
      kind: src ? 'source' : 'paper',
      arxivId: id,
      title: src?.title ?? PAPER.title,
      citedText,
      offset: answer.length,
      ...(src ? {} : { section: '2 Method' }),
    });
  }
  return { answer, citations };
}

export function sampleTurn(overrides: Partial<Turn> = {}): Turn {
  const { answer, citations } = buildAnswer();
  return {
    id: 'turn-1',
    threadId: 'thread-1',
    paperId: PAPER.id,
    paperVersion: 1,
    question: 'Could surrogates generalize to particles they have never seen?',
    answer,
    status: 'done',
    mode: 'llm',
    model: 'claude-haiku-5-5',
    citations,
    sources: SOURCES,
    followups: [
      'How do Bayesian surrogates flag out-of-distribution particles?',
      'Could one surrogate cover several benchmarks?',
      'Why does latent-space clustering help?',
    ],
    unverifiedIds: ['2409.01234'],
    usage: {
      inputTokens: 1234,
      outputTokens: 567,
      cacheReadTokens: 1000,
      cacheWriteTokens: 0,
      costUsd: 0.0042,
    },
    createdAt: CREATED,
    finishedAt: CREATED + 5000,
    ...overrides,
  };
}
