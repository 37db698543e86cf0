/**
 * Compact text from a DOM subtree: math as its LaTeX source (`$...$` inline, `$$...$$` display),
 * one line per block, table rows as `a | b | c`, no scripts/styles/buttons/images, footnotes
 * inline in brackets. Works on any DOM (browser, happy-dom, linkedom): only nodeType, localName,
 * attributes and child links are used.
 */

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'button',
  'input',
  'select',
  'textarea',
  'iframe',
  'object',
  'canvas',
  'img',
  'video',
  'audio',
  'dialog',
  'head',
  'annotation',
  'annotation-xml',
]);

const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'li',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'figure',
  'figcaption',
  'blockquote',
  'pre',
  'hr',
  'header',
  'footer',
  'nav',
  'main',
  'aside',
  'form',
  'body',
  'html',
]);

export interface TextOptions {
  /** Elements (and their subtrees) to leave out. */
  skip?: (el: Element) => boolean;
}

function hasClass(el: Element, cls: string): boolean {
  const c = el.getAttribute('class');
  return !!c && (` ${c} `.includes(` ${cls} `) || c === cls);
}

/** LaTeX source of a `<math>` element. */
export function mathSource(el: Element): string {
  let tex = el.getAttribute('alttext');
  if (!tex) {
    const ann = el.querySelector('annotation[encoding="application/x-tex"]');
    tex = ann?.textContent ?? null;
  }
  if (!tex) return (el.textContent ?? '').trim();
  tex = tex.trim();
  return el.getAttribute('display') === 'block' ? `$$${tex}$$` : `$${tex}$`;
}

function isEquationTable(el: Element): boolean {
  return (
    hasClass(el, 'ltx_equation') ||
    hasClass(el, 'ltx_equationgroup') ||
    hasClass(el, 'ltx_eqn_table') ||
    hasClass(el, 'ltx_eqn_row')
  );
}

function walk(
  node: Node,
  out: string[],
  opts: TextOptions,
  inEquation: boolean,
  inPre = false,
): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    const type = child.nodeType;
    if (type === TEXT || type === CDATA) {
      // Source line breaks are just spaces in HTML; only blocks and <br> make new lines.
      const data = (child as Text).data;
      out.push(inPre ? data : data.replace(/[\n\r\t]+/g, ' '));
      continue;
    }
    if (type !== ELEMENT) continue;
    const el = child as Element;
    const name = el.localName;
    if (name === 'script') {
      // MathJax 2 keeps the TeX source in <script type="math/tex(; mode=display)">.
      const t = el.getAttribute('type') ?? '';
      if (t.startsWith('math/tex')) {
        const tex = (el.textContent ?? '').trim();
        out.push(t.includes('display') ? `$$${tex}$$` : `$${tex}$`);
      }
      continue;
    }
    if (SKIP.has(name)) continue;
    if (el.getAttribute('hidden') !== null || el.getAttribute('aria-hidden') === 'true') continue;
    if (opts.skip?.(el)) continue;
    if (name === 'math') {
      out.push(mathSource(el));
      continue;
    }
    if (name === 'br') {
      out.push('\n');
      continue;
    }
    // LaTeXML footnotes: a mark, then the note content (shown on hover) inline in the sentence.
    if (
      hasClass(el, 'ltx_note_mark') ||
      hasClass(el, 'ltx_note_type') ||
      hasClass(el, 'ltx_tag_note')
    )
      continue;
    if (hasClass(el, 'ltx_role_footnotemark')) continue;
    if (hasClass(el, 'ltx_note_outer')) {
      const inner = textOf(el, opts);
      if (inner) out.push(` [${inner}] `);
      continue;
    }
    if (name === 'tr') {
      const eq = inEquation || isEquationTable(el);
      const cells: string[] = [];
      for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
        if (opts.skip?.(c)) continue;
        const t = textOf(c, opts, eq);
        if (t) cells.push(t.replace(/\n/g, ' '));
      }
      out.push('\n', cells.join(eq ? ' ' : ' | '), '\n');
      continue;
    }
    const block = BLOCK.has(name);
    if (block) out.push('\n');
    walk(
      el,
      out,
      opts,
      inEquation || (name === 'table' && isEquationTable(el)),
      inPre || name === 'pre',
    );
    if (block) out.push('\n');
  }
}

/** Tidy whitespace: single spaces inside lines, one newline between blocks, trimmed. */
export function tidy(s: string): string {
  return s
    .replace(/[ \t\f\v\r\u00a0\u2009\u200a\u202f]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** Compact text of an element's subtree (see the module comment). */
export function textOf(root: Node, opts: TextOptions = {}, inEquation = false): string {
  const out: string[] = [];
  walk(root, out, opts, inEquation);
  return tidy(out.join(''));
}

/** Text on one line (titles, names, labels). */
export function lineOf(root: Node, opts: TextOptions = {}): string {
  return textOf(root, opts).replace(/\s+/g, ' ').trim();
}

/** Collapse all whitespace to single spaces. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export { hasClass };
