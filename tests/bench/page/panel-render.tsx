/**
 * Page side of the side panel rows of the `render` benchmark (tests/bench/groups/render.ts): the
 * panel's own streaming component (components/sidepanel/StreamingMarkdown, React 19) receives a
 * 4,000-word answer growing by `delta` characters per update, in a 360 px column (the group adds
 * KaTeX's stylesheet to the page), and each update is timed through React's commit and the browser's layout. The
 * naive panel, which re-renders the whole answer into the DOM on every update, is timed at 60
 * evenly spread updates.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { StreamingMarkdown } from '../../../components/sidepanel/StreamingMarkdown';
import { renderMarkdown } from '../../../lib/render/markdown';
import { longAnswer } from './render-in-page';

export interface PanelRunArgs {
  words: number;
  delta: number;
}

export interface PanelRunResult {
  chars: number;
  updates: number;
  streamTotalMs: number;
  streamUpdateMs: number[];
  /** Naive panel: timed at `naiveUpdateMs.length` evenly spread updates (it is slow). */
  naiveUpdateMs: number[];
  /** Mean of the sampled naive updates times the number of updates. */
  naiveTotalEstMs: number;
  /** The streamed DOM shows the same text as the one-shot render. */
  equal: boolean;
}

declare global {
  interface Window {
    __panelBench?: { run(args: PanelRunArgs): PanelRunResult };
  }
}

function column(): HTMLDivElement {
  const host = document.createElement('div');
  host.style.cssText = 'width:360px;font:14px/1.55 system-ui,sans-serif;overflow-wrap:anywhere';
  document.body.append(host);
  return host;
}

window.__panelBench = {
  run({ words, delta }) {
    const text = longAnswer(words);
    renderMarkdown(text.slice(0, 2000)); // warm up KaTeX and markdown-it

    const host = column();
    const root = createRoot(host);
    const streamUpdateMs: number[] = [];
    const t0 = performance.now();
    for (let pos = delta; pos < text.length + delta; pos += delta) {
      const s = performance.now();
      flushSync(() => root.render(<StreamingMarkdown text={text.slice(0, pos)} />));
      void host.offsetHeight; // layout, as the next frame would do
      streamUpdateMs.push(performance.now() - s);
    }
    const streamTotalMs = performance.now() - t0;
    const streamedText = host.textContent ?? '';
    root.unmount();
    host.remove();

    // The naive panel at 60 evenly spread updates (all of them would take minutes).
    const naive = column();
    const naiveUpdateMs: number[] = [];
    const updates = streamUpdateMs.length;
    const every = Math.max(1, Math.ceil(updates / 60));
    for (let k = every - 1; k < updates; k += every) {
      const s = performance.now();
      naive.innerHTML = renderMarkdown(text.slice(0, (k + 1) * delta));
      void naive.offsetHeight;
      naiveUpdateMs.push(performance.now() - s);
    }
    naive.innerHTML = renderMarkdown(text);
    const naiveText = naive.textContent ?? '';
    naive.remove();
    const squash = (s: string) => s.replace(/\s+/g, '');
    return {
      chars: text.length,
      updates,
      streamTotalMs,
      streamUpdateMs,
      naiveUpdateMs,
      naiveTotalEstMs:
        (naiveUpdateMs.reduce((a, b) => a + b, 0) / Math.max(1, naiveUpdateMs.length)) * updates,
      equal: squash(streamedText) === squash(naiveText),
    };
  },
};
