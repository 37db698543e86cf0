import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ByteWriter,
  dequantize,
  encodePostings,
  forEachPosting,
  idf,
  quantize,
  readVarint,
  saturation,
} from '@/lib/corpus/postings';
import { accumulateJs, accumulateWasm, wasmForTests } from '@/lib/corpus/accumulate';

describe('posting lists', () => {
  it('decode what was encoded (gaps as varints, one impact byte each)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1 << 20 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 300_000 }), fc.integer({ min: 1, max: 255 })), {
          maxLength: 300,
        }),
        (base, steps) => {
          const docs: number[] = [];
          const imps: number[] = [];
          let d = base;
          steps.forEach(([gap, imp], i) => {
            d += i === 0 ? gap - 1 : gap; // the first posting may sit on the base itself
            docs.push(d);
            imps.push(imp);
          });
          const bytes = encodePostings(docs, imps, base).toBytes();
          const got: Array<[number, number]> = [];
          const n = forEachPosting(bytes, base, (doc, imp) => got.push([doc, imp]));
          expect(n).toBe(docs.length);
          expect(got).toEqual(docs.map((x, i) => [x, imps[i]]));
        },
      ),
    );
  });

  it('appending to a list continues from its last doc number', () => {
    const a = encodePostings([10, 12], [5, 6], 8);
    encodePostings([300, 70_000], [7, 8], 12, a);
    const got: number[] = [];
    forEachPosting(a.toBytes(), 8, (doc) => got.push(doc));
    expect(got).toEqual([10, 12, 300, 70_000]);
  });

  it('small gaps take one byte, so a posting is about two bytes', () => {
    const docs = Array.from({ length: 1000 }, (_, i) => i * 3);
    const bytes = encodePostings(docs, new Array(1000).fill(100), 0).toBytes();
    expect(bytes.length).toBe(2000);
    const w = new ByteWriter(1);
    w.varint(2 ** 31 - 1);
    expect(w.len).toBe(5);
  });
});

describe('scoring functions', () => {
  it('saturation grows with term frequency, title counts more, long fields count less', () => {
    expect(saturation(0, 2, 10, 134)).toBeGreaterThan(saturation(0, 1, 10, 134));
    expect(saturation(1, 0, 10, 134)).toBeGreaterThan(saturation(0, 1, 10, 134));
    expect(saturation(0, 1, 10, 400)).toBeLessThan(saturation(0, 1, 10, 50));
    expect(saturation(50, 50, 10, 134)).toBeLessThan(1);
  });

  it('quantises into 1..255 and back within half a step', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (x) => {
        const q = quantize(x);
        expect(q).toBeGreaterThanOrEqual(1);
        expect(q).toBeLessThanOrEqual(255);
        if (x >= 1 / 255)
          expect(Math.abs(dequantize(q) - x)).toBeLessThanOrEqual(0.5 / 255 + 1e-12);
      }),
    );
  });

  it('idf is positive and falls as a term gets common', () => {
    expect(idf(1, 1000)).toBeGreaterThan(idf(10, 1000));
    expect(idf(1000, 1000)).toBeGreaterThan(0);
  });
});

describe('readVarint: the one JavaScript decoder of the posting lists', () => {
  const EDGES = [0, 1, 127, 128, 16_383, 16_384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28];
  const WIDE = [2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];

  it('reads back every value the writer writes, over the whole u32 range', () => {
    const values = [...EDGES, ...WIDE, 300, 1_000_000, 123_456_789];
    const w = new ByteWriter(8);
    for (const v of values) w.varint(v);
    const bytes = w.toBytes();
    const cur = { pos: 0 };
    const read = values.map(() => readVarint(bytes, cur));
    expect(read).toEqual(values);
    expect(cur.pos).toBe(bytes.length);
  });

  it('agrees with the WebAssembly decoder on gaps of one to four bytes', () => {
    const wasm = wasmForTests();
    if (!wasm) throw new Error('WebAssembly is not available');
    // One row of block 0 whose postings run on past it (as a merged row does): gaps of 1..4 bytes.
    const gaps = [0, 127, 128, 16_383, 16_384, 2 ** 21 - 1, 2 ** 21];
    const docs: number[] = [];
    for (const g of gaps) docs.push((docs[docs.length - 1] ?? 0) + g);
    const impacts = docs.map((_, i) => 10 + i);
    const rows = [{ b: 0, p: encodePostings(docs, impacts, 0).toBytes() }];
    const infos = [{ qw: 1, idf: 1, df: docs.length, rows }];
    const next = docs[docs.length - 1]! + 1;
    const js = accumulateJs(infos, next, docs.length);
    expect(js.map((r) => r.n).sort((a, b) => a - b)).toEqual(docs);
    expect(accumulateWasm(wasm, infos, next, docs.length)).toEqual(js);
    // forEachPosting, the third reader, sees the same postings.
    const seen: Array<[number, number]> = [];
    forEachPosting(rows[0]!.p, 0, (d, imp) => seen.push([d, imp]));
    expect(seen).toEqual(docs.map((d, i) => [d, impacts[i]]));
  });
});
