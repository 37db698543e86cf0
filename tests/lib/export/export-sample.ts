/** Hand-written answers for the export tests (shaped like /work/shared/reference answers). */
import type { Citation, Thread, Turn } from '../../../lib/answer/schema';
import type { PaperRecord, Source } from '../../../lib/corpus/schema';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  type LibraryBackup,
} from '../../../lib/export/library-backup';

function source(
  id: string,
  title: string,
  similarity: number,
  primaryCategory: string,
  authors: string[],
): Source {
  return {
    id,
    title,
    authors,
    abstract: '',
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
    ['Sebastian Bieringer', 'Gregor Kasieczka', 'Jan Kieseler'],
  ),
  source('2511.13990', 'SURFing to the Fundamental Limit of Jet Tagging', 0.66, 'hep-ph', [
    'Ian Pang',
    'Darius A. Faroughy',
  ]),
  source('2409.01234', 'Learning to Reconstruct Quirky Tracks', 0.65, 'hep-ex', [
    'Max Fieg',
    'Daniel Whiteson',
  ]),
  source('2407.15501', 'Universal New Physics Latent Space', 0.64, 'hep-ph', [
    'Anna Hallin',
    'Gregor Kasieczka',
  ]),
  source(
    'hep-th/9711200',
    'The Large $N$ Limit of Superconformal Field Theories & Supergravity',
    0.61,
    'hep-th',
    ['Juan M. Maldacena'],
  ),
  source(
    '2411.11570',
    'Deep Learning Approaches for BSM Physics: Evaluating DNN and GNN Performance',
    0.6,
    'cs.LG',
    ['Jesús Pérez-Ñúñez', "Zoë O'Brien"],
  ),
];

const ANSWER_PARTS: Array<string | [number, string]> = [
  '# Surrogates and unseen particles\n\nThis is a genuinely hard question, and the honest answer is: **not reliably**, unless the surrogate is validated.\n\n',
  'A classifier trained on one new particle will likely fail on a different signature it has never seen',
  [6, '2411.11570'],
  '. The models reach $>94\\%$ AUC on their training scenario, and the loss is \\(\\mathcal{L} = -\\sum_i y_i \\log p_i\\).\n\n',
  'Surrogates built with Continuous Normalizing Flows extend these models with Bayesian uncertainty',
  [1, '2402.11650'],
  '. SURF tests generative surrogates with exact Neyman-Pearson tests',
  [2, '2511.13990'],
  '.\n\n$$\nq(x) = \\frac{p_1(x)}{p_0(x)}\n$$\n\n',
  '- A unified latent space clusters models by phenomenology',
  [4, '2407.15501'],
  '\n- Quirky tracks can be reconstructed without predefining them',
  [3, '2409.01234'],
  '\n\nCode stays code: `p_i $x$`, and arXiv:2501.99999 is not among the sources, nor is [this one](https://arxiv.org/abs/2312.00001).',
];

/** The answer text and citations whose offsets point right after each cited span. */
export function buildAnswer(): { answer: string; citations: Citation[] } {
  let answer = '';
  const citations: Citation[] = [];
  for (const part of ANSWER_PARTS) {
    if (typeof part === 'string') answer += part;
    else {
      const src = SOURCES.find((s) => s.id === part[1])!;
      citations.push({
        n: part[0],
        kind: 'source',
        arxivId: src.id,
        title: src.title,
        citedText: 'cited sentence',
        offset: answer.length,
      });
    }
  }
  return { answer, citations };
}

export const CREATED = Date.UTC(2026, 3, 29, 14, 30);

export function sampleTurn(overrides: Partial<Turn> = {}): Turn {
  const { answer, citations } = buildAnswer();
  return {
    id: 'turn-1',
    threadId: 'thread-1',
    paperId: '2402.11650',
    paperVersion: 2,
    question:
      "Could ML surrogates trained on LHC data generalize to beyond-Standard-Model particles they've never seen?",
    answer,
    status: 'done',
    mode: 'llm',
    model: 'claude-haiku-4-5',
    citations,
    sources: SOURCES,
    followups: [
      'How does uncertainty quantification in Bayesian surrogates flag out-of-distribution particles?',
      'Could a surrogate trained on *multiple* BSM benchmarks outperform one tuned to a single scenario?',
      'Why does latent-space clustering help identify new physics?',
    ],
    unverifiedIds: ['2501.99999', '2312.00001'],
    createdAt: CREATED,
    finishedAt: CREATED + 20_000,
    ...overrides,
  };
}

export function sampleThread(overrides: Partial<Thread> = {}): Thread {
  return {
    id: 'thread-1',
    paperId: '2402.11650',
    paperTitle: 'Classifier Surrogates: Sharing AI-based Searches with the World',
    title: 'Surrogates and BSM generalization',
    createdAt: CREATED,
    updatedAt: CREATED + 60_000,
    ...overrides,
  };
}

export const PAPER = {
  id: '2402.11650',
  version: 2,
  title: 'Classifier Surrogates: Sharing AI-based Searches with the World',
  primaryCategory: 'hep-ph',
};

/** A library backup file's content: one thread with its one answer, and `papers` when given. */
export function sampleLibraryBackup(papers?: PaperRecord[]): LibraryBackup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: '2026-11-23T00:00:00Z',
    extensionVersion: '0.0.0',
    threads: [sampleThread()],
    turns: [sampleTurn()],
    ...(papers ? { papers } : {}),
  };
}
