/**
 * Answers and threads as Markdown notes (copy, download, Obsidian).
 *
 * Citation style, everywhere: an inline numbered link right after the cited text,
 * `[\[1\]](https://arxiv.org/abs/ID "Title")`, shown as "[1]" by every CommonMark renderer
 * (the escaped brackets keep Obsidian from reading `[[` as a wiki link). Unverified ids stay
 * unlinked, followed by `*(unverified)*`. Math stays `$...$` / `$$...$$` (`\(...\)` and `\[...\]`
 * are rewritten to dollars, the only delimiters Obsidian knows).
 */
import type { Citation, Thread, Turn } from '../answer/schema';
import { rewriteCitations, type CitationPlan, type Edit } from '../render/citations';
import { safeFilename, truncateBytes } from './filename';
import { sanitizeMarkdown } from './sanitize';
import { toFrontMatter, type YamlValue } from './yaml';
import { readsLabel } from '../arxiv/paper-text';

export { safeFilename } from './filename';

export const RESEARCH_AID_NOTE =
  'This is a research aid — not a peer review. Verify sources before citing.';
export const UNVERIFIED_NOTE =
  'Ids marked (unverified) are neither the open paper nor among the sources: nothing checked what the answer says about them.';

/** The paper a note is about. */
export interface ExportPaper {
  id: string;
  version?: number | null;
  title: string;
  /** Used for the note's tag (else `categories[0]`, else the sources' most frequent). */
  primaryCategory?: string;
  /** Primary first, as `Paper` has them: a `Paper` can be passed as it is. */
  categories?: readonly string[];
}

export interface MarkdownOptions {
  /** IANA time zone for the dates shown ("Answered by MODEL · DATE"); default: the system's. */
  timeZone?: string;
}

export function absUrl(id: string, version?: number | null): string {
  return `https://arxiv.org/abs/${id}${version ? `v${version}` : ''}`;
}

/** "10 May 2026", as the side panel shows it. */
export function formatDate(ms: number, opts: MarkdownOptions = {}): string {
  return new Date(ms).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: opts.timeZone,
  });
}

/** "2026-05-10" in the given time zone. */
export function isoDay(ms: number, opts: MarkdownOptions = {}): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: opts.timeZone,
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * Plain text (a title, a question, a passage) made safe inside Markdown: characters that would
 * start emphasis, links, code, HTML or headings are escaped; `$...$` math is kept as written.
 */
export function escapeMarkdownText(text: string): string {
  const parts = text.split(/(\$\$[^$]+?\$\$|\$[^$\n]+?\$)/g);
  return parts.map((p, i) => (i % 2 === 1 ? p : p.replace(/[\\`*_[\]<>#|~$]/g, '\\$&'))).join('');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function linkTitle(s: string): string {
  return oneLine(s).replace(/[\\"]/g, '\\$&');
}

/** The Markdown of one citation group, e.g. `[\[1\]](https://arxiv.org/abs/1706.03762 "Title")`. */
export function citationLink(c: Pick<Citation, 'n' | 'arxivId' | 'title'>): string {
  const title = c.title ? ` "${linkTitle(c.title)}"` : '';
  return `[\\[${c.n}\\]](${absUrl(c.arxivId)}${title})`;
}

/** Heading levels of the answer pushed down by `by`, math delimiters rewritten to dollars. */
function structuralEdits(md: string, by: number): (plan: CitationPlan) => Edit[] {
  return (plan) => {
    const edits: Edit[] = [];
    const blocks = plan.spans.filter((s) => s.kind === 'fence' || s.kind === 'math-block');
    let lineStart = 0;
    while (lineStart <= md.length) {
      const nl = md.indexOf('\n', lineStart);
      const end = nl < 0 ? md.length : nl;
      const inBlock = blocks.some((b) => b.start <= lineStart && lineStart < b.end);
      const m = /^( {0,3})(#{1,6})(?=[ \t]|$)/.exec(md.slice(lineStart, end));
      if (!inBlock && m && by > 0) {
        const add = Math.min(by, 6 - m[2]!.length);
        if (add > 0)
          edits.push({
            start: lineStart + m[1]!.length,
            end: lineStart + m[1]!.length,
            text: '#'.repeat(add),
          });
      }
      if (nl < 0) break;
      lineStart = nl + 1;
    }
    for (const s of plan.spans) {
      if (s.kind === 'math-paren')
        edits.push({ start: s.start, end: s.end, text: `$${(s.inner ?? '').trim()}$` });
      else if (s.kind === 'math-bracket')
        edits.push({ start: s.start, end: s.end, text: `$$${(s.inner ?? '').trim()}$$` });
      else if (s.kind === 'math-block') {
        const text = md.slice(s.start, s.end);
        const indent = /^\s*/.exec(text)![0];
        if (text.slice(indent.length).startsWith('\\['))
          edits.push({ start: s.start, end: s.end, text: `${indent}$$${s.inner ?? ''}$$` });
      }
    }
    return edits;
  };
}

/**
 * The answer Markdown with its citations as links and unverified ids marked, sanitised for the
 * tools that open exports (./sanitize.ts: no raw HTML, no non-http(s) link, no image, no active
 * Obsidian block).
 */
export function answerToMarkdown(turn: Turn, headingShift = 0): string {
  const md = (turn.answer ?? '').replace(/\r\n?/g, '\n');
  const rewritten = rewriteCitations(
    md,
    turn.citations,
    turn.unverifiedIds,
    {
      citations: (cs) => cs.map(citationLink).join(''),
      unverified: (id, text) => `${/:\/\//.test(text) ? `arXiv:${id}` : text} *(unverified)*`,
    },
    structuralEdits(md, headingShift),
  );
  return sanitizeMarkdown(rewritten).trim();
}

function h(level: number, text: string): string {
  return `${'#'.repeat(Math.min(6, level))} ${text}`;
}

/** The question as a heading (shortened when long, then quoted in full). */
function questionBlock(question: string, level: number): string[] {
  const q = question.trim();
  const flat = oneLine(q);
  if (flat.length <= 160 && !q.includes('\n'))
    return [h(level, escapeMarkdownText(flat) || 'Question')];
  const short = flat.length > 120 ? `${flat.slice(0, 117).trimEnd()}…` : flat;
  const quoted = q
    .split('\n')
    .map((l) => `> ${escapeMarkdownText(l)}`.trimEnd())
    .join('\n');
  return [h(level, escapeMarkdownText(short)), '', quoted];
}

function metaLine(turn: Turn, opts: MarkdownOptions): string {
  const date = formatDate(turn.createdAt, opts);
  if (turn.mode === 'retrieval') return `*Retrieval-only answer (no API key) · ${date}*`;
  return `*Answered by ${escapeMarkdownText(turn.model || 'unknown model')} · ${date}*`;
}

function paperLine(paper: ExportPaper): string {
  const v = paper.version ? `v${paper.version}` : '';
  return `Paper: [${escapeMarkdownText(oneLine(paper.title))}](${absUrl(paper.id, paper.version)}) · arXiv:${paper.id}${v}`;
}

function sourcesBlock(turn: Turn, level: number): string[] {
  if (!turn.sources.length) return [];
  const out = ['', h(level, `Sources · ${turn.sources.length}`), ''];
  turn.sources.forEach((s, i) => {
    const pct = Math.round(Math.max(0, Math.min(1, s.similarity)) * 100);
    out.push(
      `${i + 1}. ${pct}% · ${s.primaryCategory} · ${escapeMarkdownText(oneLine(s.title))} · [arXiv:${s.id}](${absUrl(s.id)})`,
    );
  });
  return out;
}

function followupsBlock(turn: Turn, level: number): string[] {
  if (!turn.followups.length) return [];
  return [
    '',
    h(level, 'Keep exploring'),
    '',
    ...turn.followups.map((q) => `- ${escapeMarkdownText(oneLine(q))}`),
  ];
}

function passagesBlock(turn: Turn, level: number, paper?: ExportPaper): string[] {
  if (turn.mode !== 'retrieval' || !turn.passages?.length) return [];
  const out = ['', h(level, 'Matching passages')];
  for (const p of turn.passages) {
    const where = p.arxivId === (paper?.id ?? turn.paperId) ? 'This paper' : `arXiv:${p.arxivId}`;
    out.push(
      '',
      `**${where}**${p.section ? ` · ${escapeMarkdownText(oneLine(p.section))}` : ''}`,
      '',
    );
    out.push(
      ...p.text
        .trim()
        .split('\n')
        .map((l) => `> ${escapeMarkdownText(l)}`.trimEnd()),
    );
  }
  return out;
}

function statusLines(turn: Turn): string[] {
  if (turn.status === 'incomplete' || turn.status === 'error' || turn.status === 'streaming') {
    const why = turn.error?.message ? ` (${oneLine(turn.error.message)})` : '';
    return [
      '',
      `*This answer is incomplete: it stopped before the end${escapeMarkdownText(why)}.*`,
    ];
  }
  return [];
}

/** One turn's body below its question heading. */
function turnBody(turn: Turn, level: number, opts: MarkdownOptions, paper?: ExportPaper): string[] {
  const out = ['', metaLine(turn, opts)];
  const answer = answerToMarkdown(turn, level);
  if (answer) out.push('', answer);
  out.push(...statusLines(turn));
  if (turn.unverifiedIds.length && answer.includes('*(unverified)*'))
    out.push('', `*${UNVERIFIED_NOTE}*`);
  out.push(...passagesBlock(turn, level + 1, paper));
  out.push(...sourcesBlock(turn, level + 1));
  out.push(...followupsBlock(turn, level + 1));
  return out;
}

function finish(lines: string[]): string {
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

/** One answer as a Markdown note (no front matter). */
export function turnToMarkdown(
  turn: Turn,
  paper?: ExportPaper,
  opts: MarkdownOptions = {},
): string {
  const p = paper;
  const lines = [...questionBlock(turn.question, 1)];
  if (p) lines.push('', paperLine(p));
  lines.push(...turnBody(turn, 1, opts, p));
  lines.push('', '---', '', `*${RESEARCH_AID_NOTE}*`);
  return finish(lines);
}

/** A whole thread (its turns oldest first) as one Markdown note (no front matter). */
export function threadToMarkdown(
  thread: Thread,
  turns: readonly Turn[],
  paper?: ExportPaper,
  opts: MarkdownOptions = {},
): string {
  const p: ExportPaper = paper ?? {
    id: thread.paperId,
    version: turns.find((t) => t.paperVersion)?.paperVersion ?? null,
    title: thread.paperTitle,
  };
  const sorted = [...turns].sort((a, b) => a.createdAt - b.createdAt);
  const lines = [h(1, escapeMarkdownText(oneLine(thread.title)) || 'Thread'), '', paperLine(p)];
  for (const t of sorted) {
    lines.push('', ...questionBlock(t.question, 2), ...turnBody(t, 2, opts, p));
  }
  lines.push('', '---', '', `*${RESEARCH_AID_NOTE}*`);
  return finish(lines);
}

/** What the front matter of a note says. */
export interface NoteMeta {
  title: string;
  paperId?: string;
  paperVersion?: number | null;
  paperTitle?: string;
  questions: string[];
  /** One model, or several for a thread answered by more than one. */
  model: string | string[];
  /** First answer's time (ms since epoch). */
  createdAt: number;
  sourceIds: string[];
  tags: string[];
  /** `retrieval` when every answer is retrieval-only. */
  mode?: 'llm' | 'retrieval';
  /** What the answers read of the paper ("Full text · HTML v7 (28 sections)"), one per kind. */
  reads?: string[];
}

/** Obsidian tags allow letters, digits, `_`, `-` and `/`: `cs.LG` becomes `cs-LG`. */
export function toTag(category: string): string {
  return category
    .trim()
    .replace(/[^\p{L}\p{N}_/-]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** The front matter data of a note about `turns` (one answer or a thread). */
export function noteMeta(turns: readonly Turn[], thread?: Thread, paper?: ExportPaper): NoteMeta {
  const sorted = [...turns].sort((a, b) => a.createdAt - b.createdAt);
  const first = sorted[0];
  const paperId = paper?.id ?? thread?.paperId ?? first?.paperId;
  const version = paper
    ? (paper.version ?? null)
    : (sorted.find((t) => t.paperVersion)?.paperVersion ?? null);
  const paperTitle = paper?.title ?? thread?.paperTitle;
  const models = [
    ...new Set(sorted.filter((t) => t.mode === 'llm' && t.model).map((t) => t.model)),
  ];
  const sourceIds = [...new Set(sorted.flatMap((t) => t.sources.map((s) => s.id)))];
  let tags: string[] = [];
  const paperCategory = paper?.primaryCategory ?? paper?.categories?.[0];
  if (paperCategory) tags = [paperCategory];
  else {
    // The most frequent primary category among the sources.
    const count = new Map<string, number>();
    for (const t of sorted)
      for (const s of t.sources)
        count.set(s.primaryCategory, (count.get(s.primaryCategory) ?? 0) + 1);
    const top = [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (top) tags = [top[0]];
  }
  return {
    title: thread ? oneLine(thread.title) : oneLine(first?.question ?? 'Antigravity answer'),
    paperId,
    paperVersion: version,
    paperTitle: paperTitle ? oneLine(paperTitle) : undefined,
    questions: sorted.map((t) => t.question.trim()),
    model:
      models.length === 1 ? models[0]! : models.length ? models : sorted.length ? 'retrieval' : '',
    createdAt: first?.createdAt ?? Date.now(),
    sourceIds,
    tags: tags.map(toTag).filter(Boolean),
    mode: sorted.length && sorted.every((t) => t.mode === 'retrieval') ? 'retrieval' : undefined,
    reads: [...new Set(sorted.flatMap((t) => (t.reads ? [readsLabel(t.reads)] : [])))],
  };
}

/** `md` with YAML front matter (title, paper id/version/title, questions, model, date, sources, tags). */
export function withFrontMatter(md: string, meta: NoteMeta, opts: MarkdownOptions = {}): string {
  const fields: Record<string, YamlValue | undefined> = {
    title: meta.title,
    paper_id: meta.paperId,
    paper_version: meta.paperVersion ?? undefined,
    paper_title: meta.paperTitle,
    paper_url: meta.paperId ? absUrl(meta.paperId, meta.paperVersion) : undefined,
    questions: meta.questions,
    model: meta.model,
    mode: meta.mode,
    reads: meta.reads?.length === 1 ? meta.reads[0] : meta.reads?.length ? meta.reads : undefined,
    date: { date: isoDay(meta.createdAt, opts) },
    created: new Date(meta.createdAt).toISOString(),
    sources: meta.sourceIds,
    tags: meta.tags,
  };
  return toFrontMatter(fields) + '\n' + md;
}

export interface MarkdownFile {
  filename: string;
  content: string;
  mimeType: 'text/markdown;charset=utf-8';
}

/** The `.md` file of one answer or a thread: front matter + note, and a safe file name. */
export function markdownFile(
  input: { turn: Turn } | { thread: Thread; turns: readonly Turn[] },
  paper?: ExportPaper,
  opts: MarkdownOptions = {},
): MarkdownFile {
  const isTurn = 'turn' in input;
  const turns = isTurn ? [input.turn] : input.turns;
  const thread = isTurn ? undefined : input.thread;
  const body = isTurn
    ? turnToMarkdown(input.turn, paper, opts)
    : threadToMarkdown(input.thread, input.turns, paper, opts);
  const meta = noteMeta(turns, thread, paper);
  const id = meta.paperId ? `${meta.paperId} ` : '';
  return {
    filename: noteFilename(`${id}${truncateBytes(meta.title, 120)}`, 'md'),
    content: withFrontMatter(body, meta, opts),
    mimeType: 'text/markdown;charset=utf-8',
  };
}

/** The file name of a note (also the Obsidian note name, without extension). */
export function noteFilename(name: string, ext: string): string {
  // Obsidian also refuses # ^ [ ] | in note names (they break links).
  return safeFilename(name.replace(/[#^[\]|]/g, ' '), ext);
}
