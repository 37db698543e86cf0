/**
 * Citations in answer Markdown: where each marker goes (./scan.ts decides), the marker tokens the
 * HTML renderer turns into chips, and a generic rewrite used by the exports to write the same
 * citations as Markdown links.
 *
 * A marker is made of private-use characters only, so no Markdown rule can split or reinterpret
 * it: `U+E000 payload U+E001` for a citation, `U+E002 payload U+E003` for an unverified id; the
 * payload is the UTF-8 JSON of the data, one private-use character (U+E010..U+E01F) per nibble.
 */
import type { Citation } from '../answer/schema';
import { parseArxivId } from '../arxiv/id';
import { placeMarker, scanMarkdown, type Span } from './scan';

export const CITE_OPEN = '\uE000';
export const CITE_CLOSE = '\uE001';
export const UNVERIFIED_OPEN = '\uE002';
export const UNVERIFIED_CLOSE = '\uE003';
const NIBBLE_BASE = 0xe010;
/** Every character the markers use; model text containing them is neutralised. */
export const MARKER_CHARS_RE = /[\uE000-\uE01F]/g;

export interface CitationMark {
  n: number;
  arxivId: string;
  title: string;
}
export interface UnverifiedMark {
  /** The unverified base id. */
  id: string;
  /** The text as written in the answer (the id, maybe with a version, or a link's text). */
  text: string;
}

function encodePayload(data: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(data));
  let out = '';
  for (const b of bytes) {
    out += String.fromCharCode(NIBBLE_BASE + (b >> 4), NIBBLE_BASE + (b & 15));
  }
  return out;
}

function decodePayload(s: string): unknown {
  if (s.length % 2 !== 0) return undefined;
  const bytes = new Uint8Array(s.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const hi = s.charCodeAt(2 * i) - NIBBLE_BASE;
    const lo = s.charCodeAt(2 * i + 1) - NIBBLE_BASE;
    if (hi < 0 || hi > 15 || lo < 0 || lo > 15) return undefined;
    bytes[i] = (hi << 4) | lo;
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/** The marker token of one citation (for the streaming renderer, at the current end of text). */
export function citationMarker(c: Pick<Citation, 'n' | 'arxivId' | 'title'>): string {
  const mark: CitationMark = { n: c.n, arxivId: c.arxivId, title: c.title };
  return CITE_OPEN + encodePayload(mark) + CITE_CLOSE;
}

export function unverifiedMarker(id: string, text: string): string {
  const mark: UnverifiedMark = { id, text };
  return UNVERIFIED_OPEN + encodePayload(mark) + UNVERIFIED_CLOSE;
}

export function decodeCitationMark(payload: string): CitationMark | undefined {
  const d = decodePayload(payload) as Partial<CitationMark> | undefined;
  if (!d || typeof d !== 'object') return undefined;
  if (typeof d.n !== 'number' || !Number.isInteger(d.n) || d.n < 1) return undefined;
  if (typeof d.arxivId !== 'string' || typeof d.title !== 'string') return undefined;
  return { n: d.n, arxivId: d.arxivId, title: d.title };
}

export function decodeUnverifiedMark(payload: string): UnverifiedMark | undefined {
  const d = decodePayload(payload) as Partial<UnverifiedMark> | undefined;
  if (!d || typeof d !== 'object') return undefined;
  if (typeof d.id !== 'string' || typeof d.text !== 'string') return undefined;
  return { id: d.id, text: d.text };
}

/** Model text must not carry marker characters: each becomes U+FFFD (same length, same offsets). */
export function neutralizeMarkers(text: string): string {
  return text.replace(MARKER_CHARS_RE, '\uFFFD');
}

/** The canonical base id of a written id, or undefined when it is not a valid arXiv id. */
export function baseIdOf(id: string): string | undefined {
  const r = parseArxivId(id);
  return r.ok ? r.id.base : undefined;
}

/** One text replacement in a source string; `start === end` inserts. */
export interface Edit {
  start: number;
  end: number;
  text: string;
  /** Order of insertions at one position (lower first). */
  order?: number;
}

/** Applies non-overlapping edits (overlapping ones after the first are dropped). */
export function applyEdits(src: string, edits: Edit[]): string {
  const sorted = edits
    .map((e, i) => ({ ...e, i }))
    .sort(
      (a, b) =>
        a.start - b.start ||
        // insertions before replacements at the same position
        a.end - a.start - (b.end - b.start) ||
        (a.order ?? 0) - (b.order ?? 0) ||
        a.i - b.i,
    );
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) continue;
    out += src.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + src.slice(pos);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A pattern for the written forms of one base id (old-style ids may carry a subject class). */
function idPattern(base: string): string {
  const old = /^([a-z-]+)\/(\d{7})$/i.exec(base);
  const body = old ? `${escapeRe(old[1]!)}(?:\\.[A-Za-z-]+)?\\/${old[2]}` : escapeRe(base);
  return `(?<![\\w.\\/-])(${body})(v\\d+)?(?![\\w\\/-]|\\.\\d)`;
}

export interface CitationPlan {
  /** The citations at each position, sorted by number, one per number per position. */
  insertions: Array<{ pos: number; citations: Citation[] }>;
  /**
   * Unverified ids written in the answer: the range to replace (the id as written, or a whole
   * link or URL that points to it) and what to show instead.
   */
  unverified: Array<{ start: number; end: number; id: string; text: string }>;
  spans: Span[];
}

/**
 * Plans where citations go and which written ids are unverified, without changing the text.
 */
export function planCitations(
  md: string,
  citations: readonly Citation[],
  unverifiedIds: readonly string[],
): CitationPlan {
  const spans = scanMarkdown(md);
  const unverified: CitationPlan['unverified'] = [];
  const ids = [...new Set(unverifiedIds.map((id) => baseIdOf(id) ?? id))].filter(Boolean);
  if (ids.length) {
    // Links and URLs that point to an unverified paper lose their link.
    for (const s of spans) {
      if (s.kind !== 'link' && s.kind !== 'url' && s.kind !== 'autolink') continue;
      if (s.kind === 'link' && md[s.start] === '!') continue;
      const m = /arxiv\.org\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?(?:[?#].*)?$/i.exec(s.href ?? '');
      const base = m ? baseIdOf(m[1]!) : undefined;
      if (base && ids.includes(base)) {
        const text = s.kind === 'link' ? (s.inner ?? '').trim() || base : (s.href ?? base);
        unverified.push({ start: s.start, end: s.end, id: base, text });
      }
    }
    const re = new RegExp(ids.map(idPattern).join('|'), 'g');
    for (let m = re.exec(md); m; m = re.exec(md)) {
      const start = m.index;
      const end = start + m[0].length;
      if (spans.some((s) => s.start < end && start < s.end)) continue;
      const base = baseIdOf(m[0]);
      const id = base && ids.includes(base) ? base : ids.find((x) => m![0].startsWith(x));
      if (id) unverified.push({ start, end, id, text: m[0] });
    }
    unverified.sort((a, b) => a.start - b.start);
  }

  const byPos = new Map<number, Citation[]>();
  for (const c of citations) {
    let pos = placeMarker(md, spans, c.offset);
    // Never inside an unverified id that is being replaced.
    const hit = unverified.find((u) => u.start < pos && pos < u.end);
    if (hit) pos = hit.end;
    const list = byPos.get(pos) ?? [];
    if (!list.some((x) => x.n === c.n)) list.push(c);
    byPos.set(pos, list);
  }
  const insertions = [...byPos.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([pos, cs]) => ({ pos, citations: cs.sort((a, b) => a.n - b.n) }));
  return { insertions, unverified, spans };
}

/** Is the text before `pos` a URL with no space in between? */
export function gluedToUrl(text: string, pos: number): boolean {
  return /\S*:\/\/\S*$/.test(text.slice(Math.max(0, pos - 2048), pos));
}

export interface CitationFormat {
  /** The text inserted for the citations at one position. */
  citations(cs: Citation[]): string;
  /** The text that replaces an unverified id (or a link to one). */
  unverified(id: string, text: string): string;
}

/**
 * Rewrites answer Markdown with its citations and unverified ids formatted by `format`;
 * `extra` edits (e.g. heading levels) are applied in the same pass, on the original offsets.
 */
export function rewriteCitations(
  md: string,
  citations: readonly Citation[],
  unverifiedIds: readonly string[],
  format: CitationFormat,
  extra: (plan: CitationPlan) => Edit[] = () => [],
): string {
  const plan = planCitations(md, citations, unverifiedIds);
  const edits: Edit[] = [
    ...extra(plan),
    ...plan.unverified.map((u) => ({
      start: u.start,
      end: u.end,
      text: format.unverified(u.id, u.text),
    })),
    ...plan.insertions.map((ins) => ({
      start: ins.pos,
      end: ins.pos,
      // A citation glued to a bare URL would be read as part of it.
      text: (gluedToUrl(md, ins.pos) ? ' ' : '') + format.citations(ins.citations),
      order: 1,
    })),
  ];
  return applyEdits(md, edits);
}

/**
 * Places a marker token for each citation at its offset (never inside math, code, a link or a
 * word) and marks the written arXiv ids listed in `unverifiedIds`; `renderMarkdown` turns the
 * markers into citation chips and unverified spans.
 */
export function insertCitationMarkers(
  md: string,
  citations: readonly Citation[],
  unverifiedIds: readonly string[],
): string {
  return rewriteCitations(neutralizeMarkers(md), citations, unverifiedIds, {
    citations: (cs) => cs.map(citationMarker).join(''),
    unverified: unverifiedMarker,
  });
}
