import { round } from './stats';
import {
  meets,
  RELATIVE_TARGETS,
  targetFor,
  type RelativeTarget,
  type Target,
} from './bench-targets';
import type { BenchRow } from './bench-types';

const COLUMNS = ['metric', 'engine', 'corpus', 'value', 'unit', 'target', 'note'] as const;

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const r = round(value, 4);
  return Math.abs(r) >= 1e4 ? Math.round(r).toLocaleString('en-US') : String(r);
}

/** A plain-text table of the rows, with the target (and whether it is met) when one is known. */
export function formatTable(rows: BenchRow[], targets?: Target[]): string {
  const cells = rows.map((row) => {
    const t = targetFor(row, targets);
    const target = t ? `${t.op} ${t.value} ${meets(row.value, t) ? 'ok' : 'MISSED'}` : '';
    return [
      row.metric,
      row.engine,
      row.corpus,
      formatValue(row.value),
      row.unit,
      target,
      row.note ?? '',
    ];
  });
  const header = [...COLUMNS];
  const widths = header.map((h, i) =>
    i === header.length - 1 ? 0 : Math.max(h.length, ...cells.map((c) => c[i]!.length)),
  );
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 3 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w, i) => '-'.repeat(w || header[i]!.length))),
    ...cells.map(line),
  ].join('\n');
}

/** Lines comparing engines where the issues set a ratio target; empty when the rows are missing. */
export function formatRelativeTargets(
  rows: BenchRow[],
  targets: RelativeTarget[] = RELATIVE_TARGETS,
): string[] {
  const find = (metric: string, engine: string, corpus: string) =>
    rows.find((r) => r.metric === metric && r.engine === engine && r.corpus === corpus);
  const out: string[] = [];
  for (const t of targets) {
    const a = find(t.metric, t.engine, t.corpus);
    const b = find(t.metric, t.other, t.corpus);
    if (!a || !b || !(a.value > 0)) continue;
    const ratio = b.value / a.value;
    const ok = ratio >= t.factor;
    out.push(
      `${t.metric} ${t.corpus}: ${t.engine} ${formatValue(a.value)} vs ${t.other} ${formatValue(b.value)}` +
        ` = ${round(ratio, 3)}x (target >= ${t.factor}x) ${ok ? 'ok' : 'MISSED'}`,
    );
  }
  return out;
}
