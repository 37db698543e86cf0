import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchGroup, BenchRow } from '../lib/bench-types';

/** Relative module specifiers a built chunk imports (static and dynamic). */
export function importedSpecifiers(code: string): string[] {
  const out = new Set<string>();
  const patterns = [
    /\bimport\s*["'`]([^"'`]+)["'`]/g,
    /\bfrom\s*["'`]([^"'`]+)["'`]/g,
    /\bimport\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
  ];
  for (const re of patterns)
    for (const m of code.matchAll(re)) if (m[1]!.startsWith('.')) out.add(m[1]!);
  return [...out];
}

/** The file and every chunk it imports, transitively (absolute paths). */
export function withImports(file: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const spec of importedSpecifiers(readFileSync(f, 'utf8')))
      visit(path.resolve(path.dirname(f), spec));
  };
  visit(file);
  return [...seen];
}

const gz = (f: string) => gzipSync(readFileSync(f), { level: 9 }).length;

const group: BenchGroup = {
  name: 'bundle',
  description:
    'production build (wxt build): gzipped size of the content script and the background',
  async run(ctx) {
    const out = await ctx.buildExtension();
    const rel = (f: string) => path.relative(out, f);
    const content = path.join(out, 'content-scripts', 'arxiv.js');
    const bg = withImports(path.join(out, 'background.js'));
    const bgBytes = bg.reduce((s, f) => s + gz(f), 0);
    const rows: BenchRow[] = [
      {
        metric: 'content_script_gzip_bytes',
        engine: 'antigravity',
        corpus: 'build',
        value: gz(content),
        unit: 'bytes',
        note: `${rel(content)}, gzip -9`,
      },
      {
        metric: 'background_gzip_bytes',
        engine: 'antigravity',
        corpus: 'build',
        value: bgBytes,
        unit: 'bytes',
        note: `${bg.map(rel).join(' + ')}, each gzip -9, summed`,
      },
    ];
    return rows;
  },
};

export default group;
