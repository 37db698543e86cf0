/**
 * `npm run bench [-- --only NAME ...] [--corpus PATH] [group options]`
 *
 * Runs the benchmark groups of tests/bench/groups/*.ts (default export: BenchGroup) in real
 * Chromium, prints a table and merges the rows into .bench/results.json. A failing group prints
 * its error; the others still run and the exit code is 1 at the end.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseBenchArgs } from './lib/args';
import { Harness } from './lib/context';
import { mergeResults, parseResults } from './lib/results';
import { formatRelativeTargets, formatTable } from './lib/table';
import { BenchGroupError, type BenchGroup, type BenchRow } from './lib/bench-types';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const DEFAULT_CORPUS = path.resolve(root, '..', 'shared', 'corpus', 'arxiv-cs-74k.kaggle.jsonl.gz');

function isGroup(v: unknown): v is BenchGroup {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as BenchGroup).name === 'string' &&
    typeof (v as BenchGroup).run === 'function'
  );
}

async function loadGroups(): Promise<BenchGroup[]> {
  const dir = path.join(here, 'groups');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  const groups: BenchGroup[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default?: unknown };
    if (!isGroup(mod.default))
      throw new Error(`tests/bench/groups/${f} has no default export BenchGroup`);
    groups.push(mod.default);
  }
  return groups;
}

function stamp(): string {
  return new Date().toISOString().slice(11, 19);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const args = parseBenchArgs(argv);
  const groups = await loadGroups();
  if (args.help) {
    console.log('npm run bench -- [--only NAME]... [--corpus PATH] [group options]\n\nGroups:');
    for (const g of groups) console.log(`  ${g.name.padEnd(12)} ${g.description}`);
    return 0;
  }
  const unknown = args.only.filter((n) => !groups.some((g) => g.name === n));
  if (unknown.length) {
    console.error(
      `Unknown group(s): ${unknown.join(', ')}. Groups: ${groups.map((g) => g.name).join(', ')}`,
    );
    return 2;
  }
  const selected = args.only.length ? groups.filter((g) => args.only.includes(g.name)) : groups;
  const corpusPath = path.resolve(args.corpus ?? DEFAULT_CORPUS);
  const log = (msg: string) => console.log(`[${stamp()}] ${msg}`);
  const harness = new Harness(root, corpusPath, argv, log);

  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await harness.dispose();
  };
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`\n${sig}: closing the browser...`);
    void dispose().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const rows: BenchRow[] = [];
  const failed: string[] = [];
  try {
    for (const g of selected) {
      const load = () =>
        loadavg()
          .map((l) => l.toFixed(1))
          .join(' ');
      log(`group ${g.name}: ${g.description} (load average ${load()})`);
      const t0 = performance.now();
      const keep = (got: BenchRow[]) => {
        const bad = got.filter((r) => !Number.isFinite(r.value));
        for (const r of bad)
          console.error(`dropped a row without a finite value: ${JSON.stringify(r)}`);
        rows.push(...got.filter((r) => Number.isFinite(r.value)));
        return bad.length === 0;
      };
      try {
        const got = await g.run(harness.asContext());
        if (!keep(got)) throw new Error('some rows had no finite value');
        log(
          `group ${g.name}: ${got.length} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (load average ${load()})`,
        );
      } catch (e) {
        failed.push(g.name);
        if (e instanceof BenchGroupError) keep(e.rows);
        console.error(
          `[${stamp()}] group ${g.name} FAILED:`,
          e instanceof Error ? (e.stack ?? e.message) : e,
        );
      }
    }
  } finally {
    await dispose();
  }

  const outDir = path.join(root, '.bench');
  const outFile = path.join(outDir, 'results.json');
  mkdirSync(outDir, { recursive: true });
  const previous = existsSync(outFile) ? parseResults(readFileSync(outFile, 'utf8')) : [];
  writeFileSync(outFile, JSON.stringify(mergeResults(previous, rows), null, 2) + '\n');

  console.log('\n' + (rows.length ? formatTable(rows) : '(no rows)'));
  const rel = formatRelativeTargets(rows);
  if (rel.length) console.log('\n' + rel.join('\n'));
  console.log(
    `\nWrote ${rows.length} rows to .bench/results.json (merged with earlier rows of other metrics).`,
  );
  if (failed.length) {
    console.error(`Failed group(s): ${failed.join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
