/**
 * `pdf/text` in the background's DOM context: PDF.js (pdfjs-dist, its worker bundled with the
 * extension: no remote code) reads the PDF; lib/fulltext/pdf-read.ts lays out its text. An
 * unreadable PDF becomes an AgException `bad_input` with the one-line reason.
 */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { AgException, agError } from '../errors';
import { fromBase64, PdfReadError, readPdf, type PdfJsLike } from '../fulltext';

let worker: pdfjs.PDFWorker | undefined;

/**
 * One PDF.js worker for the context's lifetime: starting one loads and compiles its ~1 MB
 * script, which cost more than reading a 15-page paper. A destroyed one is replaced.
 */
function pdfWorker(): pdfjs.PDFWorker {
  if (!worker || worker.destroyed) {
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
    worker = new pdfjs.PDFWorker();
  }
  return worker;
}

export async function readPdfText(data: string) {
  try {
    const layout = await readPdf(fromBase64(data), pdfjs as unknown as PdfJsLike, {
      worker: pdfWorker(),
    });
    return {
      pages: layout.pages,
      sections: layout.sections,
      chars: layout.chars,
      ...(layout.title ? { title: layout.title } : {}),
      ...(layout.arxivId ? { arxivId: layout.arxivId } : {}),
    };
  } catch (e) {
    if (e instanceof PdfReadError) throw new AgException(agError('bad_input', e.message));
    throw e;
  }
}
