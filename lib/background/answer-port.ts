/**
 * The background end of the answer Port: the side panel sends `ask`/`cancel` requests
 * (lib/messaging/port-messages.ts), every AnswerEvent goes back as a Port message (each streamed delta is
 * a message, which keeps the MV3 worker alive). A cancel or a closed panel stops the answer; what
 * was received is saved as incomplete. Malformed requests get an `error` event; nothing throws.
 */
import type { Browser } from 'wxt/browser';
import type { Paper } from '../arxiv/schema';
import { toAgError } from '../errors';
import { parsePortRequest, PortRequest } from '../messaging';
import { badMessageError, noPaperError, type AnswerService } from '../answer';
import type { AnswerEvent } from '../answer/schema';
import type { Reads } from '../arxiv/paper-text';

/** The part of a runtime Port this handler uses (so tests can pass a plain object). */
export type AnswerPort = Pick<Browser.runtime.Port, 'postMessage' | 'onMessage' | 'onDisconnect'>;

export interface ResolvedTabPaper {
  paper: Paper;
  reads?: Reads;
  text?: Promise<{ paper: Paper; reads?: Reads }>;
}

export function handleAnswerPort(
  port: AnswerPort,
  service: AnswerService,
  /**
   * The tab's paper; or the paper with what its text is (`reads`: full text or abstract, why);
   * or its header with its `text` still being read (the sources are found meanwhile).
   */
  resolvePaper: (tabId: number) => Promise<Paper | ResolvedTabPaper | null>,
): void {
  let current: AbortController | null = null;
  let connected = true;

  const post = (e: AnswerEvent) => {
    if (!connected) return;
    try {
      port.postMessage(e);
    } catch {
      // The panel went away between two events: the turn is still saved.
      connected = false;
    }
  };

  const run = async (req: Extract<PortRequest, { type: 'ask' }>, ac: AbortController) => {
    try {
      const got = await resolvePaper(req.tabId).catch(() => null);
      const { paper, reads, text }: Partial<ResolvedTabPaper> =
        got && 'paper' in got ? got : { paper: got ?? undefined };
      if (!paper) {
        post({ type: 'error', error: noPaperError() });
        return;
      }
      await service.ask(
        {
          paper,
          ...(reads ? { reads } : {}),
          ...(text ? { text } : {}),
          question: req.question,
          ...(req.threadId ? { threadId: req.threadId } : {}),
          ...(req.newThread ? { newThread: true } : {}),
        },
        post,
        ac.signal,
      );
    } catch (e) {
      post({ type: 'error', error: toAgError(e) });
    } finally {
      if (current === ac) current = null;
    }
  };

  port.onMessage.addListener((raw: unknown) => {
    try {
      const req = parsePortRequest(raw);
      if (!req) {
        const detail = PortRequest.safeParse(raw).error?.issues[0]?.message ?? 'not a request';
        post({ type: 'error', error: badMessageError(detail) });
        return;
      }
      if (req.type === 'cancel') {
        current?.abort();
        return;
      }
      if (current) {
        post({
          type: 'notice',
          message: 'An answer is already being written: stop it first, or wait for it.',
        });
        return;
      }
      const ac = new AbortController();
      current = ac;
      void run(req, ac);
    } catch (e) {
      post({ type: 'error', error: toAgError(e) });
    }
  });

  port.onDisconnect.addListener(() => {
    connected = false;
    current?.abort();
  });
}
