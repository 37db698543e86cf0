/**
 * Page side of the `render` benchmark (tests/bench/groups/render.ts): streams a 4,000-word
 * answer into lib/render's streaming renderer in small deltas, the way the side panel does, and
 * times each push; then the same deltas with a naive renderer that re-renders the whole text.
 */
import { createStreamingRenderer, renderMarkdown } from '../../../lib/render/markdown';

export interface RenderRunArgs {
  words: number;
  delta: number;
}

export interface RenderRunResult {
  chars: number;
  words: number;
  pushes: number;
  streamTotalMs: number;
  streamPushMs: number[];
  charsParsed: number;
  naiveTotalMs: number;
  naivePushMs: number[];
  fullRenderMs: number;
  equal: boolean;
}

declare global {
  interface Window {
    __renderBench?: { run(args: RenderRunArgs): RenderRunResult };
  }
}

/** A long answer of varied blocks (paragraphs with math, lists, display math, code, tables). */
export function longAnswer(words: number): string {
  const blocks: string[] = [];
  let count = 0;
  let i = 0;
  const vocab = [
    'the',
    'signal',
    '**model**',
    'latent',
    'space',
    'anomaly',
    '$x_i$',
    'generalizes',
    'poorly',
    'to',
    'unseen',
    '*topologies*',
  ];
  const para = (k: number) =>
    Array.from({ length: 40 + (k % 5) * 10 }, (_, j) => vocab[(j + k) % vocab.length]).join(' ') +
    '.';
  while (count < words) {
    const kind = i % 7;
    let b: string;
    if (kind === 0) b = `## Section ${i}`;
    else if (kind === 3) b = `- item one of ${i}\n- item two with $a^2$\n- item three`;
    else if (kind === 4) b = `$$\n\\sum_{k=1}^{${i}} k^2\n$$`;
    else if (kind === 5) b = '```python\nprint("x")\n\nprint("y")\n```';
    else if (kind === 6) b = `| a | b |\n|---|---|\n| ${i} | $y$ |`;
    else b = para(i);
    blocks.push(b);
    count += b.split(/\s+/).length;
    i++;
  }
  return blocks.join('\n\n') + '\n';
}

window.__renderBench = {
  run({ words, delta }) {
    const text = longAnswer(words);
    // Warm up KaTeX and markdown-it.
    renderMarkdown(text.slice(0, 2000));
    const r = createStreamingRenderer();
    const streamPushMs: number[] = [];
    const stable: string[] = [];
    let tail = '';
    const t0 = performance.now();
    for (let pos = 0; pos < text.length; pos += delta) {
      const s = performance.now();
      const out = r.push(text.slice(pos, pos + delta));
      streamPushMs.push(performance.now() - s);
      stable.push(...out.stableHtml);
      tail = out.tailHtml;
    }
    const streamTotalMs = performance.now() - t0;
    const naivePushMs: number[] = [];
    const t1 = performance.now();
    for (let pos = 0; pos < text.length; pos += delta) {
      const s = performance.now();
      renderMarkdown(text.slice(0, pos + delta));
      naivePushMs.push(performance.now() - s);
    }
    const naiveTotalMs = performance.now() - t1;
    const t2 = performance.now();
    const full = renderMarkdown(text);
    const fullRenderMs = performance.now() - t2;
    return {
      chars: text.length,
      words: text.split(/\s+/).length,
      pushes: streamPushMs.length,
      streamTotalMs,
      streamPushMs,
      charsParsed: r.stats().charsParsed,
      naiveTotalMs,
      naivePushMs,
      fullRenderMs,
      equal: stable.join('') + tail === full,
    };
  },
};
