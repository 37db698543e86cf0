import { describe, expect, it } from 'vitest';
import type { BenchRecord } from '../engines/engine-types';
import { derivedId, deriveRecords, isDerivedId, kaggleToRecord, makeQueries } from './data';

const line = JSON.stringify({
  id: '2503.11742',
  title: 'Safe Vision-Language\n  Models',
  authors: 'A B, C D',
  authors_parsed: [
    ["D'Incà", 'Moreno', ''],
    ['Peruzzo', 'Elia', ''],
  ],
  categories: 'cs.CV cs.AI',
  abstract:
    '  Vision-language models (VLMs) often inherit\nthe biases of their training data set and more words here. ',
  versions: [
    { version: 'v1', created: 'Tue, 18 Mar 2025 00:00:00 GMT' },
    { version: 'v2', created: 'Wed, 19 Mar 2025 00:00:00 GMT' },
  ],
  update_date: '2025-03-19',
});

describe('benchmark data', () => {
  it('reads a Kaggle line', () => {
    expect(kaggleToRecord(line)).toEqual({
      id: '2503.11742',
      version: 2,
      title: 'Safe Vision-Language Models',
      authors: ["Moreno D'Incà", 'Elia Peruzzo'],
      abstract:
        'Vision-language models (VLMs) often inherit the biases of their training data set and more words here.',
      categories: ['cs.CV', 'cs.AI'],
      published: '2025-03-18',
      updated: '2025-03-19',
      origin: 'import',
    });
    expect(kaggleToRecord('{"id":"1"}')).toBeUndefined();
  });

  it('derives records deterministically, marked and with ids no real paper has', () => {
    const real = [
      kaggleToRecord(line)!,
      { ...kaggleToRecord(line)!, id: '2503.00001', abstract: 'other words entirely' },
    ];
    const a = deriveRecords(real, 1000, 7);
    expect(deriveRecords(real, 1000, 7)).toEqual(a);
    expect(a.every((r: BenchRecord) => r.origin === 'derived' && isDerivedId(r.id))).toBe(true);
    expect(new Set(a.map((r) => r.id)).size).toBe(a.length);
    expect([derivedId(0), derivedId(99_999), derivedId(250_000)]).toEqual([
      '9901.00000',
      '9901.99999',
      '9903.50000',
    ]);
    expect(isDerivedId('2503.11742')).toBe(false);
    // Same words as the base (plus donor words), not the same order for a long abstract.
    const sorted = (s: string) => s.split(' ').sort().join(' ');
    const fromBase = a.filter((r) => sorted(r.title) === sorted(real[0]!.title));
    expect(fromBase.length).toBeGreaterThan(0);
  });

  it('cuts the same queries from the same seed', () => {
    const recs = [kaggleToRecord(line)!];
    const q = makeQueries(recs, 5, 1);
    expect(makeQueries(recs, 5, 1)).toEqual(q);
    for (const x of q) {
      expect(recs[0]!.abstract).toContain(x.text);
      expect(x.text.split(' ').length).toBeGreaterThanOrEqual(6);
    }
  });
});
