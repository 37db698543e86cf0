/**
 * The side panel page is a standards-mode document (`<!doctype html>`). happy-dom has no
 * `document.compatMode`, so KaTeX, which checks it when it loads, warns about quirks mode.
 * Import this before anything that loads KaTeX.
 */
if (typeof document !== 'undefined' && document.compatMode !== 'CSS1Compat') {
  Object.defineProperty(document, 'compatMode', { value: 'CSS1Compat', configurable: true });
}
