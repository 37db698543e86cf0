import { describe, expect, it } from 'vitest';
import { listOption, numberOption, parseBenchArgs } from './args';
import { mergeResults, parseResults } from './results';
import { percentile, round } from './stats';
import { formatRelativeTargets, formatTable } from './table';
import type { BenchRow } from './bench-types';

const row = (metric: string, engine: string, value: number, corpus = 'cs-74k'): BenchRow => ({
  metric,
  engine,
  corpus,
  value,
  unit: 'ms',
});

describe('parseBenchArgs', () => {
  it('collects --only in both spellings, --corpus and group options', () => {
    const a = parseBenchArgs([
      '--only',
      'bundle',
      '--only=corpus,x',
      '--corpus',
      '/c.gz',
      '--cold',
      '7',
      '--fast',
    ]);
    expect(a.only).toEqual(['bundle', 'corpus', 'x']);
    expect(a.corpus).toBe('/c.gz');
    expect(a.options).toEqual({ cold: '7', fast: true });
    expect(numberOption(a, 'cold', 25)).toBe(7);
    expect(numberOption(a, 'restarts', 5)).toBe(5);
    expect(listOption(a, 'engines')).toBeUndefined();
  });

  it('rejects what it cannot read', () => {
    expect(() => parseBenchArgs(['corpus'])).toThrow(/Unexpected argument/);
    expect(() => parseBenchArgs(['--only'])).toThrow(/needs a value/);
    expect(() => numberOption(parseBenchArgs(['--cold', 'many']), 'cold', 1)).toThrow(/number/);
  });
});

describe('results', () => {
  it('replaces rows measured again and keeps the others', () => {
    const old = [row('a', 'x', 1), row('b', 'x', 2), row('a', 'y', 3)];
    const merged = mergeResults(old, [row('a', 'x', 10), row('c', 'x', 4), row('c', 'x', 5)]);
    expect(merged).toEqual([
      row('b', 'x', 2),
      row('a', 'y', 3),
      row('a', 'x', 10),
      row('c', 'x', 5),
    ]);
  });

  it('reads only well-formed rows', () => {
    expect(parseResults('not json')).toEqual([]);
    expect(parseResults('{"metric":"a"}')).toEqual([]);
    expect(parseResults(JSON.stringify([row('a', 'x', 1), { metric: 'b', value: null }]))).toEqual([
      row('a', 'x', 1),
    ]);
  });
});

describe('stats and table', () => {
  it('interpolates percentiles', () => {
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 95)).toBeCloseTo(3.85);
    expect(percentile([], 50)).toBeNaN();
    expect(round(1234.5678)).toBe(1235);
    expect(round(0.012345)).toBe(0.0123);
  });

  it('shows targets and whether they are met', () => {
    const text = formatTable([
      row('query_cold_p50_ms', 'antigravity', 20),
      row('query_warm_p50_ms', 'antigravity', 12),
      { ...row('query_cold_p50_ms', 'minisearch', 4300), note: 'n=5' },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^metric\s+engine\s+corpus\s+value\s+unit\s+target\s+note$/);
    expect(lines[2]).toMatch(/< 50 ok/);
    expect(lines[3]).toMatch(/< 10 MISSED/);
    expect(lines[4]).toMatch(/4300.*n=5$/);
    const rel = formatRelativeTargets([
      row('query_cold_p50_ms', 'antigravity', 20),
      row('query_cold_p50_ms', 'minisearch', 4300),
    ]);
    expect(rel).toEqual([expect.stringMatching(/215x \(target >= 10x\) ok$/)]);
  });
});

describe('JSON chunks', () => {
  it('splits structural objects and restores them', async () => {
    const { toJsonChunks, fromJsonChunks } = await import('../engines/blob-store');
    const value = {
      a: { b: [1, 2], c: { d: 'x' } },
      big: Object.fromEntries([...Array(100).keys()].map((i) => [i, i])),
    };
    const chunks = toJsonChunks(value);
    expect(chunks.map(([k]) => k)).toEqual(['["a","b"]', '["a","c","d"]', '["big"]']);
    expect(fromJsonChunks(chunks)).toEqual(value);
    expect(fromJsonChunks(toJsonChunks([1]))).toEqual([1]);
  });
});
