import { z } from 'zod';
import { Section } from '../arxiv/schema';

/** How a paper entered the corpus. `derived` records are synthetic (benchmarks only). */
export const PaperOrigin = z.enum(['opened', 'import', 'harvest', 'reference', 'derived']);
export type PaperOrigin = z.infer<typeof PaperOrigin>;

/** A paper stored in the corpus (IndexedDB table `papers`), keyed by base id. */
export const PaperRecord = z.object({
  id: z.string(),
  /** Latest version known. */
  version: z.number().int().min(1).nullable(),
  title: z.string(),
  authors: z.array(z.string()),
  abstract: z.string(),
  /** Primary first. */
  categories: z.array(z.string()),
  primaryCategory: z.string(),
  /** ISO date of the first version, when known. */
  published: z.string().optional(),
  updated: z.string().optional(),
  doi: z.string().optional(),
  journalRef: z.string().optional(),
  comments: z.string().optional(),
  origin: PaperOrigin,
  /** Full-text sections, for papers the reader opened in HTML. */
  sections: z.array(Section).optional(),
  /** Base arXiv ids this paper cites (from its bibliography), when known. */
  references: z.array(z.string()).optional(),
  addedAt: z.number(),
  /** Set on the papers the reader opened or saved: the "interests" profile. */
  openedAt: z.number().optional(),
});
export type PaperRecord = z.infer<typeof PaperRecord>;

/** A corpus paper retrieved for a question or a paper, with its similarity. */
export const Source = z.object({
  id: z.string(),
  version: z.number().int().min(1).nullable().optional(),
  title: z.string(),
  authors: z.array(z.string()),
  abstract: z.string(),
  primaryCategory: z.string(),
  categories: z.array(z.string()),
  /** 0..1, comparable across queries (cosine on normalised term vectors). Shown as a percentage. */
  similarity: z.number().min(0).max(1),
  /** Raw ranking score (BM25); not comparable across queries. */
  score: z.number().optional(),
  origin: PaperOrigin.optional(),
});
export type Source = z.infer<typeof Source>;
