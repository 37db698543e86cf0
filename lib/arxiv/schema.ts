import { z } from 'zod';

/** What kind of arXiv page a URL or document is. */
export const PageKind = z.enum(['abs', 'html', 'pdf', 'listing', 'search', 'other']);
export type PageKind = z.infer<typeof PageKind>;

/** A typed, non-fatal problem met while reading a page. */
export const ExtractWarning = z.object({
  code: z.enum([
    'missing_title',
    'missing_authors',
    'missing_abstract',
    'missing_categories',
    'missing_id',
    'missing_sections',
    'missing_bibliography',
    'truncated',
    'too_large',
    'fallback_readability',
    'not_a_paper',
    'selector_fallback',
    'unparsed_entry',
  ]),
  message: z.string(),
});
export type ExtractWarning = z.infer<typeof ExtractWarning>;

export const Section = z.object({
  /** "1", "3.2", "A" — as printed; empty when unnumbered. */
  number: z.string(),
  heading: z.string(),
  /** 1 = section, 2 = subsection, 3 = subsubsection / paragraph. */
  level: z.number().int().min(1).max(6),
  /** Compact text; math kept as its LaTeX source in `$...$`. */
  text: z.string(),
});
export type Section = z.infer<typeof Section>;

export const Reference = z.object({
  /** Label as shown, e.g. "[12]" or "Vaswani et al. (2017)". */
  label: z.string(),
  /** The element id of the bibitem (e.g. "bib.bib12"), used to place badges. */
  anchor: z.string().optional(),
  text: z.string(),
  /** Guessed title of the cited work, when the entry has one. */
  title: z.string().optional(),
  /** Canonical base arXiv ids found in the entry. */
  arxivIds: z.array(z.string()),
  dois: z.array(z.string()),
  urls: z.array(z.string()),
  /** Section numbers (or headings) where this entry is cited in the text. */
  citedIn: z.array(z.string()),
});
export type Reference = z.infer<typeof Reference>;

export const Caption = z.object({
  kind: z.enum(['figure', 'table']),
  label: z.string(),
  caption: z.string(),
});
export type Caption = z.infer<typeof Caption>;

export const VersionInfo = z.object({ version: z.number().int().min(1), date: z.string() });
export type VersionInfo = z.infer<typeof VersionInfo>;

/** A paper as read from a page (abs, html) or fetched for a PDF tab. */
export const Paper = z.object({
  /** Base id (no version): the key of a paper everywhere in Antigravity. */
  id: z.string(),
  /** Version number shown on the page, or null when the page does not say. */
  version: z.number().int().min(1).nullable(),
  title: z.string(),
  authors: z.array(z.string()),
  /** Abstract with its LaTeX kept as written. */
  abstract: z.string(),
  /** Primary category first. */
  categories: z.array(z.string()),
  comments: z.string().optional(),
  journalRef: z.string().optional(),
  doi: z.string().optional(),
  versions: z.array(VersionInfo).optional(),
  hasHtml: z.boolean().optional(),
  withdrawn: z.boolean().optional(),
  sections: z.array(Section),
  references: z.array(Reference),
  captions: z.array(Caption).optional(),
  /** Where the text came from: the page itself, arXiv's HTML version, or the export API. */
  textSource: z.enum(['abs', 'html', 'readability', 'export-api', 'corpus']).optional(),
});
export type Paper = z.infer<typeof Paper>;

/** One entry of a listing (/list) or search (/search) page. */
export const ListingEntry = z.object({
  id: z.string(),
  version: z.number().int().min(1).nullable(),
  title: z.string(),
  authors: z.array(z.string()),
  categories: z.array(z.string()),
  abstract: z.string().optional(),
});
export type ListingEntry = z.infer<typeof ListingEntry>;

export const ExtractResult = z.object({
  kind: PageKind,
  paper: Paper.optional(),
  entries: z.array(ListingEntry).optional(),
  warnings: z.array(ExtractWarning),
});
export type ExtractResult = z.infer<typeof ExtractResult>;
