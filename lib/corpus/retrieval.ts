/**
 * Retrieval over the corpus: questions, related work, listing badges, reference titles.
 */
import { getDb, titleHash } from '../db';
import { paperWeights, queryWeights } from './analyze';
import { txTables } from './idb-tables';
import { readIndexMeta } from './indexer';
import { cosine, indexTables, rank, readNorms, readTermRows, termInfos, toSource } from './query';
import { BLOCK_BITS, forEachPosting } from './postings';
import type { StoredPaper } from './rows';
import type { Source } from './schema';
import { baseId } from './store';
import { titleKey } from './tokenize';

export interface SearchQuery {
  /** The question. */
  text: string;
  /**
   * The open paper as context, at a lower weight (CONTEXT_SHARE in analyze.ts): its title on the
   * first line, then its abstract.
   */
  context?: string;
  /** Base ids never returned (e.g. the open paper). */
  excludeIds?: string[];
  /** How many results (default 10). */
  k?: number;
}

function excludeSet(ids: string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const id of ids ?? []) out.add(baseId(id)?.base ?? id);
  return out;
}

/**
 * The k papers that best answer a question, best first (BM25F rank). Each has a `similarity`:
 * the cosine between the query's and the paper's tf-idf vectors, comparable across queries.
 */
export async function search(query: SearchQuery): Promise<Source[]> {
  const weights = queryWeights(query.text ?? '', query.context);
  return rank(getDb(), weights, { k: query.k ?? 10, exclude: excludeSet(query.excludeIds) });
}

/** Papers related to a paper (its title and abstract as the query), without the paper itself. */
export async function relatedPapers(
  paper: { id: string; title: string; abstract: string },
  k = 10,
): Promise<Source[]> {
  const weights = paperWeights(paper.title, paper.abstract);
  return rank(getDb(), weights, { k, exclude: excludeSet([paper.id]) });
}

export interface InterestMatch {
  /** The item's paper is stored in the corpus. */
  inCorpus: boolean;
  /** Best cosine similarity to a paper the reader opened (0 when they opened none). */
  similarity: number;
  /** That opened paper. */
  closest?: Source;
}

/**
 * For each listing item: is it in the corpus, and how close is it to the reader's interests
 * (the papers they opened: `openedAt` set)? `similarity` is the best cosine between the item
 * (its stored title and abstract when it is in the corpus, else what the item carries) and one
 * opened paper, and `closest` is that paper. An item never matches itself. One read transaction
 * for the whole batch.
 */
export async function interestMatches(
  items: Array<{ id?: string; title: string; abstract?: string }>,
): Promise<InterestMatch[]> {
  if (!items.length) return [];
  const db = getDb();
  const bases = items.map((it) => (it.id ? (baseId(it.id)?.base ?? null) : null));
  return db.transaction('r', indexTables(db), async (tx) => {
    const tables = txTables(tx);
    const stored = await tables.papers.bulkGet(bases.map((b) => b ?? '\u0000'));
    const interestPapers: StoredPaper[] = await tables.papers.where('openedAt').above(0).toArray();
    const meta = await readIndexMeta(tables.meta);
    const byN = new Map(
      interestPapers.flatMap((p) => (p.n !== undefined ? [[p.n, p] as const] : [])),
    );
    // Each item's weights, as a paper's (so an item and a stored paper compare like two papers).
    const vectors = items.map((it, i) => {
      const s = stored[i];
      return s
        ? paperWeights(s.title, s.abstract)
        : paperWeights(it.title ?? '', it.abstract ?? '');
    });
    const results: InterestMatch[] = items.map((_it, i) => ({
      inCorpus: Boolean(stored[i]),
      similarity: 0,
    }));
    if (!byN.size || !meta.live) return results;
    // Postings of the batch's terms, kept for the opened papers only.
    const allTerms = [...new Set(vectors.flatMap((v) => [...v.keys()]))];
    const rows = await readTermRows(tables, allTerms, meta, db.name);
    const n = meta.live + meta.dead;
    const termIdf = new Map<string, number>();
    const termHits = new Map<string, Array<[number, number]>>();
    const infos = termInfos(new Map(allTerms.map((t) => [t, 1])), rows, n);
    for (const x of infos) {
      termIdf.set(x.t, x.idf);
      const hits: Array<[number, number]> = [];
      for (const r of x.rows) {
        forEachPosting(r.p, r.b << BLOCK_BITS, (doc, imp) => {
          if (byN.has(doc)) hits.push([doc, imp / 255]);
        });
      }
      if (hits.length) termHits.set(x.t, hits);
    }
    const norms = await readNorms(tables, [...byN.keys()]);
    const best: Array<{ n: number; sim: number } | null> = vectors.map((v, i) => {
      const dots = new Map<number, number>();
      let qsq = 0;
      for (const [t, w] of v) {
        const f = termIdf.get(t) ?? 0;
        qsq += (w * f) ** 2;
        for (const [d, imp] of termHits.get(t) ?? []) {
          dots.set(d, (dots.get(d) ?? 0) + w * f * imp * f);
        }
      }
      const qn = Math.sqrt(qsq);
      let top: { n: number; sim: number } | null = null;
      for (const [d, dot] of dots) {
        if (byN.get(d)?.id === bases[i]) continue;
        const sim = cosine(dot, qn, norms.get(d) ?? 0);
        if (!top || sim > top.sim || (sim === top.sim && d < top.n)) top = { n: d, sim };
      }
      return top;
    });
    best.forEach((best, i) => {
      if (!best) return;
      const paper = byN.get(best.n);
      const r = results[i] as InterestMatch;
      r.similarity = best.sim;
      if (paper) r.closest = toSource(paper, best.sim);
    });
    return results;
  });
}

/** Word overlap of two title keys (Dice coefficient on their words). */
export function titleOverlap(a: string, b: string): number {
  const wa = new Set(a.split(' ').filter(Boolean));
  const wb = new Set(b.split(' ').filter(Boolean));
  if (!wa.size || !wb.size) return 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return (2 * common) / (wa.size + wb.size);
}

/** Minimum word overlap for a fuzzy title match. */
export const TITLE_MATCH_MIN = 0.85;

/**
 * Corpus ids for reference titles: an exact match of the normalised title (case, punctuation,
 * accents and LaTeX markup ignored) first; otherwise the best title-search hit when its words
 * overlap the reference title's by at least TITLE_MATCH_MIN (Dice). null when nothing matches well.
 */
export async function matchByTitle(titles: string[]): Promise<(string | null)[]> {
  const db = getDb();
  const keys = titles.map((t) => titleKey(t ?? ''));
  const wanted = [...new Set(keys.filter((k) => k.length >= 8))];
  const exact = new Map<string, string>();
  if (wanted.length) {
    // By title hash, then by title: two titles may share a hash.
    const want = new Set(wanted);
    const rows: StoredPaper[] = await db.papers
      .where('th')
      .anyOf(wanted.map((k) => titleHash(k)))
      .toArray();
    for (const r of rows.sort((a, b) => (a.n ?? 0) - (b.n ?? 0))) {
      const key = titleKey(r.title);
      if (want.has(key) && !exact.has(key)) exact.set(key, r.id);
    }
  }
  const out: (string | null)[] = [];
  for (let i = 0; i < titles.length; i++) {
    const key = keys[i] as string;
    if (key.length < 8) {
      out.push(null);
      continue;
    }
    const hit = exact.get(key);
    if (hit) {
      out.push(hit);
      continue;
    }
    const weights = queryWeights(titles[i] as string);
    if (weights.size < 2) {
      out.push(null);
      continue;
    }
    const cands = await rank(db, weights, { k: 3 });
    const good = cands
      .map((c) => ({ id: c.id, o: titleOverlap(key, titleKey(c.title)) }))
      .filter((c) => c.o >= TITLE_MATCH_MIN)
      .sort((a, b) => b.o - a.o)[0];
    out.push(good ? good.id : null);
  }
  return out;
}
