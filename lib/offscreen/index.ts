import { browser, type Browser } from 'wxt/browser';
import { toAgError, type AgError } from '../errors';
import { offscreenHandlers, type OffscreenHandlers } from './offscreen-handlers';
import { OffscreenEnvelope, offscreenProtocol, type OffscreenName } from './offscreen-protocol';
import { isTrustedSender } from '../messaging';

/**
 * The DOM context of the background: Chrome's offscreen document runs `registerOffscreen()`;
 * Firefox's background page calls `dispatchOffscreen` directly (lib/background/offscreen-document.ts).
 * Requests are parsed on arrival and responses before they leave; a throwing handler becomes
 * a typed error; only the extension's own worker (no tab, own origin) is answered.
 */
export type OffscreenReply = { ok: true; data: unknown } | { ok: false; error: AgError };

export { offscreenProtocol, OffscreenEnvelope } from './offscreen-protocol';
export type { OffscreenName, OffscreenRequest, OffscreenResponse } from './offscreen-protocol';

export async function dispatchOffscreen(
  raw: unknown,
  handlers: OffscreenHandlers = offscreenHandlers(),
): Promise<OffscreenReply> {
  const env = OffscreenEnvelope.safeParse(raw);
  if (!env.success)
    return { ok: false, error: { code: 'bad_message', message: 'Not an offscreen request.' } };
  const name = env.data.name as OffscreenName;
  const spec = Object.hasOwn(offscreenProtocol, name) ? offscreenProtocol[name] : undefined;
  if (!spec) {
    return {
      ok: false,
      error: { code: 'bad_message', message: `Unknown offscreen request "${env.data.name}".` },
    };
  }
  const req = spec.req.safeParse(env.data.payload);
  if (!req.success) {
    return { ok: false, error: { code: 'bad_message', message: `Malformed "${name}" request.` } };
  }
  try {
    const data = await (handlers[name] as (r: unknown) => unknown)(req.data);
    const res = spec.res.safeParse(data);
    if (!res.success) {
      return {
        ok: false,
        error: { code: 'bad_message', message: `The "${name}" handler gave a malformed response.` },
      };
    }
    return { ok: true, data: res.data };
  } catch (e) {
    return { ok: false, error: toAgError(e) };
  }
}

/** True for the extension's worker: no tab, and a URL of this extension. */
export function isOwnWorker(sender: Browser.runtime.MessageSender): boolean {
  return !sender.tab && isTrustedSender(sender);
}

/** Listens for offscreen requests in the offscreen document. Returns the unregister function. */
export function registerOffscreen(handlers: OffscreenHandlers = offscreenHandlers()): () => void {
  const listener = (
    raw: unknown,
    sender: Browser.runtime.MessageSender,
    sendResponse: (r: unknown) => void,
  ) => {
    if (!OffscreenEnvelope.safeParse(raw).success || !isOwnWorker(sender)) return undefined;
    void dispatchOffscreen(raw, handlers).then(sendResponse);
    return true;
  };
  browser.runtime.onMessage.addListener(listener as never);
  return () => browser.runtime.onMessage.removeListener(listener as never);
}
