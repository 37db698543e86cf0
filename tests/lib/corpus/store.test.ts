import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { getDb, resetDbForTests } from '@/lib/db';
import {
  clearCorpus,
  compactIndex,
  corpusSize,
  corpusStats,
  getPaper,
  hasPapers,
  refreshNorms,
  removeCategory,
  removePapers,
  savePaperFromPage,
  search,
  upsertPapers,
} from '@/lib/corpus';
import { storedAmong } from '@/lib/corpus/store';
import { analyzePaper, queryWeights } from '@/lib/corpus/analyze';
import { readIndexMeta } from '@/lib/corpus/indexer';
import { txTables } from '@/lib/corpus/idb-tables';
import { BLOCK_SIZE, groupOf } from '@/lib/corpus/postings';
import { rank } from '@/lib/corpus/query';
import type { PaperRecord } from '@/lib/corpus/schema';
import type { Paper } from '@/lib/arxiv/schema';
import { AgException } from '@/lib/errors';
import { bruteForce, derivedRecords, fixtureRecords, rng } from './corpus-helpers';

afterEach(resetDbForTests);

/** Ranking and similarities of the index equal the brute-force computation over `papers`. */
/**
 * The index ranks and scores like the brute force. `norms: 'any'`: the norms were not refreshed
 * since the last writes (similarities use the idf of their time), so only the ranking is compared.
 */
async function expectIndexMatches(
  papers: PaperRecord[],
  queries: string[],
  { k = 10, norms = 'exact' }: { k?: number; norms?: 'exact' | 'any' } = {},
) {
  for (const q of queries) {
    const w = queryWeights(q);
    const want = bruteForce(papers, w, k);
    const got = await rank(getDb(), w, { k });
    expect(
      got.map((s) => s.id),
      q,
    ).toEqual(want.map((e) => e.id));
    got.forEach((s, i) => {
      const e = want[i] as (typeof want)[number];
      // impacts are bytes on both sides; floats differ only by Float32 rounding
      expect(s.score as number).toBeCloseTo(e.score, 3);
      if (norms === 'exact') expect(s.similarity).toBeCloseTo(e.similarity, 3);
    });
  }
}

function paperOf(r: PaperRecord, extra: Partial<Paper> = {}): Paper {
  return {
    id: r.id,
    version: r.version,
    title: r.title,
    authors: r.authors,
    abstract: r.abstract,
    categories: r.categories,
    sections: [],
    references: [],
    ...extra,
  };
}

/** Makes the n-th write request on `table` fail like a full disk. */
function failOnWrite(table: string, nth: number, name = 'QuotaExceededError'): Middleware<DBCore> {
  let count = 0;
  return {
    stack: 'dbcore',
    name: `fail-${table}`,
    create: (down) => ({
      ...down,
      table: (t) => {
        const inner = down.table(t);
        if (t !== table) return inner;
        return {
          ...inner,
          mutate: (req: DBCoreMutateRequest) =>
            ++count === nth
              ? Promise.reject(new DOMException('The quota has been exceeded.', name))
              : inner.mutate(req),
        };
      },
    }),
  };
}

describe('upsertPapers', () => {
  it('adds papers, then adds nothing twice', async () => {
    const recs = fixtureRecords();
    expect(await upsertPapers(recs)).toEqual({ added: 200, updated: 0 });
    expect(await corpusSize()).toBe(200);
    expect(await upsertPapers(recs)).toEqual({ added: 0, updated: 0 });
    expect(await corpusSize()).toBe(200);
    const meta = await readIndexMeta(getDb().meta);
    expect(meta).toMatchObject({ live: 200, dead: 0, nextDoc: 200 });
    expect(await getDb().papers.where('n').aboveOrEqual(0).count()).toBe(200);
  });

  it('keys papers by base id: versions merge, the newest metadata wins', async () => {
    const [r] = fixtureRecords();
    const base = r as PaperRecord;
    await upsertPapers([{ ...base, id: `${base.id}v1`, version: 1 }]);
    expect((await getPaper(`${base.id}v3`))?.version).toBe(1);
    const v3 = { ...base, id: `${base.id}v3`, version: 3, title: 'A rewritten title about axions' };
    expect(base.title).toContain('prompt');
    expect(base.abstract).not.toContain('prompt');
    expect(await upsertPapers([v3])).toEqual({ added: 0, updated: 1 });
    const stored = await getPaper(base.id);
    expect(stored).toMatchObject({
      id: base.id,
      version: 3,
      title: 'A rewritten title about axions',
    });
    // the index follows: the new words are found, the old title's words no longer find it
    expect((await search({ text: 'axions' }))[0]?.id).toBe(base.id);
    expect((await search({ text: 'prompt' })).map((s) => s.id)).not.toContain(base.id);
    expect((await readIndexMeta(getDb().meta)).dead).toBe(1);
    // an older version does not overwrite a newer one
    expect(await upsertPapers([{ ...base, version: 1 }])).toEqual({ added: 0, updated: 0 });
    expect((await getPaper(base.id))?.title).toBe('A rewritten title about axions');
    expect(await getDb().papers.where('n').aboveOrEqual(0).count()).toBe(1);
    expect((await getDb().papers.get(base.id))?.n).toBe(1); // re-indexed under a new number
  });

  it('keeps openedAt, sections and references when a newer record lacks them', async () => {
    const r = fixtureRecords()[1] as PaperRecord;
    const sections = [{ number: '1', heading: 'Introduction', level: 1, text: 'We study graphs.' }];
    await savePaperFromPage(
      paperOf(r, {
        sections,
        references: [
          { label: '[1]', text: 'x', arxivIds: ['0704.0001'], dois: [], urls: [], citedIn: [] },
        ],
      }),
    );
    const opened = await getPaper(r.id);
    expect(opened?.openedAt).toBeGreaterThan(0);
    expect(opened?.origin).toBe('opened');
    await upsertPapers([{ ...r, version: 9, origin: 'harvest' }]);
    const after = await getPaper(r.id);
    expect(after).toMatchObject({
      version: 9,
      openedAt: opened?.openedAt,
      sections,
      references: ['0704.0001'],
      origin: 'opened',
    });
  });

  it('rejects an invalid record and stores nothing of its batch', async () => {
    const recs = fixtureRecords().slice(0, 5);
    const bad = [...recs, { ...recs[0], id: 'not-an-id' } as PaperRecord];
    await expect(upsertPapers(bad)).rejects.toMatchObject({ agError: { code: 'bad_input' } });
    await expect(
      upsertPapers([{ ...recs[0], title: 42 } as unknown as PaperRecord]),
    ).rejects.toBeInstanceOf(AgException);
    expect(await corpusSize()).toBe(0);
  });

  it('rolls back papers and index together when a write fails, and recovers', async () => {
    const recs = fixtureRecords();
    await upsertPapers(recs.slice(0, 100));
    const db = getDb();
    db.close();
    // the next index write of the terms table fails like a full disk
    db.use(failOnWrite('postings', 1));
    await db.open();
    await expect(upsertPapers(recs.slice(100, 150))).rejects.toBeTruthy();
    expect(await corpusSize()).toBe(100);
    expect((await readIndexMeta(db.meta)).live).toBe(100);
    // the writer's memory of the index was dropped with the failed transaction
    await upsertPapers(recs.slice(100));
    await refreshNorms();
    await expectIndexMatches(recs, [
      'quark gluon plasma',
      'graph decompositions',
      'black hole entropy',
    ]);
  });

  it('is rejected when cancelled before it starts', async () => {
    const c = new AbortController();
    c.abort();
    await expect(upsertPapers(fixtureRecords(), { signal: c.signal })).rejects.toMatchObject({
      agError: { code: 'aborted' },
    });
    expect(await corpusSize()).toBe(0);
  });
});

describe('storedAmong (what a batch finds already stored)', () => {
  /** Reads `ids` both ways; they must agree record for record. */
  async function expectSameAsBulkGet(ids: string[]) {
    const db = getDb();
    const want = await db.papers.bulkGet(ids);
    const got = await db.transaction('r', db.papers, (tx) => storedAmong(txTables(tx), ids));
    expect(got).toEqual(want);
    return got;
  }

  it('finds the stored papers of a batch, sorted or not, narrow id range or wide', async () => {
    // 900 derived papers 9901.00001..00900, every other one stored
    const all = derivedRecords(900);
    await upsertPapers(all.filter((_r, i) => i % 2 === 0));
    const ids = all.map((r) => r.id);
    // a sorted batch of 200 (a key scan of its range finds its 100 stored papers)
    const narrow = await expectSameAsBulkGet(ids.slice(300, 500));
    expect(narrow.filter(Boolean)).toHaveLength(100);
    // shuffled, with duplicates and ids that are nowhere
    const r = rng(5);
    const mixed = [...ids.slice(0, 120), '9901.99999', '0704.0001', ids[3] as string].sort(
      () => r() - 0.5,
    );
    await expectSameAsBulkGet(mixed);
    // 64 ids spread over the whole range: it holds 450 stored papers, more than 4 x 64, so each
    // id is read on its own
    await expectSameAsBulkGet(ids.filter((_id, i) => i % 14 === 1).slice(0, 64));
    // a small batch, and a batch of which nothing is stored
    await expectSameAsBulkGet(ids.slice(10, 20));
    const fresh = derivedRecords(100, 9, 2000).map((p) => p.id);
    expect((await expectSameAsBulkGet(fresh)).every((p) => p === undefined)).toBe(true);
  });
});

describe('the index', () => {
  it('ranks and scores exactly like a brute-force BM25F over the papers, across blocks and batches', async () => {
    const papers = [...fixtureRecords(), ...derivedRecords(2 * BLOCK_SIZE + 300)];
    // A paper in block 1 with a word whose term group has no row in block 0: the refresh must
    // move that group's lone row of block 1 to block 0, or a query planned on meta.merged
    // (query.ts groupBlocks) would not read it.
    const inBlock0 = new Set<number>();
    for (const p of papers.slice(0, BLOCK_SIZE))
      for (const t of analyzePaper(p.title, p.abstract).terms) inBlock0.add(groupOf(t));
    let lonely = 0;
    while (inBlock0.has(groupOf(`zqlonely${lonely}`))) lonely++;
    papers.splice(BLOCK_SIZE + 100, 0, {
      ...(derivedRecords(1, 4, 99_000)[0] as PaperRecord),
      title: `the zqlonely${lonely} resonance`,
    });
    const rand = rng(3);
    // uneven batches, one of them crossing the block boundary
    for (let i = 0; i < papers.length;) {
      const size = 200 + Math.floor(rand() * 3000);
      await upsertPapers(papers.slice(i, i + size), { deferNormRefresh: true });
      i += size;
    }
    const queries = [
      'diphoton production at hadron colliders',
      'sparsity graph decompositions pebble game',
      'quantum field theory gauge',
      'magnetic field resummation',
      'derived words that do not exist zzzq',
      `zqlonely${lonely} resonance`,
    ];
    const blocks = async () =>
      new Set((await getDb().postings.toCollection().primaryKeys()).map((k) => k[1]));
    expect(await blocks()).toEqual(new Set([0, 1, 2]));
    await expectIndexMatches(papers, queries, { norms: 'any' });
    const before = await readIndexMeta(getDb().meta);
    expect(await refreshNorms()).toBe(true);
    const meta = await readIndexMeta(getDb().meta);
    expect(meta.nextDoc).toBeGreaterThan(2 * BLOCK_SIZE);
    // The refresh moved every posting to the rows of block 0, and said so. A group's newest row
    // keeps its terms and document frequencies (for writers and badges), without postings: the
    // rows of block 2, and of block 1 for the groups with no row in block 2, as the lonely one.
    // A query reads one row per group.
    expect(meta.gen).toBeGreaterThan(before.gen);
    expect(meta.merged).toBe(3);
    const rows = await getDb().postings.toArray();
    expect(rows.filter((r) => r.b > 0 && r.p.length > 0)).toEqual([]);
    expect(rows.filter((r) => r.b === 1).map((r) => r.g)).toContain(groupOf(`zqlonely${lonely}`));
    await expectIndexMatches(papers, queries);
    // Written after the merge: appended to the newest block's rows, on top of the merged history;
    // queries read those rows again. One paper has a word of a group no query read yet.
    const read = new Set([...queries.flatMap((q) => [...queryWeights(q).keys()])].map(groupOf));
    let fresh = 0;
    while (read.has(groupOf(`zqfresh${fresh}`))) fresh++;
    const more = derivedRecords(400, 5, 90_000);
    more[7] = { ...(more[7] as PaperRecord), title: `the zqfresh${fresh} transition` };
    await upsertPapers(more, { deferNormRefresh: true });
    expect((await readIndexMeta(getDb().meta)).merged).toBe(2);
    const all = [...papers, ...more];
    await expectIndexMatches(all, [`zqfresh${fresh} transition`], { norms: 'any' });
    await expectIndexMatches(all, queries, { norms: 'any' });
    // Nothing written past the newest block: nothing to merge.
    expect(await refreshNorms()).toBe(true);
    expect((await readIndexMeta(getDb().meta)).merged).toBe(2);
    await expectIndexMatches(all, queries);
    // Laid out anew (rows in blocks 0, 1 and 2, another index instance): the queries of this
    // context, planned on the merged layout, see that the plan no longer holds and read again.
    await compactIndex();
    expect(await blocks()).toEqual(new Set([0, 1, 2]));
    expect((await readIndexMeta(getDb().meta)).merged).toBeUndefined();
    // (terms of groups this context has not read yet, and the ones it has)
    await expectIndexMatches(all, ['black hole entropy', 'lattice spectrum']);
    await expectIndexMatches(all, queries);
  }, 300_000);

  it('writes of the one writer context, concurrent and between refreshes and a clear, stay exact', async () => {
    // The corpus has one writer context (lib/offscreen/README.md): its writes queue one after the
    // other, so the write cache, trusted without re-reading, follows each commit in order.
    const recs = fixtureRecords();
    const queries = [
      'quark gluon plasma',
      'graph decompositions',
      'black hole entropy',
      'superconductivity',
    ];
    await Promise.all([
      upsertPapers(recs.slice(0, 40), { deferNormRefresh: true }),
      upsertPapers(recs.slice(40, 80), { deferNormRefresh: true }),
      refreshNorms(),
      upsertPapers(recs.slice(80, 120), { deferNormRefresh: true }),
    ]);
    await upsertPapers(recs.slice(120));
    await refreshNorms();
    await expectIndexMatches(recs, queries);
    await clearCorpus();
    await Promise.all([upsertPapers(recs.slice(0, 60)), upsertPapers(recs.slice(60))]);
    await refreshNorms();
    await expectIndexMatches(recs, queries);
  });

  it('recomputes drifted norms: similarities match the brute-force cosine again', async () => {
    const recs = fixtureRecords();
    // the first batch is indexed when the corpus has 20 papers: its norms use that idf
    await upsertPapers(recs.slice(0, 20), { deferNormRefresh: true });
    await upsertPapers(recs.slice(20), { deferNormRefresh: true });
    const first = recs[0] as PaperRecord;
    const w = queryWeights(first.title);
    const want = bruteForce(recs, w, 1)[0];
    const before = (await rank(getDb(), w, { k: 1 }))[0];
    expect(before?.id).toBe(first.id);
    expect(Math.abs((before?.similarity ?? 0) - (want?.similarity ?? 0))).toBeGreaterThan(0.02);
    expect(await refreshNorms()).toBe(true);
    const after = (await rank(getDb(), w, { k: 1 }))[0];
    expect(after?.similarity).toBeCloseTo(want?.similarity ?? -1, 3);
    // and a paper's own text is (almost) fully similar to it
    const self = (await search({ text: `${first.title}\n${first.abstract}`, k: 1 }))[0];
    expect(self?.similarity).toBeGreaterThan(0.95);
  });
});

describe('removal and statistics', () => {
  it('counts by primary category and estimates storage', async () => {
    const recs = fixtureRecords();
    await upsertPapers(recs);
    const stats = await corpusStats();
    const expected: Record<string, number> = {};
    for (const r of recs) expected[r.primaryCategory] = (expected[r.primaryCategory] ?? 0) + 1;
    expect(stats.total).toBe(200);
    expect(stats.byCategory).toEqual(expected);
    expect(stats.bytesEstimate).toBeGreaterThan(200 * 500);
  });

  it('removes papers from search at once, and rebuilds the index when many are gone', async () => {
    const recs = fixtureRecords();
    await upsertPapers(recs);
    const target = recs[0] as PaperRecord;
    expect((await search({ text: 'diphoton' }))[0]?.id).toBe(target.id);
    expect(await removePapers([`${target.id}v2`])).toBe(1);
    expect(await hasPapers([target.id])).toEqual(new Set());
    expect((await search({ text: 'diphoton' })).map((s) => s.id)).not.toContain(target.id);
    expect((await readIndexMeta(getDb().meta)).dead).toBe(1);

    const astro = recs.filter((r) => r.primaryCategory === 'astro-ph').length;
    expect(await removeCategory('astro-ph')).toBe(astro);
    const left = recs.filter((r) => r !== target && r.primaryCategory !== 'astro-ph');
    expect(await corpusSize()).toBe(left.length);
    expect((await corpusStats()).byCategory['astro-ph']).toBeUndefined();
    // few tombstones: kept; after compaction none, and the index equals a fresh one
    await compactIndex();
    const meta = await readIndexMeta(getDb().meta);
    expect(meta).toMatchObject({ dead: 0, live: left.length, nextDoc: left.length });
    await expectIndexMatches(left, [
      'quark gluon plasma',
      'graph decompositions',
      'galaxy cluster',
    ]);
  });

  it('compacts by itself once a third of the postings are dead', async () => {
    const papers = [...fixtureRecords(), ...derivedRecords(1500)];
    await upsertPapers(papers);
    await removeCategory('derived.XX');
    const meta = await readIndexMeta(getDb().meta);
    expect(meta).toMatchObject({ dead: 0, live: 200 });
    await expectIndexMatches(papers.slice(0, 200), ['quark gluon plasma', 'spectral graph']);
  }, 60_000);

  it('clears everything but threads', async () => {
    await upsertPapers(fixtureRecords());
    await getDb().threads.put({
      id: 't1',
      paperId: '0704.0001',
      paperTitle: 'x',
      title: 'x',
      createdAt: 1,
      updatedAt: 1,
    });
    await clearCorpus();
    expect(await corpusSize()).toBe(0);
    expect(await getDb().postings.count()).toBe(0);
    expect(await getDb().norms.count()).toBe(0);
    expect(await search({ text: 'quark' })).toEqual([]);
    expect(await getDb().threads.count()).toBe(1);
    // and the corpus fills again from scratch
    await upsertPapers(fixtureRecords().slice(0, 10));
    expect((await readIndexMeta(getDb().meta)).nextDoc).toBe(10);
  });

  it('hasPapers answers for the ids as given, whatever their form', async () => {
    await upsertPapers(fixtureRecords().slice(0, 3));
    const got = await hasPapers([
      '0704.0001',
      '0704.0002v3',
      'arXiv:0704.0003',
      '0704.0004',
      'junk',
    ]);
    expect(got).toEqual(new Set(['0704.0001', '0704.0002v3', 'arXiv:0704.0003']));
  });
});
