import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { extractPageLite } from '@/lib/arxiv/extract-lite';
import type { ExtractResult } from '@/lib/arxiv/schema';
import { registerHandlers, sendRequest } from '@/lib/messaging';
import type { PublicSettings } from '@/lib/settings';
import { features } from './features';
import type { PageContext } from './features/types';

function readPage(): ExtractResult {
  try {
    return extractPageLite(document, location.href);
  } catch (e) {
    // extractPage never throws by contract; this is the last line that keeps the page safe.
    return { kind: 'other', warnings: [{ code: 'not_a_paper', message: String(e) }] };
  }
}

/** Reads the page, reports it, and starts each feature that applies, each on its own. */
export async function runContentScript(ctx: ContentScriptContext): Promise<void> {
  const controller = new AbortController();
  ctx.onInvalidated(() => controller.abort());
  const unregister = registerHandlers({ 'content/extract': () => withFallback(readPage()) });
  ctx.onInvalidated(unregister);

  const result = await withFallback(readPage());
  const settings = await sendRequest('settings/public', {}).catch(() => null);
  const page: PageContext = {
    url: location.href,
    result,
    settings: settings as PublicSettings | null,
  };
  document.documentElement.dataset.antigravity = 'ready';
  await Promise.all(
    features.map(async (feature) => {
      try {
        if (feature.include(page)) await feature.init(ctx, page, controller.signal);
      } catch (e) {
        report(feature.id, e);
      }
    }),
  );
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
