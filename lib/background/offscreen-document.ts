import { browser } from 'wxt/browser';
import { AgException } from '../errors';
import {
  dispatchOffscreen,
  offscreenProtocol,
  type OffscreenName,
  type OffscreenReply,
  type OffscreenRequest,
  type OffscreenResponse,
} from '../offscreen';

/**
 * The background's way into its DOM context (PDF.js, long imports, every corpus write: it is the
 * corpus's one writer, see lib/background/corpus-writer.ts). Chrome: one offscreen
 * document, created on first use (concurrent callers share the creation) and kept open.
 * Firefox has no offscreen API; its background page has a DOM, so the request is handled in
 * place. Both paths parse the reply with the request's response schema.
 */
const OFFSCREEN_PATH = '/offscreen.html';

type OffscreenApi = {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
};
type ContextsApi = (filter: {
  contextTypes: string[];
  documentUrls?: string[];
}) => Promise<unknown[]>;

function chromeOffscreen(): { offscreen: OffscreenApi; getContexts?: ContextsApi } | undefined {
  const c = (
    globalThis as { chrome?: { offscreen?: OffscreenApi; runtime?: { getContexts?: ContextsApi } } }
  ).chrome;
  if (!c?.offscreen) return undefined;
  return { offscreen: c.offscreen, getContexts: c.runtime?.getContexts?.bind(c.runtime) };
}

let creating: Promise<void> | undefined;

/** Opens the offscreen document unless it is already open. */
export async function ensureOffscreenDocument(): Promise<void> {
  const api = chromeOffscreen();
  if (!api) return;
  const url = browser.runtime.getURL(OFFSCREEN_PATH);
  if (api.getContexts) {
    const open = await api.getContexts({
      contextTypes: ['OFFSCREEN_DOCUMENT'],
      documentUrls: [url],
    });
    if (open.length > 0) return;
  }
  creating ??= api.offscreen
    .createDocument({
      url,
      reasons: ['WORKERS', 'DOM_PARSER'],
      justification:
        'Read PDF text with PDF.js, and run corpus imports and writes off the service worker.',
    })
    .catch((e: unknown) => {
      // Another caller opened it between the check and the creation.
      if (!String(e).includes('single offscreen')) throw e;
    })
    .finally(() => {
      creating = undefined;
    });
  await creating;
}

/** Sends one request to the DOM context and returns its parsed response. */
export async function callOffscreen<N extends OffscreenName>(
  name: N,
  payload: OffscreenRequest<N>,
): Promise<OffscreenResponse<N>> {
  const envelope = { agOffscreen: 1 as const, name, payload };
  let reply: OffscreenReply;
  if (chromeOffscreen()) {
    await ensureOffscreenDocument();
    reply = (await browser.runtime.sendMessage(envelope)) as OffscreenReply;
  } else {
    reply = await dispatchOffscreen(envelope);
  }
  if (!reply || typeof reply !== 'object' || !('ok' in reply)) {
    throw new AgException({ code: 'bad_message', message: `No answer to offscreen "${name}".` });
  }
  if (!reply.ok) throw new AgException(reply.error);
  const res = offscreenProtocol[name].res.safeParse(reply.data);
  if (!res.success) {
    throw new AgException({ code: 'bad_message', message: `Malformed offscreen "${name}" reply.` });
  }
  return res.data as OffscreenResponse<N>;
}
