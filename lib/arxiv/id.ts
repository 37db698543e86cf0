/**
 * arXiv identifiers: parse every written form, normalise to a canonical base id (the key of a
 * paper everywhere in Antigravity) plus an optional version, and find ids in free text.
 *
 * Forms (https://info.arxiv.org/help/arxiv_identifier.html):
 * - new style `YYMM.NNNN` (0704-1412) and `YYMM.NNNNN` (1501 on), optional `vN`;
 * - old style `archive(.SC)/YYMMNNN` (1991 to 0703), e.g. `hep-th/9711200`, `math.CA/0611800v2`;
 *   the subject class `.SC` is not part of the identifier and is dropped in the canonical form.
 * Accepted wrappers: `arXiv:` prefix, abs/pdf/html/format/src URLs on arxiv.org, export.arxiv.org
 * and ar5iv, and the arXiv DOI `10.48550/arXiv.ID` (bare, `doi:` or doi.org URL).
 */

export interface ArxivId {
  /** Canonical id without version, e.g. `1706.03762`, `hep-th/9711200`. */
  base: string;
  version: number | null;
}

export interface ArxivIdError {
  code: 'empty' | 'invalid';
  message: string;
}

export type ParseArxivIdResult = { ok: true; id: ArxivId } | { ok: false; error: ArxivIdError };

/** Archives that had old-style identifiers (before April 2007). */
export const OLD_STYLE_ARCHIVES: readonly string[] = [
  'acc-phys',
  'adap-org',
  'alg-geom',
  'ao-sci',
  'astro-ph',
  'atom-ph',
  'bayes-an',
  'chao-dyn',
  'chem-ph',
  'cmp-lg',
  'comp-gas',
  'cond-mat',
  'cs',
  'dg-ga',
  'funct-an',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math',
  'math-ph',
  'mtrl-th',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'patt-sol',
  'physics',
  'plasm-ph',
  'q-alg',
  'q-bio',
  'quant-ph',
  'solv-int',
  'supr-con',
];
const ARCHIVE_SET = new Set(OLD_STYLE_ARCHIVES);

/** The id body: new style, or old style with an optional subject class; then an optional version. */
const ID_BODY = String.raw`(?:\d{4}\.\d{4,5}|[a-zA-Z]+(?:-[a-zA-Z]+)?(?:\.[a-zA-Z]+(?:-[a-zA-Z]+)?)?\/\d{7})(?:v\d+)?`;
const BARE_RE =
  /^(?:(\d{2})(\d{2})\.(\d{4,5})|([a-z]+(?:-[a-z]+)?)(?:\.([a-z]+(?:-[a-z]+)?))?\/(\d{2})(\d{2})(\d{3}))(?:v(\d+))?$/i;

function fail(code: ArxivIdError['code'], message: string): ParseArxivIdResult {
  return { ok: false, error: { code, message } };
}

/** YYMM as a sortable number across the century: 9108 -> 199108, 0704 -> 200704. */
function yearMonth(yy: string, mm: string): number {
  const y = Number(yy);
  return (y >= 91 ? 1900 + y : 2000 + y) * 100 + Number(mm);
}

function parseVersion(v: string | undefined): number | null | undefined {
  if (v === undefined) return null;
  if (!/^[1-9]\d{0,3}$/.test(v)) return undefined;
  return Number(v);
}

/** Parse a bare id (no prefix, no URL). */
function parseBare(raw: string, original: string): ParseArxivIdResult {
  const m = BARE_RE.exec(raw);
  if (!m) return fail('invalid', `"${original}" is not an arXiv identifier.`);
  const version = parseVersion(m[9]);
  if (version === undefined)
    return fail('invalid', `"${original}" has an invalid version (versions start at v1).`);
  if (m[1] !== undefined) {
    const [yy, mm, num] = [m[1], m[2] ?? '', m[3] ?? ''];
    const month = Number(mm);
    if (month < 1 || month > 12)
      return fail('invalid', `"${original}": month ${mm} does not exist.`);
    const ym = yearMonth(yy, mm);
    if (ym < 200704 || Number(yy) >= 91)
      return fail('invalid', `"${original}": new-style ids start in April 2007 (0704).`);
    const expected = ym <= 201412 ? 4 : 5;
    if (num.length !== expected)
      return fail(
        'invalid',
        `"${original}": ids from ${yy}${mm} have ${expected}-digit numbers, not ${num.length}.`,
      );
    if (Number(num) === 0) return fail('invalid', `"${original}": paper number 0 does not exist.`);
    return { ok: true, id: { base: `${yy}${mm}.${num}`, version } };
  }
  const archive = (m[4] ?? '').toLowerCase();
  if (!ARCHIVE_SET.has(archive))
    return fail(
      'invalid',
      `"${original}": "${archive}" is not an arXiv archive with old-style ids.`,
    );
  const [yy, mm, num] = [m[6] ?? '', m[7] ?? '', m[8] ?? ''];
  const month = Number(mm);
  if (month < 1 || month > 12) return fail('invalid', `"${original}": month ${mm} does not exist.`);
  const ym = yearMonth(yy, mm);
  if (ym < 199107 || ym > 200703)
    return fail('invalid', `"${original}": old-style ids run from 1991 to March 2007.`);
  if (Number(num) === 0) return fail('invalid', `"${original}": paper number 0 does not exist.`);
  return { ok: true, id: { base: `${archive}/${yy}${mm}${num}`, version } };
}

const URL_RE =
  /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html|format|src|ps)\/(.+)$/i;
const AR5IV_RE = /^(?:https?:\/\/)?(?:www\.)?ar5iv(?:\.labs\.arxiv)?\.org\/(?:abs|html)\/(.+)$/i;
const DOI_RE = /^(?:(?:https?:\/\/)?(?:dx\.)?doi\.org\/|doi:\s*)?10\.48550\/arxiv\.(.+)$/i;
const PREFIX_RE = /^arxiv\s*:\s*(.+)$/i;
/** After a URL path prefix: the id, then optional `.pdf`, then an optional sub-path/query/hash. */
const URL_TAIL_RE = new RegExp(String.raw`^(${ID_BODY})(?:\.pdf)?(?:[/?#].*)?$`, 'i');

/**
 * Parse any written form of an arXiv id. Never guesses: input that is not exactly one id (with
 * its accepted wrappers) is a typed failure.
 */
export function parseArxivId(input: string): ParseArxivIdResult {
  const s = (input ?? '').trim();
  if (!s) return fail('empty', 'No arXiv identifier given.');
  const url = URL_RE.exec(s) ?? AR5IV_RE.exec(s);
  if (url) {
    const tail = URL_TAIL_RE.exec(url[1] ?? '');
    if (!tail) return fail('invalid', `"${s}" is an arXiv address without a paper id.`);
    return parseBare(tail[1] ?? '', s);
  }
  const doi = DOI_RE.exec(s);
  if (doi) return parseBare(doi[1] ?? '', s);
  const prefixed = PREFIX_RE.exec(s);
  if (prefixed) return parseBare((prefixed[1] ?? '').trim(), s);
  return parseBare(s, s);
}

/** `1706.03762` + 7 -> `1706.03762v7`; no version -> the base. */
export function formatArxivId(base: string, version?: number | null): string {
  return version ? `${base}v${version}` : base;
}

/** The DOI arXiv registers for every paper (DataCite). */
export function arxivDoi(base: string): string {
  return `10.48550/arXiv.${base}`;
}

export function absUrl(base: string, version?: number | null): string {
  return `https://arxiv.org/abs/${formatArxivId(base, version)}`;
}

export function htmlUrl(base: string, version?: number | null): string {
  return `https://arxiv.org/html/${formatArxivId(base, version)}`;
}

export function pdfUrl(base: string, version?: number | null): string {
  return `https://arxiv.org/pdf/${formatArxivId(base, version)}`;
}

/** Cheap check used by extractors: is this string exactly a valid id (any accepted form)? */
export function isArxivId(input: string): boolean {
  return parseArxivId(input).ok;
}

/*
 * Free text. An id is only taken when something marks it as arXiv's: an `arXiv` prefix
 * ("arXiv:1607.06450", "arXiv preprint arXiv:1409.0473", "arXiv 1409.0473"), an arxiv.org or
 * ar5iv URL, the arXiv DOI, the DBLP/CoRR form "abs/1409.0473", or an old-style id whose archive
 * is a real arXiv archive ("hep-th/9711200"). Bare numbers like "1706.03762" are not taken: they
 * cannot be told apart from page ranges, dates or decimals.
 */
const NEW = String.raw`\d{4}\.\d{4,5}(?:v\d+)?(?![\d])`;
const OLD = String.raw`[a-zA-Z]+(?:-[a-zA-Z]+)?(?:\.[a-zA-Z]+(?:-[a-zA-Z]+)?)?\/\d{7}(?:v\d+)?(?![\d])`;
const TEXT_PATTERNS: RegExp[] = [
  // arXiv:ID, arXiv ID, arXiv preprint ID, arXiv e-print ID, arXiv.ID
  new RegExp(
    String.raw`\barxiv(?:\s+(?:preprint|e-?prints?))?\s*[:.,]?\s*(?:abs\/)?(${NEW}|${OLD})`,
    'gi',
  ),
  // arxiv.org / export.arxiv.org / ar5iv URLs
  new RegExp(
    String.raw`(?:arxiv\.org|ar5iv(?:\.labs\.arxiv)?\.org)\/(?:abs|pdf|html|format)\/(${NEW}|${OLD})`,
    'gi',
  ),
  // the arXiv DOI
  new RegExp(String.raw`10\.48550\/arxiv\.(${NEW}|${OLD})`, 'gi'),
  // DBLP / CoRR style: "CoRR, abs/1409.0473"
  new RegExp(String.raw`(?<![\w/.])abs\/(${NEW})`, 'gi'),
  // old-style ids standing alone (archive checked against the list when parsed)
  new RegExp(String.raw`(?<![\w\-./])(${OLD})`, 'g'),
];

/**
 * Canonical base ids written in free text, deduplicated, in order of first appearance.
 */
export function findArxivIdsInText(text: string): string[] {
  if (!text) return [];
  const found: { index: number; base: string }[] = [];
  for (const re of TEXT_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const raw = m[1] ?? '';
      const parsed = parseBare(raw, raw);
      if (parsed.ok)
        found.push({ index: m.index + m[0].length - raw.length, base: parsed.id.base });
    }
  }
  found.sort((a, b) => a.index - b.index);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of found) {
    if (seen.has(f.base)) continue;
    seen.add(f.base);
    out.push(f.base);
  }
  return out;
}
