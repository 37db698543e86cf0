import { describe, expect, it } from 'vitest';
import { S, pick, type Selector } from '@/lib/arxiv/selectors';
import { LAYOUT_OF, PAGES, pageDoc, pageHtml, parseHtml, URLS } from './fixtures';

/**
 * Selectors for blocks no captured page has, checked on a captured page with the block added
 * in memory in the shape arXiv writes it.
 */
const VARIANTS: Partial<Record<keyof typeof S, () => Document>> = {
  // arXiv's /new listings put the abstract in <p class='mathjax'> after the meta block.
  listAbstract: () =>
    parseHtml(
      pageHtml(PAGES.listing).replace(
        /(<div class='list-subjects'>[\s\S]*?<\/div>\s*)<\/div>/,
        "$1</div><p class='mathjax'>An abstract with $x^2$ math.</p>",
      ),
      URLS[PAGES.listing],
    ),
};

const ALL_PAGES = Object.values(PAGES);

describe('selectors: each matches (primary or a fallback) on the captured pages it claims', () => {
  for (const [name, s] of Object.entries(S) as [string, Selector][]) {
    const pages = ALL_PAGES.filter((p) => s.pages.includes(LAYOUT_OF[p] as never));
    it(`${name} (${s.pages.join(', ')}${s.required ? ', required' : ''})`, () => {
      expect(pages.length).toBeGreaterThan(0);
      expect(s.css.length).toBeGreaterThan(0);
      const matched = pages.filter((p) => pick(pageDoc(p), s) !== null);
      if (s.required) expect(matched).toEqual(pages);
      else {
        const variant = VARIANTS[name as keyof typeof S];
        if (variant) expect(pick(variant(), s)).not.toBeNull();
        else expect(matched.length).toBeGreaterThan(0);
      }
    });
  }

  it('every selector string is valid CSS', () => {
    const doc = pageDoc(PAGES.abs);
    for (const s of Object.values(S) as Selector[]) {
      for (const css of s.css) expect(() => doc.querySelectorAll(css), css).not.toThrow();
    }
  });

  it('page-specific selectors do not match pages of other layouts', () => {
    // A selector that matches everywhere would not tell layouts apart.
    const specific: (keyof typeof S)[] = [
      'absRoot',
      'absHistory',
      'htmlDocument',
      'htmlWatermark',
      'listArticles',
      'searchResults',
    ];
    for (const name of specific) {
      const s = S[name];
      for (const p of ALL_PAGES.filter((p) => !s.pages.includes(LAYOUT_OF[p] as never))) {
        expect(pick(pageDoc(p), s), `${name} on ${p}`).toBeNull();
      }
    }
  });
});
