import { describe, expect, it } from 'vitest';
import {
  effectiveCorpusSize,
  formatSimilarity,
  listingBadgeView,
  markerText,
  MIN_BADGE_SIMILARITY,
  MIN_RELATED_SIMILARITY,
  planStrip,
  primaryCategoryOf,
  rankRelated,
  referenceBadgeView,
  relationQuestion,
  STRIP_SIZE,
  type RelatedAnswer,
} from '@/lib/badges';
import type { Source } from '@/lib/corpus/schema';

const src = (id: string, similarity: number, over: Partial<Source> = {}): Source => ({
  id,
  title: `Paper ${id}`,
  authors: [],
  abstract: '',
  primaryCategory: 'cs.CL',
  categories: ['cs.CL'],
  similarity,
  ...over,
});

describe('rankRelated', () => {
  it('lists the most similar first, leaves out the open paper, keeps at most five', () => {
    const got = rankRelated(
      [
        src('a', 0.2),
        src('self', 0.99),
        src('b', 0.5),
        src('c', 0.3),
        src('d', 0.31),
        src('e', 0.4),
        src('f', 0.25),
      ],
      { exclude: 'self' },
    );
    expect(got.map((s) => s.id)).toEqual(['b', 'e', 'd', 'c', 'f']);
    expect(got).toHaveLength(STRIP_SIZE);
  });

  it('drops papers below the threshold and similarities that are not numbers', () => {
    const got = rankRelated([
      src('a', MIN_RELATED_SIMILARITY - 0.001),
      src('b', MIN_RELATED_SIMILARITY),
      src('c', Number.NaN),
    ]);
    expect(got.map((s) => s.id)).toEqual(['b']);
  });

  it('keeps one row per paper (its best) and breaks ties by raw score, then id', () => {
    const got = rankRelated([
      src('x', 0.3, { score: 1 }),
      src('y', 0.3, { score: 5 }),
      src('x', 0.35, { score: 2 }),
      src('z', 0.3, { score: 5 }),
    ]);
    expect(got.map((s) => `${s.id}:${s.similarity}`)).toEqual(['x:0.35', 'y:0.3', 'z:0.3']);
  });

  it('honours a custom limit and threshold', () => {
    expect(rankRelated([src('a', 0.9), src('b', 0.8)], { limit: 1 }).map((s) => s.id)).toEqual([
      'a',
    ]);
    expect(rankRelated([src('a', 0.9), src('b', 0.8)], { min: 0.85 }).map((s) => s.id)).toEqual([
      'a',
    ]);
    expect(rankRelated([src('a', 0.9)], { limit: 0 })).toEqual([]);
  });
});

describe('formatSimilarity', () => {
  it('writes percentages as shown on the badges', () => {
    expect(formatSimilarity(0)).toBe('0%');
    expect(formatSimilarity(0.004)).toBe('<1%');
    expect(formatSimilarity(0.425)).toBe('43%');
    expect(formatSimilarity(0.999)).toBe('100%');
    expect(formatSimilarity(1.7)).toBe('100%');
    expect(formatSimilarity(-1)).toBe('0%');
    expect(formatSimilarity(Number.NaN)).toBe('0%');
  });
});

describe('primaryCategoryOf', () => {
  it('prefers the primary category, else the first one', () => {
    expect(primaryCategoryOf({ primaryCategory: 'cs.LG', categories: ['cs.CL', 'cs.LG'] })).toBe(
      'cs.LG',
    );
    expect(primaryCategoryOf({ primaryCategory: '', categories: ['hep-th'] })).toBe('hep-th');
    expect(primaryCategoryOf({ primaryCategory: '', categories: [] })).toBe('');
  });
});

describe('listingBadgeView', () => {
  const closest = src('2505.00001', 0.42, { title: 'Closest' });

  it('says "in corpus" for stored papers, whatever their similarity', () => {
    expect(listingBadgeView({ id: '1', inCorpus: true, similarity: 0, title: 'T' })).toMatchObject({
      kind: 'in-corpus',
      id: '1',
      label: 'in corpus',
      title: 'T',
    });
  });

  it('shows the best similarity to the interests with the closest corpus paper', () => {
    const v = listingBadgeView({ id: '2', inCorpus: false, similarity: 0.42, closest });
    expect(v).toMatchObject({ kind: 'similar', id: '2', label: '42%', similarity: 0.42, closest });
    expect(v?.description).toBe(
      '42% similar to your interests; closest in your corpus: Closest (arXiv:2505.00001)',
    );
  });

  it('shows nothing when the corpus has nothing to say', () => {
    expect(listingBadgeView(null)).toBeNull();
    expect(listingBadgeView(undefined)).toBeNull();
    expect(listingBadgeView({ id: '3', inCorpus: false })).toBeNull();
    expect(
      listingBadgeView({ id: '3', inCorpus: false, similarity: MIN_BADGE_SIMILARITY / 2 }),
    ).toBeNull();
    expect(
      listingBadgeView({ id: '3', inCorpus: false, similarity: MIN_BADGE_SIMILARITY })?.kind,
    ).toBe('similar');
  });
});

describe('referenceBadgeView', () => {
  it('is in the corpus with title and abstract, or not yet', () => {
    expect(referenceBadgeView({ id: 'a', inCorpus: true, title: 'T', abstract: 'A' })).toEqual({
      kind: 'in-corpus',
      id: 'a',
      title: 'T',
      abstract: 'A',
    });
    expect(referenceBadgeView({ id: 'b', inCorpus: false, similarity: 0.9 })).toEqual({
      kind: 'absent',
      id: 'b',
    });
    expect(referenceBadgeView(null)).toBeNull();
  });
});

describe('relationQuestion', () => {
  it('asks the side panel about the relation, in one line', () => {
    expect(relationQuestion('Layer\n  Normalization', '1607.06450')).toBe(
      'How does "Layer Normalization" (arXiv:1607.06450) relate to this paper?',
    );
    expect(relationQuestion('The "best" model', 'hep-th/9711200')).toBe(
      `How does "The 'best' model" (arXiv:hep-th/9711200) relate to this paper?`,
    );
  });
});

describe('planStrip', () => {
  const answer = (over: Partial<RelatedAnswer>): RelatedAnswer => ({
    sources: [],
    inCorpus: false,
    referencesInCorpus: 0,
    referencesTotal: 0,
    corpusSize: 10,
    ...over,
  });
  const opts = { paperId: '1706.03762', hintShown: false };

  it('gives the one-time hint on an empty corpus, then nothing', () => {
    expect(planStrip(answer({ corpusSize: 0 }), opts)).toEqual({ kind: 'hint' });
    expect(planStrip(answer({ corpusSize: 0 }), { ...opts, hintShown: true })).toEqual({
      kind: 'none',
    });
  });

  it('does not count the open paper when opening it just stored it', () => {
    expect(effectiveCorpusSize(1, true)).toBe(0);
    expect(effectiveCorpusSize(1, false)).toBe(1);
    expect(effectiveCorpusSize(0, true)).toBe(0);
    expect(planStrip(answer({ corpusSize: 1, openPaperNew: true }), opts)).toEqual({
      kind: 'hint',
    });
  });

  it('lists related papers without the open paper, with the marker when it is in the corpus', () => {
    const plan = planStrip(
      answer({
        sources: [src('1706.03762', 1), src('a', 0.3)],
        inCorpus: true,
        referencesInCorpus: 3,
        referencesTotal: 22,
      }),
      opts,
    );
    expect(plan).toEqual({
      kind: 'strip',
      items: [src('a', 0.3)],
      marker: 'In your corpus · 3 of 22 references in your corpus',
    });
  });

  it('shows a marker alone when nothing is related enough, and nothing without either', () => {
    expect(planStrip(answer({ sources: [src('a', 0.01)], inCorpus: true }), opts)).toEqual({
      kind: 'strip',
      items: [],
      marker: 'In your corpus',
    });
    expect(planStrip(answer({ sources: [src('a', 0.01)] }), opts)).toEqual({ kind: 'none' });
  });
});

describe('markerText', () => {
  it('names the paper and its references in the corpus', () => {
    expect(markerText({ inCorpus: false, referencesInCorpus: 0, referencesTotal: 40 })).toBeNull();
    expect(markerText({ inCorpus: false, referencesInCorpus: 1, referencesTotal: 1 })).toBe(
      '1 of 1 reference in your corpus',
    );
    expect(markerText({ inCorpus: true, referencesInCorpus: 0, referencesTotal: 0 })).toBe(
      'In your corpus',
    );
    expect(markerText({ inCorpus: true, referencesInCorpus: 5, referencesTotal: 3 })).toBe(
      'In your corpus · 3 of 3 references in your corpus',
    );
  });
});
