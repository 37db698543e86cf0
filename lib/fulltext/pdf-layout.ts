/**
 * PDF text layout: from the positioned text runs PDF.js gives per page to the paper's text in
 * reading order. Pure (no PDF.js here, see pdf-read.ts), so it is tested on recorded runs too.
 *
 * - Runs on one baseline join into fragments; a wide gap (a column gutter) splits them.
 * - Two-column pages: fragments that cross the middle split the page into bands; inside a band
 *   the left column is read before the right one.
 * - Rotated text (arXiv's margin stamp) and lines repeated at the top or bottom of many pages
 *   (running headers, footers, page numbers) are dropped.
 * - Line-break hyphenation is joined ("informa-" + "tion" = "information").
 * - Headings are lines set in a font clearly larger than the body's; the largest lines at the top
 *   of page 1 are the title. Numbered headings ("3.1 Method") give their level.
 * - Output: sections in order, each on one page (a section crossing pages is split, same
 *   heading), so a passage can be cited with its page. Math stays as the PDF gives it.
 */
import type { Section } from '../arxiv/schema';

/** One positioned text run, in page coordinates with the origin at the top left. */
export interface PdfRun {
  str: string;
  /** Left x and baseline y. */
  x: number;
  y: number;
  /** Advance width of the run. */
  w: number;
  /** Font size (height of the text). */
  size: number;
  /** The run is not horizontal (arXiv's margin stamp is rotated 90°). */
  rotated?: boolean;
}

export interface PdfPageRuns {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  runs: PdfRun[];
}

export interface PdfLayout {
  pages: number;
  /** Title found on page 1 (the largest type at its top), when there is one. */
  title?: string;
  /** arXiv id (with version) from the margin stamp, when present. */
  arxivId?: string;
  sections: Section[];
  /** Characters of text kept. */
  chars: number;
}

interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  page: number;
}

const STAMP =
  /arXiv:\s?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?)\s*\[[^\]]+\]\s+\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}/;

/** Runs on one baseline, close together, joined into fragments (a column gutter splits them). */
function fragments(p: PdfPageRuns): Line[] {
  const runs = p.runs
    .filter((r) => !r.rotated && r.str.trim() && r.size > 0)
    .sort((a, b) => a.y - b.y || a.x - b.x);
  // Group into baselines first (superscripts and subscripts join their line).
  const rows: PdfRun[][] = [];
  for (const r of runs) {
    const row = rows[rows.length - 1];
    const ref = row?.[0];
    if (row && ref && Math.abs(r.y - ref.y) <= 0.45 * Math.min(r.size, ref.size)) row.push(r);
    else rows.push([r]);
  }
  const out: Line[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let cur: (Line & { sizes: number[]; chars: number[] }) | null = null;
    for (const r of row) {
      const gap = cur ? r.x - cur.x1 : 0;
      if (cur && gap <= 1.2 * Math.max(r.size, cur.size)) {
        const glue = gap > 0.12 * r.size && !/\s$/.test(cur.text) && !/^\s/.test(r.str) ? ' ' : '';
        cur.text += glue + r.str;
        cur.x1 = Math.max(cur.x1, r.x + r.w);
        cur.sizes.push(r.size);
        cur.chars.push(r.str.length);
        continue;
      }
      if (cur) out.push(finish(cur));
      cur = {
        text: r.str,
        x0: r.x,
        x1: r.x + r.w,
        y: r.y,
        size: r.size,
        page: p.page,
        sizes: [r.size],
        chars: [r.str.length],
      };
    }
    if (cur) out.push(finish(cur));
  }
  return out;
}

/** A fragment's size is that of most of its characters (a superscript does not make a heading). */
function finish(f: Line & { sizes: number[]; chars: number[] }): Line {
  const by = new Map<number, number>();
  f.sizes.forEach((s, i) => {
    const k = Math.round(s * 2) / 2;
    by.set(k, (by.get(k) ?? 0) + (f.chars[i] ?? 0));
  });
  let size = f.size;
  let best = -1;
  for (const [k, n] of by)
    if (n > best) {
      best = n;
      size = k;
    }
  return {
    text: f.text.replace(/\s+/g, ' ').trim(),
    x0: f.x0,
    x1: f.x1,
    y: f.y,
    size,
    page: f.page,
  };
}

/** The page's fragments in reading order (two columns: band by band, left column first). */
function readingOrder(lines: Line[], width: number): Line[] {
  const mid = width / 2;
  const slack = width * 0.02;
  const side = (l: Line): 'L' | 'R' | 'S' =>
    l.x1 <= mid + slack ? 'L' : l.x0 >= mid - slack ? 'R' : 'S';
  const sides = lines.map(side);
  const left = sides.filter((s) => s === 'L').length;
  const right = sides.filter((s) => s === 'R').length;
  const twoColumns = left >= 5 && right >= 5 && right >= 0.2 * lines.length;
  if (!twoColumns) return lines;
  const out: Line[] = [];
  let band: { L: Line[]; R: Line[] } = { L: [], R: [] };
  const flush = () => {
    out.push(...band.L, ...band.R);
    band = { L: [], R: [] };
  };
  lines.forEach((l, i) => {
    const s = sides[i];
    if (s === 'S') {
      flush();
      out.push(l);
    } else if (s === 'L') band.L.push(l);
    else band.R.push(l);
  });
  flush();
  return out;
}

/** Digits and spacing do not make a running header differ from page to page. */
const headerKey = (t: string) => t.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

function isMargin(l: Line, height: number): boolean {
  return l.y < height * 0.09 || l.y > height * 0.91;
}

/** Body font size: the size of most characters. */
function bodySize(lines: Line[]): number {
  const by = new Map<number, number>();
  for (const l of lines) by.set(l.size, (by.get(l.size) ?? 0) + l.text.length);
  let size = 10;
  let best = -1;
  for (const [k, n] of by)
    if (n > best) {
      best = n;
      size = k;
    }
  return size;
}

const NUMBERED = /^((?:\d+|[A-Z]|[IVX]{1,5})(?:\.\d+)*)\.?\s+(\S.*)$/;

/** Joins the lines of a section: hyphenated line breaks joined, paragraphs where lines end short. */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (!out) out = line;
    else if (/[A-Za-z]-$/.test(out) && /^[a-z]/.test(line)) out = out.slice(0, -1) + line;
    else out += ' ' + line;
  }
  return out;
}

export function layoutPdf(pages: PdfPageRuns[]): PdfLayout {
  let arxivId: string | undefined;
  for (const p of pages.slice(0, 1)) {
    const all = p.runs.map((r) => r.str).join(' ');
    const m = STAMP.exec(all) ?? STAMP.exec(p.runs.map((r) => r.str).join(''));
    if (m?.[1]) arxivId = m[1];
  }
  const perPage = pages.map((p) =>
    readingOrder(fragments(p), p.width).filter((l) => !STAMP.test(l.text)),
  );
  // Running headers and footers: the same text (digits aside) in the margin of many pages.
  const seen = new Map<string, Set<number>>();
  perPage.forEach((lines, i) => {
    const h = pages[i]!.height;
    for (const l of lines)
      if (isMargin(l, h)) {
        const k = headerKey(l.text);
        if (!seen.has(k)) seen.set(k, new Set());
        seen.get(k)!.add(i);
      }
  });
  const minPages = Math.max(2, Math.ceil(pages.length * 0.3));
  const repeated = new Set([...seen].filter(([, s]) => s.size >= minPages).map(([k]) => k));
  const kept = perPage.map((lines, i) =>
    lines.filter((l) => {
      if (!isMargin(l, pages[i]!.height)) return true;
      if (repeated.has(headerKey(l.text))) return false;
      // A lone page number ("7", "- 7 -", "Page 7 of 15").
      return !/^[-–\s]*(?:page\s*)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?[-–\s]*$/i.test(l.text);
    }),
  );
  const all = kept.flat();
  const body = bodySize(all);
  // Title: the topmost large type of page 1 and the lines in the same size right after it.
  const first = kept[0] ?? [];
  const half = (pages[0]?.height ?? 0) / 2;
  const big = first.findIndex(
    (l) => l.y < half && l.size >= body * 1.2 && /[a-z]{2}/i.test(l.text),
  );
  const titleLines: Line[] = [];
  if (big >= 0) {
    const size = first[big]!.size;
    for (let i = big; i < first.length && Math.abs(first[i]!.size - size) < 0.3; i++)
      titleLines.push(first[i]!);
  }
  const title = titleLines.length
    ? joinLines(titleLines.map((l) => l.text)).slice(0, 400)
    : undefined;
  const titleSet = new Set(titleLines);
  // Page 1 before "Abstract" is the front matter (authors, affiliations): no headings there.
  const abstractAt = first.findIndex((l) => /^abstract\b/i.test(l.text));
  const frontMatter = new Set(abstractAt > 0 ? first.slice(0, abstractAt) : []);

  // Heading sizes (larger than the body), ranked: the largest is level 1.
  const headingSizes = [...new Set(all.map((l) => l.size))]
    .filter((s) => s >= body * 1.08)
    .sort((a, b) => b - a);
  const words = (t: string) => t.split(/\s+/).length;
  const isHeading = (l: Line) => {
    if (titleSet.has(l) || frontMatter.has(l)) return false;
    if (!/^[A-Z0-9]/.test(l.text) || /[.,;:]$/.test(l.text) || !/[A-Za-z]{3}/.test(l.text))
      return false;
    if (l.size >= body * 1.08) return words(l.text) <= 14;
    // Same size as the body (bold, which the text layer does not say): numbered and short.
    return (
      Math.abs(l.size - body) < 0.6 &&
      words(l.text) <= 8 &&
      /^(?:\d+(?:\.\d+)*\.?|[A-Z]\.(?:\d+\.?)*|[IVX]{1,5}\.)\s+[A-Z][A-Za-z-]+(?:[ :,-]+[A-Za-z-]+)*$/.test(
        l.text,
      )
    );
  };

  const sections: Section[] = [];
  type Draft = { section: Omit<Section, 'text'>; lines: string[]; size: number };
  let cur: Draft | null = null as Draft | null;
  const push = () => {
    if (!cur) return;
    const text = joinLines(cur.lines);
    if (text || cur.section.heading) sections.push({ ...cur.section, text });
  };
  let chars = 0;
  for (const l of all) {
    if (titleSet.has(l)) continue;
    chars += l.text.length;
    if (isHeading(l)) {
      // A heading set on two lines: the second joins the first when nothing came between.
      if (
        cur &&
        !cur.lines.length &&
        cur.section.page === l.page &&
        cur.section.heading &&
        cur.size === l.size &&
        !NUMBERED.test(l.text)
      ) {
        cur.section.heading = `${cur.section.heading} ${l.text}`;
        continue;
      }
      push();
      const m = NUMBERED.exec(l.text);
      const number = m?.[1] ?? '';
      const level = number
        ? Math.min(6, number.split('.').length)
        : Math.min(6, Math.max(1, headingSizes.indexOf(l.size) + 1));
      cur = {
        section: { number, heading: m?.[2] ?? l.text, level, page: l.page },
        lines: [],
        size: l.size,
      };
      continue;
    }
    if (!cur) {
      cur = { section: { number: '', heading: '', level: 1, page: l.page }, lines: [], size: 0 };
    } else if (cur.section.page !== l.page) {
      // A new page: the section goes on, as its own span with the same heading.
      const { number, heading, level }: Omit<Section, 'text'> = cur.section;
      push();
      cur = { section: { number, heading, level, page: l.page }, lines: [], size: 0 };
    }
    cur.lines.push(l.text);
  }
  push();
  const out: PdfLayout = { pages: pages.length, sections, chars };
  if (title) out.title = title;
  if (arxivId) out.arxivId = arxivId;
  return out;
}
