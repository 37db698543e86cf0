import { z } from 'zod/mini';

/** What kind of arXiv page a URL or document is. */
export const PageKind = z.enum(['abs', 'html', 'pdf', 'listing', 'search', 'other']);
export type PageKind = z.infer<typeof PageKind>;

/** A typed, non-fatal problem met while reading a page. */
export const ExtractWarning = z.lazy(() =>
  z.object({
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
      /** The page's own metadata names another paper than its address (the address wins). */
      'id_mismatch',
    ]),
    message: z.string(),
  }),
);
export type ExtractWarning = z.infer<typeof ExtractWarning>;

export const Section = z.lazy(() =>
  z.object({
    /** "1", "3.2", "A" — as printed; empty when unnumbered. */
    number: z.string(),
    heading: z.string(),
    /** 1 = section, 2 = subsection, 3 = subsubsection / paragraph. */
    level: z.int().check(z.minimum(1)).check(z.maximum(6)),
    /** Compact text; math kept as its LaTeX source in `$...$`. */
    text: z.string(),
    /** Text read from a PDF: the page this part of the section is on (1-based). */
    page: z.optional(z.int().check(z.minimum(1))),
  }),
);
export type Section = z.infer<typeof Section>;

export const Reference = z.lazy(() =>
  z.object({
    /** Label as shown, e.g. "[12]" or "Vaswani et al. (2017)". */
    label: z.string(),
    /** The element id of the bibitem (e.g. "bib.bib12"), used to place badges. */
    anchor: z.optional(z.string()),
    text: z.string(),
    /** Guessed title of the cited work, when the entry has one. */
    title: z.optional(z.string()),
    /** Canonical base arXiv ids found in the entry. */
    arxivIds: z.array(z.string()),
    dois: z.array(z.string()),
    urls: z.array(z.string()),
    /** Section numbers (or headings) where this entry is cited in the text. */
    citedIn: z.array(z.string()),
  }),
);
export type Reference = z.infer<typeof Reference>;

export const Caption = z.lazy(() =>
  z.object({
    kind: z.enum(['figure', 'table']),
    label: z.string(),
    caption: z.string(),
  }),
);
export type Caption = z.infer<typeof Caption>;

export const VersionInfo = z.lazy(() =>
  z.object({ version: z.int().check(z.minimum(1)), date: z.string() }),
);
export type VersionInfo = z.infer<typeof VersionInfo>;

/** A paper as read from a page (abs, html) or fetched for a PDF tab. */
export const Paper = z.lazy(() =>
  z.object({
    /** Base id (no version): the key of a paper everywhere in Antigravity. */
    id: z.string(),
    /** Version number shown on the page, or null when the page does not say. */
    version: z.nullable(z.int().check(z.minimum(1))),
    title: z.string(),
    authors: z.array(z.string()),
    /** Abstract with its LaTeX kept as written. */
    abstract: z.string(),
    /** Primary category first. */
    categories: z.array(z.string()),
    comments: z.optional(z.string()),
    journalRef: z.optional(z.string()),
    doi: z.optional(z.string()),
    versions: z.optional(z.array(VersionInfo)),
    hasHtml: z.optional(z.boolean()),
    withdrawn: z.optional(z.boolean()),
    sections: z.array(Section),
    references: z.array(Reference),
    captions: z.optional(z.array(Caption)),
    /** Where the text came from: the page itself, arXiv's HTML version, or the export API. */
    textSource: z.optional(z.enum(['abs', 'html', 'readability', 'export-api', 'corpus', 'pdf'])),
  }),
);
export type Paper = z.infer<typeof Paper>;

/** One entry of a listing (/list) or search (/search) page. */
export const ListingEntry = z.lazy(() =>
  z.object({
    id: z.string(),
    version: z.nullable(z.int().check(z.minimum(1))),
    title: z.string(),
    authors: z.array(z.string()),
    categories: z.array(z.string()),
    abstract: z.optional(z.string()),
  }),
);
export type ListingEntry = z.infer<typeof ListingEntry>;

export const ExtractResult = z.lazy(() =>
  z.object({
    kind: PageKind,
    paper: z.optional(Paper),
    entries: z.optional(z.array(ListingEntry)),
    warnings: z.array(ExtractWarning),
  }),
);
export type ExtractResult = z.infer<typeof ExtractResult>;
