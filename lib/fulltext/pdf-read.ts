/**
 * Reads a PDF's text with PDF.js (`pdfjs-dist`) into positioned runs, then lays them out
 * (pdf-layout.ts). The PDF.js module is passed in: the offscreen document (and Firefox's
 * background page) gives the browser build with its worker bundled locally; tests give the
 * legacy build that runs in Node.
 *
 * Failures are typed (`PdfReadError.reason`): `encrypted`, `broken`, `scanned` (no text layer),
 * so the answer can say in one line why it reads the abstract instead.
 */
import { layoutPdf, type PdfLayout, type PdfPageRuns, type PdfRun } from './pdf-layout';

/** The part of the PDF.js API used here (both builds of pdfjs-dist have it). */
export interface PdfJsLike {
  getDocument(src: {
    data: Uint8Array;
    isEvalSupported?: boolean;
    disableFontFace?: boolean;
    useSystemFonts?: boolean;
    stopAtErrors?: boolean;
    verbosity?: number;
    /** A PDFWorker kept between documents (the browser build: no worker start per PDF). */
    worker?: unknown;
  }): { promise: Promise<PdfDocLike>; destroy(): Promise<void> };
}
interface PdfDocLike {
  numPages: number;
  getPage(n: number): Promise<PdfPageLike>;
  destroy(): Promise<void>;
}
interface PdfPageLike {
  getViewport(o: { scale: number }): { width: number; height: number; transform: number[] };
  getTextContent(): Promise<{ items: Array<Record<string, unknown>> }>;
  cleanup(): void;
}

export type PdfFailure = 'encrypted' | 'broken' | 'scanned' | 'too_many_pages';

export class PdfReadError extends Error {
  constructor(
    readonly reason: PdfFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PdfReadError';
  }
}

/** Pages read at most (a long thesis is cut there, and says so in the page count). */
export const MAX_PDF_PAGES = 300;

/** m1 x m2 (PDF.js's Util.transform, without importing it). */
function multiply(m1: number[], m2: number[]): number[] {
  const [a1 = 0, b1 = 0, c1 = 0, d1 = 0, e1 = 0, f1 = 0] = m1;
  const [a2 = 0, b2 = 0, c2 = 0, d2 = 0, e2 = 0, f2 = 0] = m2;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

function runsOf(items: Array<Record<string, unknown>>, viewport: number[]): PdfRun[] {
  const out: PdfRun[] = [];
  for (const it of items) {
    const str = typeof it.str === 'string' ? it.str : '';
    const tr = Array.isArray(it.transform) ? (it.transform as number[]) : null;
    if (!str || !tr) continue;
    const m = multiply(viewport, tr);
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = m;
    const size = Math.hypot(c, d);
    const scaleX = Math.hypot(a, b) / (Math.hypot(tr[0] ?? 0, tr[1] ?? 0) || 1);
    out.push({
      str,
      x,
      y,
      w: (typeof it.width === 'number' ? it.width : 0) * scaleX,
      size,
      rotated: Math.abs(b) > Math.abs(a) * 0.2,
    });
  }
  return out;
}

function failure(e: unknown): PdfReadError {
  const name = (e as { name?: string } | null)?.name ?? '';
  const msg = e instanceof Error ? e.message : String(e);
  if (name === 'PasswordException' || /password/i.test(msg)) {
    return new PdfReadError('encrypted', 'the PDF is encrypted (password protected)');
  }
  return new PdfReadError('broken', `the PDF could not be read (${msg.slice(0, 120)})`);
}

/** The text of a PDF, laid out. Throws a PdfReadError. */
export async function readPdf(
  data: Uint8Array,
  pdfjs: PdfJsLike,
  opts: { worker?: unknown } = {},
): Promise<PdfLayout> {
  const task = pdfjs.getDocument({
    data,
    ...(opts.worker ? { worker: opts.worker } : {}),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  let doc: PdfDocLike;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw failure(e);
  }
  try {
    const n = Math.min(doc.numPages, MAX_PDF_PAGES);
    const pages: PdfPageRuns[] = [];
    for (let i = 1; i <= n; i++) {
      const page = await doc.getPage(i);
      const vp = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      pages.push({
        page: i,
        width: vp.width,
        height: vp.height,
        runs: runsOf(content.items, vp.transform),
      });
      page.cleanup();
    }
    const layout = layoutPdf(pages);
    if (layout.chars < Math.max(200, 40 * pages.length)) {
      throw new PdfReadError(
        'scanned',
        'the PDF has no text layer (a scanned document): there is no text to read',
      );
    }
    return layout;
  } catch (e) {
    throw e instanceof PdfReadError ? e : failure(e);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}
