import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulateJs, accumulateWasm, wasmForTests, type AccTerm } from '@/lib/corpus/accumulate';
import { ACCUMULATE_WASM } from '@/lib/corpus/accumulate-wasm';
import { BLOCK_BITS, encodePostings } from '@/lib/corpus/postings';
import { OUT_FILE, assemble, render } from '@/lib/cli/build-wasm';

/** A term whose postings hit `docs` (any order, repeats dropped) with these impacts. */
function term(qw: number, idf: number, postings: Array<[number, number]>): AccTerm {
  const byDoc = new Map(postings);
  const sorted = [...byDoc.keys()].sort((a, b) => a - b);
  const rows: AccTerm['rows'] = [];
  for (let b = 0; sorted.some((d) => d >> BLOCK_BITS >= b); b++) {
    const inBlock = sorted.filter((d) => d >> BLOCK_BITS === b);
    if (!inBlock.length) continue;
    const w = encodePostings(
      inBlock,
      inBlock.map((d) => byDoc.get(d)!),
      b << BLOCK_BITS,
    );
    rows.push({ b, p: w.toBytes() });
  }
  return { qw, idf, df: sorted.length, rows };
}

describe('the WebAssembly module', () => {
  it('is the assembly of accumulate.wat (npm run build:wasm)', async () => {
    expect(Buffer.from(await assemble()).equals(Buffer.from(ACCUMULATE_WASM))).toBe(true);
    expect(readFileSync(OUT_FILE, 'utf8')).toBe(render(ACCUMULATE_WASM));
  });

  it('compiles here', () => {
    expect(wasmForTests()).toBeTruthy();
  });
});

describe('accumulate: WebAssembly and JavaScript give the same ranking, bit for bit', () => {
  const w = wasmForTests();
  if (!w) throw new Error('WebAssembly is not available');

  it('on a hand-made query (ties broken by doc number, docs past nextDoc ignored)', () => {
    const infos = [
      term(1, 2, [
        [3, 200],
        [7, 100],
        [40_000, 255],
        [70_000, 9],
        [12, 50],
        [11, 50],
      ]),
      term(0.5, 4, [
        [7, 90],
        [9, 50],
        [3, 0],
      ]),
      term(1, 0, []),
    ];
    for (const limit of [0, 1, 2, 3, 10]) {
      const js = accumulateJs(infos, 65_536, limit);
      expect(accumulateWasm(w, infos, 65_536, limit)).toEqual(js);
    }
    const all = accumulateJs(infos, 65_536, 10);
    // 510, 400, 380, then 9, 11 and 12 tied at 100: by doc number.
    expect(all.map((r) => r.n)).toEqual([40_000, 3, 7, 9, 11, 12]);
  });

  it('on random queries over up to 200,000 docs', () => {
    const posting = fc.tuple(
      fc.integer({ min: 0, max: 199_999 }),
      fc.integer({ min: 0, max: 255 }),
    );
    const aTerm = fc
      .tuple(
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 12, noNaN: true }),
        fc.array(posting, { maxLength: 400 }),
      )
      .map(([qw, idf, ps]) => term(qw, idf, ps));
    fc.assert(
      fc.property(
        fc.array(aTerm, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 200_000 }),
        fc.integer({ min: 0, max: 40 }),
        (infos, nextDoc, limit) => {
          const js = accumulateJs(infos, nextDoc, limit);
          const wa = accumulateWasm(w, infos, nextDoc, limit);
          expect(wa).toEqual(js);
          // Both leave their accumulators at zero: the same query again gives the same answer.
          expect(accumulateWasm(w, infos, nextDoc, limit)).toEqual(js);
        },
      ),
      { numRuns: 200, seed: 20261202 },
    );
  });
});
