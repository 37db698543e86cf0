import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAtomFeed } from '@/lib/arxiv/atom';
import { parseArxivId } from '@/lib/arxiv/id';

const DIR = join(__dirname, '../../fixtures/arxiv-api/atom');
const read = (f: string) => readFileSync(join(DIR, f), 'utf8');

interface IndexRow {
  file: string;
  url: string;
  status_code: number;
  entries: number;
  totalResults: string;
}
const INDEX: IndexRow[] = JSON.parse(read('arxiv.py-INDEX.json'));

describe('parseAtomFeed on every recorded export API response', () => {
  const xmlFiles = readdirSync(DIR).filter((f) => f.endsWith('.xml'));

  it('has the recorded files', () => {
    expect(xmlFiles.length).toBe(24);
  });

  for (const file of xmlFiles) {
    it(`${file}: entries are complete and well formed`, () => {
      const feed = parseAtomFeed(read(file));
      const raw = read(file);
      const rawEntries = (raw.match(/<entry>/g) ?? []).length;
      if (feed.error) {
        expect(feed.entries).toEqual([]);
        expect(raw).toContain('<title>Error</title>');
        return;
      }
      expect(feed.entries.length).toBe(rawEntries);
      expect(feed.totalResults).toBe(Number(/<opensearch:totalResults>(\d+)/.exec(raw)?.[1]));
      for (const e of feed.entries) {
        expect(parseArxivId(e.id)).toEqual({ ok: true, id: { base: e.id, version: null } });
        expect(e.version).toBeGreaterThanOrEqual(1);
        expect(e.title).not.toMatch(/\s{2,}|\n|^\s|\s$/);
        expect(e.abstract).not.toMatch(/\s{2,}|\n|^\s|\s$/);
        expect(e.title.length).toBeGreaterThan(0);
        expect(e.authors.length).toBeGreaterThan(0);
        expect(e.categories[0]).toBe(e.primaryCategory);
        expect(new Set(e.categories).size).toBe(e.categories.length);
        expect(e.published).toMatch(/^\d{4}-\d\d-\d\dT/);
      }
    });
  }

  it('agrees with the recording index (entry counts, totals, errors)', () => {
    for (const row of INDEX) {
      const feed = parseAtomFeed(read(row.file));
      if (row.status_code !== 200 || /errors#/.test(read(row.file))) {
        expect(feed.error, row.file).toBeTruthy();
        continue;
      }
      expect(feed.entries.length, row.file).toBe(row.entries);
      expect(feed.totalResults, row.file).toBe(Number(row.totalResults));
      const start = Number(new URL(row.url).searchParams.get('start'));
      expect(feed.startIndex, row.file).toBe(start);
    }
  });
});

describe('parseAtomFeed values', () => {
  it('reads 1706.03762 with every field', () => {
    const feed = parseAtomFeed(read('api_1706.03762.xml'));
    expect(feed.error).toBeUndefined();
    expect(feed).toMatchObject({ totalResults: 1, startIndex: 0, itemsPerPage: 1 });
    const [e] = feed.entries;
    expect(e).toMatchObject({
      id: '1706.03762',
      version: 7,
      title: 'Attention Is All You Need',
      categories: ['cs.CL', 'cs.LG'],
      primaryCategory: 'cs.CL',
      published: '2017-06-12T17:57:34Z',
      updated: '2023-08-02T00:41:18Z',
      comments: '15 pages, 5 figures',
    });
    expect(e?.authors).toEqual([
      'Ashish Vaswani',
      'Noam Shazeer',
      'Niki Parmar',
      'Jakob Uszkoreit',
      'Llion Jones',
      'Aidan N. Gomez',
      'Lukasz Kaiser',
      'Illia Polosukhin',
    ]);
    expect(e?.abstract).toMatch(/^The dominant sequence transduction models/);
    expect(e?.abstract).toMatch(/limited training data\.$/);
    expect(e?.doi).toBeUndefined();
    expect(e?.journalRef).toBeUndefined();
  });

  it('reads an old-style id with DOI, journal ref and LaTeX kept in the abstract', () => {
    const [e] = parseAtomFeed(read('api_hep-th_9711200.xml')).entries;
    expect(e).toMatchObject({
      id: 'hep-th/9711200',
      version: 3,
      doi: '10.1023/A:1026654312961',
      journalRef: 'Adv.Theor.Math.Phys.2:231-252,1998',
      categories: ['hep-th'],
      authors: ['Juan M. Maldacena'],
    });
    expect(e?.abstract).toMatch(/^We show that the large \$N\$ limit/);
    expect(e?.abstract).toContain('${\\cal N} =4$');
    expect(e?.comments).toMatch(/^20 pages, harvmac/);
  });

  it('decodes XML entities and keeps primary category first for cross-lists', () => {
    const [astro] = parseAtomFeed(read('id_astro-ph_0601001_s0_m100_3150dca9dc76.xml')).entries;
    expect(astro?.abstract).toContain('Gould & Morgan (2003)');
    expect(astro?.abstract).toContain('V_max<17.5');
    const [q] = parseAtomFeed(read('id_quant-ph_0201082v1_s0_m100_86989fe779ef.xml')).entries;
    expect(q).toMatchObject({
      id: 'quant-ph/0201082',
      version: 1,
      categories: ['quant-ph', 'cs.PL'],
    });
  });

  it('keeps a title that looks like a number as text', () => {
    const [e] = parseAtomFeed(read('id_2104.12255v1_s0_m100_6ae69987ffe1.xml')).entries;
    expect(e?.title).toBe('0');
  });

  it('returns arXiv error feeds as `error`, not as an entry', () => {
    const start = parseAtomFeed(read('api_error_start.xml'));
    expect(start.error).toBe('start must be an integer');
    expect(start.entries).toEqual([]);
    const abc = parseAtomFeed(read('id_abc_s0_m100_b79c8dcf6bc3.xml'));
    expect(abc.error).toBe('incorrect id format for abc');
    expect(abc.totalResults).toBeNull();
  });

  it('zero results is an empty feed, not an error', () => {
    const feed = parseAtomFeed(read('api_zero_results.xml'));
    expect(feed).toEqual({ totalResults: 0, startIndex: 0, itemsPerPage: 5, entries: [] });
    const invalid = parseAtomFeed(read('id_0808.05394_s0_m100_7b0c7d0a7cdd.xml'));
    expect(invalid.entries).toEqual([]);
    expect(invalid.error).toBeUndefined();
  });

  it('pages: consecutive pages of a query do not overlap and follow startIndex', () => {
    const first = parseAtomFeed(read('q_testing_s0_m10_bc5a6c384fe9.xml'));
    const second = parseAtomFeed(read('q_testing_s10_m10_34e56e15aaac.xml'));
    expect(first.startIndex).toBe(0);
    expect(second.startIndex).toBe(10);
    const ids = new Set(first.entries.map((e) => e.id));
    for (const e of second.entries) expect(ids.has(e.id)).toBe(false);
    const big = parseAtomFeed(read('q_testing_s0_m100_cfe7536492ca.xml'));
    expect(big.entries.length).toBe(100);
    expect(big.itemsPerPage).toBe(100);
  });
});

describe('parseAtomFeed on bad input never throws', () => {
  it('the rate-limit body', () => {
    const feed = parseAtomFeed(read('rate_exceeded.txt'));
    expect(feed.entries).toEqual([]);
    expect(feed.error).toMatch(/not return an Atom feed: Rate exceeded\./);
  });

  it('empty, truncated and non-XML bodies', () => {
    expect(parseAtomFeed('').error).toMatch(/empty/);
    const full = read('api_1706.03762.xml');
    for (const cut of [50, 400, 900, 1500, 2500, full.length - 20, full.length - 8]) {
      const feed = parseAtomFeed(full.slice(0, cut));
      // A response cut short is refused whole: a clear error, never a half entry.
      expect(feed.error).toMatch(/cut short or not valid XML/);
      expect(feed.entries).toEqual([]);
    }
    expect(parseAtomFeed('<html><body>Service unavailable</body></html>').error).toMatch(
      /Service unavailable/,
    );
  });

  it('an entry without a valid id is skipped with a warning, others kept', () => {
    const full = read('q_testing_s0_m10_bc5a6c384fe9.xml');
    const broken = full.replace('<id>http://arxiv.org/abs/2202.12139v1</id>', '<id>nonsense</id>');
    const feed = parseAtomFeed(broken);
    expect(feed.entries.length).toBe(9);
    expect(feed.warnings?.[0]).toMatch(/nonsense/);
  });
});
