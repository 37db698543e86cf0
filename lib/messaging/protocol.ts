import { z } from 'zod';
import { ExtractResult, Paper } from '../arxiv/schema';
import { AgError, Thread, Turn } from '../answer/schema';
import { Source } from '../corpus/schema';

/**
 * The one request/response protocol of Antigravity. Every message is named here with a zod
 * schema for its request and its response; both ends parse with them (lib/messaging/index.ts).
 * Add a message by adding an entry: the types of senders and handlers follow.
 */

/** What the side panel needs to know about a tab. */
export const TabPaper = z.object({
  tabId: z.number().int(),
  url: z.string(),
  /** Result of the content script's extraction, or of the background's fetch for a PDF tab. */
  result: ExtractResult.nullable(),
  /** For PDF tabs: which text the background used ("html" or "export-api"). */
  fetchedFrom: z.enum(['page', 'html', 'export-api']).optional(),
  error: AgError.optional(),
});
export type TabPaper = z.infer<typeof TabPaper>;

const PublicSettingsSchema = z.object({
  hasApiKey: z.boolean(),
  model: z.string(),
  baseUrl: z.string(),
  maxSources: z.number(),
  features: z.record(z.string(), z.boolean()),
  obsidianVault: z.string(),
  obsidianFolder: z.string(),
  badgeHintShown: z.boolean(),
  paperTokenBudget: z.number(),
  stallTimeoutS: z.number(),
});

export const ConnectionResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  /** Models the server offers (GET /v1/models), when it answered. */
  models: z.array(z.string()).optional(),
  error: AgError.optional(),
});
export type ConnectionResult = z.infer<typeof ConnectionResult>;

export const BadgeInfo = z.object({
  id: z.string(),
  inCorpus: z.boolean(),
  /** Best similarity to the reader's interests (0..1), when not in the corpus. */
  similarity: z.number().min(0).max(1).optional(),
  /** The closest corpus paper, for the hover card. */
  closest: Source.optional(),
  title: z.string().optional(),
  abstract: z.string().optional(),
  primaryCategory: z.string().optional(),
});
export type BadgeInfo = z.infer<typeof BadgeInfo>;

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

export const protocol = {
  /** Content script → background: the page was read. */
  'paper/extracted': {
    req: z.object({ url: z.string(), result: ExtractResult }),
    res: z.object({ stored: z.boolean() }),
  },
  /**
   * Content script → background: read a full-text page without LaTeXML structure with the
   * Readability fallback (kept out of the content script to keep it small).
   */
  'paper/read-html': {
    req: z.object({ url: z.string(), html: z.string().max(8_000_000) }),
    res: ExtractResult,
  },
  /** Panel → background: which paper is in this tab (or the active tab). */
  'tab/paper': {
    req: z.object({ tabId: z.number().int().optional() }),
    res: TabPaper,
  },
  /** Background → content script: read the page again. */
  'content/extract': { req: Empty, res: ExtractResult },
  /** Content script → background: open the panel, optionally with a quoted selection. */
  'panel/open': {
    req: z.object({ selection: z.string().max(20000).optional() }),
    res: Ok,
  },
  /** Panel → background: take (and clear) a pending quoted selection for a tab. */
  'panel/take-selection': {
    req: z.object({ tabId: z.number().int() }),
    res: z.object({ selection: z.string().nullable() }),
  },
  'settings/public': { req: Empty, res: PublicSettingsSchema },
  /** Content script → background: the one-time empty-corpus hint was shown (sets only that flag). */
  'settings/hint-shown': { req: Empty, res: Ok },
  'settings/test-connection': {
    req: z.object({
      apiKey: z.string().optional(),
      baseUrl: z.string().optional(),
      model: z.string().optional(),
    }),
    res: ConnectionResult,
  },
  'threads/list': {
    req: z.object({ paperId: z.string() }),
    res: z.object({ threads: z.array(Thread), turns: z.array(Turn) }),
  },
  'threads/delete': { req: z.object({ threadId: z.string() }), res: Ok },
  'threads/restore': { req: z.object({ threadId: z.string() }), res: Ok },
  'corpus/related': {
    req: z.object({
      paper: Paper.optional(),
      paperId: z.string().optional(),
      k: z.number().int().min(1).max(50).optional(),
      /** When the page was opened (epoch ms): a paper stored since then was not "already" in the corpus. */
      visitStart: z.number().optional(),
    }),
    res: z.object({
      sources: z.array(Source),
      /** The paper is in the corpus (and, with `visitStart`, was before this visit). */
      inCorpus: z.boolean(),
      referencesInCorpus: z.number().int().nonnegative(),
      referencesTotal: z.number().int().nonnegative(),
      corpusSize: z.number().int().nonnegative(),
      /** The paper was stored during this visit (opening it saved it): `corpusSize` counts it. */
      openPaperNew: z.boolean().optional(),
    }),
  },
  'corpus/badges': {
    req: z.object({
      entries: z
        .array(
          z.object({
            id: z.string().optional(),
            title: z.string().optional(),
            /** Listing/search entries that show their abstract: sharper similarity. */
            abstract: z.string().max(20000).optional(),
          }),
        )
        .max(2000),
      /** Compute each entry's similarity to the reader's interests (default true; references: false). */
      similarity: z.boolean().optional(),
      /** The paper of the page (HTML full text) and when it was opened, as for `corpus/related`. */
      paperId: z.string().optional(),
      visitStart: z.number().optional(),
      /**
       * The page feature asking, so the content script need not wait for the settings first: when
       * the reader switched it off, nothing is computed and the answer says `disabled`.
       */
      feature: z.enum(['listingBadges', 'htmlBadges']).optional(),
    }),
    res: z.object({
      badges: z.array(BadgeInfo.nullable()),
      corpusSize: z.number().int(),
      /** `paperId` was stored during this visit: `corpusSize` counts it. */
      openPaperNew: z.boolean().optional(),
      /** The asking `feature` is switched off: no badges (and `corpusSize` is not read: 0). */
      disabled: z.boolean().optional(),
    }),
  },
  'corpus/add': {
    req: z.object({ ids: z.array(z.string()).min(1).max(500) }),
    res: z.object({
      added: z.array(z.string()),
      failed: z.array(z.string()),
      error: AgError.optional(),
    }),
  },
  'corpus/stats': {
    req: Empty,
    res: z.object({ total: z.number().int(), byCategory: z.record(z.string(), z.number().int()) }),
  },
} as const;

export type Protocol = typeof protocol;
export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = z.input<Protocol[T]['req']>;
export type ResponseOf<T extends MessageType> = z.output<Protocol[T]['res']>;

/** The wire envelope of a request; `ag` marks it as ours. */
export const RequestEnvelope = z.object({
  ag: z.literal(1),
  type: z.string(),
  payload: z.unknown(),
});

export const ResponseEnvelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: AgError }),
]);
