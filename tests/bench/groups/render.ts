/**
 * The streaming render benchmark (issue 5): a 4,000-word answer (paragraphs with inline math,
 * lists, display math, code, tables) pushed into lib/render's streaming renderer in 16-character
 * deltas in real headless Chromium, against re-rendering the whole text on every delta.
 *
 * Options (after `npm run bench -- --only render`):
 *   --render-words N   answer length in words (default 4000)
 *   --render-delta N   characters per delta (default 16)
 */
import { numberOption, parseBenchArgs } from '../lib/args';
import { percentile, round } from '../lib/stats';
import { BenchGroupError, type BenchContext, type BenchGroup, type BenchRow } from '../lib/types';

const ENGINE = 'antigravity';

const group: BenchGroup = {
  name: 'render',
  description:
    'side panel streaming render of a 4,000-word answer in 16-char deltas (lib/render) vs re-rendering everything per delta, real Chromium',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const args = parseBenchArgs(ctx.args);
    const words = Math.max(100, numberOption(args, 'render-words', 4000));
    const delta = Math.max(1, numberOption(args, 'render-delta', 16));
    const page = await ctx.newPage();
    await page.addScriptTag({ content: await ctx.bundle('tests/bench/page/render.ts') });
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
    if (!r.equal)
      throw new BenchGroupError(
        'render: streamed HTML differs from renderMarkdown of the whole answer',
        rows,
      );
    return rows;
  },
};

export default group;
