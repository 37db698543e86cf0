import { z } from 'zod/mini';
import { Section } from '../arxiv/schema';
import { FullTextInfo } from '../arxiv/paper-text';

/** How a paper entered the corpus. `derived` records are synthetic (benchmarks only). */
export const PaperOrigin = z.enum([
  'opened',
  'import',
  'harvest',
  'reference',
  'derived',
  /** Found by live search (arXiv export API, Semantic Scholar) for a question. */
  'live-search',
]);
export type PaperOrigin = z.infer<typeof PaperOrigin>;

/** A paper stored in the corpus (IndexedDB table `papers`), keyed by base id. */
export const PaperRecord = z.lazy(() =>
  z.object({
    id: z.string(),
    /** Latest version known. */
    version: z.nullable(z.int().check(z.minimum(1))),
    title: z.string(),
    authors: z.array(z.string()),
    abstract: z.string(),
    /** Primary first. */
    categories: z.array(z.string()),
    primaryCategory: z.string(),
    /** ISO date of the first version, when known. */
    published: z.optional(z.string()),
    updated: z.optional(z.string()),
    doi: z.optional(z.string()),
    journalRef: z.optional(z.string()),
    comments: z.optional(z.string()),
    origin: PaperOrigin,
    /** Full-text sections, for papers the reader opened in HTML. */
    sections: z.optional(z.array(Section)),
    /** Where `sections` came from (HTML page, fetched HTML or PDF) and for which version. */
    fullText: z.optional(FullTextInfo),
    /** Base arXiv ids this paper cites (from its bibliography), when known. */
    references: z.optional(z.array(z.string())),
    addedAt: z.number(),
    /** Set on the papers the reader opened or saved: the "interests" profile. */
    openedAt: z.optional(z.number()),
  }),
);
export type PaperRecord = z.infer<typeof PaperRecord>;

/** A corpus paper retrieved for a question or a paper, with its similarity. */
export const Source = z.lazy(() =>
  z.object({
    id: z.string(),
    version: z.optional(z.nullable(z.int().check(z.minimum(1)))),
    title: z.string(),
    authors: z.array(z.string()),
    abstract: z.string(),
    primaryCategory: z.string(),
    categories: z.array(z.string()),
    /** 0..1, comparable across queries (cosine on normalised term vectors). Shown as a percentage. */
    similarity: z.number().check(z.minimum(0)).check(z.maximum(1)),
    /** Raw ranking score (BM25); not comparable across queries. */
    score: z.optional(z.number()),
    origin: z.optional(PaperOrigin),
    /** The retrieval model's rating of the paper for the question, 0-10 (shown as 0-100 %). */
    rating: z.optional(z.int().check(z.minimum(0)).check(z.maximum(10))),
    /** The retrieval model's one-line reason for its rating. */
    reason: z.optional(z.string()),
    /** Passages of the source's stored full text that best match the question (≤ ~300 words). */
    passages: z.optional(z.array(z.object({ section: z.string(), text: z.string() }))),
  }),
);
export type Source = z.infer<typeof Source>;
