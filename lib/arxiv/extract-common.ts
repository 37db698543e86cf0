/** Shared pieces of the per-kind extractors: the warning collector and small helpers. */
import type { ExtractWarning, Section } from './schema';
import { S, pick, type Found, type Selector } from './selectors';

export const DEFAULT_MAX_TEXT_CHARS = 1_000_000;

export interface ExtractContext {
  doc: Document;
  url: string;
  maxTextChars: number;
  warnings: ExtractWarning[];
  warn(code: ExtractWarning['code'], message: string): void;
  /** Records a `selector_fallback` warning (once per selector) when a fallback matched. */
  noteFallback(name: string, s: Selector, found: Found<unknown> | null): void;
}

export function makeContext(doc: Document, url: string, maxTextChars?: number): ExtractContext {
  const warnings: ExtractWarning[] = [];
  const seen = new Set<string>();
  return {
    doc,
    url,
    maxTextChars:
      maxTextChars && maxTextChars > 0 ? Math.floor(maxTextChars) : DEFAULT_MAX_TEXT_CHARS,
    warnings,
    warn(code, message) {
      const key = `${code}:${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      warnings.push({ code, message });
    },
    noteFallback(name, s, found) {
      if (!found || found.index <= 0) return;
      this.warn(
        'selector_fallback',
        `"${name}" matched only its fallback selector ${JSON.stringify(s.css[found.index])}: the page layout may have changed.`,
      );
    },
  };
}

/** Warns `truncated` when the page lacks the footer arXiv ends every page with. */
export function checkPageEnd(ctx: ExtractContext): void {
  if (!pick(ctx.doc, S.pageEnd)) {
    ctx.warn(
      'truncated',
      'The page has no footer: it may be cut short (still loading, or saved incompletely). What could be read is kept.',
    );
  }
}

/** Removes a leading descriptor such as "Title:" or "Abstract:". */
export function stripDescriptor(s: string, ...words: string[]): string {
  for (const w of words) {
    const re = new RegExp(`^\\s*${w}\\s*:?\\s*`, 'i');
    if (re.test(s)) return s.replace(re, '');
  }
  return s;
}

/** "Vaswani, Ashish" -> "Ashish Vaswani" (Google Scholar meta tags write "Last, First"). */
export function displayName(name: string): string {
  const parts = name.split(',').map((p) => p.trim());
  if (parts.length === 2 && parts[0] && parts[1]) return `${parts[1]} ${parts[0]}`;
  return name.trim();
}

const CATEGORY_IN_PARENS = /\(([a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?)\)/g;

/** Category codes written in parentheses: "Computation and Language (cs.CL); ... (cs.LG)". */
export function categoriesInText(s: string): string[] {
  const out: string[] = [];
  CATEGORY_IN_PARENS.lastIndex = 0;
  for (let m = CATEGORY_IN_PARENS.exec(s); m; m = CATEGORY_IN_PARENS.exec(s)) {
    if (m[1] && !out.includes(m[1])) out.push(m[1]);
  }
  return out;
}

/** Primary first, no duplicates. */
export function primaryFirst(primary: string | undefined, all: string[]): string[] {
  return [...new Set(primary ? [primary, ...all] : all)];
}

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/** "Mon, 12 Jun 2017 17:57:34 UTC" -> "2017-06-12T17:57:34Z"; unknown shapes kept as written. */
export function isoDate(s: string): string {
  const m = /(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})(?: (\d\d:\d\d(?::\d\d)?))?/.exec(s);
  const month = m ? MONTHS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || !month) return s.trim();
  const day = (m[1] ?? '').padStart(2, '0');
  if (!m[4]) return `${m[3]}-${month}-${day}`;
  const time = m[4].length === 5 ? `${m[4]}:00` : m[4];
  return `${m[3]}-${month}-${day}T${time}Z`;
}

/** Keeps the sections within `max` characters; cuts the one that crosses it. */
export function capText(ctx: ExtractContext, sections: Section[]): Section[] {
  const total = sections.reduce((n, s) => n + s.text.length, 0);
  if (total <= ctx.maxTextChars) return sections;
  const out: Section[] = [];
  let left = ctx.maxTextChars;
  for (const s of sections) {
    if (left <= 0) break;
    if (s.text.length <= left) {
      out.push(s);
      left -= s.text.length;
    } else {
      out.push({ ...s, text: s.text.slice(0, left) });
      left = 0;
    }
  }
  ctx.warn(
    'too_large',
    `The paper's text is ${total.toLocaleString('en-US')} characters; kept the first ${ctx.maxTextChars.toLocaleString('en-US')} (${out.length} of ${sections.length} sections).`,
  );
  return out;
}
