/**
 * A `Document` from an HTML string where there is no `DOMParser` (the MV3 service worker).
 * Uses the native parser when the context has one (pages, Firefox's background page), else
 * linkedom. `extractPage` and Readability both run on linkedom documents
 * (tests/lib/arxiv/worker-dom.test.ts checks the results are the same as on a browser DOM).
 *
 * linkedom is imported statically on purpose: `import()` is disallowed in service workers by
 * the HTML specification and Chrome rejects it in an extension's service worker ("import() is
 * disallowed on ServiceWorkerGlobalScope"), so a lazily imported chunk would fail exactly where
 * this function is needed. The price is evaluating linkedom when the background starts (measured
 * by `npm run bench -- --only extract`, row `linkedom_eval_ms`). To avoid it, parse in a context
 * that has a DOMParser instead (an offscreen document, or the side panel) and pass that parser
 * to `fetchPaperForPdf` as `parseHtml`.
 */
import { DOMParser as LinkedomParser } from 'linkedom';

export async function parseHtmlInWorker(html: string, _url?: string): Promise<Document> {
  const Native = (globalThis as { DOMParser?: typeof DOMParser }).DOMParser;
  if (typeof Native === 'function') {
    return new Native().parseFromString(html, 'text/html');
  }
  return new LinkedomParser().parseFromString(html, 'text/html') as unknown as Document;
}
