import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
for (const [name, code] of [
  ['extractPage', "import { extractPage } from './lib/arxiv/extract'; (globalThis as any).x = extractPage;"],
  ['extractPageLite', "import { extractPageLite } from './lib/arxiv/extract-lite'; (globalThis as any).x = extractPageLite;"],
  ['id+page-kind', "import { parseArxivId } from './lib/arxiv/id'; import { pageKindFromUrl } from './lib/arxiv/page-kind'; (globalThis as any).x = [parseArxivId, pageKindFromUrl];"],
  ['readability only', "import { Readability } from '@mozilla/readability'; (globalThis as any).x = Readability;"],
  ['atom', "import { parseAtomFeed } from './lib/arxiv/atom'; (globalThis as any).x = parseAtomFeed;"],
  ['linkedom', "import { DOMParser } from 'linkedom'; (globalThis as any).x = DOMParser;"],
] as const) {
  const r = await build({ stdin: { contents: code, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, write: false, format: 'iife', platform: 'browser', minify: true, logLevel: 'silent' });
  const b = r.outputFiles[0]!.contents;
  console.log(name.padEnd(40), b.length, 'min', gzipSync(b, { level: 9 }).length, 'gz');
}
