import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OLD_STYLE_ARCHIVES,
  absUrl,
  arxivDoi,
  findArxivIdsInText,
  formatArxivId,
  parseArxivId,
} from '@/lib/arxiv/id';

const ok = (base: string, version: number | null = null) => ({ ok: true, id: { base, version } });

describe('parseArxivId: every written form', () => {
  const cases: [string, string, number | null][] = [
    ['2401.12345', '2401.12345', null],
    ['1501.00001v3', '1501.00001', 3],
    ['0704.0001', '0704.0001', null],
    ['1412.9999v12', '1412.9999', 12],
    ['hep-th/9711200', 'hep-th/9711200', null],
    ['math.CA/0611800v2', 'math/0611800', 2],
    ['cs.AI/0101001', 'cs/0101001', null],
    ['physics.acc-ph/0601001', 'physics/0601001', null],
    ['arXiv:1706.03762', '1706.03762', null],
    ['arXiv:1706.03762v7', '1706.03762', 7],
    ['arxiv: 1706.03762', '1706.03762', null],
    ['ARXIV:hep-th/9711200v3', 'hep-th/9711200', 3],
    ['  1706.03762  ', '1706.03762', null],
    ['https://arxiv.org/abs/1706.03762', '1706.03762', null],
    ['https://arxiv.org/abs/1706.03762v7', '1706.03762', 7],
    ['http://www.arxiv.org/abs/1706.03762v2?context=cs', '1706.03762', 2],
    ['https://arxiv.org/pdf/1706.03762', '1706.03762', null],
    ['https://arxiv.org/pdf/1706.03762v5.pdf', '1706.03762', 5],
    ['https://arxiv.org/pdf/1706.03762.pdf', '1706.03762', null],
    ['https://arxiv.org/html/1706.03762v7', '1706.03762', 7],
    ['https://arxiv.org/html/1706.03762v7/', '1706.03762', 7],
    ['https://arxiv.org/html/1706.03762v7#S3.SS2', '1706.03762', 7],
    ['https://arxiv.org/html/1706.03762v7/Figures/ModalNet-21.png', '1706.03762', 7],
    ['https://export.arxiv.org/abs/1706.03762', '1706.03762', null],
    ['http://export.arxiv.org/abs/hep-th/9711200v3', 'hep-th/9711200', 3],
    ['https://arxiv.org/abs/hep-th/9711200', 'hep-th/9711200', null],
    ['https://arxiv.org/pdf/hep-th/9711200v1.pdf', 'hep-th/9711200', 1],
    ['https://arxiv.org/abs/math.CA/0611800v2', 'math/0611800', 2],
    ['https://ar5iv.labs.arxiv.org/html/1706.03762', '1706.03762', null],
    ['https://ar5iv.org/abs/1706.03762v3', '1706.03762', 3],
    ['arxiv.org/abs/2401.00001', '2401.00001', null],
    ['10.48550/arXiv.1706.03762', '1706.03762', null],
    ['https://doi.org/10.48550/arXiv.1706.03762', '1706.03762', null],
    ['doi:10.48550/arxiv.hep-th/9711200', 'hep-th/9711200', null],
  ];
  for (const [input, base, version] of cases) {
    it(`${JSON.stringify(input)} -> ${formatArxivId(base, version)}`, () => {
      expect(parseArxivId(input)).toEqual(ok(base, version));
    });
  }
});

describe('parseArxivId: typed failures, never a guess', () => {
  it('empty input', () => {
    for (const s of ['', '   ', '\n'])
      expect(parseArxivId(s)).toMatchObject({ ok: false, error: { code: 'empty' } });
  });
  const invalid = [
    'abc',
    '0000.0000', // month 00 (the API answers with no result)
    '0808.05394', // 5 digits before 2015
    '1501.0001', // 4 digits after 2014
    '0703.0001', // new style before April 2007
    '1713.00001', // month 13
    '1706.03762v0',
    '1706.03762v',
    '1706.03762x',
    '1706.037621',
    'hep-th/971120', // 6 digits
    'foo-bar/9711200', // not an archive
    'hep-th/0801001', // old style after March 2007
    'hep-th/9713200', // month 13
    'hep-th/9711000', // number 000
    'https://arxiv.org/abs/',
    'https://arxiv.org/list/cs.CL/recent',
    'https://example.com/abs/1706.03762',
    '10.1023/A:1026654312961',
    '10.48550/arXiv.',
    'arXiv:',
    '1706.03762 1706.03763',
    'see arXiv:1706.03762',
  ];
  for (const s of invalid) {
    it(JSON.stringify(s), () => {
      const r = parseArxivId(s);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid');
        expect(r.error.message.length).toBeGreaterThan(10);
      }
    });
  }
});

describe('helpers', () => {
  it('format, DOI and abs URL', () => {
    expect(formatArxivId('1706.03762', 7)).toBe('1706.03762v7');
    expect(formatArxivId('1706.03762', null)).toBe('1706.03762');
    expect(formatArxivId('hep-th/9711200')).toBe('hep-th/9711200');
    expect(arxivDoi('1706.03762')).toBe('10.48550/arXiv.1706.03762');
    expect(arxivDoi('hep-th/9711200')).toBe('10.48550/arXiv.hep-th/9711200');
    expect(absUrl('1706.03762')).toBe('https://arxiv.org/abs/1706.03762');
    expect(absUrl('hep-th/9711200', 3)).toBe('https://arxiv.org/abs/hep-th/9711200v3');
  });
});

// ---- generated ids -------------------------------------------------------------------------

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const version = fc.option(fc.integer({ min: 1, max: 30 }), { nil: null });

/** New-style ids: 0704..1412 with 4 digits, 1501..(2099) with 5 digits. */
const newStyle = fc
  .record({ year: fc.integer({ min: 7, max: 99 }), month: fc.integer({ min: 1, max: 12 }) })
  .filter(({ year, month }) => year * 100 + month >= 704 && year < 91)
  .chain(({ year, month }) => {
    const width = year * 100 + month <= 1412 ? 4 : 5;
    return fc
      .integer({ min: 1, max: 10 ** width - 1 })
      .map((n) => `${pad(year, 2)}${pad(month, 2)}.${pad(n, width)}`);
  });

/** Old-style ids: archive/YYMMNNN from 9107 to 0703. */
const oldStyle = fc
  .record({
    archive: fc.constantFrom(...OLD_STYLE_ARCHIVES),
    year: fc.constantFrom(91, 92, 93, 94, 95, 96, 97, 98, 99, 0, 1, 2, 3, 4, 5, 6, 7),
    month: fc.integer({ min: 1, max: 12 }),
    n: fc.integer({ min: 1, max: 999 }),
  })
  .filter(({ year, month }) => !(year === 91 && month < 7) && !(year === 7 && month > 3))
  .map(({ archive, year, month, n }) => `${archive}/${pad(year, 2)}${pad(month, 2)}${pad(n, 3)}`);

const anyBase = fc.oneof(newStyle, oldStyle);

describe('properties over generated ids', () => {
  it('format -> parse round-trips', () => {
    fc.assert(
      fc.property(anyBase, version, (base, v) => {
        expect(parseArxivId(formatArxivId(base, v))).toEqual(ok(base, v));
      }),
    );
  });

  it('every URL / prefix / DOI form gives the same id', () => {
    fc.assert(
      fc.property(anyBase, version, (base, v) => {
        const id = formatArxivId(base, v);
        const forms = [
          `arXiv:${id}`,
          `https://arxiv.org/abs/${id}`,
          `https://arxiv.org/pdf/${id}`,
          `https://arxiv.org/pdf/${id}.pdf`,
          `https://arxiv.org/html/${id}`,
          `https://arxiv.org/html/${id}/`,
          `http://export.arxiv.org/abs/${id}`,
          `https://ar5iv.labs.arxiv.org/html/${id}`,
          absUrl(base, v),
        ];
        for (const f of forms) expect(parseArxivId(f)).toEqual(ok(base, v));
        expect(parseArxivId(arxivDoi(base))).toEqual(ok(base, null));
        expect(parseArxivId(`https://doi.org/${arxivDoi(base)}`)).toEqual(ok(base, null));
      }),
    );
  });

  it('an old-style id with a subject class keeps only the archive', () => {
    fc.assert(
      fc.property(oldStyle, fc.stringMatching(/^[A-Z]{2}$/), version, (base, sc, v) => {
        const [archive, num] = base.split('/');
        expect(parseArxivId(formatArxivId(`${archive}.${sc}/${num}`, v))).toEqual(ok(base, v));
      }),
    );
  });

  it('ids are found in free text, in order, deduplicated', () => {
    fc.assert(
      fc.property(fc.array(anyBase, { minLength: 1, maxLength: 6 }), (bases) => {
        const text = bases
          .map((b, i) =>
            i % 3 === 0
              ? `see arXiv:${b}, 2019.`
              : i % 3 === 1
                ? `(https://arxiv.org/abs/${b}v2)`
                : `arXiv preprint arXiv:${b}.`,
          )
          .join(' and ');
        expect(findArxivIdsInText(text)).toEqual([...new Set(bases)]);
      }),
    );
  });

  it('random text never parses unless it is exactly a valid id', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const r = parseArxivId(s);
        if (r.ok) {
          // Only possible if the string is one of the accepted forms of a valid id.
          expect(parseArxivId(formatArxivId(r.id.base, r.id.version))).toEqual(r);
        }
      }),
    );
  });

  it('corrupted ids never parse', () => {
    const corrupt = fc.oneof(
      // month 00 or 13..99
      fc
        .tuple(fc.integer({ min: 15, max: 90 }), fc.constantFrom(0, 13, 20, 99), fc.nat(99999))
        .map(([y, m, n]) => `${pad(y, 2)}${pad(m, 2)}.${pad(n, 5)}`),
      // wrong number width for the period
      fc.integer({ min: 1, max: 9999 }).map((n) => `1003.${pad(n, 5)}`),
      fc.integer({ min: 1, max: 9999 }).map((n) => `1601.${pad(n, 4)}`),
      // unknown archive
      fc
        .stringMatching(/^[a-z]{2,6}$/)
        .filter((a) => !OLD_STYLE_ARCHIVES.includes(a))
        .map((a) => `${a}/9711200`),
      // version zero or with a leading zero
      anyBase.map((b) => `${b}v0`),
      anyBase.map((b) => `${b}v01`),
      // trailing garbage
      anyBase.map((b) => `${b}x`),
    );
    fc.assert(
      fc.property(corrupt, (s) => {
        expect(parseArxivId(s).ok).toBe(false);
      }),
    );
  });
});

describe('findArxivIdsInText', () => {
  it('finds the forms bibliographies use', () => {
    expect(
      findArxivIdsInText('Layer normalization. arXiv preprint arXiv:1607.06450, 2016.'),
    ).toEqual(['1607.06450']);
    expect(findArxivIdsInText('Neural machine translation. CoRR, abs/1409.0473, 2014.')).toEqual([
      '1409.0473',
    ]);
    expect(
      findArxivIdsInText('Convolutional seq2seq. arXiv preprint arXiv:1705.03122v2, 2017.'),
    ).toEqual(['1705.03122']);
    expect(
      findArxivIdsInText(
        'Maldacena, hep-th/9711200; Witten arXiv:hep-th/9802150; see https://arxiv.org/abs/2401.00001v1 and arXiv:2401.00001.',
      ),
    ).toEqual(['hep-th/9711200', 'hep-th/9802150', '2401.00001']);
    expect(findArxivIdsInText('doi:10.48550/arXiv.1706.03762 and math.CA/0611800')).toEqual([
      '1706.03762',
      'math/0611800',
    ]);
    expect(findArxivIdsInText('arXiv e-prints 1512.03385, arXiv 1502.03167')).toEqual([
      '1512.03385',
      '1502.03167',
    ]);
  });

  it('no false positives on dates, DOIs, page numbers, versions and bare numbers', () => {
    const text = [
      'Neural computation, 9(8):1735–1780, 1997.',
      'pages 770–778, 2016. Accessed 2017.06.12 and 12.2017.',
      'doi:10.1023/A:1026654312961 and https://doi.org/10.1109/ICSTW55395.2022.00035',
      'Version 1706.03762 of the software, ISBN 978-3-16-148410-0, tel 0800.12345.',
      'and/or 1234567, input/9711200, arXiv:0000.0000, arXiv:0808.05394, arXiv:1713.00001.',
      'https://example.org/abs/1706.03762',
    ].join(' ');
    expect(findArxivIdsInText(text)).toEqual([]);
  });

  it('does not cut longer numbers into ids', () => {
    expect(findArxivIdsInText('arXiv:1607.064501')).toEqual([]);
    expect(findArxivIdsInText('hep-th/97112001')).toEqual([]);
  });
});
