/**
 * The paper behind a PDF tab. No content script can read Chrome's PDF viewer, so the background
 * fetches the paper's HTML version (https://arxiv.org/html/ID[vN]) and reads it like an HTML
 * page; when arXiv has none (404) or it cannot be read, it asks the export API for the metadata
 * and abstract. The result says which it used.
 */
import { AgException, agError } from '../errors';
import { parseAtomFeed } from './atom';
import { extractPage } from './extract-page';
import { readabilityFallback } from './extract-readability';
import { formatArxivId, htmlUrl, parseArxivId } from './id';
import type { ExtractWarning, Paper } from './schema';
import { parseHtmlInWorker } from './worker-dom';

export interface PdfPaperDeps {
  fetch: typeof fetch;
  /** Builds a Document from HTML; default: `parseHtmlInWorker` (native DOMParser or linkedom). */
  parseHtml?: (html: string, url: string) => Document | Promise<Document>;
  /** Per-request timeout (ms); default 20 s (MV3 kills a worker whose fetch takes 30 s to start). */
  timeoutMs?: number;
  /** Export API endpoint; default https://export.arxiv.org/api/query. */
  exportApiUrl?: string;
}

export interface PdfPaper {
  paper: Paper;
  from: 'html' | 'export-api';
  warnings: ExtractWarning[];
}

const EXPORT_API = 'https://export.arxiv.org/api/query';

async function timedFetch(deps: PdfPaperDeps, url: string): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deps.timeoutMs ?? 20_000);
  try {
    return await deps.fetch(url, { signal: controller.signal, credentials: 'omit' });
  } finally {
    clearTimeout(timer);
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.name === 'AbortError' ? 'timed out' : e.message;
  return String(e);
}

function finalHtmlUrl(responseUrl: string): string | null {
  if (!responseUrl) return null;
  try {
    const m = /\/html\/(.+?)\/?$/.exec(new URL(responseUrl).pathname);
    const p = m?.[1] ? parseArxivId(m[1]) : null;
    return p?.ok ? htmlUrl(p.id.base, p.id.version) : null;
  } catch {
    return null;
  }
}

/** Tries the HTML version; returns null (with a warning saying why) when it cannot be used. */
async function fromHtml(
  base: string,
  version: number | null,
  deps: PdfPaperDeps,
  warnings: ExtractWarning[],
  state: { noHtml: boolean },
): Promise<PdfPaper | null> {
  const url = htmlUrl(base, version);
  let res: Response;
  try {
    res = await timedFetch(deps, url);
  } catch (e) {
    warnings.push({
      code: 'missing_sections',
      message: `The HTML version could not be fetched (${describe(e)}): only the metadata and abstract are available.`,
    });
    return null;
  }
  if (res.status === 404) {
    state.noHtml = true;
    warnings.push({
      code: 'missing_sections',
      message:
        'arXiv has no HTML version of this paper: only its metadata and abstract are available.',
    });
    return null;
  }
  if (!res.ok) {
    warnings.push({
      code: 'missing_sections',
      message: `The HTML version could not be fetched (HTTP ${res.status}): only the metadata and abstract are available.`,
    });
    return null;
  }
  const html = await res.text();
  // After a redirect (/html/ID -> /html/IDvN) the final URL names the version. Rebuilt on
  // arxiv.org so that a proxy or mirror in between does not change the page kind.
  const finalUrl = finalHtmlUrl(res.url) ?? url;
  const doc = await (deps.parseHtml ?? parseHtmlInWorker)(html, finalUrl);
  const result = extractPage(doc, finalUrl, { fallback: readabilityFallback });
  const paper = result.paper;
  if (!paper || (!paper.sections.length && !paper.abstract)) {
    warnings.push(...result.warnings, {
      code: 'missing_sections',
      message:
        'The HTML version has no readable text: only the metadata and abstract are available.',
    });
    return null;
  }
  if (!paper.id) paper.id = base;
  return { paper, from: 'html', warnings: [...warnings, ...result.warnings] };
}

async function fromExportApi(
  base: string,
  version: number | null,
  deps: PdfPaperDeps,
  warnings: ExtractWarning[],
  state: { noHtml: boolean },
): Promise<PdfPaper> {
  const id = formatArxivId(base, version);
  const url = `${deps.exportApiUrl ?? EXPORT_API}?id_list=${encodeURIComponent(id)}`;
  let res: Response;
  try {
    res = await timedFetch(deps, url);
  } catch (e) {
    throw new AgException(
      agError(
        'network',
        `Could not reach arXiv for ${id} (${describe(e)}).`,
        'Check your connection, then reopen the panel.',
      ),
    );
  }
  const body = await res.text().catch(() => '');
  if (res.status === 429 || /^\s*Rate exceeded/i.test(body)) {
    const retry = Number(res.headers.get('retry-after'));
    const err = agError(
      'rate_limited',
      'arXiv is rate-limiting requests.',
      'Wait a few seconds, then reopen the panel.',
    );
    throw new AgException(
      Number.isFinite(retry) && retry > 0 ? { ...err, retryAfterS: retry } : err,
    );
  }
  if (res.status >= 500) {
    throw new AgException(
      agError(
        'server_error',
        `arXiv's export API answered HTTP ${res.status}.`,
        'Try again in a minute.',
      ),
    );
  }
  const feed = parseAtomFeed(body);
  if (feed.error) {
    throw new AgException(agError('no_paper', `arXiv could not look up ${id}: ${feed.error}`));
  }
  const entry = feed.entries.find((e) => e.id === base) ?? feed.entries[0];
  if (!entry) {
    throw new AgException(
      agError('no_paper', `arXiv has no paper ${id}.`, 'Check the address of the PDF.'),
    );
  }
  const paper: Paper = {
    id: entry.id,
    version: entry.version ?? version,
    title: entry.title,
    authors: entry.authors,
    abstract: entry.abstract,
    categories: entry.categories,
    sections: [],
    references: [],
    textSource: 'export-api',
  };
  if (state.noHtml) paper.hasHtml = false;
  if (entry.comments) paper.comments = entry.comments;
  if (entry.journalRef) paper.journalRef = entry.journalRef;
  if (entry.doi) paper.doi = entry.doi;
  if (/withdrawn/i.test(entry.comments ?? '')) paper.withdrawn = true;
  return { paper, from: 'export-api', warnings };
}

/**
 * The paper of a PDF tab: its HTML version when arXiv has one, else export-API metadata.
 * Throws an `AgException` (network, rate_limited, server_error, no_paper) when neither works.
 */
export async function fetchPaperForPdf(
  base: string,
  version: number | null,
  deps: PdfPaperDeps,
): Promise<PdfPaper> {
  const warnings: ExtractWarning[] = [];
  const state = { noHtml: false };
  const html = await fromHtml(base, version, deps, warnings, state);
  if (html) return html;
  return fromExportApi(base, version, deps, warnings, state);
}
