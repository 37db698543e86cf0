import type { BenchRow } from './bench-types';

const key = (r: BenchRow) => `${r.metric}\u0000${r.engine}\u0000${r.corpus}`;

/**
 * Merges this run's rows into the previous results: a new row replaces the old row with the same
 * (metric, engine, corpus); old rows of anything not measured this time are kept, in their order,
 * and new rows follow.
 */
export function mergeResults(previous: BenchRow[], fresh: BenchRow[]): BenchRow[] {
  const freshKeys = new Set(fresh.map(key));
  const seen = new Set<string>();
  const latest: BenchRow[] = [];
  // Within one run the last row for a key wins.
  for (let i = fresh.length - 1; i >= 0; i--) {
    const k = key(fresh[i]!);
    if (seen.has(k)) continue;
    seen.add(k);
    latest.unshift(fresh[i]!);
  }
  return [...previous.filter((r) => !freshKeys.has(key(r))), ...latest];
}

/** Reads a results file's text; anything that is not an array of rows gives []. */
export function parseResults(text: string): BenchRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  return data.filter(
    (r): r is BenchRow =>
      typeof r === 'object' &&
      r !== null &&
      typeof r.metric === 'string' &&
      typeof r.engine === 'string' &&
      typeof r.corpus === 'string' &&
      typeof r.value === 'number' &&
      typeof r.unit === 'string',
  );
}
