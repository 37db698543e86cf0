/**
 * The worker's fetch, called late so tests and the browser can replace the global.
 *
 * Test builds only (__AG_TEST_BUILD__, false in production and dropped by the minifier): when
 * the e2e tests put `testArxivEndpoints.pagesUrl` / `apiUrl` in storage, requests to
 * https://arxiv.org/ and to the export API go to their local recorded-response server instead.
 * Firefox gives WebDriver no way to intercept an extension's own background requests.
 */
import { browser } from 'wxt/browser';

declare const __AG_TEST_BUILD__: boolean | undefined;

export const workerFetch: typeof fetch = async (input, init) => {
  if (typeof __AG_TEST_BUILD__ !== 'undefined' && __AG_TEST_BUILD__) {
    input = await testRoute(input);
  }
  return fetch(input, init);
};

async function testRoute(input: RequestInfo | URL): Promise<RequestInfo | URL> {
  if (typeof input !== 'string' && !(input instanceof URL)) return input;
  const got = await browser.storage.local.get('testArxivEndpoints').catch(() => ({}));
  const to = (got as { testArxivEndpoints?: { pagesUrl?: string; apiUrl?: string } })
    .testArxivEndpoints;
  const url = String(input);
  if (to?.pagesUrl && url.startsWith('https://arxiv.org/')) {
    return to.pagesUrl.replace(/\/$/, '') + url.slice('https://arxiv.org'.length);
  }
  if (to?.apiUrl && url.startsWith('https://export.arxiv.org/api/query')) {
    return to.apiUrl + url.slice('https://export.arxiv.org/api/query'.length);
  }
  return input;
}
