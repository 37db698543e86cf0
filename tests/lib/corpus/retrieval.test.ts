import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDb, resetDbForTests, titleHash } from '@/lib/db';
import {
  getPaper,
  interestMatches,
  matchByTitle,
  relatedPapers,
  savePaperFromPage,
  search,
  titleKey,
  upsertPapers,
} from '@/lib/corpus';
import type { PaperRecord } from '@/lib/corpus/schema';
import { Source } from '@/lib/corpus/schema';
import { fixtureRecords } from './corpus-helpers';

afterEach(resetDbForTests);

const recs = fixtureRecords();
const byId = (id: string) => recs.find((r) => r.id === id) as PaperRecord;

async function open(id: string) {
  const r = byId(id);
  await savePaperFromPage({
    id: r.id,
    version: r.version,
    title: r.title,
    authors: r.authors,
    abstract: r.abstract,
    categories: r.categories,
    sections: [],
    references: [],
  });
}

describe('on an empty corpus', () => {
  it('finds nothing and says nobody is interested', async () => {
    expect(await search({ text: 'quark' })).toEqual([]);
    expect(await relatedPapers({ id: '0704.0001', title: 'x y', abstract: 'quark gluon' })).toEqual(
      [],
    );
    expect(await interestMatches([{ title: 'quarks' }])).toEqual([
      { inCorpus: false, similarity: 0 },
    ]);
    expect(await matchByTitle(['Calculation of prompt diphoton production'])).toEqual([null]);
  });
});

describe('retrieval over the 200 fixture papers', () => {
  beforeEach(async () => {
    await upsertPapers(recs);
  });

  it('answers a question with the paper about it first, as valid Sources', async () => {
    const res = await search({ text: 'prompt diphoton production at the Tevatron', k: 5 });
    expect(res[0]?.id).toBe('0704.0001');
    expect(res.length).toBeLessThanOrEqual(5);
    for (const s of res) expect(Source.safeParse(s).success).toBe(true);
    const scores = res.map((s) => s.score as number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(res[0]?.similarity).toBeGreaterThan(0.1);
    expect(res[0]).toMatchObject({
      title: byId('0704.0001').title,
      origin: 'import',
      primaryCategory: 'hep-ph',
    });
  });

  it('excludes the open paper (any form of its id) and honours k', async () => {
    const res = await search({ text: 'diphoton', excludeIds: ['0704.0001v2'], k: 3 });
    expect(res.map((s) => s.id)).not.toContain('0704.0001');
    expect((await search({ text: 'field theory', k: 7 })).length).toBe(7);
    expect(await search({ text: 'the of and' })).toEqual([]);
  });

  it('keeps scientific terms: hyphenated words, LaTeX, acronyms', async () => {
    const has = (re: RegExp) =>
      recs
        .filter((r) => re.test(`${r.title} ${r.abstract}`))
        .map((r) => r.id)
        .sort();
    // b-quark is one term: the paper that writes it comes before every paper about quarks
    await upsertPapers([
      {
        id: '9901.00001',
        version: 1,
        title: 'A derived test record on heavy flavour',
        authors: ['Test'],
        abstract: 'We measure the $b$-quark mass in decays.',
        categories: ['hep-ph'],
        primaryCategory: 'hep-ph',
        origin: 'derived',
        addedAt: 1,
      },
    ]);
    expect((await search({ text: 'quark', k: 3 })).map((s) => s.id)).not.toContain('9901.00001');
    expect((await search({ text: 'b-quark', k: 3 }))[0]?.id).toBe('9901.00001');
    // $\alpha$ in an abstract is found by "alpha"
    const alpha = has(/\\alpha/);
    expect(alpha.length).toBeGreaterThan(3);
    const got = (await search({ text: 'alpha', k: 50 })).map((s) => s.id);
    expect(got).toEqual(expect.arrayContaining(alpha));
    const hyph = await search({ text: 'next-to-leading order', k: 3 });
    expect(hyph[0]?.id).toBe('0704.0001');
    // an acronym that spells a stop word
    expect((await search({ text: 'LHC', k: 3 }))[0]?.id).toBe('0704.0001');
  });

  it('gives a similarity that means the same whatever the query around it', async () => {
    // the same pair gives the same number as a search and as related work, both ways
    const a = byId('0704.0121');
    const b = byId('0704.0166');
    const ab = (await relatedPapers(a, 10)).find((s) => s.id === b.id);
    const ba = (await relatedPapers(b, 10)).find((s) => s.id === a.id);
    expect(ab?.similarity).toBeGreaterThan(0.1);
    expect(ab?.similarity).toBeCloseTo(ba?.similarity ?? -1, 3);
    // independent of k and of the other results
    const s1 = (await search({ text: 'metastable vacua quiver', k: 1 }))[0];
    const s10 = (await search({ text: 'metastable vacua quiver', k: 10 })).find(
      (s) => s.id === s1?.id,
    );
    expect(s10?.similarity).toBe(s1?.similarity);
    // a paper's own text is ~100% similar; an unrelated question is near 0
    const self = (await search({ text: `${a.title}\n${a.abstract}`, k: 1 }))[0];
    expect(self?.id).toBe(a.id);
    expect(self?.similarity).toBeGreaterThan(0.95);
    const unrelated = (await search({ text: 'oxygen droplets interstellar medium', k: 50 })).find(
      (s) => s.id === a.id,
    );
    expect(unrelated?.similarity ?? 0).toBeLessThan(0.05);
  });

  it('finds related work for a paper, never the paper itself', async () => {
    const rel = await relatedPapers(byId('0704.0121'), 5);
    expect(rel.map((s) => s.id)).not.toContain('0704.0121');
    expect(rel[0]?.id).toBe('0704.0166'); // both on metastable supersymmetry-breaking vacua
    const nt = await relatedPapers(byId('0704.0011'), 3);
    expect(nt.map((s) => s.id)).toEqual(expect.arrayContaining(['0704.0012', '0704.0013'])); // modular forms
    // a paper not in the corpus works the same
    const outside = await relatedPapers(
      {
        id: '2401.00001',
        title: 'Modular forms of half integral weight',
        abstract: 'We study p-adic limits of modular forms and their Fourier coefficients.',
      },
      3,
    );
    expect(outside.map((s) => s.primaryCategory)).toContain('math.NT');
  });

  it('uses the open paper as context at a lower weight', async () => {
    const ctx = (id: string) => `${byId(id).title}\n${byId(id).abstract}`;
    // context alone: the open paper's neighbours
    const onlyCtx = await search({
      text: '',
      context: ctx('0704.0121'),
      excludeIds: ['0704.0121'],
      k: 3,
    });
    expect(onlyCtx[0]?.id).toBe('0704.0166');
    // a vague question is steered by the context...
    const vague = 'what are the main results';
    const steered = await search({
      text: vague,
      context: ctx('0704.0121'),
      excludeIds: ['0704.0121'],
      k: 5,
    });
    const plain = await search({ text: vague, excludeIds: ['0704.0121'], k: 5 });
    expect(steered[0]?.id).toBe('0704.0166');
    expect(plain.map((s) => s.id)).not.toContain('0704.0166');
    // ...but a precise question still wins over it
    const precise = await search({
      text: 'prompt diphoton production',
      context: ctx('0704.0011'),
      excludeIds: ['0704.0011'],
      k: 1,
    });
    expect(precise[0]?.id).toBe('0704.0001');
  });

  it('matches listing items to the reader’s interests (opened papers)', async () => {
    const items = [
      { id: '0704.0166', title: '' },
      { title: 'Supersymmetry breaking in metastable vacua of quiver gauge theories' },
      { title: 'Oxygen-rich droplets and the enrichment of the interstellar medium' },
      { id: '0704.0121', title: '' },
      { id: '9999.99999', title: 'not stored' },
    ];
    // nobody opened anything yet
    const none = await interestMatches(items);
    expect(none.map((m) => m.inCorpus)).toEqual([true, false, false, true, false]);
    expect(none.every((m) => m.similarity === 0 && !m.closest)).toBe(true);

    await open('0704.0121');
    expect((await getPaper('0704.0121'))?.openedAt).toBeGreaterThan(0);
    const m = await interestMatches(items);
    expect(m[0]?.closest?.id).toBe('0704.0121');
    // the same number as related work gives for that pair
    const rel = (await relatedPapers(byId('0704.0121'), 10)).find((s) => s.id === '0704.0166');
    expect(m[0]?.similarity).toBeCloseTo(rel?.similarity ?? -1, 3);
    expect(m[1]?.similarity).toBeGreaterThan(m[2]?.similarity ?? 1);
    expect(m[1]?.closest?.id).toBe('0704.0121');
    // an opened paper is not "close to itself"
    expect(m[3]?.similarity).toBe(0);
    expect(m[3]?.closest).toBeUndefined();
    // with a second interest, each item finds its own closest paper
    await open('0704.0160');
    const m2 = await interestMatches(items);
    expect(m2[2]?.closest?.id).toBe('0704.0160');
    expect(m2[0]?.closest?.id).toBe('0704.0121');
    // an item that shares no term with any interest has no closest paper
    expect(m2[3]?.similarity).toBe(0);
    expect(m2[3]?.closest).toBeUndefined();
  });

  it('matches reference titles to corpus papers, tolerating case, punctuation and LaTeX', async () => {
    const got = await matchByTitle([
      'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies.',
      'SPARSITY-CERTIFYING GRAPH DECOMPOSITIONS',
      byId('0704.0011').title.replace(/\$/g, ''),
      'Calculation of prompt diphoton production cross sections at the Tevatron and LHC energies',
      'Sparsity-certifying graph decompositions and pebble games on hypergraphs',
      'A completely different paper about neural networks',
      'Graphs',
      '',
    ]);
    expect(got).toEqual([
      '0704.0001',
      '0704.0002',
      '0704.0011',
      '0704.0001',
      null,
      null,
      null,
      null,
    ]);
  });

  it('matches by title hash, then by the title itself: a paper sharing the hash is not taken', async () => {
    const real = byId('0704.0002');
    // A stored paper whose hash is that title's (as a collision would give), with another title.
    await getDb().papers.put({
      ...byId('0704.0001'),
      id: '0704.9999',
      n: -1,
      th: titleHash(titleKey(real.title)),
    });
    expect(await matchByTitle([real.title])).toEqual(['0704.0002']);
  });
});
