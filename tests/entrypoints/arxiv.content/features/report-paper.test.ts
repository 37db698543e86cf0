import { describe, expect, it } from 'vitest';
import { reported } from '../../../../entrypoints/arxiv.content/features/report-paper';
import type { ExtractResult } from '../../../../lib/arxiv/schema';

describe('report-paper', () => {
  it('reports a listing without its entries (the badges request carries them)', () => {
    const listing: ExtractResult = {
      kind: 'listing',
      warnings: [],
      entries: [{ id: '2608.11338', version: 1, title: 'A', authors: [], categories: [] }],
    };
    expect(reported(listing)).toEqual({ kind: 'listing', warnings: [] });
    expect(listing.entries).toHaveLength(1); // the page's own copy is left alone
  });

  it('reports a paper page as read', () => {
    const abs = {
      kind: 'abs',
      warnings: [],
      paper: { id: '1706.03762' },
    } as unknown as ExtractResult;
    expect(reported(abs)).toBe(abs);
  });
});
