/**
 * Interest matching for the badges of a whole listing page in one read: the same numbers as
 * `interestMatches` of lib/corpus (best cosine between an item and a paper the reader opened,
 * both as tf-idf vectors of the index), computed without scanning posting lists.
 *
 * The reader's interests are few (the papers they opened); the items are a page of entries. So
 * instead of decoding every posting of every item term to find the interest papers in them, this
 * re-derives each interest paper's vector from its stored title and abstract (the indexer's own
 * `analyzePaper`, so the same impacts as its postings) and reads, per item term, only the newest
 * row of its group (lib/corpus/rows.ts GroupRow), whose `cum` is the term's document frequency.
 * A page of 50 entries then reads one small row per group instead of megabytes of postings.
 */
import { getDb } from '../db';
import { analyzePaper, paperWeights } from './analyze';
import { newestGroupRow, txTables, type IndexTables } from './idb-tables';
import { readIndexMeta } from './indexer';
import { findTerm, groupOf, idf } from './postings';
import { cosine, indexTables, papersById, readNorms, toSource } from './query';
import { newestBlock, type GroupRow, type IndexMeta, type StoredPaper } from './rows';
import type { InterestMatch } from './retrieval';
import type { PaperRecord } from './schema';
import { baseId } from './store';

/**
 * Document frequencies read by this context, valid for one index generation (any write to the
 * index bumps it): later pages skip IndexedDB for the terms they share with earlier ones.
 */
const DF_CACHE_MAX = 200_000;
const dfCache = { key: '', map: new Map<string, number>() };

/**
 * Each term's document frequency (0 when the corpus does not have it): its `cum` in the newest
 * row of its group.
 */
async function documentFrequencies(
  tables: IndexTables,
  terms: string[],
  meta: IndexMeta,
  dbName: string,
): Promise<Map<string, number>> {
  const key = `${dbName}|${meta.uid ?? ''}|${meta.gen}`;
  if (dfCache.key !== key) {
    dfCache.key = key;
    dfCache.map = new Map();
  }
  const out = new Map<string, number>();
  const missing: string[] = [];
  for (const t of terms) {
    const d = dfCache.map.get(t);
    if (d === undefined) missing.push(t);
    else out.set(t, d);
  }
  if (!missing.length) return out;
  const lastBlock = newestBlock(meta);
  const groups = [...new Set(missing.map(groupOf))];
  // Most groups have a row in the newest block (the norm refresh leaves those unmerged): one
  // bulk read finds them; the others take one reverse cursor step each (slower than a read in a
  // just-started browser).
  const rows = (await tables.postings.bulkGet(groups.map((g) => [g, lastBlock]))) as Array<
    GroupRow | undefined
  >;
  const newest = new Map<number, GroupRow | undefined>();
  const rest: number[] = [];
  groups.forEach((g, i) => {
    const r = rows[i];
    if (r) newest.set(g, r);
    else rest.push(g);
  });
  const lasts = await Promise.all(rest.map((g) => newestGroupRow(tables, g, lastBlock)));
  rest.forEach((g, i) => newest.set(g, lasts[i]));
  for (const t of missing) {
    const r = newest.get(groupOf(t));
    const k = r ? findTerm(r.t, t) : -1;
    out.set(t, r && k >= 0 ? (r.cum[k] as number) : 0);
  }
  if (dfCache.map.size + missing.length > DF_CACHE_MAX) dfCache.map.clear();
  for (const t of missing) dfCache.map.set(t, out.get(t) ?? 0);
  return out;
}

/**
 * How many papers the corpus holds, from the index bookkeeping (one row) rather than counting
 * the papers table (which IndexedDB does by walking it: a quarter second at 74k papers).
 */
export async function corpusCount(): Promise<number> {
  return (await readIndexMeta(getDb().meta)).live;
}

export interface InterestItem {
  id?: string;
  title: string;
  abstract?: string;
}

/**
 * For each item: is it stored, and its best similarity to an opened paper (an item never matches
 * itself), with that paper as `closest`. One read transaction for the batch.
 */
export interface BadgeMatch extends InterestMatch {
  /** The stored paper, when the item is in the corpus (for the hover card). */
  paper?: Pick<PaperRecord, 'id' | 'title' | 'abstract' | 'primaryCategory'>;
}

/** An opened paper as the index holds it: term -> impact (0..1), and its norm. */
interface InterestVector {
  id: string;
  norm: number;
  w: Map<string, number>;
}

/**
 * The opened papers' vectors, kept for one index generation and one set of opened papers: a
 * reader browsing listing pages asks for the same few vectors on every page, and re-deriving
 * them (their norms are a read, their terms a tokenisation) was a third of a page's request.
 */
const interestCache = { key: '', vectors: [] as InterestVector[] };

async function interestVectors(
  tables: IndexTables,
  docs: Array<{ n: number; id: string }>,
  paperById: Map<string, PaperRecord>,
  meta: IndexMeta,
  dbName: string,
): Promise<InterestVector[]> {
  const key = `${dbName}|${meta.uid ?? ''}|${meta.gen}|${docs.map((d) => `${d.n}:${d.id}`).join(',')}`;
  if (interestCache.key === key) return interestCache.vectors;
  const norms = await readNorms(
    tables,
    docs.map((d) => d.n),
  );
  const vectors = docs.map((d) => {
    const paper = paperById.get(d.id)!;
    const a = analyzePaper(paper.title, paper.abstract);
    const w = new Map<string, number>();
    for (let i = 0; i < a.terms.length; i++)
      w.set(a.terms[i] as string, (a.impacts[i] as number) / 255);
    return { id: d.id, norm: norms.get(d.n) ?? 0, w };
  });
  interestCache.key = key;
  interestCache.vectors = vectors;
  return vectors;
}

export async function matchInterests(items: readonly InterestItem[]): Promise<BadgeMatch[]> {
  if (!items.length) return [];
  const db = getDb();
  const bases = items.map((it) => (it.id ? (baseId(it.id)?.base ?? null) : null));
  return db.transaction('r', indexTables(db), async (tx) => {
    const tables = txTables(tx);
    const [stored, interestPapers, meta] = await Promise.all([
      papersById(tables, bases),
      tables.papers.where('openedAt').above(0).toArray(),
      readIndexMeta(tables.meta),
    ]);
    const results: BadgeMatch[] = items.map((_it, i) => storedMatch(stored[i]));
    if (!interestPapers.length || !meta.live) return results;
    const docs = (interestPapers as StoredPaper[])
      .filter((p): p is StoredPaper & { n: number } => p.n !== undefined)
      .map((p) => ({ n: p.n, id: p.id }));
    if (!docs.length) return results;
    docs.sort((a, b) => a.n - b.n); // ties go to the lowest doc number, as in lib/corpus
    const paperById = new Map(interestPapers.map((p) => [p.id, p]));
    const interests = await interestVectors(tables, docs, paperById, meta, db.name);
    const vectors = items.map((it, i) => {
      const s = stored[i];
      return s
        ? paperWeights(s.title, s.abstract)
        : paperWeights(it.title ?? '', it.abstract ?? '');
    });
    const terms = [...new Set(vectors.flatMap((v) => [...v.keys()]))];
    const dfs = await documentFrequencies(tables, terms, meta, db.name);
    const n = meta.live + meta.dead;
    const termIdf = new Map<string, number>();
    for (const t of terms) {
      const df = dfs.get(t) ?? 0;
      termIdf.set(t, df ? idf(df, n) : idf(0, Math.max(n, 1)));
    }
    const best = vectors.map((v, i) => {
      let qsq = 0;
      for (const [t, w] of v) qsq += (w * (termIdf.get(t) ?? 0)) ** 2;
      const qn = Math.sqrt(qsq);
      let top: { k: number; sim: number } | null = null;
      interests.forEach((it, k) => {
        if (it.id === bases[i]) return;
        let dot = 0;
        for (const [t, w] of v) {
          const d = it.w.get(t);
          if (d === undefined) continue;
          const f = termIdf.get(t) ?? 0;
          dot += w * f * d * f;
        }
        if (dot <= 0) return;
        const sim = cosine(dot, qn, it.norm);
        if (!top || sim > top.sim) top = { k, sim };
      });
      return top as { k: number; sim: number } | null;
    });
    best.forEach((b, i) => {
      if (!b) return;
      const r = results[i] as BadgeMatch;
      r.similarity = b.sim;
      r.closest = toSource(paperById.get(interests[b.k]!.id)!, b.sim);
    });
    return results;
  });
}

/** An item's match before similarity: whether it is stored, and the stored paper. */
function storedMatch(p: StoredPaper | undefined): BadgeMatch {
  return p
    ? {
        inCorpus: true,
        similarity: 0,
        paper: {
          id: p.id,
          title: p.title,
          abstract: p.abstract,
          primaryCategory: p.primaryCategory,
        },
      }
    : { inCorpus: false, similarity: 0 };
}

/** Only whether each item is stored (and the stored paper): references need no similarity. */
export async function storedOnly(items: readonly InterestItem[]): Promise<BadgeMatch[]> {
  const bases = items.map((it) => (it.id ? (baseId(it.id)?.base ?? null) : null));
  const db = getDb();
  const stored = await db.transaction('r', db.papers, (tx) => papersById(txTables(tx), bases));
  return stored.map(storedMatch);
}
