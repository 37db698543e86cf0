/**
 * Model-written Markdown made safe for the tools an export lands in (Obsidian renders raw HTML,
 * loads remote images, runs Dataview JS and Templater). Fail-closed outside the spans it
 * understands: Markdown and math are kept; raw HTML, links that are not http(s), images, embeds,
 * reference definitions and Obsidian's active blocks are neutralised.
 *
 * - text: every `<` becomes `&lt;` (no tag, comment, autolink survives; before `%` a zero-width
 *   space follows, so not even the decoded text holds Templater's `<%`), and every bracket is
 *   escaped, so no link or embed the scanner did not see can form;
 * - links: http(s) destinations kept (rebuilt from their parts), anything else keeps its text
 *   only; images become plain links (nothing loads by itself);
 * - code: Dataview's fences (```dataview, ```dataviewjs and other plugins' active blocks) become
 *   plain ```text fences (the plugin's name dropped from the info string), inline queries
 *   (`= …`, `$= …`: `$=` anywhere in a span) and `<%` get a zero-width space;
 * - math: kept; tag-like `<` becomes `\lt`, `\href`/`\url`/`\html…`/`\includegraphics` become
 *   `\text`.
 */
import { scanMarkdown, type Span } from '../render/scan';
import { honestLink } from '../render/link-truth';

const ZWSP = '\u200B';

/** Obsidian code blocks that run or query something when the note is shown. */
const ACTIVE_FENCE =
  /^(dataview(js)?|tasks|query|button|js-engine|jsengine|meta-bind[\w-]*|tracker|templater[\w-]*|customjs|run-[\w-]+|exec[\w-]*|shell[\w-]*|chart|charts|mermaid-js)$/i;

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;

/** Entities and control characters a browser ignores when it reads a URL scheme. */
function schemeOf(dest: string): string {
  const decoded = dest
    .replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&colon;?/gi, ':')
    .replace(/&tab;?|&newline;?/gi, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0020\u007f\\]/g, '');
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(decoded);
  return m ? m[1]!.toLowerCase() : '';
}

/** True for an absolute http(s) URL (what a link in an export may point to). */
export function isWebUrl(dest: string): boolean {
  const s = schemeOf(dest);
  return (s === 'http' || s === 'https') && /^https?:\/\/[^\s<>]+$/i.test(dest.trim());
}

/** Plain text: `<` as an entity, brackets escaped; backslash escapes kept as they are. */
function cleanText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const n = s[i + 1];
    if (c === '\\' && n !== undefined && ASCII_PUNCT.test(n)) {
      out += c + n;
      i++;
    } else if (c === '<') out += n === '%' ? `&lt;${ZWSP}` : '&lt;';
    else if (c === '[' || c === ']') out += `\\${c}`;
    else out += c;
  }
  // Reference definitions were escaped with their brackets; nothing else to do per line.
  return out;
}

function cleanMath(s: string): string {
  return s
    .replace(/<(?=[A-Za-z/!?%])/g, '\\lt ')
    .replace(/\\(href|url|includegraphics|html[A-Za-z]*)(?![A-Za-z])/g, '\\text');
}

function cleanCode(s: string): string {
  return s.replace(/<%/g, `<${ZWSP}%`);
}

/** An inline code span: Dataview inline queries (`= …`, `$= …`) made inert. */
function cleanCodeSpan(raw: string): string {
  const m = /^(`+)([\s\S]*?)(`+)$/.exec(raw);
  if (!m) return cleanCode(raw);
  const body = (/^\s*=/.test(m[2]!) ? `${ZWSP}${m[2]!}` : m[2]!).replace(/\$=/g, `$${ZWSP}=`);
  return `${m[1]}${cleanCode(body)}${m[3]}`;
}

function cleanFence(raw: string): string {
  const nl = raw.indexOf('\n');
  const first = nl < 0 ? raw : raw.slice(0, nl);
  const rest = nl < 0 ? '' : raw.slice(nl);
  const m = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)(.*)$/.exec(first);
  let head = first;
  // Only the language decides what Obsidian runs; the whole info string goes, so nothing reading
  // it (a plugin, a checker) can take the block for an active one.
  if (m && ACTIVE_FENCE.test(m[3]!)) head = `${m[1]}${m[2]}text`;
  return head + cleanCode(rest);
}

/** `(dest "title")` of a link: the destination and a title that is plainly quoted, if any. */
function linkTail(tail: string): { dest: string; title: string } | null {
  const inner = tail.slice(1, -1).trim();
  let dest: string;
  let after: string;
  if (inner.startsWith('<')) {
    const close = inner.indexOf('>');
    if (close < 0) return null;
    dest = inner.slice(1, close);
    after = inner.slice(close + 1).trim();
  } else {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(inner);
    if (!m) return null;
    dest = m[1]!;
    after = m[2]!.trim();
  }
  const t = /^"((?:[^"\\]|\\.)*)"$/.exec(after);
  return { dest, title: t ? t[1]! : '' };
}

function cleanLink(src: string, span: Span): string {
  const raw = src.slice(span.start, span.end);
  const image = raw.startsWith('!');
  const open = image ? 1 : 0;
  const innerEnd = open + 1 + (span.inner ?? '').length;
  const text = sanitizeMarkdown(span.inner ?? '');
  const tail = linkTail(raw.slice(innerEnd + 1));
  if (!tail || !isWebUrl(tail.dest)) return text;
  // Links cannot lie: an arXiv id in the text decides the target, else the real host shows.
  const honest = honestLink(span.inner ?? '', tail.dest.trim());
  const dest = honest.href.replace(/[()<> ]/g, (c) => encodeURIComponent(c));
  const title = tail.title ? ` "${tail.title.replace(/</g, '&lt;')}"` : '';
  const host = honest.host ? ` (${honest.host})` : '';
  // An image becomes a link to it: nothing loads until the reader follows it.
  return `[${text || (image ? 'image' : dest)}](${dest}${title})${host}`;
}

function cleanSpan(src: string, span: Span): string {
  const raw = src.slice(span.start, span.end);
  switch (span.kind) {
    case 'fence':
      return cleanFence(raw);
    case 'code':
      return cleanCodeSpan(raw);
    case 'math':
    case 'math-block':
    case 'math-paren':
    case 'math-bracket':
      return cleanMath(raw);
    case 'link':
      return cleanLink(src, span);
    case 'autolink':
      return isWebUrl(span.href ?? '') ? raw : cleanText(raw);
    case 'url':
      return raw;
  }
}

/** The Markdown with everything active neutralised (see the module header). */
export function sanitizeMarkdown(md: string): string {
  const spans = scanMarkdown(md)
    .slice()
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += cleanText(md.slice(at, s.start)) + cleanSpan(md, s);
    at = s.end;
  }
  return out + cleanText(md.slice(at));
}
