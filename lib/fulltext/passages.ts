/**
 * Passages of a paper's full text that best match a question: windows of a few sentences,
 * scored by the question terms they share (rarer terms weigh more), the best kept up to a word
 * budget. Used for the sources of an answer whose text is stored (their `search_result` block
 * then carries body passages, not only the abstract) and for retrieval-only answers.
 */
import type { Section } from '../arxiv/schema';
import { getDb } from '../db';
import type { Source } from '../corpus/schema';
import { tokenize } from '../corpus';
import { sentenceWindows } from '../answer';
import { sectionLabel } from '../arxiv/paper-text';

/** Words of body text a source carries at most. */
export const SOURCE_PASSAGE_WORDS = 300;

export interface Passage {
  section: string;
  text: string;
}

/** The passages of `sections` sharing the most terms with `question`, within `maxWords`. */
export function bestPassages(
  question: string,
  sections: Section[],
  maxWords = SOURCE_PASSAGE_WORDS,
): Passage[] {
  const q = new Set(tokenize(question));
  if (!q.size) return [];
  const cands: Array<Passage & { terms: Set<string>; order: number }> = [];
  for (const s of sections) {
    const section = sectionLabel(s);
    for (const text of sentenceWindows(s.text))
      cands.push({ section, text, terms: new Set(tokenize(text)), order: cands.length });
  }
  const df = new Map<string, number>();
  for (const c of cands) for (const t of q) if (c.terms.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = cands.length;
  const scored = cands
    .map((c) => {
      let score = 0;
      for (const t of q) if (c.terms.has(t)) score += Math.log(1 + n / (df.get(t) ?? 1));
      return { c, score: c.terms.size ? score / Math.sqrt(Math.max(8, c.terms.size) / 8) : 0 };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.c.order - b.c.order);
  const out: Passage[] = [];
  let words = 0;
  for (const { c } of scored) {
    const w = c.text.split(/\s+/).length;
    if (words + w > maxWords) {
      if (out.length) break;
      // A single long window: cut to the budget.
      out.push({
        section: c.section,
        text: c.text.split(/\s+/).slice(0, maxWords).join(' ') + ' …',
      });
      break;
    }
    out.push({ section: c.section, text: c.text });
    words += w;
    if (out.length >= 3) break;
  }
  return out;
}

/** Sources whose paper's full text is stored get their best passages for the question. */
export async function withSourcePassages(question: string, sources: Source[]): Promise<Source[]> {
  if (!sources.length) return sources;
  const stored = await getDb()
    .papers.bulkGet(sources.map((s) => s.id))
    .catch(() => []);
  return sources.map((s, i) => {
    const sections = stored[i]?.sections;
    if (!sections?.length) return s;
    const passages = bestPassages(question, sections);
    return passages.length ? { ...s, passages } : s;
  });
}
