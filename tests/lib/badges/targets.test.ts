import { afterAll, describe, expect, it } from 'vitest';
import type { Paper, Reference } from '@/lib/arxiv/schema';
import {
  bibAnchorFromHref,
  listingQueries,
  MAX_QUERIES,
  referenceQueries,
  referenceTitleKey,
} from '@/lib/badges';
import { loadPage, type LoadedPage } from './pages';

const opened: LoadedPage[] = [];
function page(name: Parameters<typeof loadPage>[0]): LoadedPage {
  const p = loadPage(name);
  opened.push(p);
  return p;
}
afterAll(() => opened.forEach((p) => p.close()));

/** Bibliography items of the raw page, read with plain string work (not the extractor). */
function rawBibItems(html: string): Array<{ anchor: string; ids: string[] }> {
  const out: Array<{ anchor: string; ids: string[] }> = [];
  const re = /<li id="(bib\.bib\d+)" class="ltx_bibitem">([\s\S]*?)<\/li>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const ids = [...m[2]!.matchAll(/(?:arXiv:|abs\/)(\d{4}\.\d{4,5})/g)].map((x) => x[1]!);
    out.push({ anchor: m[1]!, ids: [...new Set(ids)] });
  }
  return out;
}

describe('listingQueries on captured pages', () => {
  it('asks about every entry of the 50-entry listing page, in page order, with its title', () => {
    const { result, html } = page('listing');
    expect(result.kind).toBe('listing');
    const q = listingQueries(result.entries!);
    expect(q).toHaveLength(50);
    const idsInPage = [...html.matchAll(/<a href ="\/abs\/([\d.]+)" title="Abstract"/g)].map(
      (m) => m[1],
    );
    expect(q.map((x) => x.id)).toEqual(idsInPage);
    expect(q[0]).toEqual({
      id: '2608.12278',
      title:
        'Structural Silence: When AI Infrastructure Fails Speakers of Underrepresented Languages',
    });
    expect(new Set(q.map((x) => x.id)).size).toBe(50);
  });

  it('asks about every result of the search page', () => {
    const { result } = page('search');
    expect(result.kind).toBe('search');
    const q = listingQueries(result.entries!);
    expect(q).toHaveLength(50);
    expect(q[0]?.id).toBe('2607.23678');
    expect(q[0]?.title).toMatch(/^Focus Is All You Need/);
    expect(q.every((x) => x.id && x.title)).toBe(true);
  });

  it('never sends more than the protocol allows', () => {
    const entries = Array.from({ length: MAX_QUERIES + 5 }, (_, i) => ({
      id: `2501.${String(i).padStart(5, '0')}`,
      version: 1,
      title: `t${i}`,
      authors: [],
      categories: [],
    }));
    expect(listingQueries(entries)).toHaveLength(MAX_QUERIES);
  });
});

describe('referenceQueries on the HTML full text of 1706.03762', () => {
  it('asks once per cited arXiv id, the same ids the bibliography writes', () => {
    const { result, html } = page('html');
    const paper = result.paper!;
    const { queries, targets } = referenceQueries(paper);
    const raw = rawBibItems(html);
    expect(raw).toHaveLength(40);
    const rawIds = [...new Set(raw.flatMap((r) => r.ids))]
      .filter((id) => id !== '1706.03762')
      .sort();
    expect(rawIds.length).toBeGreaterThanOrEqual(20);
    const asked = queries.flatMap((q) => (q.id ? [q.id] : [])).sort();
    expect(asked).toEqual(rawIds);
    // Every entry that writes an id is a target with that id and its own anchor.
    for (const r of raw.filter((x) => x.ids.length)) {
      const t = targets.find((x) => x.anchor === r.anchor);
      expect(t?.id, r.anchor).toBe(r.ids[0]);
    }
  });

  it('matches the entries without an id by their title', () => {
    const { result, html } = page('html');
    const { queries, targets } = referenceQueries(result.paper!);
    const withoutId = rawBibItems(html).filter((r) => !r.ids.length);
    const titled = targets.filter((t) => !t.id);
    expect(titled.map((t) => t.anchor).sort()).toEqual(withoutId.map((r) => r.anchor).sort());
    const titles = queries.flatMap((q) => (q.title ? [q.title] : []));
    expect(titles).toContain('Long short-term memory');
    expect(titles).toContain('Adam: A method for stochastic optimization');
    expect(titles).toContain('Deep residual learning for image recognition');
    // A title query never carries an id, and an id query never a title.
    expect(queries.every((q) => Boolean(q.id) !== Boolean(q.title))).toBe(true);
  });

  it('points every target at a bibliography item of the page and a valid query', () => {
    const { result, doc } = page('html');
    const { queries, targets } = referenceQueries(result.paper!);
    expect(targets).toHaveLength(40);
    for (const t of targets) {
      expect(doc.getElementById(t.anchor!)?.classList.contains('ltx_bibitem')).toBe(true);
      expect(queries[t.query]).toBeDefined();
    }
  });

  it('resolves every in-text citation of the page to a badge target', () => {
    const { result, doc } = page('html');
    const { targets } = referenceQueries(result.paper!);
    const anchors = new Set(targets.map((t) => t.anchor));
    const links = Array.from(doc.querySelectorAll('cite a.ltx_ref'));
    expect(links.length).toBeGreaterThan(60);
    const resolved = links.map((a) => bibAnchorFromHref(a.getAttribute('href')));
    expect(resolved.every((a) => a !== null && anchors.has(a))).toBe(true);
  });
});

describe('referenceQueries rules', () => {
  const ref = (over: Partial<Reference>): Reference => ({
    label: '[1]',
    text: '',
    arxivIds: [],
    dois: [],
    urls: [],
    citedIn: [],
    ...over,
  });
  const paper = (references: Reference[]): Pick<Paper, 'id' | 'references'> => ({
    id: '1706.03762',
    references,
  });

  it('shares one query between entries citing the same paper, or the same title', () => {
    const { queries, targets } = referenceQueries(
      paper([
        ref({ anchor: 'bib.bib1', arxivIds: ['1607.06450'] }),
        ref({ anchor: 'bib.bib2', arxivIds: ['1607.06450'] }),
        ref({ anchor: 'bib.bib3', title: 'Long Short-Term Memory.' }),
        ref({ anchor: 'bib.bib4', title: 'long short-term memory' }),
      ]),
    );
    expect(queries).toEqual([{ id: '1607.06450' }, { title: 'Long Short-Term Memory.' }]);
    expect(targets.map((t) => t.query)).toEqual([0, 0, 1, 1]);
  });

  it('leaves out self-citations, entries with neither id nor title, and titles too short to match', () => {
    const { queries, targets } = referenceQueries(
      paper([
        ref({ anchor: 'bib.bib1', arxivIds: ['1706.03762'] }),
        ref({ anchor: 'bib.bib2' }),
        ref({ anchor: 'bib.bib3', title: 'Adam' }),
        ref({ anchor: 'bib.bib4', arxivIds: ['1706.03762', '1409.0473'] }),
      ]),
    );
    expect(queries).toEqual([{ id: '1409.0473' }]);
    expect(targets).toEqual([
      { index: 3, anchor: 'bib.bib4', id: '1409.0473', title: undefined, query: 0 },
    ]);
  });
});

describe('referenceTitleKey', () => {
  it('ignores case, punctuation and accents', () => {
    expect(referenceTitleKey('Long Short-Term Memory.')).toBe(
      referenceTitleKey('long short-term memory'),
    );
    expect(referenceTitleKey('Çaglar Gülçehre: “Gated” units')).toBe('caglar gulcehre gated units');
    expect(referenceTitleKey('  ')).toBe('');
  });
});

describe('bibAnchorFromHref', () => {
  it('reads the bibliography anchor of a citation link', () => {
    expect(bibAnchorFromHref('#bib.bib13')).toBe('bib.bib13');
    expect(bibAnchorFromHref('https://arxiv.org/html/1706.03762v7#bib.bib2')).toBe('bib.bib2');
    expect(bibAnchorFromHref('#bib%2Ebib7')).toBe('bib.bib7');
  });

  it('gives null for links elsewhere', () => {
    expect(bibAnchorFromHref('#S3.SS2')).toBeNull();
    expect(bibAnchorFromHref('https://arxiv.org/abs/1706.03762')).toBeNull();
    expect(bibAnchorFromHref('#bib.bib1"><script>')).toBeNull();
    expect(bibAnchorFromHref(null)).toBeNull();
    expect(bibAnchorFromHref('')).toBeNull();
    expect(bibAnchorFromHref('#%E0%A4%A')).toBeNull();
  });
});

describe('one long abstract does not cost the page its badges (issue 18, finding 8)', () => {
  const entries = Array.from({ length: 50 }, (_, i) => ({
    id: `2401.${String(i + 1).padStart(5, '0')}`,
    title: `Entry ${i}`,
    abstract: i === 7 ? 'x'.repeat(25_000) : `Abstract ${i}`,
    authors: [],
    categories: [],
  })) as unknown as Parameters<typeof listingQueries>[0];

  it('the request passes the protocol, the long entry trimmed, the others whole', async () => {
    const { protocol } = await import('@/lib/messaging/protocol');
    const queries = listingQueries(entries);
    const parsed = protocol['corpus/badges'].req.safeParse({ entries: queries });
    expect(parsed.success).toBe(true);
    expect(queries[7]!.abstract!.length).toBeLessThanOrEqual(20_000);
    expect(queries[8]!.abstract).toBe('Abstract 8');
  });

  it('the background trims an over-long entry instead of refusing the batch', async () => {
    const { protocol } = await import('@/lib/messaging/protocol');
    const raw = entries.map((e) => ({ id: e.id, title: e.title, abstract: e.abstract }));
    const parsed = protocol['corpus/badges'].req.safeParse({ entries: raw });
    expect(parsed.success).toBe(true);
    expect(parsed.data!.entries[7]!.abstract!.length).toBe(20_000);
    expect(parsed.data!.entries[8]!.abstract).toBe('Abstract 8');
  });
});
