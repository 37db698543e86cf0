/**
 * The streaming render benchmark (issue 5): a 4,000-word answer (paragraphs with inline math,
 * lists, display math, code, tables) pushed into lib/render's streaming renderer in 16-character
 * deltas in real headless Chromium, against re-rendering the whole text on every delta.
 *
 * Options (after `npm run bench -- --only render`):
 *   --render-words N   answer length in words (default 4000)
 *   --render-delta N   characters per delta (default 16)
 *   --panel-delta N    characters per update of the side panel rows (default 64)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { numberOption, parseBenchArgs } from '../lib/args';
import { percentile, round } from '../lib/stats';
import {
  BenchGroupError,
  type BenchContext,
  type BenchGroup,
  type BenchRow,
} from '../lib/bench-types';

const ENGINE = 'antigravity';

const group: BenchGroup = {
  name: 'render',
  description:
    'side panel streaming render of a 4,000-word answer in 16-char deltas (lib/render) vs re-rendering everything per delta, and the panel component (React + DOM) in 64-char updates, real Chromium',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const args = parseBenchArgs(ctx.args);
    const words = Math.max(100, numberOption(args, 'render-words', 4000));
    const delta = Math.max(1, numberOption(args, 'render-delta', 16));
    const page = await ctx.newPage();
    await page.addScriptTag({ content: await ctx.bundle('tests/bench/page/render-in-page.ts') });
    const r = await page.evaluate((a) => window.__renderBench!.run(a), { words, delta });
    const corpus = `answer-${words}w`;
    const where = `${r.words} words, ${r.chars.toLocaleString('en-US')} chars, ${r.pushes} pushes of ${delta} chars, real Chromium`;
    const rows: BenchRow[] = [
      {
        metric: 'stream_render_total_ms',
        engine: ENGINE,
        corpus,
        value: round(r.streamTotalMs),
        unit: 'ms',
        note: where,
      },
      {
        metric: 'stream_render_push_p95_ms',
        engine: ENGINE,
        corpus,
        value: round(percentile(r.streamPushMs, 95), 3),
        unit: 'ms',
      },
      {
        metric: 'stream_render_push_max_ms',
        engine: ENGINE,
        corpus,
        value: round(Math.max(...r.streamPushMs), 3),
        unit: 'ms',
      },
      {
        metric: 'stream_render_chars_parsed_ratio',
        engine: ENGINE,
        corpus,
        value: round(r.charsParsed / r.chars, 2),
        unit: 'x answer length',
        note: 'characters handed to markdown-it over the whole stream / answer length',
      },
      {
        metric: 'naive_render_total_ms',
        engine: 'rerender-all',
        corpus,
        value: round(r.naiveTotalMs),
        unit: 'ms',
        note: 'renderMarkdown(whole text so far) per delta',
      },
      {
        metric: 'naive_render_push_max_ms',
        engine: 'rerender-all',
        corpus,
        value: round(Math.max(...r.naivePushMs), 3),
        unit: 'ms',
      },
      {
        metric: 'full_render_ms',
        engine: ENGINE,
        corpus,
        value: round(r.fullRenderMs, 3),
        unit: 'ms',
        note: 'renderMarkdown of the finished answer, once',
      },
    ];
    rows.push(...(await panelRows(ctx, words, numberOption(args, 'panel-delta', 64))));
    if (!r.equal)
      throw new BenchGroupError(
        'render: streamed HTML differs from renderMarkdown of the whole answer',
        rows,
      );
    if (rows.some((x) => x.metric === 'panel_stream_equal' && x.value !== 1))
      throw new BenchGroupError(
        'render: the panel streamed other text than the final render',
        rows,
      );
    return rows;
  },
};

/**
 * The side panel itself (issue 5): its React streaming component (StreamingMarkdown) taking the
 * same answer in `delta`-character updates (about what one animation frame of a fast stream
 * gathers), timed through React's commit and the layout, against the naive panel that renders
 * the whole answer into the DOM on every update.
 */
async function panelRows(ctx: BenchContext, words: number, delta: number): Promise<BenchRow[]> {
  const page = await ctx.newPage();
  await page.addStyleTag({
    content: readFileSync(join(ctx.root, 'node_modules/katex/dist/katex.min.css'), 'utf8'),
  });
  await page.addScriptTag({ content: await ctx.bundle('tests/bench/page/panel-render.tsx') });
  const p = await page.evaluate((a) => window.__panelBench!.run(a), { words, delta });
  await page.close();
  const corpus = `answer-${words}w`;
  const where = `${p.updates} updates of ${delta} chars into components/sidepanel/StreamingMarkdown (React commit + layout, 360 px column), real Chromium`;
  return [
    {
      metric: 'panel_stream_total_ms',
      engine: ENGINE,
      corpus,
      value: round(p.streamTotalMs),
      unit: 'ms',
      note: where,
    },
    {
      metric: 'panel_stream_update_p95_ms',
      engine: ENGINE,
      corpus,
      value: round(percentile(p.streamUpdateMs, 95), 3),
      unit: 'ms',
    },
    {
      metric: 'panel_stream_update_max_ms',
      engine: ENGINE,
      corpus,
      value: round(Math.max(...p.streamUpdateMs), 3),
      unit: 'ms',
    },
    {
      metric: 'panel_stream_total_est_ms',
      engine: 'rerender-all',
      corpus,
      value: round(p.naiveTotalEstMs),
      unit: 'ms',
      note: `innerHTML = renderMarkdown(whole text so far) per update, + layout: mean of ${p.naiveUpdateMs.length} evenly spread updates x ${p.updates}`,
    },
    {
      metric: 'panel_stream_update_p95_ms',
      engine: 'rerender-all',
      corpus,
      value: round(percentile(p.naiveUpdateMs, 95), 3),
      unit: 'ms',
    },
    {
      metric: 'panel_stream_update_max_ms',
      engine: 'rerender-all',
      corpus,
      value: round(Math.max(...p.naiveUpdateMs), 3),
      unit: 'ms',
    },
    {
      metric: 'panel_stream_equal',
      engine: ENGINE,
      corpus,
      value: p.equal ? 1 : 0,
      unit: 'bool',
      note: 'streamed DOM text equals the one-shot render',
    },
  ];
}

export default group;
