import { z } from 'zod/mini';
import { ExtractResult, Paper } from '../arxiv/schema';
import { AgError, Thread, Turn } from '../answer/schema';
import { Source } from '../corpus/schema';
import { Reads } from '../arxiv/paper-text';
import { JobRecord, JobSpec } from '../jobs/schema';

/**
 * The one request/response protocol of Antigravity. Every message is named here with a zod
 * schema for its request and its response; both ends parse with them (lib/messaging/index.ts).
 * Add a message by adding an entry: the types of senders and handlers follow.
 */

/** What the side panel needs to know about a tab. */
export const TabPaper = z.lazy(() =>
  z.object({
    tabId: z.int(),
    url: z.string(),
    /** Result of the content script's extraction, or of the background's fetch for a PDF tab. */
    result: z.nullable(ExtractResult),
    /** For PDF tabs: which text the background used ("html" or "export-api"). */
    fetchedFrom: z.optional(z.enum(['page', 'html', 'export-api'])),
    error: z.optional(AgError),
  }),
);
export type TabPaper = z.infer<typeof TabPaper>;

const PublicSettingsSchema = () =>
  z.object({
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

export const ConnectionResult = z.lazy(() =>
  z.object({
    ok: z.boolean(),
    message: z.string(),
    /** Models the server offers (GET /v1/models), when it answered. */
    models: z.optional(z.array(z.string())),
    error: z.optional(AgError),
  }),
);
export type ConnectionResult = z.infer<typeof ConnectionResult>;

export const BadgeInfo = z.lazy(() =>
  z.object({
    id: z.string(),
    inCorpus: z.boolean(),
    /** Best similarity to the reader's interests (0..1), when not in the corpus. */
    similarity: z.optional(z.number().check(z.minimum(0)).check(z.maximum(1))),
    /** The closest corpus paper, for the hover card. */
    closest: z.optional(Source),
    title: z.optional(z.string()),
    abstract: z.optional(z.string()),
    primaryCategory: z.optional(z.string()),
  }),
);
export type BadgeInfo = z.infer<typeof BadgeInfo>;

const Empty = () => z.strictObject({});
/** A string cut to `max` characters (one over-long field never fails a whole batch). */
const trimmed = (max: number) =>
  z.pipe(
    z.string(),
    z.transform((s: string) => s.slice(0, max)),
  );
const Ok = () => z.object({ ok: z.literal(true) });

export const protocol = lazyEntries({
  /** Content script → background: the page was read. */
  'paper/extracted': () => ({
    req: z.object({
      url: z.string(),
      result: ExtractResult,
      /** A listing's entry ids (`result` leaves its entries out): what its badges may ask about. */
      entryIds: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(2000))),
    }),
    res: z.object({ stored: z.boolean() }),
  }),
  /**
   * Content script → background: read a full-text page without LaTeXML structure with the
   * Readability fallback (kept out of the content script to keep it small).
   */
  'paper/read-html': () => ({
    req: z.object({ url: z.string(), html: z.string().check(z.maxLength(8_000_000)) }),
    res: ExtractResult,
  }),
  /**
   * Panel → background: what the panel shows first, in one answer: the tab's paper, the settings
   * it may read, and how many other papers the corpus holds (null without a paper).
   */
  'panel/tab': () => ({
    req: z.object({ tabId: z.int() }),
    res: z.object({
      tab: TabPaper,
      settings: PublicSettingsSchema(),
      otherPapers: z.nullable(z.int().check(z.nonnegative())),
    }),
  }),
  /** Panel → background: which paper is in this tab (or the active tab). */
  'tab/paper': () => ({
    req: z.object({ tabId: z.optional(z.int()) }),
    res: TabPaper,
  }),
  /**
   * Panel → background: read the tab's paper's full text now (stored text, the HTML version, the
   * PDF, else the abstract) and say what answers will read; null when the tab has no paper.
   */
  'fulltext/read': () => ({
    req: z.object({ tabId: z.int() }),
    res: z.object({ reads: z.nullable(Reads) }),
  }),
  /** Background → content script: read the page again. */
  'content/extract': () => ({ req: Empty(), res: ExtractResult }),
  /** Content script → background: open the panel, optionally with a quoted selection. */
  'panel/open': () => ({
    req: z.object({ selection: z.optional(z.string().check(z.maxLength(20000))) }),
    res: Ok(),
  }),
  /** Content script → background: open the welcome page if the build has one, else Options. */
  'setup/open': () => ({ req: Empty(), res: Ok() }),
  /**
   * Content script → background: run the KaTeX renderer (math-render.js) in the sender's frame,
   * in the content script's own world (nothing of the package is reachable from the page).
   */
  'math/load': () => ({ req: Empty(), res: Ok() }),
  /** Panel → background: take (and clear) a pending quoted selection for a tab. */
  'panel/take-selection': () => ({
    req: z.object({ tabId: z.int() }),
    res: z.object({ selection: z.nullable(z.string()) }),
  }),
  'settings/public': () => ({ req: Empty(), res: PublicSettingsSchema() }),
  /** Content script → background: the one-time empty-corpus hint was shown (sets only that flag). */
  'settings/hint-shown': () => ({ req: Empty(), res: Ok() }),
  'settings/test-connection': () => ({
    req: z.object({
      apiKey: z.optional(z.string()),
      baseUrl: z.optional(z.string()),
      model: z.optional(z.string()),
    }),
    res: ConnectionResult,
  }),
  'threads/list': () => ({
    req: z.object({ paperId: z.string() }),
    res: z.object({ threads: z.array(Thread), turns: z.array(Turn) }),
  }),
  'threads/delete': () => ({ req: z.object({ threadId: z.string() }), res: Ok() }),
  'threads/restore': () => ({ req: z.object({ threadId: z.string() }), res: Ok() }),
  'corpus/related': () => ({
    req: z.object({
      paper: z.optional(Paper),
      paperId: z.optional(z.string()),
      k: z.optional(z.int().check(z.minimum(1)).check(z.maximum(50))),
      /** When the page was opened (epoch ms): a paper stored since then was not "already" in the corpus. */
      visitStart: z.optional(z.number()),
    }),
    res: z.object({
      sources: z.array(Source),
      /** The paper is in the corpus (and, with `visitStart`, was before this visit). */
      inCorpus: z.boolean(),
      referencesInCorpus: z.int().check(z.nonnegative()),
      referencesTotal: z.int().check(z.nonnegative()),
      corpusSize: z.int().check(z.nonnegative()),
      /** The paper was stored during this visit (opening it saved it): `corpusSize` counts it. */
      openPaperNew: z.optional(z.boolean()),
      /** The corpus's similarity floor (lib/corpus/floor.ts): `sources` are all at or above it. */
      floor: z.optional(z.number()),
    }),
  }),
  'corpus/badges': () => ({
    req: z.object({
      entries: z
        .array(
          z.object({
            id: z.optional(z.string().check(z.maxLength(100))),
            title: z.optional(trimmed(20000)),
            /**
             * Listing/search entries that show their abstract: sharper similarity. Trimmed, never
             * refused: one long entry must not cost the page all its badges.
             */
            abstract: z.optional(trimmed(20000)),
          }),
        )
        .check(z.maxLength(2000)),
      /** Compute each entry's similarity to the reader's interests (default true; references: false). */
      similarity: z.optional(z.boolean()),
      /** The paper of the page (HTML full text) and when it was opened, as for `corpus/related`. */
      paperId: z.optional(z.string()),
      visitStart: z.optional(z.number()),
      /**
       * The page feature asking, so the content script need not wait for the settings first: when
       * the reader switched it off, nothing is computed and the answer says `disabled`.
       */
      feature: z.optional(z.enum(['listingBadges', 'htmlBadges'])),
    }),
    res: z.object({
      badges: z.array(z.nullable(BadgeInfo)),
      corpusSize: z.int(),
      /** `paperId` was stored during this visit: `corpusSize` counts it. */
      openPaperNew: z.optional(z.boolean()),
      /** The asking `feature` is switched off: no badges (and `corpusSize` is not read: 0). */
      disabled: z.optional(z.boolean()),
      /** The corpus's similarity floor: no similarity badge below it (lib/corpus/floor.ts). */
      floor: z.optional(z.number()),
    }),
  }),
  'corpus/add': () => ({
    req: z.object({ ids: z.array(z.string()).check(z.minLength(1)).check(z.maxLength(500)) }),
    res: z.object({
      added: z.array(z.string()),
      failed: z.array(z.string()),
      error: z.optional(AgError),
    }),
  }),
  /** Extension page → background: start a long import or harvest (one at a time). */
  'jobs/start': () => ({
    req: z.object({ spec: JobSpec }),
    res: z.object({ job: JobRecord }),
  }),
  /** Extension page → background: stop the job; what it stored is kept. */
  'jobs/cancel': () => ({
    req: z.object({ jobId: z.string() }),
    res: z.object({ job: z.nullable(JobRecord) }),
  }),
  /** Extension page → background: the job that runs or ran last. */
  'jobs/status': () => ({ req: Empty(), res: z.object({ job: z.nullable(JobRecord) }) }),
  'corpus/stats': () => ({
    req: Empty(),
    res: z.object({ total: z.int(), byCategory: z.record(z.string(), z.int()) }),
  }),
  /** Options → background (the corpus's writer): remove the papers of one primary category. */
  'corpus/remove-category': () => ({
    req: z.object({ category: z.string().check(z.minLength(1)).check(z.maxLength(64)) }),
    res: z.object({ removed: z.int() }),
  }),
  /** Options → background (the corpus's writer): remove every paper (threads stay). */
  'corpus/clear': () => ({ req: Empty(), res: Empty() }),
});

/**
 * An object whose entries are built on first access. Every context that imports the protocol
 * (the content script on every arXiv page, a just-started worker) builds only the schemas of the
 * messages it uses: zod builds a schema with a cost (measured: constructing all of them at module
 * scope took ~30 ms of the content script's start on a listing page).
 */
function lazyEntries<D extends Record<string, () => { req: z.ZodMiniType; res: z.ZodMiniType }>>(
  defs: D,
): { readonly [K in keyof D]: ReturnType<D[K]> } {
  const out = Object.create(null) as { [K in keyof D]: ReturnType<D[K]> };
  for (const k of Object.keys(defs) as Array<keyof D>) {
    let built: ReturnType<D[typeof k]> | undefined;
    Object.defineProperty(out, k, {
      enumerable: true,
      get: () => (built ??= defs[k]!() as ReturnType<D[typeof k]>),
    });
  }
  return out;
}

export type Protocol = typeof protocol;
export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = z.input<Protocol[T]['req']>;
export type ResponseOf<T extends MessageType> = z.output<Protocol[T]['res']>;

/** The wire envelope of a request; `ag` marks it as ours. */
export const RequestEnvelope = z.lazy(() =>
  z.object({
    ag: z.literal(1),
    type: z.string(),
    payload: z.unknown(),
  }),
);

export const ResponseEnvelope = z.lazy(() =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data: z.unknown() }),
    z.object({ ok: z.literal(false), error: AgError }),
  ]),
);
