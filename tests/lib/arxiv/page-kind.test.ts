import { describe, expect, it } from 'vitest';
import { idFromUrl, pageKindFromUrl } from '@/lib/arxiv/page-kind';

describe('pageKindFromUrl', () => {
  const cases: [string, string][] = [
    ['https://arxiv.org/abs/1706.03762', 'abs'],
    ['https://arxiv.org/abs/1706.03762v7', 'abs'],
    ['https://www.arxiv.org/abs/hep-th/9711200v3?context=hep-th', 'abs'],
    ['http://export.arxiv.org/abs/1706.03762', 'abs'],
    ['https://arxiv.org/html/1706.03762v7', 'html'],
    ['https://arxiv.org/html/1706.03762v7/#S3', 'html'],
    ['https://arxiv.org/html/2401.00001v1#bib', 'html'],
    ['https://ar5iv.labs.arxiv.org/html/1706.03762', 'html'],
    ['https://ar5iv.org/abs/1706.03762', 'html'],
    ['https://arxiv.org/pdf/1706.03762', 'pdf'],
    ['https://arxiv.org/pdf/1706.03762v7.pdf', 'pdf'],
    ['https://arxiv.org/pdf/hep-th/9711200v1', 'pdf'],
    ['https://arxiv.org/list/cs.CL/recent', 'listing'],
    ['https://arxiv.org/list/cs.CL/new', 'listing'],
    ['https://arxiv.org/list/math.AG/2026-01?skip=0&show=2000', 'listing'],
    ['https://arxiv.org/catchup/cs.CL/2026-08-13', 'listing'],
    ['https://arxiv.org/search/?query=attention&searchtype=all', 'search'],
    ['https://arxiv.org/search/advanced?terms-0-term=x', 'search'],
    ['https://arxiv.org/a/baez_j_1', 'search'],
    ['https://arxiv.org/', 'other'],
    ['https://arxiv.org/help/api', 'other'],
    ['https://info.arxiv.org/about', 'other'],
    ['https://arxiv.org/abs/', 'other'],
    ['https://arxiv.org/abs/not-an-id', 'other'],
    ['https://arxiv.org/html/', 'other'],
    ['https://example.com/abs/1706.03762', 'other'],
    ['https://arxiv.org.evil.com/abs/1706.03762', 'other'],
    ['chrome://extensions', 'other'],
    ['file:///tmp/abs_1706.03762.html', 'other'],
    ['not a url', 'other'],
    ['', 'other'],
  ];
  for (const [url, kind] of cases) {
    it(`${url || '(empty)'} -> ${kind}`, () => expect(pageKindFromUrl(url)).toBe(kind));
  }
});

describe('idFromUrl', () => {
  it('reads the id and version of abs, html and pdf addresses', () => {
    expect(idFromUrl('https://arxiv.org/abs/1706.03762')).toEqual({
      base: '1706.03762',
      version: null,
    });
    expect(idFromUrl('https://arxiv.org/html/1706.03762v7#S3.SS1')).toEqual({
      base: '1706.03762',
      version: 7,
    });
    expect(idFromUrl('https://arxiv.org/pdf/math.CA/0611800v2.pdf')).toEqual({
      base: 'math/0611800',
      version: 2,
    });
    expect(idFromUrl('https://arxiv.org/abs/hep-th/9711200?context=hep-th')).toEqual({
      base: 'hep-th/9711200',
      version: null,
    });
  });
  it('null for anything else', () => {
    expect(idFromUrl('https://arxiv.org/list/cs.CL/recent')).toBeNull();
    expect(idFromUrl('https://arxiv.org/search/?query=1706.03762')).toBeNull();
    expect(idFromUrl('garbage')).toBeNull();
  });
});
