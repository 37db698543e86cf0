import { describe, expect, it } from 'vitest';
import {
  ARXIV_CATEGORIES,
  categoryByCode,
  isKnownCategoryFilter,
  searchCategories,
} from '@/lib/arxiv/taxonomy';

describe('arXiv taxonomy', () => {
  it('names categories and finds them by code or by words of their name', () => {
    expect(categoryByCode('cs.CL')?.name).toBe('Computation and Language');
    expect(categoryByCode('hep-th')?.archive).toBe('hep-th');
    expect(searchCategories('algebraic geometry').map((c) => c.code)).toContain('math.AG');
    expect(searchCategories('CS.cl')[0]?.code).toBe('cs.CL');
    expect(new Set(ARXIV_CATEGORIES.map((c) => c.code)).size).toBe(ARXIV_CATEGORIES.length);
  });

  it('tells filters that can match from typos', () => {
    for (const f of ['cs.CL', 'cs.', 'cs', 'hep-th', 'astro-ph.', 'math'])
      expect(isKnownCategoryFilter(f)).toBe(true);
    for (const f of ['cs.XX', 'hep-tj', 'c', '']) expect(isKnownCategoryFilter(f)).toBe(false);
  });
});
