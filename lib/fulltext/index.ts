/** The text of a paper (HTML, PDF, or the abstract with the reason): design in README.md of the top level, "Where the text of a paper comes from". */
export { createFullTextResolver, type FullTextResolver, type ResolvedText } from './resolve';
export { withSourcePassages } from './passages';
export { fromBase64 } from './capped-fetch';
export { PdfReadError, readPdf, type PdfJsLike } from './pdf-read';
