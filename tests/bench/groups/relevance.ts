/**
 * The relevance row (issue 16): the gather stage (BM25F over the question and given queries,
 * lib/retrieval/gather.ts) on a public retrieval benchmark with titles, abstracts and judged
 * queries, in BEIR format. Reports recall@50 of the candidates (the ceiling the rating step can
 * reach) and nDCG@10 of BM25F alone (the question's own list).
 *
 * No data set ships with the repository and none is on npm (checked: no npm package carries
 * BEIR/SciDocs/SciFact/LitSearch data; `beir` is a PyPI package that downloads at run time), and
 * this machine has no other internet: give one with `--beir DIR` (corpus.jsonl, queries.jsonl,
 * qrels/test.tsv; e.g. BEIR's SciFact, CC BY-NC 4.0, or SciDocs, CC BY 4.0 — keep it out of the
 * repository). Optional `--beir-queries FILE`: JSON lines `{"_id": QUERY_ID, "queries": [...]}`,
 * the planned queries per question (recorded from the retrieval model). Without `--beir` the
 * group fails and says it is blocked for lack of data; it never reports a number it did not measure.
 *
 * Runs in Node with fake-indexeddb (a quality measure, not a speed one): the documents are stored
 * with lib/corpus as `derived` records (their own ids), then every judged query is gathered.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseBenchArgs } from '../lib/args';
import { round } from '../lib/stats';
import {
  BenchGroupError,
  type BenchContext,
  type BenchGroup,
  type BenchRow,
} from '../lib/bench-types';

const ENGINE = 'antigravity';

function jsonl(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** qrels/test.tsv: query-id, corpus-id, score (header line skipped). */
function qrels(file: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
    const [q, d, s] = line.trim().split('\t');
    if (!q || !d) continue;
    const score = Number(s ?? 1);
    if (!(score > 0)) continue;
    if (!out.has(q)) out.set(q, new Map());
    out.get(q)!.set(d, score);
  }
  return out;
}

export function ndcgAt(ranked: string[], rel: Map<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    const g = rel.get(id) ?? 0;
    if (g > 0) dcg += (2 ** g - 1) / Math.log2(i + 2);
  });
  const ideal = [...rel.values()].sort((a, b) => b - a).slice(0, k);
  let idcg = 0;
  ideal.forEach((g, i) => (idcg += (2 ** g - 1) / Math.log2(i + 2)));
  return idcg ? dcg / idcg : 0;
}

const group: BenchGroup = {
  name: 'relevance',
  description:
    'recall@50 of the gathered candidates and nDCG@10 of BM25F on a BEIR-format data set (--beir DIR)',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const args = parseBenchArgs(ctx.args);
    const dir = args.options.beir;
    if (typeof dir !== 'string') {
      throw new BenchGroupError(
        'relevance: BLOCKED for lack of data. No public retrieval benchmark is obtainable here (no npm package ' +
          'carries BEIR/SciDocs/SciFact/LitSearch data; no other internet). Give one in BEIR format: ' +
          '--beir DIR (corpus.jsonl, queries.jsonl, qrels/test.tsv).',
        [],
      );
    }
    const files = ['corpus.jsonl', 'queries.jsonl', path.join('qrels', 'test.tsv')].map((f) =>
      path.join(dir, f),
    );
    const missing = files.filter((f) => !existsSync(f));
    if (missing.length) throw new BenchGroupError(`relevance: missing ${missing.join(', ')}`, []);
    // fake-indexeddb only for this group, loaded before Dexie.
    const fakeIdb = 'fake-indexeddb/auto';
    await import(fakeIdb);
    // Dexie may have been loaded by another group's imports before the globals existed.
    const { default: Dexie } = await import('dexie');
    Dexie.dependencies.indexedDB = globalThis.indexedDB;
    Dexie.dependencies.IDBKeyRange = globalThis.IDBKeyRange;
    const { upsertPapers, search } = await import('../../../lib/corpus');
    const { gather } = await import('../../../lib/retrieval/gather');
    const docs = jsonl(files[0]!);
    const queries = new Map(jsonl(files[1]!).map((q) => [String(q._id), String(q.text ?? '')]));
    const judged = qrels(files[2]!);
    const planned = new Map<string, string[]>();
    const qf = args.options['beir-queries'];
    if (typeof qf === 'string') {
      for (const r of jsonl(qf)) planned.set(String(r._id), (r.queries as string[]) ?? []);
    }
    ctx.log(`relevance: storing ${docs.length} documents (fake-indexeddb)`);
    const now = Date.now();
    for (let i = 0; i < docs.length; i += 2000) {
      await upsertPapers(
        docs.slice(i, i + 2000).map((d) => ({
          id: String(d._id),
          version: null,
          title: String(d.title ?? ''),
          authors: [],
          abstract: String(d.text ?? ''),
          categories: [],
          primaryCategory: '',
          origin: 'derived' as const,
          addedAt: now,
        })),
        { deferNormRefresh: true },
      );
    }
    const { refreshNorms } = await import('../../../lib/corpus');
    await refreshNorms();
    let recall = 0;
    let ndcg = 0;
    let n = 0;
    const none = { id: '\u0000', title: '', abstract: '' };
    for (const [qid, rel] of judged) {
      const text = queries.get(qid);
      if (!text) continue;
      const g = await gather(
        { question: text, queries: planned.get(qid) ?? [], paper: none, max: 50 },
        (q) => search(q),
      );
      const top50 = new Set(g.candidates.slice(0, 50).map((c) => c.id));
      recall += [...rel.keys()].filter((d) => top50.has(d)).length / rel.size;
      const bm25 = await search({ text, k: 10 });
      ndcg += ndcgAt(
        bm25.map((s) => s.id),
        rel,
        10,
      );
      n++;
    }
    if (!n) throw new BenchGroupError('relevance: no judged query had a text', []);
    const note = `${path.basename(dir)}: ${docs.length} documents, ${n} judged queries${planned.size ? `, planned queries from ${path.basename(String(qf))}` : ', question only (no planned queries given)'}`;
    return [
      {
        metric: 'relevance_recall_at_50',
        engine: ENGINE,
        corpus: path.basename(dir),
        value: round(recall / n, 3),
        unit: 'ratio',
        note,
      },
      {
        metric: 'relevance_ndcg_at_10_bm25f',
        engine: ENGINE,
        corpus: path.basename(dir),
        value: round(ndcg / n, 3),
        unit: 'ratio',
        note,
      },
    ];
  },
};

export default group;
