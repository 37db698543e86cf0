import { renderInlineMath } from '@/lib/render/markdown';

/**
 * KaTeX for titles on arXiv pages, loaded by the content script only when a title has math
 * (entrypoints/arxiv.content/ui/math.ts asks the worker to inject it with scripting.executeScript;
 * it is not web-accessible). Kept out of the content script so that stays small.
 */
export default defineUnlistedScript(() => {
  globalThis.__antigravityRenderInlineMath = renderInlineMath;
});
