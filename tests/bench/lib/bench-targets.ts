import type { BenchRow } from './bench-types';

/** An absolute target from the issues, shown next to the matching rows. */
export interface Target {
  metric: string;
  engine?: string;
  corpus?: string;
  op: '<' | '<=' | '>' | '>=';
  value: number;
  /** Where the target comes from. */
  source: string;
}

/** A ratio target between two engines on one metric (e.g. "10x faster cold than MiniSearch"). */
export interface RelativeTarget {
  metric: string;
  corpus: string;
  engine: string;
  other: string;
  /** engine's value must be at most other's value divided by this factor (lower is better). */
  factor: number;
  source: string;
}

export const TARGETS: Target[] = [
  {
    metric: 'harvest_field_year_s',
    op: '<=',
    value: 120,
    source: 'issue 17: a typical field-year in under two minutes',
  },
  {
    metric: 'query_cold_p50_ms',
    engine: 'antigravity',
    corpus: 'cs-74k',
    op: '<',
    value: 50,
    source: 'issue 8',
  },
  {
    metric: 'query_warm_p50_ms',
    engine: 'antigravity',
    corpus: 'cs-74k',
    op: '<',
    value: 10,
    source: 'issue 8',
  },
  {
    metric: 'import_total_s',
    engine: 'antigravity',
    corpus: 'cs-74k',
    op: '<',
    value: 60,
    source: 'issue 8',
  },
  {
    metric: 'first_token_overhead_p50_ms',
    engine: 'antigravity',
    corpus: 'cs-74k',
    op: '<',
    value: 150,
    source: 'issue 4',
  },
  {
    metric: 'badges_listing_p50_ms',
    engine: 'antigravity',
    corpus: 'cs-74k',
    op: '<',
    value: 150,
    source: 'issue 6',
  },
  {
    metric: 'badges_layout_shift',
    engine: 'antigravity',
    corpus: 'cs-74k',
    op: '<=',
    value: 0,
    source: 'issue 6: no shift of the page’s existing content',
  },
  {
    metric: 'strip_layout_shift',
    engine: 'antigravity',
    corpus: 'cs-74k',
    op: '<=',
    value: 0,
    source: 'issue 6: no shift of the page’s existing content',
  },
  { metric: 'fulltext_html_ms', engine: 'antigravity', op: '<=', value: 300, source: 'issue 15' },
  { metric: 'fulltext_pdf_ms', engine: 'antigravity', op: '<=', value: 1500, source: 'issue 15' },
  ...(
    [
      ['import_total_s', '<=', 600],
      ['query_cold_p50_ms', '<=', 60],
      ['query_warm_p50_ms', '<=', 15],
      ['storage_bytes_per_paper', '<=', 2560],
    ] as const
  ).map(([metric, op, value]) => ({
    metric,
    engine: 'antigravity',
    corpus: 'derived-1m',
    op,
    value,
    source: 'issue 17: the whole snapshot (derived 1M papers)',
  })),
];

export const RELATIVE_TARGETS: RelativeTarget[] = [
  ...['minisearch', 'orama'].map((other) => ({
    metric: 'query_cold_p50_ms',
    corpus: 'cs-74k',
    engine: 'antigravity',
    other,
    factor: 10,
    source: 'issue 8: at least 10x faster cold than MiniSearch and Orama',
  })),
  ...['query_cold_p50_ms', 'query_warm_p50_ms'].map((metric) => ({
    metric,
    corpus: 'cs-74k',
    engine: 'antigravity',
    other: 'flexsearch-idb',
    factor: 1,
    source: "issue 8: faster than FlexSearch's IndexedDB mode cold and warm",
  })),
];

export function targetFor(row: BenchRow, targets: Target[] = TARGETS): Target | undefined {
  return targets.find(
    (t) =>
      t.metric === row.metric &&
      (t.engine === undefined || t.engine === row.engine) &&
      (t.corpus === undefined || t.corpus === row.corpus),
  );
}

export function meets(value: number, t: Pick<Target, 'op' | 'value'>): boolean {
  switch (t.op) {
    case '<':
      return value < t.value;
    case '<=':
      return value <= t.value;
    case '>':
      return value > t.value;
    case '>=':
      return value >= t.value;
  }
}
