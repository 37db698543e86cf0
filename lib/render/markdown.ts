/**
 * Safe Markdown and math for the side panel (plain TypeScript; the React components call it).
 *
 * - markdown-it with `html: false`: raw HTML written by the model is shown as text, never parsed.
 * - Links only to http(s); anything else (javascript:, data:, relative, mailto:) stays text.
 * - Images are never loaded: `![alt](https://...)` becomes a plain link to the image.
 * - Math by KaTeX (@vscode/markdown-it-katex): `$...$`, `$$...$$`, plus `\(...\)` and `\[...\]`
 *   (rules below); `trust: false`, so `\href`, `\url`, `\htmlClass`... render as errors, not HTML.
 * - Citation markers (./citations.ts) become numbered chips; unverified ids a marked span.
 * - `createStreamingRenderer` re-parses only the block still growing.
 */
import { honestLink } from './link-truth';
import markdownIt from 'markdown-it';
import type { MarkdownIt, StateBlock, StateCore, StateInline, Token } from 'markdown-it';
import markdownItKatexImport from '@vscode/markdown-it-katex';
import katex, { type KatexOptions } from 'katex';
import type { Citation } from '../answer/schema';
import {
  CITE_CLOSE,
  CITE_OPEN,
  UNVERIFIED_CLOSE,
  UNVERIFIED_OPEN,
  citationMarker,
  decodeCitationMark,
  decodeUnverifiedMark,
  neutralizeMarkers,
  baseIdOf,
  MARKER_CHARS_RE,
} from './citations';

export {
  insertCitationMarkers,
  citationMarker,
  planCitations,
  rewriteCitations,
  neutralizeMarkers,
} from './citations';
export type { CitationFormat, CitationPlan } from './citations';

type KatexPlugin = typeof markdownItKatexImport;
/**
 * The plugin is CommonJS with `exports.default`: bundlers that import CommonJS in Node mode
 * (esbuild for an ESM package) hand over the exports object instead of the function.
 */
const markdownItKatex: KatexPlugin =
  typeof markdownItKatexImport === 'function'
    ? markdownItKatexImport
    : (markdownItKatexImport as unknown as { default: KatexPlugin }).default;

/** KaTeX options everywhere: no HTML extensions, bounded work, no console noise. */
export const KATEX_OPTIONS: KatexOptions = {
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  maxSize: 50,
  maxExpand: 500,
  output: 'htmlAndMathml',
};

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Rendered TeX by source: a streamed answer re-renders the math of its growing block on every
 * delta, and titles repeat; KaTeX output depends only on the TeX and the mode.
 */
const katexCache = new Map<string, string>();
const KATEX_CACHE_MAX = 1000;

function katexHtml(tex: string, displayMode: boolean): string {
  const key = (displayMode ? 'D' : 'I') + tex;
  const hit = katexCache.get(key);
  if (hit !== undefined) {
    // Most recently used last.
    katexCache.delete(key);
    katexCache.set(key, hit);
    return hit;
  }
  let html: string;
  try {
    html = katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode });
  } catch {
    html = `<span class="katex-error" title="${escapeHtml(tex)}">${escapeHtml(tex)}</span>`;
  }
  katexCache.set(key, html);
  if (katexCache.size > KATEX_CACHE_MAX) katexCache.delete(katexCache.keys().next().value!);
  return html;
}

const HTTP_RE = /^https?:\/\//i;

/** Only absolute http(s) URLs become links. */
export function isSafeHref(url: string): boolean {
  return HTTP_RE.test(url.trim());
}

/** `\(...\)` and inline `\[...\]` (before the escape rule, which would eat the backslash). */
function parenMath(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const pos = state.pos;
  if (src.charCodeAt(pos) !== 0x5c) return false;
  const open = src[pos + 1];
  if (open !== '(' && open !== '[') return false;
  // Inside link text `\[` is an escaped bracket (as in the exports' `[\[1\]](url)`).
  if (open === '[' && state.linkLevel > 0) return false;
  const closer = open === '(' ? '\\)' : '\\]';
  const close = src.indexOf(closer, pos + 2);
  if (close < 0 || close + 2 > state.posMax) return false;
  const content = src.slice(pos + 2, close);
  if (!content.trim()) return false;
  if (!silent) {
    const token = state.push(open === '(' ? 'math_inline' : 'ag_math_display', 'math', 0);
    token.markup = open === '(' ? '\\(' : '\\[';
    token.content = content;
  }
  state.pos = close + 2;
  return true;
}

/** `\[` at the start of a line, closed by `\]` (no blank line inside), as a display block. */
function bracketMathBlock(state: StateBlock, start: number, end: number, silent: boolean): boolean {
  const pos = state.bMarks[start]! + state.tShift[start]!;
  if (state.sCount[start]! - state.blkIndent >= 4) return false;
  if (state.src.slice(pos, pos + 2) !== '\\[') return false;
  let line = start;
  const closeAt = state.src.indexOf('\\]', pos + 2);
  if (closeAt < 0) return false;
  // The closer must be on this line or a later one with no blank line in between.
  while (closeAt > state.eMarks[line]!) {
    line++;
    if (line >= end) return false;
    const b = state.bMarks[line]! + state.tShift[line]!;
    if (b >= state.eMarks[line]!) return false; // blank line
  }
  if (state.src.slice(closeAt + 2, state.eMarks[line]!).trim() !== '') return false;
  if (silent) return true;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = state.src.slice(pos + 2, closeAt);
  token.markup = '\\[';
  token.map = [start, line + 1];
  state.line = line + 1;
  return true;
}

function citeHtml(payload: string, insideLink: boolean): string {
  const mark = decodeCitationMark(payload);
  if (!mark) return '';
  const base = baseIdOf(mark.arxivId);
  const n = String(mark.n);
  const attrs =
    `data-testid="citation" data-arxiv-id="${escapeHtml(mark.arxivId)}" data-verified="true"` +
    ` data-n="${n}"`;
  const title = escapeHtml(mark.title);
  if (!base || insideLink) {
    return `<sup class="ag-cite"><span ${attrs} title="${title}">${n}</span></sup>`;
  }
  const href = `https://arxiv.org/abs/${escapeHtml(mark.arxivId)}`;
  return (
    `<sup class="ag-cite"><a ${attrs} href="${href}" target="_blank" rel="noopener noreferrer"` +
    ` title="${title}">${n}</a></sup>`
  );
}

function unverifiedHtml(payload: string): string {
  const mark = decodeUnverifiedMark(payload);
  if (!mark) return '';
  return (
    `<span data-testid="citation" data-arxiv-id="${escapeHtml(mark.id)}" data-verified="false"` +
    ` class="ag-unverified" title="Not among the sources: unverified">${escapeHtml(mark.text)}</span>`
  );
}

const MARKER_RE = new RegExp(
  `${CITE_OPEN}([\\uE010-\\uE01F]*)${CITE_CLOSE}|${UNVERIFIED_OPEN}([\\uE010-\\uE01F]*)${UNVERIFIED_CLOSE}`,
  'g',
);

/** Splits text tokens at markers; strips markers from code and math; marks links to drop. */
function markerCoreRule(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type === 'fence' || block.type === 'code_block' || block.type === 'math_block') {
      block.content = block.content.replace(MARKER_CHARS_RE, '');
      continue;
    }
    if (block.type !== 'inline' || !block.children) continue;
    const out: Token[] = [];
    let openLink: Token | null = null;
    for (const t of block.children) {
      if (t.type === 'link_open') {
        openLink = t;
        const href = String(t.attrGet('href') ?? '');
        if (!isSafeHref(href)) t.meta = { ...(t.meta ?? {}), agDrop: true };
      } else if (t.type === 'link_close') {
        if (openLink?.meta?.agDrop) t.meta = { ...(t.meta ?? {}), agDrop: true };
        openLink = null;
      }
      if (t.type === 'code_inline' || t.type === 'math_inline' || t.type === 'ag_math_display') {
        t.content = t.content.replace(MARKER_CHARS_RE, '');
      }
      if (t.type !== 'text' || !/[\uE000\uE002]/.test(t.content)) {
        out.push(t);
        continue;
      }
      let last = 0;
      MARKER_RE.lastIndex = 0;
      for (let m = MARKER_RE.exec(t.content); m; m = MARKER_RE.exec(t.content)) {
        if (m.index > last) {
          const tx = new state.Token('text', '', 0);
          tx.content = t.content.slice(last, m.index);
          out.push(tx);
        }
        const mt = new state.Token(m[1] !== undefined ? 'ag_cite' : 'ag_unverified', '', 0);
        mt.content = m[1] ?? m[2] ?? '';
        mt.meta = { insideLink: openLink !== null };
        out.push(mt);
        last = m.index + m[0].length;
      }
      const rest = t.content.slice(last).replace(MARKER_CHARS_RE, '');
      if (rest) {
        const tx = new state.Token('text', '', 0);
        tx.content = rest;
        out.push(tx);
      }
    }
    block.children = out;
  }
}

/** Links cannot lie (./link-truth.ts): arXiv ids in the text decide the href, else the host shows. */
function honestLinksRule(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const kids = block.children;
    for (let i = 0; i < kids.length; i++) {
      const open = kids[i]!;
      if (open.type !== 'link_open' || open.meta?.agDrop) continue;
      let j = i + 1;
      let text = '';
      while (j < kids.length && kids[j]!.type !== 'link_close') {
        text += kids[j]!.content.replace(MARKER_CHARS_RE, '');
        j++;
      }
      const href = String(open.attrGet('href') ?? '');
      if (text.trim() === href || open.markup === 'linkify' || open.info === 'auto') continue;
      const honest = honestLink(text, href);
      open.attrSet('href', honest.href);
      if (honest.host && j < kids.length)
        kids[j]!.meta = { ...(kids[j]!.meta ?? {}), agHost: honest.host };
    }
  }
}

function createMarkdownIt(): MarkdownIt {
  const md = markdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  // Reference definitions would let one block change another (and streaming renders blocks alone).
  md.disable('reference');
  md.validateLink = isSafeHref;
  md.use(markdownItKatex, { ...KATEX_OPTIONS } as Parameters<typeof markdownItKatex>[1]);
  md.inline.ruler.before('escape', 'ag_paren_math', parenMath);
  md.block.ruler.before('math_block', 'ag_bracket_math_block', bracketMathBlock, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  });
  md.core.ruler.before('linkify', 'ag_markers', markerCoreRule);
  md.core.ruler.after('linkify', 'ag_honest_links', honestLinksRule);

  const rules = md.renderer.rules;
  rules.math_inline = (tokens, idx) => katexHtml(tokens[idx]!.content, false);
  rules.math_inline_block = (tokens, idx) =>
    `<span class="katex-block">${katexHtml(tokens[idx]!.content, true)}</span>`;
  rules.ag_math_display = rules.math_inline_block;
  rules.math_block = (tokens, idx) =>
    `<p class="katex-block">${katexHtml(tokens[idx]!.content, true)}</p>\n`;
  rules.ag_cite = (tokens, idx) =>
    citeHtml(tokens[idx]!.content, Boolean(tokens[idx]!.meta?.insideLink));
  rules.ag_unverified = (tokens, idx) => unverifiedHtml(tokens[idx]!.content);
  rules.link_open = (tokens, idx, options, _env, self) => {
    const t = tokens[idx]!;
    if (t.meta?.agDrop) return '<span class="ag-link-dropped">';
    t.attrSet('target', '_blank');
    t.attrSet('rel', 'noopener noreferrer');
    return self.renderToken(tokens, idx, options);
  };
  rules.link_close = (tokens, idx, options, _env, self) => {
    const t = tokens[idx]!;
    if (t.meta?.agDrop) return '</span>';
    const host = t.meta?.agHost as string | undefined;
    const shown = host ? ` <span class="ag-link-host">(${escapeHtml(host)})</span>` : '';
    return self.renderToken(tokens, idx, options) + shown;
  };
  // Images are never loaded: a link to the image, its alt text as the link text.
  rules.image = (tokens, idx, options, env, self) => {
    const t = tokens[idx]!;
    const src = String(t.attrGet('src') ?? '');
    const alt = self
      .renderInlineAsText(t.children ?? [], options, env)
      .replace(MARKER_CHARS_RE, '');
    const label = alt.trim() || 'image';
    if (!isSafeHref(src)) return `<span class="ag-image">${escapeHtml(label)}</span>`;
    const title = t.attrGet('title');
    return (
      `<a class="ag-image-link" href="${escapeHtml(src)}" target="_blank" rel="noopener noreferrer"` +
      `${title ? ` title="${escapeHtml(String(title))}"` : ''}>[image: ${escapeHtml(label)}]</a>`
    );
  };
  return md;
}

let shared: MarkdownIt | undefined;
function mdi(): MarkdownIt {
  shared ??= createMarkdownIt();
  return shared;
}

/** Answer Markdown (with citation markers, if inserted) to safe HTML. */
export function renderMarkdown(md: string): string {
  return mdi().render(md ?? '');
}

/**
 * Plain text with LaTeX (titles, abstracts): `$...$`, `$$...$$`, `\(...\)`, `\[...\]` rendered
 * inline by KaTeX, `\$` a dollar sign, everything else escaped. Unclosed delimiters stay text.
 */
export function renderInlineMath(text: string): string {
  const s = text ?? '';
  let out = '';
  let plain = '';
  const flush = () => {
    out += escapeHtml(plain);
    plain = '';
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && s[i + 1] === '$') {
      plain += '$';
      i += 2;
      continue;
    }
    let open = '';
    let close = '';
    if (c === '$' && s[i + 1] === '$') [open, close] = ['$$', '$$'];
    else if (c === '$') [open, close] = ['$', '$'];
    else if (c === '\\' && s[i + 1] === '(') [open, close] = ['\\(', '\\)'];
    else if (c === '\\' && s[i + 1] === '[') [open, close] = ['\\[', '\\]'];
    if (open) {
      let j = i + open.length;
      let end = -1;
      while (j < s.length) {
        const at = s.indexOf(close, j);
        if (at < 0) break;
        if (close === '$' || close === '$$') {
          let k = at - 1;
          while (k >= 0 && s[k] === '\\') k--;
          if ((at - 1 - k) % 2 === 1) {
            j = at + 1;
            continue;
          }
        }
        end = at;
        break;
      }
      const tex = end >= 0 ? s.slice(i + open.length, end) : '';
      if (end >= 0 && tex.trim() && !/\n\s*\n/.test(tex)) {
        flush();
        out += katexHtml(tex, false);
        i = end + close.length;
        continue;
      }
      plain += open;
      i += open.length;
      continue;
    }
    plain += c;
    i++;
  }
  flush();
  return out;
}

export interface StreamingRenderer {
  /** Adds model text; returns the blocks completed by it and the HTML of the block still growing. */
  push(delta: string): { stableHtml: string[]; tailHtml: string };
  /** Adds a citation chip at the current end of the text. */
  pushCitation(c: Pick<Citation, 'n' | 'arxivId' | 'title'>): {
    stableHtml: string[];
    tailHtml: string;
  };
  /** Work done so far: parser calls and characters parsed (the tail is re-parsed, never the rest). */
  stats(): { parseCalls: number; charsParsed: number; committedChars: number };
}

export interface StreamingOptions {
  /** Called with each text handed to the parser (tests and benchmarks). */
  onParse?: (src: string) => void;
}

/**
 * A renderer for a growing answer. Completed top-level blocks are rendered once and handed out
 * in `stableHtml`; only the text from the start of the last unfinished block is parsed again on
 * each push, so the work stays linear in the length of the answer (for bounded block sizes).
 *
 * A block is complete when a later top-level block starts after a blank line and that block's
 * first line is itself complete: from then on nothing appended can change it (blank lines inside
 * code fences, `$$` blocks and loose lists belong to their block, and reference definitions,
 * which could reach back, are disabled). The concatenation of everything handed out, with the
 * last `tailHtml`, equals `renderMarkdown` of the whole text.
 */
export function createStreamingRenderer(opts: StreamingOptions = {}): StreamingRenderer {
  const md = mdi();
  let pending = '';
  let lastWasCR = false;
  let parseCalls = 0;
  let charsParsed = 0;
  let committedChars = 0;

  const normalize = (delta: string): string => {
    let d = delta;
    if (lastWasCR && d.startsWith('\n')) d = d.slice(1);
    lastWasCR = delta.endsWith('\r');
    return d.replace(/\r\n?/g, '\n');
  };

  const render = (): { stableHtml: string[]; tailHtml: string } => {
    parseCalls++;
    charsParsed += pending.length;
    opts.onParse?.(pending);
    const env = {};
    const tokens = md.parse(pending, env);
    const lines = pending.split('\n');
    // Number of complete lines (those followed by a newline).
    const complete = lines.length - 1;
    const isBlank = (l: number) => /^[ \t]*$/.test(lines[l] ?? '');
    // Top-level blocks: level-0 tokens that open a block or stand alone, with a source map.
    const starts: Array<{ tok: number; line: number }> = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.level === 0 && t.nesting !== -1 && t.map) starts.push({ tok: i, line: t.map[0] });
    }
    let cut = -1;
    for (let k = starts.length - 1; k >= 1; k--) {
      const s = starts[k]!;
      if (s.line < complete && s.line > 0 && isBlank(s.line - 1)) {
        cut = k;
        break;
      }
    }
    const stableHtml: string[] = [];
    let tailTokens = tokens;
    if (cut > 0) {
      const s = starts[cut]!;
      const head = tokens.slice(0, s.tok);
      stableHtml.push(md.renderer.render(head, md.options, env));
      tailTokens = tokens.slice(s.tok);
      const cutOffset = lines.slice(0, s.line).reduce((n, l) => n + l.length + 1, 0);
      committedChars += cutOffset;
      pending = pending.slice(cutOffset);
    }
    return { stableHtml, tailHtml: md.renderer.render(tailTokens, md.options, env) };
  };

  return {
    push(delta: string) {
      pending += neutralizeMarkers(normalize(delta ?? ''));
      return render();
    },
    pushCitation(c) {
      // A marker glued to a URL would be read as part of it.
      const glued = /\S*:\/\/\S*$/.test(pending.slice(-2048));
      pending += (glued ? ' ' : '') + citationMarker(c);
      return render();
    },
    stats: () => ({ parseCalls, charsParsed, committedChars }),
  };
}
