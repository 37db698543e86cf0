/**
 * Tokenisation for the corpus index and its queries (the same function on both sides).
 *
 * Scientific text needs more than `\w+`: kept as single terms are hyphenated words (`b-quark`,
 * `state-of-the-art`, also indexed as their parts so `quark` finds `b-quark`), group names like
 * `SU(3)`/`U(1)`, acronyms (`LHC`, `QCD`, even when they spell a stop word such as `IT`), LaTeX
 * commands (`\alpha` -> `alpha`) and simple math fragments (`$x^2$` -> `x^2`). English stop words
 * are removed, plurals folded by a light s-stemmer, accents (Unicode or LaTeX `\'e`) folded.
 */

const STOP_WORDS = new Set(
  `a about above after again against all almost also am among an and any are aren as at be because
  been before being below between both but by can cannot could couldn did didn do does doesn doing
  don down during each either else etc even ever every few for from further had hadn has hasn have
  haven having he her here hers herself him himself his how however i if in into is isn it its itself
  just let like may me might more most much must mustn my myself neither no nor not now of off often
  on once one only or other otherwise our ours ourselves out over own per quite rather same shall
  shan she should shouldn since so some such than that the their theirs them themselves then there
  thereby therefore these they this those though through thus to too under until up upon us very via
  was wasn we were weren what when where whether which while who whom whose why will with within
  without won would wouldn yet you your yours yourself yourselves
  paper propose proposed proposes present presents presented show shows shown showed demonstrate
  demonstrates use used uses using based new e.g i.e et al eg ie`.split(/\s+/),
);

/** LaTeX commands that only format: dropped, their arguments kept. */
const FORMAT_COMMANDS = new Set(
  `mathcal mathrm mathbf mathit mathsf mathtt mathbb mathfrak mathscr boldsymbol bm text textrm
  textbf textit textsf texttt textsc emph rm bf it cal sf tt sc left right big bigg bigl bigr Big
  Bigg Bigl Bigr frac dfrac tfrac sqrt operatorname mbox hbox vbox hat tilde bar vec dot ddot
  overline underline widehat widetilde limits nolimits displaystyle textstyle scriptstyle quad qquad
  cdot cdots ldots dots times label ref cite eqref begin end mathop mathrel mathbin mathord sim
  simeq approx le ge leq geq lesssim gtrsim ll gg neq ne equiv propto to rightarrow leftarrow
  Rightarrow mapsto pm mp in subset subseteq cup cap prime`.split(/\s+/),
);

const COMBINING = /[\u0300-\u036f]/g;
/** LaTeX accents outside math: \'e, \"{o}, \`a, \^i, \~n, \=o, \.z, \c{c}, \v{s}, \u{g}, \H{o}. */
const LATEX_ACCENT = /\\(?:['"`^~=.]|[cvuHkr](?=[{\s]))\s*\{?\s*([A-Za-z])\s*\}?/g;
const MATH = /\$\$([\s\S]+?)\$\$|\$([^$]+)\$|\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]/g;
/**
 * A word: letters/digits with inner hyphens or apostrophes, then optionally a parenthesised
 * group number glued to it (`SU(3)`, `SO(10)`, `U(1)`), or `++`/`#` (C++, C#).
 */
const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*(?:\(\d{1,3}\)|\+\+|#)?/gu;
const MATH_TOKEN =
  /\\([A-Za-z]+)|([A-Za-z][A-Za-z0-9]*(?:\(\d{1,3}\))?)(\s*[\^_]\s*(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9]))?/g;
const ASCII_WORD = /[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*(?:\(\d{1,3}\)|\+\+|#)?/g;
const NON_ASCII = /[\u0080-\uffff]/;
const MATH_LETTER_WORD = /\$\s*([A-Za-z0-9])\s*\$-(?=[A-Za-z])/g;
const HAS_LETTER = /\p{L}/u;

/** Light plural folding, applied the same to documents and queries. */
export function stem(w: string): string {
  if (w.length <= 3 || !/^[a-z]+$/.test(w)) return w;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

/** Unicode and LaTeX accents folded, `\'{e}` -> `e`. */
export function foldAccents(s: string): string {
  if (s.includes('\\')) s = s.replace(LATEX_ACCENT, '$1');
  return NON_ASCII.test(s) ? s.normalize('NFKD').replace(COMBINING, '') : s;
}

/** Letters and digits of a word, by class (ASCII fast path, Unicode otherwise). */
function classify(raw: string): { letters: number; upper: number; lower: number } {
  let letters = 0;
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      letters++;
      lower++;
    } else if (c >= 65 && c <= 90) {
      letters++;
      upper++;
    } else if (c > 127) {
      const ch = raw[i] as string;
      if (HAS_LETTER.test(ch)) {
        letters++;
        if (ch !== ch.toLowerCase()) upper++;
        else lower++;
      }
    }
  }
  return { letters, upper, lower };
}

/** Terms of a word, memoised: vocabularies repeat, and this is the hot loop of an import. */
const wordCache: [Map<string, string | string[] | null>, Map<string, string | string[] | null>] = [
  new Map(),
  new Map(),
];
const WORD_CACHE_MAX = 200_000;

function pushWord(raw: string, capsText: boolean, out: string[]): void {
  const cache = wordCache[capsText ? 1 : 0];
  let hit = cache.get(raw);
  if (hit === undefined) {
    const terms: string[] = [];
    wordTerms(raw, capsText, terms);
    hit = terms.length === 0 ? null : terms.length === 1 ? (terms[0] as string) : terms;
    if (cache.size >= WORD_CACHE_MAX) cache.clear();
    cache.set(raw, hit);
  }
  if (hit === null) return;
  if (typeof hit === 'string') out.push(hit);
  else for (const t of hit) out.push(t);
}

function wordTerms(raw: string, capsText: boolean, out: string[]): void {
  const k = classify(raw);
  if (k.letters === 0) return; // numbers alone carry no topic
  const acronym = !capsText && k.upper >= 2 && k.lower === 0;
  let w = raw.toLowerCase();
  if (w.includes('-')) {
    const parts = w.split('-');
    const last = parts.length - 1;
    parts[last] = stem(parts[last] ?? '');
    out.push(parts.join('-'));
    for (const p of parts) {
      if (p.length >= 2 && !STOP_WORDS.has(p) && classify(p).letters > 0) out.push(p);
    }
    return;
  }
  if (w.includes("'") || w.includes('’')) {
    // possessives and elisions: "Hilbert's" -> "hilbert"
    w = w.replace(/['’]s$/, '').replace(/['’]/g, '');
    if (w.length >= 2 && !STOP_WORDS.has(w)) out.push(stem(w));
    return;
  }
  if (w.length < 2) return;
  if (STOP_WORDS.has(w) && !acronym) return;
  out.push(stem(w));
}

function pushMath(src: string, out: string[]): void {
  MATH_TOKEN.lastIndex = 0;
  for (let m = MATH_TOKEN.exec(src); m; m = MATH_TOKEN.exec(src)) {
    if (m[1] !== undefined) {
      // a command: \alpha -> alpha; formatting commands dropped
      if (!FORMAT_COMMANDS.has(m[1]) && m[1].length >= 2) out.push(m[1].toLowerCase());
      continue;
    }
    const base = (m[2] ?? '').toLowerCase();
    const script = m[3];
    if (script) {
      const s = script.replace(/[\s{}\\]/g, '').toLowerCase();
      out.push(base + s);
      if (base.length >= 2 && !STOP_WORDS.has(base)) out.push(base);
    } else if (base.includes('(')) {
      out.push(base);
    } else if (base.length >= 2 && !STOP_WORDS.has(base)) {
      out.push(base);
    }
  }
}

/**
 * Terms of a text, in order, with repeats (the caller counts term frequencies). Deterministic,
 * no dictionary: the same input gives the same terms in every context.
 */
export function tokenize(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  let s = foldAccents(text);
  // A text written in capitals (old titles) has no acronyms to protect.
  const k = classify(s);
  const capsText = k.letters > 8 && k.upper / k.letters > 0.6;
  if (s.includes('$') || s.includes('\\')) {
    // "$b$-quark", "$n$-point": a one-symbol formula glued to a word is part of that word
    s = s.replace(MATH_LETTER_WORD, '$1-');
    s = s.replace(MATH, (_all, a?: string, b?: string, c?: string, d?: string) => {
      pushMath(a ?? b ?? c ?? d ?? '', out);
      return ' ';
    });
    // LaTeX outside $...$ (rare in titles): \alpha stays a term, formatting commands go.
    s = s.replace(/\\([A-Za-z]+)/g, (_m, cmd: string) =>
      FORMAT_COMMANDS.has(cmd) ? ' ' : ` ${cmd} `,
    );
  }
  const words = s.match(NON_ASCII.test(s) ? WORD : ASCII_WORD);
  if (words) for (const w of words) pushWord(w, capsText, out);
  return out;
}

/** Term frequencies of a text. */
export function termCounts(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tokenize(text)) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/**
 * A title reduced for matching: accents, LaTeX markup, case and punctuation gone, spaces
 * collapsed. `"Attention Is All You Need."` and `"attention is all you need"` give the same key.
 */
export function titleKey(title: string): string {
  return foldAccents(title)
    .replace(/\\([A-Za-z]+)/g, (_m, cmd: string) => (FORMAT_COMMANDS.has(cmd) ? ' ' : ` ${cmd} `))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function isStopWord(w: string): boolean {
  return STOP_WORDS.has(w);
}
