import { describe, expect, it } from 'vitest';
import { countOf, noun } from '../../../lib/text/plural';

describe('countOf / noun', () => {
  it('"1 paper", never "1 papers"; 0 and many take the plural', () => {
    expect(countOf(1, 'paper')).toBe('1 paper');
    expect(countOf(0, 'paper')).toBe('0 papers');
    expect(countOf(2, 'paper')).toBe('2 papers');
    expect(countOf(1234, 'paper')).toBe('1,234 papers');
    expect(countOf(1, 'category', 'categories')).toBe('1 category');
    expect(countOf(3, 'category', 'categories')).toBe('3 categories');
    expect(noun(1, 'answer')).toBe('answer');
    expect(noun(5, 'answer')).toBe('answers');
  });
});
