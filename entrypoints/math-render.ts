import { renderInlineMath } from '@/lib/render/markdown';

/**
 * KaTeX for titles on arXiv pages, loaded by the content script only when a title has math
 * (entrypoints/arxiv.content/ui/math.ts imports this file by URL; it is web-accessible on
 * arxiv.org). Kept out of the content script so that stays small.
 */
export default defineUnlistedScript(() => {
  globalThis.__antigravityRenderInlineMath = renderInlineMath;
});
