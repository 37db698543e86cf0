import { browser, type Browser } from 'wxt/browser';
import { AgException, toAgError } from '../errors';
import {
  protocol,
  RequestEnvelope,
  ResponseEnvelope,
  type MessageType,
  type RequestOf,
  type ResponseOf,
} from './protocol';

export * from './protocol';
export * from './port-messages';

type Sender = Browser.runtime.MessageSender;

export type Handler<T extends MessageType> = (
  payload: ResponseOfReq<T>,
  sender: Sender,
) => Promise<ResponseOf<T>> | ResponseOf<T>;
type ResponseOfReq<T extends MessageType> = import('zod').output<(typeof protocol)[T]['req']>;
export type Handlers = { [T in MessageType]?: Handler<T> };

type Envelope = { ok: true; data: unknown } | { ok: false; error: import('../errors').AgError };

function badMessage(message: string): Envelope {
  return { ok: false, error: { code: 'bad_message', message } };
}

/**
 * Handles one raw message: unknown types and malformed payloads get a typed `bad_message`
 * error, a throwing handler a mapped error; nothing escapes as an exception.
 */
export async function dispatch(
  handlers: Handlers,
  raw: unknown,
  sender: Sender,
): Promise<Envelope> {
  const env = RequestEnvelope.safeParse(raw);
  if (!env.success) return badMessage('Not an Antigravity message.');
  const type = env.data.type as MessageType;
  const spec = protocol[type];
  if (!spec) return badMessage(`Unknown message type "${env.data.type}".`);
  const handler = handlers[type] as Handler<MessageType> | undefined;
  if (!handler) return badMessage(`No handler for "${type}" here.`);
  const payload = spec.req.safeParse(env.data.payload);
  if (!payload.success) {
    return badMessage(
      `Malformed "${type}" request: ${payload.error.issues[0]?.message ?? 'invalid'}.`,
    );
  }
  try {
    const data = await handler(payload.data as never, sender);
    const checked = spec.res.safeParse(data);
    if (!checked.success) return badMessage(`The "${type}" handler gave a malformed response.`);
    return { ok: true, data: checked.data };
  } catch (e) {
    return { ok: false, error: toAgError(e) };
  }
}

/**
 * Registers the handlers of this context on runtime.onMessage. Returns the unregister function.
 * Messages that are not ours are left for other listeners.
 */
export function registerHandlers(handlers: Handlers): () => void {
  const listener = (raw: unknown, sender: Sender, sendResponse?: (r: unknown) => void) => {
    if (!RequestEnvelope.safeParse(raw).success) return undefined;
    const p = dispatch(handlers, raw, sender);
    if (typeof sendResponse === 'function') {
      void p.then(sendResponse);
      return true;
    }
    return p;
  };
  browser.runtime.onMessage.addListener(listener as never);
  return () => browser.runtime.onMessage.removeListener(listener as never);
}

async function unwrap<T extends MessageType>(type: T, raw: unknown): Promise<ResponseOf<T>> {
  const env = ResponseEnvelope.safeParse(raw);
  if (!env.success) {
    throw new AgException({
      code: 'bad_message',
      message: `No valid answer to "${type}".`,
      action: 'Reload the page or the extension.',
    });
  }
  if (!env.data.ok) throw new AgException(env.data.error);
  const data = protocol[type].res.safeParse(env.data.data);
  if (!data.success)
    throw new AgException({ code: 'bad_message', message: `Malformed "${type}" response.` });
  return data.data as ResponseOf<T>;
}

/**
 * The wire form of a request. The payload is not parsed here: its type checks it at compile
 * time, and the receiving end parses it with the same schema (dispatch), defaults included, and
 * answers `bad_message` when it does not hold. Parsing it here too cost the content script a cold
 * zod pass over every listing entry before its one request could go out.
 */
function envelope<T extends MessageType>(type: T, payload: RequestOf<T>) {
  return { ag: 1 as const, type, payload };
}

/** Sends a request to the background (or extension pages) and returns its parsed response. */
export async function sendRequest<T extends MessageType>(
  type: T,
  payload: RequestOf<T>,
): Promise<ResponseOf<T>> {
  const sent = browser.runtime.sendMessage(envelope(type, payload));
  prepare(type);
  return unwrap(type, await sent);
}

/**
 * Builds the schemas that will parse the answer while the request is in flight (they are built on
 * first use, lib/messaging/protocol.ts): a content script starts cold on every page, and the
 * answer it waits for then meets ready schemas. In a task of its own, so that whatever the caller
 * does next (read the page, send its next request) goes first.
 */
function prepare(type: MessageType): void {
  setTimeout(() => {
    ResponseEnvelope.safeParse({ ok: true });
    protocol[type].res.safeParse({});
  }, 0);
}

/** Sends a request to the content script of a tab. */
export async function sendToTab<T extends MessageType>(
  tabId: number,
  type: T,
  payload: RequestOf<T>,
): Promise<ResponseOf<T>> {
  const raw = await browser.tabs.sendMessage(tabId, envelope(type, payload));
  return unwrap(type, raw);
}

/** True when a message comes from one of the extension's own pages or its worker, not a content script. */
export function isTrustedSender(sender: Sender): boolean {
  const own = browser.runtime.getURL('/');
  return !sender.tab || (typeof sender.url === 'string' && sender.url.startsWith(own));
}
