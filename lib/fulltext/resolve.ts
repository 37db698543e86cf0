/**
 * "The text of paper X", for every page kind and for sources. In order:
 *
 * 1. the page itself, when it is the HTML version (its sections came with the paper);
 * 2. the text stored in the corpus for that version;
 * 3. https://arxiv.org/html/ID[vN], fetched (skipped when arXiv said it has no HTML);
 * 4. https://arxiv.org/pdf/ID[vN], fetched and read with PDF.js in the background's DOM context;
 * 5. the abstract, with a one-line reason.
 *
 * One request per paper version: concurrent callers share one resolution, a text found is stored
 * with the paper (one transaction, through the corpus's writer: lib/background/corpus-writer.ts) so no later question, tab or browser
 * session fetches it again, and a failure is remembered for a while (arXiv asks for restraint).
 * Each fetch has a time and size limit. Never throws: the worst outcome is the abstract.
 */
import { extractPage } from '../arxiv/extract-page';
import { readabilityFallback } from '../arxiv/extract-readability';
import { htmlUrl, parseArxivId, pdfUrl } from '../arxiv/id';
import type { Paper, Section } from '../arxiv/schema';
import type { PaperRecord } from '../corpus/schema';
import { fetchCapped, FetchFailure, toBase64 } from './capped-fetch';
import type { FullTextInfo, Reads } from '../arxiv/paper-text';

/** What the PDF reader (offscreen `pdf/text`) gives back. */
export interface PdfText {
  pages: number;
  title?: string;
  arxivId?: string;
  sections: Section[];
  chars: number;
}

export interface FullTextDeps {
  fetch: typeof fetch;
  parseHtml: (html: string, url: string) => Document | Promise<Document>;
  /** Reads a PDF (base64) in a DOM context; throws with a one-line reason. */
  readPdf: (base64: string) => Promise<PdfText>;
  getStored: (id: string) => Promise<PaperRecord | undefined>;
  /** Stores the paper with its text; a failure only means it is fetched again next time. */
  store: (paper: Paper, info: FullTextInfo) => Promise<void>;
  now?: () => number;
  /** Per request (default 20 s: MV3 stops a worker whose fetch takes 30 s to start). */
  timeoutMs?: number;
  maxHtmlBytes?: number;
  maxPdfBytes?: number;
  /** How long a failure is remembered before the text is tried again (default 10 min). */
  failureTtlMs?: number;
}

export interface ResolvedText {
  paper: Paper;
  reads: Reads;
}

export interface FullTextResolver {
  resolve(paper: Paper): Promise<ResolvedText>;
  /** Tests and benchmarks: forget in-flight and failed resolutions. */
  reset(): void;
}

export const DEFAULT_TIMEOUT_MS = 20_000;
export const MAX_HTML_BYTES = 20_000_000;
export const MAX_PDF_BYTES = 30_000_000;

const FULL = new Set(['html', 'readability', 'pdf']);

function versionOfUrl(url: string): number | null {
  const p = parseArxivId(url);
  return p.ok ? p.id.version : null;
}

function reasonOf(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/\.$/, '') || 'unknown error';
}

export function createFullTextResolver(deps: FullTextDeps): FullTextResolver {
  const now = deps.now ?? (() => Date.now());
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const inflight = new Map<string, Promise<ResolvedText>>();
  const failed = new Map<string, { reason: string; at: number }>();
  const ttl = deps.failureTtlMs ?? 10 * 60_000;

  const save = async (paper: Paper, info: FullTextInfo) => {
    try {
      await deps.store(paper, info);
    } catch (e) {
      console.warn('[Antigravity] the full text could not be stored:', e);
    }
  };

  async function fromHtml(paper: Paper, v: number | null): Promise<ResolvedText> {
    const url = htmlUrl(paper.id, v);
    const got = await fetchCapped(url, {
      fetch: deps.fetch,
      timeoutMs,
      maxBytes: deps.maxHtmlBytes ?? MAX_HTML_BYTES,
      what: 'the HTML version',
    });
    const html = new TextDecoder().decode(got.bytes);
    // After a redirect (/html/ID -> /html/IDvN) the final URL names the version; rebuilt on
    // arxiv.org so that a proxy in between does not change the page kind.
    const finalVersion = (got.url && versionOfUrl(got.url)) || v;
    const pageUrl = htmlUrl(paper.id, finalVersion);
    const doc = await deps.parseHtml(html, pageUrl);
    const read = extractPage(doc, pageUrl, { fallback: readabilityFallback }).paper;
    if (!read?.sections.length) {
      throw new FetchFailure('the HTML version arXiv sent is an error page, not the paper');
    }
    const version = read.version ?? finalVersion ?? paper.version;
    const info: FullTextInfo = {
      source: 'html',
      version,
      sections: read.sections.length,
      at: now(),
    };
    const out: Paper = {
      ...paper,
      version: paper.version ?? version,
      sections: read.sections,
      references: paper.references.length ? paper.references : read.references,
      textSource: 'html',
    };
    if (!out.abstract && read.abstract) out.abstract = read.abstract;
    if (read.captions?.length) out.captions = read.captions;
    await save(out, info);
    return { paper: out, reads: { full: true, info } };
  }

  async function fromPdf(paper: Paper, v: number | null): Promise<ResolvedText> {
    const got = await fetchCapped(pdfUrl(paper.id, v), {
      fetch: deps.fetch,
      timeoutMs,
      maxBytes: deps.maxPdfBytes ?? MAX_PDF_BYTES,
      what: 'the PDF',
    });
    const head = new TextDecoder().decode(got.bytes.subarray(0, 1024));
    if (!head.includes('%PDF-')) {
      throw new FetchFailure(
        /<html|<!doctype/i.test(head)
          ? 'arXiv sent a web page instead of the PDF'
          : 'what arXiv sent is not a PDF',
      );
    }
    const text = await deps.readPdf(toBase64(got.bytes));
    const stamped = text.arxivId ? parseArxivId(text.arxivId) : null;
    const version =
      (stamped?.ok && stamped.id.base === paper.id ? stamped.id.version : null) ??
      ((got.url && versionOfUrl(got.url)) || v);
    const info: FullTextInfo = {
      source: 'pdf',
      version,
      sections: text.sections.length,
      pages: text.pages,
      at: now(),
    };
    const out: Paper = {
      ...paper,
      version: paper.version ?? version,
      sections: text.sections,
      textSource: 'pdf',
    };
    await save(out, info);
    return { paper: out, reads: { full: true, info } };
  }

  async function run(paper: Paper, key: string): Promise<ResolvedText> {
    const v = paper.version;
    const stored = await deps.getStored(paper.id).catch(() => undefined);
    if (stored?.sections?.length) {
      const sv = stored.fullText?.version ?? stored.version;
      if (v === null || sv === v) {
        const info: FullTextInfo = stored.fullText ?? {
          source: 'html',
          version: sv,
          sections: stored.sections.length,
          at: stored.addedAt,
        };
        return {
          paper: { ...paper, sections: stored.sections, textSource: 'corpus' },
          reads: { full: true, info },
        };
      }
    }
    const known = failed.get(key);
    if (known && now() - known.at < ttl) {
      return { paper, reads: { full: false, reason: known.reason } };
    }
    let htmlReason: string;
    if (paper.hasHtml === false) htmlReason = 'arXiv has no HTML version of this paper';
    else {
      try {
        return await fromHtml(paper, v);
      } catch (e) {
        htmlReason = reasonOf(e);
      }
    }
    let pdfReason: string;
    try {
      return await fromPdf(paper, v);
    } catch (e) {
      pdfReason = reasonOf(e);
    }
    const noHtml = /no HTML/i.test(htmlReason);
    const reason = noHtml
      ? `arXiv has no HTML for this paper and its PDF could not be read (${pdfReason})`
      : `neither the HTML version (${htmlReason}) nor the PDF (${pdfReason}) could be read`;
    failed.set(key, { reason, at: now() });
    return { paper, reads: { full: false, reason } };
  }

  return {
    resolve(paper: Paper): Promise<ResolvedText> {
      if (paper.sections.length && FULL.has(paper.textSource ?? 'html')) {
        const info: FullTextInfo = {
          source: paper.textSource === 'pdf' ? 'pdf' : 'page',
          version: paper.version,
          sections: paper.sections.length,
          at: now(),
        };
        // The page or the PDF tab brought the text: stored once, unless it is already.
        void deps
          .getStored(paper.id)
          .then((s) =>
            s?.sections?.length && (s.fullText?.version ?? s.version) === paper.version
              ? undefined
              : save(paper, info),
          )
          .catch(() => undefined);
        return Promise.resolve({ paper, reads: { full: true, info } });
      }
      const key = `${paper.id}v${paper.version ?? ''}`;
      let p = inflight.get(key);
      if (!p) {
        p = run(paper, key)
          .catch((e: unknown) => ({
            paper,
            reads: { full: false, reason: `the full text could not be read (${reasonOf(e)})` },
          }))
          .finally(() => inflight.delete(key));
        inflight.set(key, p);
      }
      return p;
    },
    reset() {
      inflight.clear();
      failed.clear();
    },
  };
}
