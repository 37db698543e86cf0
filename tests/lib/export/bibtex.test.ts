import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, type Entry } from '@retorquere/bibtex-parser';
import {
  bibtexFile,
  bibtexKeys,
  escapeBibtex,
  threadBibtex,
  toBibtex,
  turnBibtex,
  type BibPaper,
} from '../../../lib/export/bibtex';
import { SOURCES, sampleThread, sampleTurn } from './export-sample';

const ARXIV_BIB = readFileSync(
  new URL('../../fixtures/arxiv-pages/bibtex_1706.03762.bib', import.meta.url),
  'utf8',
);

/** The parser without sentence-casing: fields come back as written. */
function parseBib(text: string) {
  const lib = parse(text, { sentenceCase: false, english: false });
  expect(lib.errors).toEqual([]);
  return lib.entries;
}

const names = (e: Entry) =>
  (e.fields.author ?? []).map((a) => a.name ?? `${a.firstName} ${a.lastName}`);

const ATTENTION: BibPaper = {
  id: '1706.03762',
  version: 7,
  title: 'Attention Is All You Need',
  authors: [
    'Ashish Vaswani',
    'Noam Shazeer',
    'Niki Parmar',
    'Jakob Uszkoreit',
    'Llion Jones',
    'Aidan N. Gomez',
    'Lukasz Kaiser',
    'Illia Polosukhin',
  ],
  categories: ['cs.CL', 'cs.LG'],
  versions: [
    { version: 1, date: 'Mon, 12 Jun 2017 17:57:34 UTC' },
    { version: 7, date: 'Wed, 2 Aug 2023 00:41:18 UTC' },
  ],
};

describe("toBibtex compared with arXiv's own export", () => {
  const [theirs] = parseBib(ARXIV_BIB);
  const [ours] = parseBib(toBibtex([ATTENTION]));

  it('has the same type, fields and values', () => {
    expect(ours!.type).toBe(theirs!.type);
    for (const f of ['title', 'eprint', 'archiveprefix', 'primaryclass', 'url']) {
      expect(ours!.fields[f as 'title'], f).toEqual(theirs!.fields[f as 'title']);
    }
    expect(names(ours!)).toEqual(names(theirs!));
  });

  it("uses the same key scheme, with the first version's year", () => {
    // arXiv writes the year of the latest version (v7, 2023); the paper is from 2017.
    expect(theirs!.fields.year).toBe('2023');
    expect(ours!.fields.year).toBe('2017');
    expect(ours!.key).toBe(theirs!.key.replace('2023', '2017'));
  });

  it('adds the arXiv DOI', () => {
    expect(ours!.fields.doi).toBe('10.48550/arXiv.1706.03762');
  });
});

describe('toBibtex', () => {
  it('escapes LaTeX specials outside math and keeps math and UTF-8', () => {
    const title =
      'R&D of 50% #1 C_60 ~ x^2 {braces} back\\slash with $\\alpha_{1}^{2}$, Łódź and Ñúñez';
    expect(escapeBibtex(title)).toBe(
      'R\\&D of 50\\% \\#1 C\\_60 \\textasciitilde{} x\\textasciicircum{}2 \\{braces\\} back\\textbackslash{}slash with $\\alpha_{1}^{2}$, Łódź and Ñúñez',
    );
    const [e] = parse(toBibtex([{ id: '2101.00001', title, authors: ['A B'] }]), {
      sentenceCase: false,
      english: false,
      raw: true,
    }).entries;
    expect(e!.fields.title).toContain('$\\alpha_{1}^{2}$');
    const [plain] = parseBib(
      toBibtex([
        { id: '2101.00001', title: title.replace(/ with \$.*\$,/, ','), authors: ['A B'] },
      ]),
    );
    expect(plain!.fields.title).toBe(title.replace(/ with \$.*\$,/, ','));
  });

  it('reads LaTeX accents and escapes of the metadata as characters', () => {
    expect(escapeBibtex('Schr\\"odinger, {\\\'e}t\\\'e, \\c{c}a, G\\"{o}del, R\\&D')).toBe(
      'Schrödinger, été, ça, Gödel, R\\&D',
    );
  });

  it('writes authors with " and ", keeps collaborations whole, reads suffixes', () => {
    const [e] = parseBib(
      toBibtex([
        {
          id: '2101.00001',
          title: 'T',
          authors: ['José Ñúñez', 'ATLAS Collaboration', 'A. Vaswani Jr.'],
        },
      ]),
    );
    expect(e!.fields.author).toEqual([
      { firstName: 'José', lastName: 'Ñúñez' },
      { name: 'ATLAS Collaboration' },
      { firstName: 'A.', lastName: 'Vaswani', suffix: 'Jr.' },
    ]);
  });

  it('gives unique keys, stable whatever the order', () => {
    const a: BibPaper = {
      id: '2101.00002',
      title: 'Attention is all you need',
      authors: ['A. Vaswani'],
      published: '2017-01-01',
    };
    const b: BibPaper = { ...ATTENTION };
    const c: BibPaper = {
      id: '1705.00001',
      title: 'Attention, all: you need!',
      authors: ['Q. Vaswani'],
    };
    const k1 = bibtexKeys([a, b, c]);
    const k2 = bibtexKeys([c, b, a]);
    expect([...k1.entries()].sort()).toEqual([...k2.entries()].sort());
    expect(new Set(k1.values()).size).toBe(3);
    expect(k1.get('1705.00001')).toBe('vaswani2017attentionneeda');
    expect(k1.get('1706.03762')).toBe('vaswani2017attentionneedb');
    expect(k1.get('2101.00002')).toBe('vaswani2017attentionneedc');
    const parsed = parseBib(toBibtex([a, b, c]));
    expect(new Set(parsed.map((e) => e.key)).size).toBe(3);
  });

  it('handles old-style ids (year from the id) and odd authors', () => {
    const [e] = parseBib(
      toBibtex([
        {
          id: 'hep-th/9711200v3',
          title: 'The Large $N$ Limit',
          authors: ['Juan M. Maldacena'],
          primaryCategory: 'hep-th',
        },
      ]),
    );
    // Math is left out of the key words.
    expect(e!.key).toBe('maldacena1997largelimit');
    expect(e!.fields.eprint).toBe('hep-th/9711200');
    expect(e!.fields.year).toBe('1997');
    expect(e!.fields.doi).toBe('10.48550/arXiv.hep-th/9711200');
    expect(e!.fields.url).toBe('https://arxiv.org/abs/hep-th/9711200');
    const [anon] = parseBib(toBibtex([{ id: '2301.00001', title: '$\\alpha$', authors: [] }]));
    expect(anon!.key).toBe('anon2023');
    expect(anon!.fields.author).toBeUndefined();
  });
});

describe('turnBibtex / threadBibtex round trip', () => {
  it('every entry resolves to the open paper or a source, each once', () => {
    const turn = sampleTurn();
    const open: BibPaper = {
      id: '2402.11650',
      version: 2,
      title: 'Classifier Surrogates: Sharing AI-based Searches with the World',
      authors: ['Sebastian Bieringer', 'Gregor Kasieczka', 'Jan Kieseler', 'Mathias Trabs'],
      categories: ['hep-ph', 'cs.LG'],
    };
    const entries = parseBib(turnBibtex(turn, open));
    const ids = entries.map((e) => e.fields.eprint);
    // The open paper is also a source here: deduplicated.
    expect(ids).toEqual(SOURCES.map((s) => s.id));
    for (const e of entries) {
      const s = SOURCES.find((x) => x.id === e.fields.eprint)!;
      expect(e.fields.url).toBe(`https://arxiv.org/abs/${s.id}`);
      expect(e.fields.primaryclass).toBe(s.primaryCategory);
      if (e !== entries[0]) expect(names(e)).toHaveLength(s.authors.length);
    }
    // The open paper's entry comes from the paper (all its authors), not the source.
    expect(names(entries[0]!)).toHaveLength(4);
    const maldacena = entries.find((e) => e.fields.eprint === 'hep-th/9711200')!;
    expect(maldacena.fields.title).toContain('Superconformal Field Theories & Supergravity');
  });

  it('a thread collects the paper and the sources of all answers', () => {
    const t1 = sampleTurn({ sources: SOURCES.slice(0, 3) });
    const t2 = sampleTurn({ id: 'turn-2', sources: SOURCES.slice(2), createdAt: t1.createdAt + 1 });
    const text = threadBibtex(sampleThread(), [t2, t1], ATTENTION);
    const ids = parseBib(text).map((e) => e.fields.eprint);
    expect(ids).toEqual(['1706.03762', ...SOURCES.map((s) => s.id)]);
    const file = bibtexFile({ thread: sampleThread(), turns: [t1, t2] }, ATTENTION);
    expect(file.filename).toBe('1706.03762 references.bib');
    expect(file.content).toBe(text);
  });
});
