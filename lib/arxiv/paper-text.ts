import { z } from 'zod/mini';
import type { Section } from './schema';

/**
 * What the text of a paper is and where it came from. Stored with the paper
 * (`PaperRecord.fullText`, its sections in `PaperRecord.sections`) and carried by each answer
 * (`Turn.reads`) so the panel and the exported note say what the answer read.
 */
export const FullTextInfo = z.object({
  /** `page`: the HTML page the reader had open; `html`: fetched /html/; `pdf`: fetched /pdf/. */
  source: z.enum(['page', 'html', 'pdf']),
  /** The version the text is of (null when arXiv did not say). */
  version: z.nullable(z.int().check(z.minimum(1))),
  sections: z.int().check(z.nonnegative()),
  /** PDF only: pages read. */
  pages: z.optional(z.int().check(z.nonnegative())),
  /** When it was read (epoch ms). */
  at: z.number(),
});
export type FullTextInfo = z.infer<typeof FullTextInfo>;

/** What an answer reads: the full text (with its info), or the abstract and the reason why. */
export const Reads = z.object({
  full: z.boolean(),
  info: z.optional(FullTextInfo),
  /** Abstract only: why, in one line. */
  reason: z.optional(z.string()),
});
export type Reads = z.infer<typeof Reads>;

/** "Full text · HTML v7 (28 sections)", "Full text · PDF v2 (14 pages)", "Abstract only — reason". */
export function readsLabel(r: Reads): string {
  const i = r.info;
  if (r.full && i) {
    const v = i.version ? ` v${i.version}` : '';
    if (i.source === 'pdf') return `Full text · PDF${v} (${i.pages ?? 0} pages)`;
    return `Full text · HTML${v} (${i.sections} section${i.sections === 1 ? '' : 's'})`;
  }
  return `Abstract only — ${r.reason ?? 'the full text could not be read'}`;
}

/** "3.2 Attention", "Introduction (p. 7)": a section (a page of it, for a PDF) as cited. */
export function sectionLabel(s: Pick<Section, 'number' | 'heading' | 'page'>): string {
  const name = [s.number, s.heading].filter(Boolean).join(' ').trim() || 'Untitled section';
  return s.page ? `${name} (p. ${s.page})` : name;
}
