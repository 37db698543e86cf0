/**
 * BibTeX for the open paper and the sources of an answer or thread, in arXiv's own style
 * (`@misc` with eprint, archivePrefix, primaryClass; compare arXiv's export of 1706.03762 in
 * tests/fixtures/arxiv-pages/bibtex_1706.03762.bib), plus the DOI arXiv registers for every paper.
 *
 * - Keys: first author's last name + year + the first two significant title words, ASCII-folded
 *   and lower-case (arXiv's own scheme: `vaswani2017attentionneed`). Colliding keys all get a
 *   suffix a, b, c... in the order of their arXiv ids, so the same set of papers always gets the
 *   same keys whatever order they come in.
 * - Year: of the first version (from `published` or the version history, else from the id, whose
 *   YYMM is the first version's month). arXiv's export uses the year of the latest version
 *   instead (2023 for the 2017 paper); citing the first version's year is the common practice.
 * - Text: non-ASCII is kept as UTF-8 (biber/biblatex, Zotero, JabRef and modern bibtex read it).
 *   LaTeX accent commands written in the metadata (`Schr\"odinger`, `{\'e}`) are turned into
 *   the characters they stand for, escaped specials (`\&`) read as the character; then
 *   `& % $ # _ { } ~ ^ \` are escaped. Math in `$...$` is kept exactly as written.
 */
import type { Thread, Turn } from '../answer/schema';
import { parseArxivId } from '../arxiv/id';
import { safeFilename } from './filename';

/** What an entry needs; `Paper`, `PaperRecord` and `Source` all fit. */
export interface BibPaper {
  id: string;
  version?: number | null;
  title: string;
  authors: readonly string[];
  primaryCategory?: string;
  /** Primary first (Paper has no primaryCategory field). */
  categories?: readonly string[];
  /** Date of the first version (ISO or any text with a year); the year comes from here. */
  published?: string;
  versions?: ReadonlyArray<{ version: number; date: string }>;
}

const STOPWORDS = new Set(
  (
    'a an the and or but nor of on in into onto at to for from by with without via as is are was ' +
    'were be been being do does did can could should would will shall may might must all any ' +
    'some each every no not you your we our us it its this that these those what which who whom ' +
    'how why when where than then there their they them he she his her i my me towards toward ' +
    'over under about after before between through using use new'
  ).split(' '),
);

const ACCENTS: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
  d: '\u0323',
  b: '\u0331',
};
const LETTER_MACROS: Record<string, string> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  aa: 'å',
  AA: 'Å',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
};

/** LaTeX accents and escaped specials in text (not math) read as the characters they stand for. */
export function decodeLatexText(s: string): string {
  let out = s;
  // \"{o}, \"o, \'{\i}, \c{c}, \v s ...
  out = out.replace(
    /\\(["'`^~=.]|[uvHckrdb](?![A-Za-z]))\s*(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))/g,
    (m, acc: string, braced?: string, bare?: string) => {
      const base = braced ?? bare ?? '';
      const letter = base === '\\i' ? 'i' : base === '\\j' ? 'j' : base;
      const mark = ACCENTS[acc];
      return mark ? (letter + mark).normalize('NFC') : m;
    },
  );
  out = out.replace(
    /\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])(?:\{\})?\s?/g,
    (_m, name: string) => LETTER_MACROS[name] ?? _m,
  );
  out = out.replace(/\\([&%$#_{}])/g, '$1');
  // Braces that only wrapped one character ({ö}) are gone with the accent.
  out = out.replace(/\{([^{}\\])\}/gu, '$1');
  return out;
}

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

function escapeText(s: string): string {
  return s.replace(/[\\{}&%$#_~^]/g, (c) => SPECIAL[c]!);
}

/** Splits on `$...$` / `$$...$$` math (unescaped dollars); odd parts are math. */
function splitMath(s: string): string[] {
  const parts: string[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] === '\\' && i + 1 < s.length) {
      text += s[i]! + s[i + 1]!;
      i += 2;
      continue;
    }
    if (s[i] === '$') {
      const delim = s[i + 1] === '$' ? '$$' : '$';
      let j = i + delim.length;
      let close = -1;
      while (j < s.length) {
        if (s[j] === '\\') {
          j += 2;
          continue;
        }
        if (s.startsWith(delim, j)) {
          close = j;
          break;
        }
        j++;
      }
      if (close > i + delim.length) {
        parts.push(text, s.slice(i, close + delim.length));
        text = '';
        i = close + delim.length;
        continue;
      }
    }
    text += s[i];
    i++;
  }
  parts.push(text);
  return parts;
}

/**
 * TeX primitives and macros that read or write files, run programs, redefine things or jump out of
 * math: a title's `$\\input{...}$` must not reach the reader's LaTeX run.
 */
const UNSAFE_COMMANDS =
  /\\(input|include|includeonly|InputIfFileExists|write|immediate|openout|openin|read|closeout|closein|def|edef|gdef|xdef|let|futurelet|catcode|uccode|lccode|csname|endcsname|expandafter|newcommand|renewcommand|providecommand|DeclareRobustCommand|newenvironment|renewenvironment|usepackage|RequirePackage|documentclass|special|jobname|makeatletter|makeatother|url|href|verb|message|typeout|errmessage|bye|loop|repeat|afterassignment|aftergroup|everymath|everydisplay|output|shipout|pdfprimitive|directlua|luaexec)(?![A-Za-z@])/g;

/**
 * Math kept as written, made harmless in a field: unsafe commands become `\\backslash{}name` (shown,
 * never run), and braces are balanced (an unmatched one is escaped), so `$x}, note = {INJECTED$`
 * cannot close the field and open another.
 */
function safeMath(math: string): string {
  const cmd = math.replace(UNSAFE_COMMANDS, '\\backslash{}$1');
  const out: string[] = [];
  const open: number[] = [];
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd[i]!;
    if (c === '\\' && i + 1 < cmd.length) {
      out.push(c + cmd[i + 1]!);
      i++;
    } else if (c === '{') {
      open.push(out.length);
      out.push(c);
    } else if (c === '}') {
      if (open.length) {
        open.pop();
        out.push(c);
      } else out.push('\\}');
    } else if (c === '%' || c === '#') out.push(`\\${c}`);
    else out.push(c);
  }
  for (const at of open) out[at] = '\\{';
  // A trailing lone backslash would escape the field's closing brace.
  if (out.length && out[out.length - 1] === '\\') out[out.length - 1] = '\\backslash{}';
  return out.join('');
}

/**
 * A field value: specials escaped outside math, math kept (unsafe commands and unbalanced braces
 * neutralised), whitespace collapsed.
 */
export function escapeBibtex(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return splitMath(flat)
    .map((p, i) => (i % 2 === 1 ? safeMath(p) : escapeText(decodeLatexText(p))))
    .join('');
}

const FOLD: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  Ø: 'o',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
};

/** Lower-case ASCII letters and digits only. */
function asciiFold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßøØæÆœŒłŁđĐþÞı]/g, (c) => FOLD[c] ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function lastName(author: string): string {
  const name = decodeLatexText(author).replace(/[{}]/g, '').trim();
  if (name.includes(',')) return name.split(',')[0]!.trim();
  const parts = name.split(/\s+/).filter(Boolean);
  while (parts.length > 1 && /^(jr\.?|sr\.?|ii|iii|iv|v)$/i.test(parts[parts.length - 1]!))
    parts.pop();
  return parts[parts.length - 1] ?? '';
}

function titleWords(title: string): string[] {
  const text = splitMath(title)
    .filter((_p, i) => i % 2 === 0)
    .join(' ');
  return decodeLatexText(text)
    .replace(/\\[A-Za-z]+/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .map(asciiFold)
    .filter((w) => w && !STOPWORDS.has(w));
}

function yearFromText(s: string | undefined): string | undefined {
  return s ? /\b(1[89]\d{2}|2\d{3})\b/.exec(s)?.[1] : undefined;
}

/** The year of the first version: from `published`, the version history, or the id. */
export function paperYear(p: Pick<BibPaper, 'id' | 'published' | 'versions'>): string | undefined {
  const fromMeta =
    yearFromText(p.published) ??
    yearFromText(p.versions?.find((v) => v.version === 1)?.date ?? p.versions?.[0]?.date);
  if (fromMeta) return fromMeta;
  const parsed = parseArxivId(p.id);
  if (!parsed.ok) return undefined;
  const yy = /^(?:[a-z-]+\/)?(\d{2})\d{2}/i.exec(parsed.id.base)?.[1];
  if (!yy) return undefined;
  const y = Number(yy);
  return String(y >= 91 ? 1900 + y : 2000 + y);
}

function baseId(id: string): string {
  const r = parseArxivId(id);
  return r.ok ? r.id.base : id.trim();
}

/** The key before disambiguation, e.g. `vaswani2017attentionneed`. */
export function bibtexKeyBase(p: BibPaper): string {
  const last = asciiFold(lastName(p.authors[0] ?? '')) || 'anon';
  const year = paperYear(p) ?? '';
  const words = titleWords(p.title).slice(0, 2).join('');
  return `${last}${year}${words}` || `arxiv${asciiFold(baseId(p.id))}`;
}

function suffix(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

function authorField(authors: readonly string[]): string {
  return authors
    .map((a) => a.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((a) => {
      // A name with " and " inside, or a collaboration, is kept whole.
      if (/ and /i.test(a) || /\b(collaboration|consortium|team|group|project)\b/i.test(a))
        return `{${escapeBibtex(a)}}`;
      // "A. Vaswani Jr." -> "Vaswani, Jr., A." (BibTeX reads a trailing suffix as the last name).
      const m = /^(.+?)\s+(\S+)\s+(jr\.?|sr\.?|ii|iii|iv)$/i.exec(a);
      if (m && !a.includes(',')) return escapeBibtex(`${m[2]}, ${m[3]}, ${m[1]}`);
      return escapeBibtex(a);
    })
    .join(' and ');
}

function normalize(p: BibPaper): BibPaper & { base: string } {
  return {
    ...p,
    base: baseId(p.id),
    primaryCategory: p.primaryCategory ?? p.categories?.[0],
  };
}

/** Dedupes by base id (first wins; missing fields filled from later duplicates). */
function dedupe(papers: readonly BibPaper[]): Array<BibPaper & { base: string }> {
  const byId = new Map<string, BibPaper & { base: string }>();
  for (const raw of papers) {
    const p = normalize(raw);
    const seen = byId.get(p.base);
    if (!seen) byId.set(p.base, p);
    else {
      byId.set(p.base, {
        ...seen,
        authors: seen.authors.length ? seen.authors : p.authors,
        title: seen.title || p.title,
        primaryCategory: seen.primaryCategory ?? p.primaryCategory,
        published: seen.published ?? p.published,
        versions: seen.versions ?? p.versions,
      });
    }
  }
  return [...byId.values()];
}

/** Unique, stable keys for the papers (by base id). */
export function bibtexKeys(papers: readonly BibPaper[]): Map<string, string> {
  const list = dedupe(papers);
  const groups = new Map<string, string[]>();
  for (const p of list) {
    const k = bibtexKeyBase(p);
    groups.set(k, [...(groups.get(k) ?? []), p.base]);
  }
  const keys = new Map<string, string>();
  for (const [k, ids] of groups) {
    if (ids.length === 1) keys.set(ids[0]!, k);
    else [...ids].sort().forEach((id, i) => keys.set(id, `${k}${suffix(i)}`));
  }
  return keys;
}

/** The `.bib` text of the papers (deduplicated by arXiv id, in the order given). */
export function toBibtex(papers: readonly BibPaper[]): string {
  const list = dedupe(papers);
  const keys = bibtexKeys(list);
  const entries = list.map((p) => {
    const fields: Array<[string, string | undefined]> = [
      ['title', escapeBibtex(p.title)],
      ['author', p.authors.length ? authorField(p.authors) : undefined],
      ['year', paperYear(p)],
      ['eprint', p.base],
      ['archivePrefix', 'arXiv'],
      ['primaryClass', p.primaryCategory ? escapeBibtex(p.primaryCategory) : undefined],
      ['doi', `10.48550/arXiv.${p.base}`],
      ['url', `https://arxiv.org/abs/${p.base}`],
    ];
    const body = fields
      .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
      .map(([k, v]) => `  ${k} = {${v}},`)
      .join('\n');
    return `@misc{${keys.get(p.base)},\n${body}\n}`;
  });
  return entries.length ? entries.join('\n\n') + '\n' : '';
}

/** The open paper (when given) and every source of the answer. */
export function turnBibtex(turn: Turn, paper?: BibPaper | null): string {
  return toBibtex([...(paper ? [paper] : []), ...turn.sources]);
}

/** The open paper and every source of every answer of a thread, deduplicated. */
export function threadBibtex(
  thread: Thread,
  turns: readonly Turn[],
  paper?: BibPaper | null,
): string {
  const open: BibPaper = paper ?? { id: thread.paperId, title: thread.paperTitle, authors: [] };
  const sorted = [...turns].sort((a, b) => a.createdAt - b.createdAt);
  return toBibtex([open, ...sorted.flatMap((t) => t.sources)]);
}

export interface BibtexFile {
  filename: string;
  content: string;
  mimeType: 'application/x-bibtex;charset=utf-8';
}

/** A `.bib` download for one answer or a thread. */
export function bibtexFile(
  input: { turn: Turn } | { thread: Thread; turns: readonly Turn[] },
  paper?: BibPaper | null,
): BibtexFile {
  const isTurn = 'turn' in input;
  const content = isTurn
    ? turnBibtex(input.turn, paper)
    : threadBibtex(input.thread, input.turns, paper);
  const id = paper?.id ?? (isTurn ? input.turn.paperId : input.thread.paperId);
  return {
    filename: safeFilename(`${id} references`, 'bib'),
    content,
    mimeType: 'application/x-bibtex;charset=utf-8',
  };
}
