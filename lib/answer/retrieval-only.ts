/**
 * The answer without an API key: no model writes anything. The best sources, and the passages of
 * the open paper and of the sources that share the most terms with the question, clearly
 * labelled as a retrieval-only result.
 */
import type { Paper } from '../arxiv/schema';
import type { Source } from '../corpus/schema';
import { tokenize } from '../corpus';
import { sentenceWindows } from './answer-format';
import { sourceUrl } from './request';
import { sectionLabel } from '../arxiv/paper-text';
import type { Turn } from './schema';

export type Passage = NonNullable<Turn['passages']>[number];

/** Passages of the paper shown at most, and of each source. */
export const MAX_PAPER_PASSAGES = 3;
export const MAX_SOURCE_PASSAGES = 5;

/** Label the retrieval-only answer starts with. */
export const RETRIEVAL_LABEL = 'Retrieval only: no model wrote this';

interface Scored {
  arxivId: string;
  section: string;
  text: string;
  score: number;
  order: number;
}

/**
 * Term-overlap score: the question's distinct terms found in the passage, each weighted by how
 * rare it is among the candidate passages (so "model" counts less than "attention"), with a
 * small length normalisation.
 */
function scorePassages(question: string, candidates: Omit<Scored, 'score'>[]): Scored[] {
  const q = new Set(tokenize(question));
  if (q.size === 0) return [];
  const termSets = candidates.map((c) => new Set(tokenize(c.text)));
  const df = new Map<string, number>();
  for (const set of termSets) for (const t of q) if (set.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = candidates.length;
  return candidates.map((c, i) => {
    let score = 0;
    for (const t of q) if (termSets[i]!.has(t)) score += Math.log(1 + n / (df.get(t) ?? 1));
    const len = termSets[i]!.size;
    return { ...c, score: len ? score / Math.sqrt(Math.max(8, len) / 8) : 0 };
  });
}

function best(scored: Scored[], k: number): Scored[] {
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, k);
}

/** The passages of the paper and of the sources that match the question best. */
export function matchingPassages(
  paper: Paper,
  question: string,
  sources: Source[],
): { paper: Passage[]; sources: Passage[] } {
  let order = 0;
  const paperCandidates: Omit<Scored, 'score'>[] = [];
  for (const text of sentenceWindows(paper.abstract)) {
    paperCandidates.push({ arxivId: paper.id, section: 'Abstract', text, order: order++ });
  }
  for (const s of paper.sections) {
    const section = sectionLabel(s);
    for (const text of sentenceWindows(s.text))
      paperCandidates.push({ arxivId: paper.id, section, text, order: order++ });
  }
  const fromPaper = best(scorePassages(question, paperCandidates), MAX_PAPER_PASSAGES);

  const sourceCandidates: Omit<Scored, 'score'>[] = [];
  for (const s of sources) {
    for (const text of sentenceWindows(s.abstract))
      sourceCandidates.push({ arxivId: s.id, section: 'Abstract', text, order: order++ });
    // Passages of the source's stored full text, when it has one.
    for (const p of s.passages ?? [])
      for (const text of sentenceWindows(p.text))
        sourceCandidates.push({ arxivId: s.id, section: p.section, text, order: order++ });
  }
  // One passage per source at most: the best one.
  const perSource = new Map<string, Scored>();
  for (const p of best(scorePassages(question, sourceCandidates), Infinity)) {
    if (!perSource.has(p.arxivId)) perSource.set(p.arxivId, p);
  }
  const fromSources = [...perSource.values()]
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_SOURCE_PASSAGES);
  const strip = ({ arxivId, section, text }: Scored): Passage => ({ arxivId, section, text });
  return { paper: fromPaper.map(strip), sources: fromSources.map(strip) };
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

/**
 * A retrieval-only answer's Markdown without its opening paragraph (the label and "no API key"),
 * for the panel, whose own note already says that; exports keep the whole text.
 */
export function retrievalBody(answer: string): string {
  if (!answer.startsWith(`**${RETRIEVAL_LABEL}.**`)) return answer;
  const end = answer.indexOf('\n\n');
  return end < 0 ? '' : answer.slice(end + 2).trimStart();
}

/** The Markdown of a retrieval-only answer and its passages. */
export function buildRetrievalAnswer(
  paper: Paper,
  question: string,
  sources: Source[],
): { answer: string; passages: Passage[] } {
  const found = matchingPassages(paper, question, sources);
  const parts: string[] = [
    `**${RETRIEVAL_LABEL}.** No API key is set, so this is not a written answer: it shows the passages of the open ` +
      `paper and of related papers in your corpus that share the most terms with your question. ` +
      `Add an Anthropic API key in the options page to get a written, cited answer.`,
  ];
  if (found.paper.length) {
    parts.push('### Matching passages of the open paper');
    for (const p of found.paper) parts.push(`${quote(p.text)}\n\n— *${p.section}*`);
  } else {
    parts.push(
      '### Matching passages of the open paper',
      '_No passage of the paper shares terms with the question._',
    );
  }
  if (found.sources.length) {
    parts.push('### Matching passages of related papers');
    const title = new Map(sources.map((s) => [s.id, s.title.replace(/\s+/g, ' ').trim()]));
    for (const p of found.sources) {
      parts.push(
        `${quote(p.text)}\n\n— *${title.get(p.arxivId) ?? p.arxivId}* ([arXiv:${p.arxivId}](${sourceUrl(p.arxivId)}))`,
      );
    }
  } else if (sources.length) {
    parts.push(
      '### Matching passages of related papers',
      '_No abstract of the related papers shares terms with the question._',
    );
  } else {
    parts.push('_No related papers were found in your corpus._');
  }
  return { answer: parts.join('\n\n'), passages: [...found.paper, ...found.sources] };
}
