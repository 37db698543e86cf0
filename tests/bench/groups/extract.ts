/**
 * Page extraction (issue 3): `extractPage` on captured arXiv pages in real Chromium. Each page is
 * parsed once by the browser's DOMParser, then extracted `--extract-rounds` times (after 5
 * warm-up runs); the median is reported. The LaTeXML full text of 1706.03762v7 is the headline
 * (target under 30 ms); the abs, listing and search pages are reported beside it.
 * Also: the gzipped size of the extractor alone and without its Readability fallback (esbuild,
 * minified; the whole content script is measured by the `bundle` group), and the cold
 * evaluation time of linkedom, which `parseHtmlInWorker` makes the background load at start.
 *
 * Options (after `npm run bench -- --only extract`):
 *   --extract-rounds N   timed runs per page (default 40, at least 30)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { ExtractBenchRun } from '../page/extract-in-page';
import { numberOption, parseBenchArgs } from '../lib/args';
import { median, percentile, round } from '../lib/stats';
import type { BenchContext, BenchGroup, BenchRow } from '../lib/bench-types';

const ENGINE = 'antigravity';

const PAGES: { file: string; url: string; metric: string; corpus: string }[] = [
  {
    file: 'html_1706.03762v7.html',
    url: 'https://arxiv.org/html/1706.03762v7',
    metric: 'extract_html_p50_ms',
    corpus: 'html_1706.03762v7',
  },
  {
    file: 'abs_1706.03762.html',
    url: 'https://arxiv.org/abs/1706.03762',
    metric: 'extract_abs_p50_ms',
    corpus: 'abs_1706.03762',
  },
  {
    file: 'list_cs.CL_recent.html',
    url: 'https://arxiv.org/list/cs.CL/recent',
    metric: 'extract_listing_p50_ms',
    corpus: 'list_cs.CL_recent',
  },
  {
    file: 'search_all_attention.html',
    url: 'https://arxiv.org/search/?query=attention+is+all+you+need&searchtype=all',
    metric: 'extract_search_p50_ms',
    corpus: 'search_all_attention',
  },
];

/** A minified browser bundle (IIFE) of a small entry written inline. */
async function minified(root: string, contents: string): Promise<Uint8Array> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome116',
    minify: true,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

const gz = (b: Uint8Array) => gzipSync(b, { level: 9 }).length;

/** Cold evaluation of the linkedom bundle in fresh pages: what a service worker start pays. */
async function linkedomEvalMs(ctx: BenchContext, runs: number): Promise<number[]> {
  const code = new TextDecoder().decode(
    await minified(
      ctx.root,
      "import { DOMParser } from 'linkedom'; (globalThis as any).__ld = DOMParser;",
    ),
  );
  const timed = `window.__ldT0 = performance.now();\n${code}\n;window.__ldMs = performance.now() - window.__ldT0;`;
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await ctx.newPage();
    try {
      await page.addScriptTag({ content: timed });
      out.push(await page.evaluate(() => (window as unknown as { __ldMs: number }).__ldMs));
    } finally {
      await page.close();
    }
  }
  return out;
}

async function timePages(ctx: BenchContext, rounds: number): Promise<BenchRow[]> {
  const page = await ctx.newPage();
  const rows: BenchRow[] = [];
  try {
    await page.addScriptTag({ content: await ctx.bundle('tests/bench/page/extract-in-page.ts') });
    for (const p of PAGES) {
      const file = path.join(ctx.root, 'tests', 'fixtures', 'arxiv-pages', p.file);
      const html = readFileSync(file, 'utf8');
      const r: ExtractBenchRun = await page.evaluate(
        (a) => window.__extractBench!.run(a.html, a.url, a.rounds, 5),
        { html, url: p.url, rounds },
      );
      const what = r.entries
        ? `${r.entries} entries`
        : `${r.sections} sections, ${r.references} references`;
      const p50 = round(median(r.times));
      const p90 = round(percentile(r.times, 90));
      const warned = r.warnings.length ? `, warnings ${r.warnings.join(',')}` : '';
      ctx.log(`${p.corpus}: median ${p50} ms, p90 ${p90} ms (${what}${warned})`);
      rows.push({
        metric: p.metric,
        engine: ENGINE,
        corpus: p.corpus,
        value: p50,
        unit: 'ms',
        note: `${rounds} runs after 5 warm-up, page parsed once by Chromium's DOMParser; p90 ${p90} ms; ${what}`,
      });
    }
  } finally {
    await page.close();
  }
  return rows;
}

const group: BenchGroup = {
  name: 'extract',
  description:
    'extractPage on captured arXiv pages in Chromium (median ms); extractor gzip size; linkedom start-up',
  async run(ctx) {
    const args = parseBenchArgs(ctx.args);
    const rounds = numberOption(args, 'extract-rounds', 40);
    if (!Number.isInteger(rounds) || rounds < 30)
      throw new Error('--extract-rounds must be a whole number of at least 30.');
    const rows = await timePages(ctx, rounds);

    const full = gz(
      await minified(
        ctx.root,
        "import { extractPage } from './lib/arxiv/extract-page'; import { readabilityFallback } from './lib/arxiv/extract-readability'; (globalThis as any).x = (d: Document, u: string) => extractPage(d, u, { fallback: readabilityFallback });",
      ),
    );
    const lite = gz(
      await minified(
        ctx.root,
        "import { extractPage } from './lib/arxiv/extract-page'; (globalThis as any).x = extractPage;",
      ),
    );
    rows.push(
      {
        metric: 'extractor_gzip_bytes',
        engine: ENGINE,
        corpus: 'lib/arxiv/extract-page.ts + extract-readability.ts',
        value: full,
        unit: 'bytes',
        note: 'esbuild bundle of extractPage with readabilityFallback and all they import, minified, gzip -9',
      },
      {
        metric: 'extractor_lite_gzip_bytes',
        engine: ENGINE,
        corpus: 'lib/arxiv/extract-page.ts',
        value: lite,
        unit: 'bytes',
        note: 'extractPage without the Readability fallback, minified, gzip -9',
      },
    );

    const ld = await linkedomEvalMs(ctx, 10);
    rows.push({
      metric: 'linkedom_eval_ms',
      engine: ENGINE,
      corpus: 'linkedom',
      value: round(median(ld)),
      unit: 'ms',
      note: `median of 10 fresh pages evaluating the minified linkedom bundle (cold, no code cache): the background start-up cost of parseHtmlInWorker; max ${round(Math.max(...ld))} ms`,
    });
    return rows;
  },
};

export default group;
