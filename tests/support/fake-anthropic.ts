/**
 * A local fake of the Anthropic Messages API (node:http on 127.0.0.1) for tests, the e2e suite
 * and the demo. It speaks the real wire format the SDK reads: SSE streams (`message_start`,
 * `content_block_start/delta/stop` for thinking and text blocks with `citations_delta`, `ping`,
 * `message_delta` with cumulative usage, `message_stop`, and `error` events), non-streaming
 * answers, `POST /v1/messages/count_tokens` and `GET /v1/models`.
 *
 * Its default answer is built FROM THE REQUEST: it quotes and cites the `search_result` blocks
 * and the `document` it received, and ends with the "Keep exploring" block the pipeline asks
 * for. Tests script individual requests with `enqueue(scenario)` (errors, stalls, stream errors,
 * an answer naming an id that is not a source). Every request is recorded for assertions.
 *
 * CLI: `tsx tests/support/fake-anthropic.ts --port 8787 [--api-key KEY]`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { FOLLOWUPS_CLOSE, FOLLOWUPS_OPEN, sentenceSpans } from '../../lib/answer/answer-format';

export const FAKE_MODELS = [
  { id: 'claude-haiku-5-5', display_name: 'Claude Haiku 5.5', line: 'haiku' },
  { id: 'claude-sonnet-5-5', display_name: 'Claude Sonnet 5.5', line: 'sonnet' },
  { id: 'claude-opus-5-5', display_name: 'Claude Opus 5.5', line: 'opus' },
] as const;

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Parsed JSON body, or null when there was none (or it was not JSON). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  at: number;
}

export type Endpoint = 'messages' | 'count_tokens' | 'models';

export type Scenario =
  | {
      kind: 'answer';
      /** Replaces the generated introduction; an array gives the streamed chunks. */
      text?: string | string[];
      /** Indexes of the request's search_result blocks to quote and cite (default: the first 3). */
      citeSources?: number[];
      /** Quote and cite a sentence of the document (default: true when there is one). */
      citePaper?: boolean;
      /** A thinking block streamed before the text. */
      thinking?: string;
      /** End with the "Keep exploring" block (default true). */
      followups?: boolean;
      /** Pause before every streamed event. */
      delayMs?: number;
      stopReason?: 'end_turn' | 'max_tokens' | 'refusal';
    }
  | {
      kind: 'http-error';
      status: 400 | 401 | 403 | 404 | 413 | 429 | 500 | 529;
      /** Seconds, sent as `retry-after`. */
      retryAfter?: number;
      message?: string;
      /** Which endpoint the error is for (default `messages`). */
      endpoint?: Endpoint;
      /** For a forced call to this tool only (queued with its tool scenarios). */
      tool?: string;
    }
  | { kind: 'stream-error'; afterChunks: number; errorType: 'overloaded_error' | 'api_error' }
  /** Sends `afterChunks` deltas, then keeps the connection open and silent. */
  | { kind: 'stall'; afterChunks: number }
  /** A normal answer whose text also names `arXiv:ID`, an id that is not among the sources. */
  | { kind: 'cite-outside'; id: string }
  /**
   * The answer to a forced tool call (`tool_choice: {type: "tool", name}`): a `tool_use` block
   * named `name` whose input is `input`, or `rawJson` streamed as is (malformed JSON possible).
   * Queued per tool, so it never takes the place of an answer.
   */
  | {
      kind: 'tool';
      name: string;
      input?: unknown;
      rawJson?: string;
      /** `rate_papers` only: every candidate listed in the prompt gets this score and reason. */
      rateAll?: { score: number; reason: string };
      delayMs?: number;
      /** Accept the request and never answer (timeouts). */
      stall?: boolean;
    };

export interface FakeAnthropicOptions {
  port?: number;
  host?: string;
  /** When set, any other key gets a 401 (otherwise any non-empty key is accepted). */
  apiKey?: string;
  /** A cache breakpoint below this many (estimated) tokens caches nothing, like the real API. */
  minCacheTokens?: number;
  /** Model ids the server knows (default: the three current models). */
  models?: string[];
}

export interface FakeAnthropic {
  url: string;
  port: number;
  requests: RecordedRequest[];
  enqueue(s: Scenario): void;
  reset(): void;
  close(): Promise<void>;
  /** The POST /v1/messages requests only, in order. */
  messageRequests(): RecordedRequest[];
  /** The answers' requests only: Messages requests that force no tool (planning and rating do). */
  answerRequests(): RecordedRequest[];
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const DEFAULT_ERROR_MESSAGES: Record<number, string> = {
  400: 'Invalid request.',
  401: 'invalid x-api-key',
  403: 'Your API key does not have permission to use the specified resource.',
  404: 'Not found.',
  413: 'Request exceeds the maximum allowed number of bytes.',
  429: 'Number of request tokens has exceeded your per-minute rate limit.',
  500: 'Internal server error.',
  529: 'Overloaded',
};

/** Rough token estimate, the same order as the real tokenizer for English prose. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

// ---------------------------------------------------------------------------------------------
// Reading the request

interface SearchResultIn {
  index: number;
  title: string;
  source: string;
  blocks: string[];
  citations: boolean;
}
interface DocumentIn {
  index: number;
  title: string | null;
  /** Plain-text documents: the text; content documents: their blocks. */
  data: string;
  blocks: string[] | null;
  citations: boolean;
}

type Block = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function contentBlocks(content: unknown): Block[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content)
    ? (content.filter((b) => b && typeof b === 'object') as Block[])
    : [];
}

function readSources(body: Block): { results: SearchResultIn[]; documents: DocumentIn[] } {
  const results: SearchResultIn[] = [];
  const documents: DocumentIn[] = [];
  for (const msg of (body.messages as Block[]) ?? []) {
    for (const b of contentBlocks(msg.content)) {
      if (b.type === 'search_result') {
        results.push({
          index: results.length,
          title: String(b.title ?? ''),
          source: String(b.source ?? ''),
          blocks: contentBlocks(b.content).map((c) => String(c.text ?? '')),
          citations: !!b.citations?.enabled,
        });
      } else if (b.type === 'document') {
        const src = b.source ?? {};
        const blocks =
          src.type === 'content'
            ? contentBlocks(src.content).map((c) => String(c.text ?? ''))
            : null;
        documents.push({
          index: documents.length,
          title: b.title ?? null,
          data: src.type === 'text' ? String(src.data ?? '') : (blocks ?? []).join(''),
          blocks,
          citations: !!b.citations?.enabled,
        });
      }
    }
  }
  return { results, documents };
}

function lastQuestion(body: Block): string {
  const msgs = (body.messages as Block[]) ?? [];
  const last = [...msgs].reverse().find((m) => m.role === 'user');
  const texts = contentBlocks(last?.content).filter((b) => b.type === 'text');
  return String(texts[texts.length - 1]?.text ?? '').trim();
}

const STOP = new Set(
  'a an the of in on for to and or is are was were be by with what how why which does do did this that it its from as at can could about into between than their there these those'.split(
    ' ',
  ),
);
function terms(text: string): Set<string> {
  return new Set(
    (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((t) => t.length > 2 && !STOP.has(t)),
  );
}
function overlap(a: Set<string>, text: string): number {
  let n = 0;
  for (const t of terms(text)) if (a.has(t)) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Building the answer

type OutBlock =
  | { type: 'thinking'; chunks: string[]; signature: string }
  | { type: 'text'; chunks: string[]; citations: Block[] };

function chunkWords(text: string, per = 4): string[] {
  const parts = text.match(/\S+\s*|\s+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += per) out.push(parts.slice(i, i + per).join(''));
  return out.length ? out : [text];
}
const textBlock = (text: string, citations: Block[] = []): OutBlock => ({
  type: 'text',
  chunks: chunkWords(text),
  citations,
});

function shorten(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s;
}

function buildAnswer(
  body: Block,
  sc: Extract<Scenario, { kind: 'answer' | 'cite-outside' }>,
): OutBlock[] {
  const { results, documents } = readSources(body);
  const question = lastQuestion(body);
  const q = terms(question);
  const out: OutBlock[] = [];
  const opts: Extract<Scenario, { kind: 'answer' }> =
    sc.kind === 'answer' ? sc : { kind: 'answer' };
  if (opts.thinking) {
    out.push({
      type: 'thinking',
      chunks: chunkWords(opts.thinking, 6),
      signature: `sig_${createHash('sha256').update(opts.thinking).digest('base64').slice(0, 40)}`,
    });
  }
  if (opts.text !== undefined) {
    out.push({
      type: 'text',
      chunks: Array.isArray(opts.text) ? opts.text : [opts.text],
      citations: [],
    });
  } else {
    const doc = documents[0];
    out.push(
      textBlock(
        `Here is what ${doc ? `the open paper${doc.title ? ` (${shorten(doc.title)})` : ''}` : 'the request'} and ` +
          `${results.length} related paper${results.length === 1 ? '' : 's'} say about “${shorten(question, 160)}”.\n\n`,
      ),
    );
  }
  if (sc.kind === 'cite-outside') {
    out.push(
      textBlock(
        `This builds on earlier work (arXiv:${sc.id}), which is not among the sources.\n\n`,
      ),
    );
  }
  const cite = opts.citeSources ?? (opts.text === undefined ? [0, 1, 2] : []);
  for (const i of cite) {
    const r = results[i];
    if (!r || r.blocks.length === 0) continue;
    let best = 0;
    r.blocks.forEach((b, j) => {
      if (overlap(q, b) > overlap(q, r.blocks[best]!)) best = j;
    });
    const sentence = r.blocks[best]!.trim();
    out.push(textBlock(`- **${r.title}** reports: `));
    out.push(
      textBlock(`“${sentence}”`, [
        {
          type: 'search_result_location',
          cited_text: r.blocks[best],
          search_result_index: r.index,
          source: r.source,
          title: r.title,
          start_block_index: best,
          end_block_index: best + 1,
        },
      ]),
    );
    out.push(textBlock('\n'));
  }
  const doc = documents.find((d) => d.data.length > 0);
  if ((opts.citePaper ?? opts.text === undefined) && doc) {
    if (doc.blocks) {
      let best = 0;
      doc.blocks.forEach((b, j) => {
        if (overlap(q, b) > overlap(q, doc.blocks![best]!)) best = j;
      });
      out.push(textBlock('\nThe open paper itself says: '));
      out.push(
        textBlock(`“${doc.blocks[best]!.trim()}”`, [
          {
            type: 'content_block_location',
            cited_text: doc.blocks[best],
            document_index: doc.index,
            document_title: doc.title,
            start_block_index: best,
            end_block_index: best + 1,
            file_id: null,
          },
        ]),
      );
    } else {
      // A real sentence of the document (skipping headings and very short lines).
      const spans = sentenceSpans(doc.data).filter(
        (s) => s.end - s.start >= 40 && s.end - s.start <= 600,
      );
      let pick = spans[0];
      let pickScore = -1;
      for (const s of spans) {
        const score = overlap(q, doc.data.slice(s.start, s.end));
        if (score > pickScore) {
          pick = s;
          pickScore = score;
        }
      }
      if (pick) {
        const cited = doc.data.slice(pick.start, pick.end);
        out.push(textBlock('\nThe open paper itself says: '));
        out.push(
          textBlock(`“${cited}”`, [
            {
              type: 'char_location',
              cited_text: cited,
              document_index: doc.index,
              document_title: doc.title,
              start_char_index: pick.start,
              end_char_index: pick.end,
              file_id: null,
            },
          ]),
        );
      }
    }
  }
  if (opts.followups !== false) {
    const titles = results.map((r) => r.title);
    const t = (i: number) => shorten(titles[i] ?? documents[0]?.title ?? 'the open paper', 90);
    out.push(
      textBlock(
        `\n\n${FOLLOWUPS_OPEN}\n` +
          `- How does “${t(0)}” compare with the approach of the open paper?\n` +
          `- What evidence does “${t(1)}” give for its main claim?\n` +
          `- Which limitations does “${t(2)}” acknowledge?\n` +
          `${FOLLOWUPS_CLOSE}`,
      ),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Forced tool calls (the retrieval model: search_queries, rate_papers)

/** The tool a request forces, or null. */
export function forcedTool(body: Block): string | null {
  const c = body?.tool_choice;
  return c && c.type === 'tool' && typeof c.name === 'string' ? c.name : null;
}

function allText(body: Block): string {
  const parts: string[] = [];
  for (const m of (body.messages as Block[]) ?? []) {
    for (const b of contentBlocks(m.content)) if (b.type === 'text') parts.push(String(b.text));
  }
  return parts.join('\n');
}

/** Candidates listed in a rate_papers prompt as `<paper id="..."> ... </paper>`. */
export function promptCandidates(text: string): Array<{ id: string; text: string }> {
  const out: Array<{ id: string; text: string }> = [];
  for (const m of text.matchAll(/<paper id="([^"]+)"[^>]*>([\s\S]*?)<\/paper>/g)) {
    out.push({ id: m[1]!, text: m[2]! });
  }
  return out;
}

/** The question of a retrieval prompt (`<question>...</question>`), else the last text. */
function promptQuestion(body: Block): string {
  const m = /<question>([\s\S]*?)<\/question>/.exec(allText(body));
  return (m ? m[1]! : lastQuestion(body)).trim();
}

/**
 * The default input of a forced tool call, built from the request: `search_queries` gets the
 * question itself; `rate_papers` scores each listed candidate by how many of the question's
 * words it shares (0-10), with a one-line reason.
 */
function defaultToolInput(name: string, body: Block): unknown {
  const question = promptQuestion(body);
  if (name === 'search_queries') return { queries: [question] };
  if (name === 'rate_papers') {
    const q = terms(question);
    return {
      ratings: promptCandidates(allText(body)).map((c) => {
        const n = overlap(q, c.text);
        return {
          id: c.id,
          score: Math.min(10, n * 2),
          reason: n
            ? `Shares ${n} of the question's terms.`
            : 'Nothing in common with the question.',
        };
      }),
    };
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Usage and prompt caching

interface CacheEntry {
  expires: number;
}

/** Flat list of the cacheable units of a request, in the API's order: tools, system, messages. */
function cacheUnits(body: Block): Array<{ json: string; breakpoint: boolean }> {
  const units: Array<{ json: string; breakpoint: boolean }> = [];
  const add = (b: Block) => {
    const { cache_control, ...rest } = b;
    units.push({ json: JSON.stringify(rest), breakpoint: !!cache_control });
  };
  for (const t of (body.tools as Block[]) ?? []) add(t);
  for (const b of contentBlocks(body.system)) add(b);
  for (const m of (body.messages as Block[]) ?? []) {
    for (const b of contentBlocks(m.content)) add({ ...b, role: m.role });
  }
  // Top-level cache_control: automatic caching at the last block.
  if (body.cache_control && units.length) units[units.length - 1]!.breakpoint = true;
  return units;
}

interface UsageIn {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

// ---------------------------------------------------------------------------------------------
// The server

/** A message's `usage` object as the real API writes it. */
function messageUsage(usage: UsageIn, outputTokens: number): Block {
  return {
    ...usage,
    output_tokens: outputTokens,
    cache_creation: null,
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  };
}

/** The `message_start` event of a streamed message (usage as the real API sends it there). */
function messageStart(id: string, model: unknown, usage: UsageIn): Block {
  return {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      container: null,
      diagnostics: null,
      stop_details: null,
      stop_reason: null,
      stop_sequence: null,
      usage: messageUsage(usage, 1),
    },
  };
}

/** The `message_delta` event that ends a streamed message: its stop reason and final usage. */
function messageDelta(stopReason: string, usage: UsageIn, outputTokens: number): Block {
  return {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null, container: null, stop_details: null },
    usage: {
      ...usage,
      output_tokens: outputTokens,
      output_tokens_details: null,
      server_tool_use: null,
    },
  };
}

export async function startFakeAnthropic(
  options: FakeAnthropicOptions = {},
): Promise<FakeAnthropic> {
  const models = options.models ?? FAKE_MODELS.map((m) => m.id);
  const minCache = options.minCacheTokens ?? 1024;
  const requests: RecordedRequest[] = [];
  const queues: Record<Endpoint, Scenario[]> = { messages: [], count_tokens: [], models: [] };
  const toolQueues = new Map<string, Scenario[]>();
  const toolQueue = (name: string): Scenario[] => {
    let q = toolQueues.get(name);
    if (!q) toolQueues.set(name, (q = []));
    return q;
  };
  const cache = new Map<string, CacheEntry>();
  let messageCounter = 0;

  function computeUsage(body: Block, consume: boolean): UsageIn {
    const units = cacheUnits(body);
    // Cumulative sizes and prefix hashes, computed in one pass.
    const upTo: number[] = [];
    const keys = new Map<number, string>();
    const h = createHash('sha256').update(String(body.model));
    let chars = 0;
    units.forEach((u, i) => {
      chars += u.json.length;
      upTo.push(Math.ceil(chars / 4));
      h.update('\u0000').update(u.json);
      if (u.breakpoint) keys.set(i, h.copy().digest('hex'));
    });
    const total = Math.ceil(chars / 4);
    const now = Date.now();
    const breakpoints = [...keys.keys()];
    let read = 0;
    for (const k of [...breakpoints].reverse()) {
      const entry = cache.get(keys.get(k)!);
      if (entry && entry.expires > now && upTo[k]! >= minCache) {
        read = upTo[k]!;
        if (consume) entry.expires = now + 5 * 60_000;
        break;
      }
    }
    const last = breakpoints[breakpoints.length - 1];
    let creation = 0;
    if (last !== undefined && upTo[last]! >= minCache) {
      creation = Math.max(0, upTo[last]! - read);
      if (consume) {
        for (const k of breakpoints) {
          if (upTo[k]! >= minCache) cache.set(keys.get(k)!, { expires: now + 5 * 60_000 });
        }
      }
    }
    return {
      input_tokens: Math.max(1, total - read - creation),
      cache_creation_input_tokens: creation,
      cache_read_input_tokens: read,
    };
  }

  const corsHeaders = (req: http.IncomingMessage): Record<string, string> => ({
    'access-control-allow-origin': (req.headers.origin as string) || '*',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers':
      (req.headers['access-control-request-headers'] as string) || '*',
    'access-control-expose-headers': 'retry-after, request-id, x-should-retry',
    'access-control-max-age': '600',
    vary: 'Origin',
  });

  function sendJson(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    status: number,
    payload: unknown,
    extra: Record<string, string> = {},
  ) {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, {
      ...corsHeaders(req),
      'content-type': 'application/json',
      'request-id': `req_fake_${requests.length}`,
      ...extra,
    });
    res.end(JSON.stringify(payload));
  }

  function sendError(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    status: number,
    message?: string,
    extra: Record<string, string> = {},
  ) {
    sendJson(
      req,
      res,
      status,
      {
        type: 'error',
        error: {
          type: ERROR_TYPES[status] ?? 'api_error',
          message: message ?? DEFAULT_ERROR_MESSAGES[status] ?? 'Error.',
        },
        request_id: `req_fake_${requests.length}`,
      },
      extra,
    );
  }

  /** Checks the request the way the real API does; returns an error to send, or null. */
  function validateMessages(
    body: Block,
    countOnly: boolean,
  ): { status: number; message: string } | null {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return { status: 400, message: 'The request body is not valid JSON.' };
    }
    for (const p of ['temperature', 'top_p', 'top_k']) {
      if (p in body)
        return { status: 400, message: `${p}: this parameter is not supported for this model.` };
    }
    if (typeof body.model !== 'string' || !body.model)
      return { status: 400, message: 'model: Field required' };
    if (!countOnly && (!Number.isInteger(body.max_tokens) || body.max_tokens < 1)) {
      return { status: 400, message: 'max_tokens: Field required' };
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return { status: 400, message: 'messages: at least one message is required' };
    }
    if (body.messages[0]?.role !== 'user' && body.messages[0]?.role !== 'system') {
      return { status: 400, message: 'messages: first message must use the "user" role' };
    }
    for (const m of body.messages as Block[]) {
      if (!['user', 'assistant', 'system'].includes(m.role))
        return { status: 400, message: 'messages: invalid role' };
      if (typeof m.content !== 'string' && !Array.isArray(m.content)) {
        return { status: 400, message: 'messages: content must be a string or a list of blocks' };
      }
    }
    const { results, documents } = readSources(body);
    const flags = [...results.map((r) => r.citations), ...documents.map((d) => d.citations)];
    if (flags.some(Boolean) && !flags.every(Boolean)) {
      return {
        status: 400,
        message: 'Citations must be enabled on all or none of the documents and search results.',
      };
    }
    if (cacheUnits(body).filter((u) => u.breakpoint).length > 4) {
      return { status: 400, message: 'A maximum of 4 blocks with cache_control may be provided.' };
    }
    if (!models.includes(body.model)) return { status: 404, message: `model: ${body.model}` };
    return null;
  }

  const openResponses = new Set<http.ServerResponse>();

  /** Starts an SSE response; the function returned sends one event, or throws once the client left. */
  function openStream(req: http.IncomingMessage, res: http.ServerResponse, delayMs: number) {
    res.writeHead(200, {
      ...corsHeaders(req),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'request-id': `req_fake_${requests.length}`,
    });
    openResponses.add(res);
    res.on('close', () => openResponses.delete(res));
    return async (event: string, data: unknown) => {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (res.destroyed || res.writableEnded) throw new Error('client gone');
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
  }

  async function streamAnswer(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Block,
    sc: Scenario,
  ): Promise<void> {
    const usage = computeUsage(body, true);
    const id = `msg_fake_${String(++messageCounter).padStart(4, '0')}`;
    const answerSc: Extract<Scenario, { kind: 'answer' | 'cite-outside' }> =
      sc.kind === 'answer' || sc.kind === 'cite-outside' ? sc : { kind: 'answer' };
    const delayMs = sc.kind === 'answer' ? (sc.delayMs ?? 0) : 0;
    const failAfter = sc.kind === 'stream-error' || sc.kind === 'stall' ? sc.afterChunks : Infinity;

    const write = openStream(req, res, delayMs);

    let deltas = 0;
    let outputChars = 0;
    const fail = async (): Promise<boolean> => {
      if (deltas < failAfter) return false;
      if (sc.kind === 'stream-error') {
        await write('error', {
          type: 'error',
          error: {
            type: sc.errorType,
            message: sc.errorType === 'overloaded_error' ? 'Overloaded' : 'Internal server error',
          },
        });
        res.end();
      }
      // stall: leave the response open and silent until the client goes away.
      return true;
    };

    try {
      await write('message_start', messageStart(id, body.model, usage));
      await write('ping', { type: 'ping' });
      if (await fail()) return;
      // Like the real API, the headers and message_start go out before the answer exists.
      const blocks = buildAnswer(body, answerSc);
      for (const [index, b] of blocks.entries()) {
        if (b.type === 'thinking') {
          await write('content_block_start', {
            type: 'content_block_start',
            index,
            content_block: { type: 'thinking', thinking: '', signature: '' },
          });
          for (const c of b.chunks) {
            await write('content_block_delta', {
              type: 'content_block_delta',
              index,
              delta: { type: 'thinking_delta', thinking: c },
            });
            outputChars += c.length;
            deltas++;
            if (await fail()) return;
          }
          await write('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'signature_delta', signature: b.signature },
          });
        } else {
          await write('content_block_start', {
            type: 'content_block_start',
            index,
            content_block: { type: 'text', text: '', citations: null },
          });
          for (const citation of b.citations) {
            await write('content_block_delta', {
              type: 'content_block_delta',
              index,
              delta: { type: 'citations_delta', citation },
            });
          }
          for (const c of b.chunks) {
            await write('content_block_delta', {
              type: 'content_block_delta',
              index,
              delta: { type: 'text_delta', text: c },
            });
            outputChars += c.length;
            deltas++;
            if (await fail()) return;
          }
        }
        await write('content_block_stop', { type: 'content_block_stop', index });
        if (index % 3 === 2) await write('ping', { type: 'ping' });
      }
      const stop = sc.kind === 'answer' ? (sc.stopReason ?? 'end_turn') : 'end_turn';
      const outputTokens = Math.max(1, estimateTokens('x'.repeat(outputChars)));
      await write('message_delta', messageDelta(stop, usage, outputTokens));
      await write('message_stop', { type: 'message_stop' });
      res.end();
    } catch {
      // The client went away (cancel, watchdog): nothing more to send.
    }
  }

  /** A forced tool call answered as a stream: one tool_use block, its input as JSON deltas. */
  async function streamToolUse(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Block,
    name: string,
    sc: Extract<Scenario, { kind: 'tool' }> | null,
  ): Promise<void> {
    const usage = computeUsage(body, true);
    const id = `msg_fake_${String(++messageCounter).padStart(4, '0')}`;
    const input = sc?.rateAll
      ? { ratings: promptCandidates(allText(body)).map((c) => ({ id: c.id, ...sc.rateAll })) }
      : sc && 'input' in sc
        ? sc.input
        : defaultToolInput(name, body);
    const json = sc?.rawJson ?? JSON.stringify(input);
    const delayMs = sc?.delayMs ?? 0;
    const write = openStream(req, res, delayMs);
    try {
      await write('message_start', messageStart(id, body.model, usage));
      await write('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: {
          type: 'tool_use',
          id: `toolu_fake_${messageCounter}`,
          name,
          input: {},
          caller: { type: 'direct' },
        },
      });
      for (let i = 0; i < json.length; i += 64) {
        await write('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 64) },
        });
      }
      await write('content_block_stop', { type: 'content_block_stop', index: 0 });
      await write(
        'message_delta',
        messageDelta('tool_use', usage, Math.max(1, estimateTokens(json))),
      );
      await write('message_stop', { type: 'message_stop' });
      res.end();
    } catch {
      // The client went away.
    }
  }

  function messageObject(body: Block, sc: Scenario) {
    const usage = computeUsage(body, true);
    const answerSc: Extract<Scenario, { kind: 'answer' | 'cite-outside' }> =
      sc.kind === 'answer' || sc.kind === 'cite-outside' ? sc : { kind: 'answer' };
    const blocks = buildAnswer(body, answerSc);
    const content = blocks.map((b) =>
      b.type === 'thinking'
        ? { type: 'thinking', thinking: b.chunks.join(''), signature: b.signature }
        : {
            type: 'text',
            text: b.chunks.join(''),
            citations: b.citations.length ? b.citations : null,
          },
    );
    const outChars = blocks.reduce((n, b) => n + b.chunks.join('').length, 0);
    return {
      id: `msg_fake_${String(++messageCounter).padStart(4, '0')}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      container: null,
      diagnostics: null,
      stop_details: null,
      stop_reason: sc.kind === 'answer' ? (sc.stopReason ?? 'end_turn') : 'end_turn',
      stop_sequence: null,
      usage: messageUsage(usage, Math.max(1, estimateTokens('x'.repeat(outChars)))),
    };
  }

  function modelInfo(id: string) {
    const known = FAKE_MODELS.find((m) => m.id === id);
    return {
      type: 'model',
      id,
      display_name: known?.display_name ?? id,
      created_at: '2026-09-01T00:00:00Z',
      deprecated_at: null,
      retires_at: null,
      lifecycle: 'active',
      line: known?.line ?? null,
      capabilities: null,
      max_input_tokens: 200000,
      max_tokens: 64000,
    };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.local');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Block | null = null;
    let badJson = false;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : (v ?? '');
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      at: Date.now(),
    });

    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders(req));
      res.end();
      return;
    }

    const endpoint: Endpoint | null =
      req.method === 'POST' && url.pathname === '/v1/messages'
        ? 'messages'
        : req.method === 'POST' && url.pathname === '/v1/messages/count_tokens'
          ? 'count_tokens'
          : req.method === 'GET' && url.pathname.startsWith('/v1/models')
            ? 'models'
            : null;
    if (!endpoint) return sendError(req, res, 404, `Not found: ${req.method} ${url.pathname}`);

    // Authentication, as the real API: x-api-key or a Bearer token.
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
    const key = headers['x-api-key'] || bearer;
    if (!key) return sendError(req, res, 401, 'x-api-key header is required');
    if (options.apiKey !== undefined && key !== options.apiKey)
      return sendError(req, res, 401, 'invalid x-api-key');
    if (headers.origin && headers['anthropic-dangerous-direct-browser-access'] !== 'true') {
      return sendError(
        req,
        res,
        401,
        'CORS requests must set the "anthropic-dangerous-direct-browser-access" header to use the API directly from a browser.',
      );
    }
    if (!headers['anthropic-version'])
      return sendError(req, res, 400, 'anthropic-version: header is required');

    const tool = endpoint === 'messages' ? forcedTool(body ?? {}) : null;
    if (tool) {
      const tq = toolQueue(tool);
      const head = tq.shift();
      if (head?.kind === 'http-error') {
        const extra: Record<string, string> = {};
        if (head.retryAfter !== undefined) extra['retry-after'] = String(head.retryAfter);
        if (head.status === 429 || head.status >= 500) extra['x-should-retry'] = 'true';
        return sendError(req, res, head.status, head.message, extra);
      }
      if (badJson || !body) return sendError(req, res, 400, 'The request body is not valid JSON.');
      const invalidTool = validateMessages(body, false);
      if (invalidTool) return sendError(req, res, invalidTool.status, invalidTool.message);
      if (!((body.tools as Block[]) ?? []).some((t) => t?.name === tool)) {
        return sendError(req, res, 400, `tool_choice: tool ${tool} is not among the tools`);
      }
      if (head?.kind === 'tool' && head.stall) {
        openResponses.add(res);
        res.on('close', () => openResponses.delete(res));
        return;
      }
      return streamToolUse(req, res, body, tool, head?.kind === 'tool' ? head : null);
    }

    const queue = queues[endpoint];
    const next = queue[0];
    if (next?.kind === 'http-error') {
      queue.shift();
      const extra: Record<string, string> = {};
      if (next.retryAfter !== undefined) extra['retry-after'] = String(next.retryAfter);
      if (next.status === 429 || next.status >= 500) extra['x-should-retry'] = 'true';
      return sendError(req, res, next.status, next.message, extra);
    }

    if (endpoint === 'models') {
      const rest = url.pathname.replace(/^\/v1\/models\/?/, '');
      if (rest) {
        return models.includes(decodeURIComponent(rest))
          ? sendJson(req, res, 200, modelInfo(decodeURIComponent(rest)))
          : sendError(req, res, 404, `model: ${rest}`);
      }
      const data = models.map(modelInfo);
      return sendJson(req, res, 200, {
        data,
        has_more: false,
        first_id: data[0]?.id ?? null,
        last_id: data[data.length - 1]?.id ?? null,
      });
    }

    if (badJson || !body) return sendError(req, res, 400, 'The request body is not valid JSON.');
    const invalid = validateMessages(body, endpoint === 'count_tokens');
    if (invalid) return sendError(req, res, invalid.status, invalid.message);

    if (endpoint === 'count_tokens') {
      const u = computeUsage(body, false);
      return sendJson(req, res, 200, {
        input_tokens: u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens,
      });
    }

    const sc: Scenario = queue.shift() ?? { kind: 'answer' };
    if (body.stream === true) return streamAnswer(req, res, body, sc);
    if (sc.kind === 'stream-error')
      return sendError(req, res, sc.errorType === 'overloaded_error' ? 529 : 500);
    if (sc.kind === 'stall') {
      openResponses.add(res);
      res.on('close', () => openResponses.delete(res));
      return; // never answers
    }
    if (sc.kind === 'answer' && sc.delayMs) await new Promise((r) => setTimeout(r, sc.delayMs));
    return sendJson(req, res, 200, messageObject(body, sc));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(req, res, 500, `Fake server failure: ${String(e)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${addr.port}`;

  return {
    url,
    port: addr.port,
    requests,
    enqueue(s: Scenario) {
      if (s.kind === 'tool') return void toolQueue(s.name).push(s);
      if (s.kind === 'http-error' && s.tool) return void toolQueue(s.tool).push(s);
      queues[s.kind === 'http-error' ? (s.endpoint ?? 'messages') : 'messages'].push(s);
    },
    reset() {
      requests.length = 0;
      for (const q of Object.values(queues)) q.length = 0;
      toolQueues.clear();
      cache.clear();
    },
    messageRequests() {
      return requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages');
    },
    answerRequests() {
      return requests.filter(
        (r) =>
          r.method === 'POST' &&
          r.path === '/v1/messages' &&
          !(r.body as { tool_choice?: unknown } | undefined)?.tool_choice,
      );
    },
    close() {
      for (const res of openResponses) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(argValue('--port') ?? 8787);
  const apiKey = argValue('--api-key');
  startFakeAnthropic({ port, host: argValue('--host') ?? '127.0.0.1', apiKey }).then(
    (srv) => {
      console.log(`Fake Anthropic API listening on ${srv.url}`);
      const stop = () => void srv.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e: unknown) => {
      console.error(`Could not start the fake Anthropic API: ${String(e)}`);
      process.exit(1);
    },
  );
}
