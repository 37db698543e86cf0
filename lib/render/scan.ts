/**
 * A light scanner of answer Markdown that finds the spans a citation marker must never land in
 * (code, math, links, bare URLs) without a full parse, with their offsets in the source string.
 * It follows the rules of the renderer (markdown-it + @vscode/markdown-it-katex + the `\(..\)`,
 * `\[..\]` rules of ./markdown.ts) closely enough for placement; it is not a Markdown parser.
 */

export type SpanKind =
  /** A fenced code block (``` or ~~~), from the opening fence to the end of the closing line. */
  | 'fence'
  /** A `$$ ... $$` or `\[ ... \]` block that starts a line. */
  | 'math-block'
  /** An inline code span. */
  | 'code'
  /** `$...$` or inline `$$...$$`. */
  | 'math'
  /** `\( ... \)`. */
  | 'math-paren'
  /** Inline `\[ ... \]`. */
  | 'math-bracket'
  /** `[text](destination)` or `![alt](src)`. */
  | 'link'
  /** `<scheme:...>`. */
  | 'autolink'
  /** A bare http(s) URL (linkified by the renderer). */
  | 'url';

export interface Span {
  kind: SpanKind;
  start: number;
  end: number;
  /** Link/autolink/url: the destination. */
  href?: string;
  /** Link: the text between the brackets. Math: the TeX between the delimiters. */
  inner?: string;
}

const BLOCK_KINDS = new Set<SpanKind>(['fence', 'math-block']);

export function isBlockSpan(s: Span): boolean {
  return BLOCK_KINDS.has(s.kind);
}

const WORD_RE = /[\p{L}\p{N}\p{M}_]/u;
/** A letter, digit, combining mark or underscore. */
export function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && WORD_RE.test(ch);
}

/** Characters that join two word parts into one written token: 1706.03762, hep-th/97, don't. */
function isJoiner(ch: string | undefined): boolean {
  return ch === '.' || ch === '-' || ch === '/' || ch === "'" || ch === '’' || ch === ':';
}

function isSpace(ch: string | undefined): boolean {
  return ch === undefined || /\s/u.test(ch);
}

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;

interface Line {
  start: number;
  /** Offset of the end of the line, without its newline. */
  end: number;
  text: string;
}

function splitLines(src: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = src.indexOf('\n', start);
    const end = nl < 0 ? src.length : nl;
    lines.push({ start, end, text: src.slice(start, end) });
    if (nl < 0) break;
    start = nl + 1;
  }
  return lines;
}

const FENCE_OPEN = /^\s*(`{3,}|~{3,})(.*)$/;

function isBlank(text: string): boolean {
  return /^\s*$/.test(text);
}

/** Index of the next unescaped `needle` at or after `from`, before `limit`; -1 if none. */
function findUnescaped(src: string, needle: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const at = src.indexOf(needle, i);
    if (at < 0 || at + needle.length > limit) return -1;
    let k = at - 1;
    while (k >= from && src[k] === '\\') k--;
    if ((at - 1 - k) % 2 === 0) return at;
    i = at + 1;
  }
  return -1;
}

/** Matching closer of `[` at `open` (nesting, escapes, code spans skipped); -1 if none. */
function matchBracket(src: string, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '`') {
      let k = i;
      while (src[k] === '`') k++;
      const run = src.slice(i, k);
      const close = src.indexOf(run, k);
      if (close >= 0 && close < limit) i = close + run.length - 1;
      else i = k - 1;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** After `](` at `open` (the `(`): the index of the closing `)`, or -1. */
function matchParen(src: string, open: number, limit: number): number {
  let depth = 0;
  let i = open;
  // `<...>` destination
  let j = open + 1;
  while (j < limit && (src[j] === ' ' || src[j] === '\t' || src[j] === '\n')) j++;
  if (src[j] === '<') {
    const close = src.indexOf('>', j);
    if (close < 0 || close >= limit) return -1;
    i = close;
  }
  for (; i < limit; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function linkDestination(raw: string): string {
  const t = raw.trim();
  if (t.startsWith('<')) {
    const close = t.indexOf('>');
    return close > 0 ? t.slice(1, close) : t.slice(1);
  }
  return t.split(/\s+/)[0] ?? '';
}

// eslint-disable-next-line no-control-regex
const AUTOLINK_RE = /^<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\x00-\x20]*)>/;
const URL_RE = /^https?:\/\/[^\s<>]+/i;

/** Inline constructs of one paragraph-like chunk [from, to). */
function scanInline(src: string, from: number, to: number, out: Span[]): void {
  let i = from;
  while (i < to) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n === '(' || n === '[') {
        const closer = n === '(' ? '\\)' : '\\]';
        const close = src.indexOf(closer, i + 2);
        if (close >= 0 && close + 2 <= to) {
          out.push({
            kind: n === '(' ? 'math-paren' : 'math-bracket',
            start: i,
            end: close + 2,
            inner: src.slice(i + 2, close),
          });
          i = close + 2;
          continue;
        }
      }
      i += n !== undefined && ASCII_PUNCT.test(n) ? 2 : 1;
      continue;
    }
    if (c === '`') {
      let k = i;
      while (k < to && src[k] === '`') k++;
      const len = k - i;
      let j = k;
      let found = -1;
      while (j < to) {
        const at = src.indexOf('`'.repeat(len), j);
        if (at < 0 || at + len > to) break;
        let e = at;
        while (e < to && src[e] === '`') e++;
        if (e - at === len) {
          found = at;
          break;
        }
        j = e;
      }
      if (found >= 0) {
        out.push({ kind: 'code', start: i, end: found + len, inner: src.slice(k, found) });
        i = found + len;
      } else i = k;
      continue;
    }
    if (c === '$') {
      if (src[i + 1] === '$') {
        const close = findUnescaped(src, '$$', i + 2, to);
        if (close > i + 2) {
          out.push({ kind: 'math', start: i, end: close + 2, inner: src.slice(i + 2, close) });
          i = close + 2;
        } else i += 2;
        continue;
      }
      const prev = src[i - 1];
      const canOpen = prev !== '\\' && (prev === undefined || isSpace(prev) || !isWordChar(prev));
      if (!canOpen) {
        i++;
        continue;
      }
      const close = findUnescaped(src, '$', i + 1, to);
      if (close < 0) {
        i++;
        continue;
      }
      const next = src[close + 1];
      const canClose = next !== '$' && (next === undefined || isSpace(next) || !isWordChar(next));
      if (!canClose) {
        i++;
        continue;
      }
      out.push({ kind: 'math', start: i, end: close + 1, inner: src.slice(i + 1, close) });
      i = close + 1;
      continue;
    }
    if (c === '<') {
      const m = AUTOLINK_RE.exec(src.slice(i, Math.min(to, i + 2048)));
      if (m) {
        out.push({ kind: 'autolink', start: i, end: i + m[0].length, href: m[1] });
        i += m[0].length;
        continue;
      }
      i++;
      continue;
    }
    if (c === '[' || (c === '!' && src[i + 1] === '[')) {
      const open = c === '!' ? i + 1 : i;
      const close = matchBracket(src, open, to);
      if (close > 0 && src[close + 1] === '(') {
        const end = matchParen(src, close + 1, to);
        if (end > 0) {
          out.push({
            kind: 'link',
            start: i,
            end: end + 1,
            inner: src.slice(open + 1, close),
            href: linkDestination(src.slice(close + 2, end)),
          });
          i = end + 1;
          continue;
        }
      }
      i++;
      continue;
    }
    if ((c === 'h' || c === 'H') && !isWordChar(src[i - 1])) {
      const m = URL_RE.exec(src.slice(i, Math.min(to, i + 4096)));
      if (m) {
        let url = m[0];
        // Trailing punctuation is not part of a linkified URL.
        while (/[.,;:!?'"*_)\]]$/.test(url)) {
          if (
            url.endsWith(')') &&
            (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)
          )
            break;
          url = url.slice(0, -1);
        }
        out.push({ kind: 'url', start: i, end: i + url.length, href: url });
        i += url.length;
        continue;
      }
    }
    i++;
  }
}

/**
 * The protected spans of a Markdown text, sorted by start, non-overlapping.
 */
export function scanMarkdown(src: string): Span[] {
  const out: Span[] = [];
  const lines = splitLines(src);
  let chunkStart = -1;
  let chunkEnd = -1;
  const flush = () => {
    if (chunkStart >= 0) scanInline(src, chunkStart, chunkEnd, out);
    chunkStart = -1;
  };
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const fence = FENCE_OPEN.exec(line.text);
    if (fence && !(fence[1]!.startsWith('`') && fence[2]!.includes('`'))) {
      flush();
      const marker = fence[1]!;
      let end = src.length;
      let lj = li + 1;
      for (; lj < lines.length; lj++) {
        const t = lines[lj]!.text.trim();
        if (
          t.length >= marker.length &&
          t[0] === marker[0] &&
          new RegExp(`^\\${marker[0]}+$`).test(t)
        ) {
          end = lines[lj]!.end;
          break;
        }
      }
      out.push({ kind: 'fence', start: line.start, end });
      li = lj;
      continue;
    }
    const trimmed = line.text.trimStart();
    if (trimmed.startsWith('$$') || trimmed.startsWith('\\[')) {
      const isDollar = trimmed.startsWith('$$');
      const closer = isDollar ? '$$' : '\\]';
      const open = line.start + (line.text.length - trimmed.length);
      const close = isDollar
        ? findUnescaped(src, '$$', open + 2, src.length)
        : src.indexOf('\\]', open + 2);
      // A `$$` line whose closer is on the same line and followed by more text is inline math.
      const sameLineTail =
        close >= 0 && close + 2 <= line.end ? src.slice(close + 2, line.end) : '';
      if (close >= 0 && isBlank(sameLineTail)) {
        flush();
        const endLine = lines.findIndex((l, k) => k >= li && l.end >= close + closer.length);
        const end = endLine >= 0 ? lines[endLine]!.end : src.length;
        out.push({
          kind: 'math-block',
          start: line.start,
          end,
          inner: src.slice(open + 2, close),
        });
        li = endLine >= 0 ? endLine : lines.length;
        continue;
      }
    }
    if (isBlank(line.text)) {
      flush();
      continue;
    }
    if (chunkStart < 0) chunkStart = line.start;
    chunkEnd = line.end;
  }
  flush();
  out.sort((a, b) => a.start - b.start);
  return out;
}

/** The span that strictly contains `pos` (start < pos < end), if any. */
function spanAt(spans: Span[], pos: number): Span | undefined {
  // spans are few; a linear scan is fine and keeps this simple
  for (const s of spans) {
    if (s.start >= pos) break;
    if (pos < s.end) return s;
  }
  return undefined;
}

/**
 * Where a citation whose cited span ends at `offset` goes: never inside a code or math span, a
 * link, a URL or a word; attached to the text before it (not after trailing spaces or newlines,
 * so a marker never starts a line), and never on the line of a fence or a math block.
 */
export function placeMarker(src: string, spans: Span[], offset: number): number {
  let p = Math.max(0, Math.min(src.length, Math.floor(offset)));
  for (let guard = 0; guard < 64; guard++) {
    // Attach to the text before: skip back over trailing whitespace.
    while (p > 0 && isSpace(src[p - 1])) p--;
    const inside = spanAt(spans, p);
    if (inside) {
      if (isBlockSpan(inside)) {
        // Before the block, at the end of the text that precedes it; or after it at the start.
        if (inside.start > 0) {
          p = inside.start;
          while (p > 0 && isSpace(src[p - 1])) p--;
          if (p === 0) return afterBlock(src, inside);
          continue;
        }
        return afterBlock(src, inside);
      }
      p = inside.end;
      continue;
    }
    const blockEnding = spans.find((s) => isBlockSpan(s) && s.end === p);
    if (blockEnding) return afterBlock(src, blockEnding);
    // Inside a word (or a dotted/hyphenated token): move to its end.
    if (
      (isWordChar(src[p - 1]) && isWordChar(src[p])) ||
      (isWordChar(src[p - 1]) && isJoiner(src[p]) && isWordChar(src[p + 1])) ||
      (isJoiner(src[p - 1]) && isWordChar(src[p - 2]) && isWordChar(src[p]))
    ) {
      while (p < src.length && (isWordChar(src[p]) || (isJoiner(src[p]) && isWordChar(src[p + 1]))))
        p++;
      continue;
    }
    return p;
  }
  return p;
}

/** A position after a block span: the start of the next line, where a marker makes a paragraph. */
function afterBlock(src: string, block: Span): number {
  const nl = src.indexOf('\n', block.end);
  return nl < 0 ? src.length : nl + 1;
}
