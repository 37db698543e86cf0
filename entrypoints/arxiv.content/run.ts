import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { extractPage } from '@/lib/arxiv/extract';
import type { ExtractResult } from '@/lib/arxiv/schema';
import { registerHandlers, sendRequest } from '@/lib/messaging';
import type { PublicSettings } from '@/lib/settings';
import { features } from './features';
import type { PageContext } from './features/types';

function readPage(): ExtractResult {
  try {
    return extractPage(document, location.href);
  } catch (e) {
    // extractPage never throws by contract; this is the last line that keeps the page safe.
    return { kind: 'other', warnings: [{ code: 'not_a_paper', message: String(e) }] };
  }
}

/** Reads the page, reports it, and starts each feature that applies, each on its own. */
export async function runContentScript(ctx: ContentScriptContext): Promise<void> {
  const controller = new AbortController();
  ctx.onInvalidated(() => controller.abort());
  const unregister = registerHandlers({ 'content/extract': () => readPage() });
  ctx.onInvalidated(unregister);

  const result = readPage();
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

function report(id: string, e: unknown) {
  console.warn(`[Antigravity] feature "${id}" failed:`, e);
}
