import { renderInlineMath } from '@/lib/render/markdown';

/**
 * KaTeX for titles on arXiv pages, run in the content script's world only when a title has math
 * (entrypoints/arxiv.content/ui/math.ts asks, lib/background/math-renderer.ts injects it; it is
 * not web-accessible). Kept out of the content script so that stays small.
 */
export default defineUnlistedScript(() => {
  globalThis.__antigravityRenderInlineMath = renderInlineMath;
});
