import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { extractPage } from '@/lib/arxiv/extract-page';
import type { ExtractResult } from '@/lib/arxiv/schema';
import { registerHandlers, sendRequest } from '@/lib/messaging';
import type { PublicSettings } from '@/lib/settings';
import { features } from './features';
import type { Feature, PageContext } from './features/page-feature';
import { markPage } from './ui/test-hooks';

function readPage(): ExtractResult {
  try {
    return extractPage(document, location.href);
  } catch (e) {
    // extractPage never throws by contract; this is the last line that keeps the page safe.
    return { kind: 'other', warnings: [{ code: 'not_a_paper', message: String(e) }] };
  }
}

/**
 * Reads the page, reports it, and starts each feature that applies, each on its own. The settings
 * are asked for first and arrive while the page is read; features marked `early` start without
 * them (their requests go out first), the others once they are in.
 */
export async function runContentScript(ctx: ContentScriptContext): Promise<void> {
  // Marks for the benchmark's breakdown of the time to the badges (tests/bench/groups/badges.ts).
  performance.mark('antigravity:start');
  const controller = new AbortController();
  ctx.onInvalidated(() => controller.abort());
  const settingsReply = sendRequest('settings/public', {}).catch(() => null);
  const unregister = registerHandlers({ 'content/extract': () => withFallback(readPage()) });
  ctx.onInvalidated(unregister);

  const result = await withFallback(readPage());
  const start = (feature: Feature, page: PageContext) =>
    (async () => {
      try {
        if (feature.include(page)) await feature.init(ctx, page, controller.signal);
      } catch (e) {
        report(feature.id, e);
      }
    })();
  const read = { url: location.href, result };
  const early = features.filter((f) => f.early).map((f) => start(f, { ...read, settings: null }));
  const settings = (await settingsReply) as PublicSettings | null;
  const page: PageContext = { ...read, settings };
  markPage('antigravity', 'ready');
  await Promise.all([...early, ...features.filter((f) => !f.early).map((f) => start(f, page))]);
}

/**
 * A full-text page without LaTeXML structure: the background reads it with Readability (kept out
 * of this script, which every arXiv page loads).
 */
async function withFallback(result: ExtractResult): Promise<ExtractResult> {
  const lacksText = result.kind === 'html' && (result.paper?.sections.length ?? 0) === 0;
  if (!lacksText) return result;
  const html = document.documentElement.outerHTML;
  if (html.length > 8_000_000) return result;
  return sendRequest('paper/read-html', { url: location.href, html }).catch(() => result);
}

function report(id: string, e: unknown) {
  console.warn(`[Antigravity] feature "${id}" failed:`, e);
}
