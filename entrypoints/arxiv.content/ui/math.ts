import { sendRequest } from '@/lib/messaging';

/**
 * Math in titles, without KaTeX in the content script (it would triple the bundle): the first
 * title with math asks the background to run `math-render.js` (an unlisted script wrapping
 * `renderInlineMath` of lib/render/markdown.ts) in this frame (`math/load`, scripting API), which
 * runs it in the content script's own world. The file is not web-accessible: pages cannot probe
 * for it. Until it is loaded, or if it cannot be, the LaTeX source shows.
 */

type Render = (text: string) => string;

declare global {
  var __antigravityRenderInlineMath: Render | undefined;
}

const MATH_RE = /\$[^$]+\$|\\\(|\\\[/;

/** True when a text has something `renderInlineMath` would typeset. */
export function hasMath(text: string): boolean {
  return MATH_RE.test(text);
}

let loading: Promise<Render | null> | undefined;

/** The renderer, loaded once per page; null when it cannot load (the source text stays). */
export function loadMathRenderer(): Promise<Render | null> {
  loading ??= (
    globalThis.__antigravityRenderInlineMath
      ? Promise.resolve()
      : sendRequest('math/load', {}).then(() => undefined)
  )
    .then(() => globalThis.__antigravityRenderInlineMath ?? null)
    .catch((e: unknown) => {
      console.warn('[Antigravity] math rendering unavailable:', e);
      return null;
    });
  return loading;
}

/** Puts `text` in `el`, its math typeset by `render` when given (KaTeX, `trust: false`). */
export function fillMath(el: HTMLElement, text: string, render: Render | null): void {
  if (!render || !hasMath(text)) {
    el.textContent = text;
    return;
  }
  try {
    // KaTeX escapes everything outside math; nothing of the page or the corpus is parsed as HTML.
    el.innerHTML = render(text);
  } catch {
    el.textContent = text;
  }
}

/**
 * Puts `text` in `el` now (as text), then typesets its math once the renderer is ready (for
 * hover cards, which take no room on the page).
 */
export function setMathText(el: HTMLElement, text: string): void {
  el.textContent = text;
  if (!hasMath(text)) return;
  void loadMathRenderer().then((render) => {
    if (render && el.textContent === text) fillMath(el, text, render);
  });
}
