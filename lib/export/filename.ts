/**
 * File names that every common file system and the browsers' download APIs accept, keeping
 * non-ASCII text (NFC-normalised, as macOS and most tools expect).
 *
 * - Windows reserved characters `<>:"|?*` and control characters (C0, DEL, C1) become spaces,
 *   `/` and `\` become `-` (so `hep-th/9711200` reads `hep-th-9711200`);
 *   bidirectional overrides and other invisible format controls are dropped (they can disguise an
 *   extension).
 * - No leading dots or spaces (hidden files, Chrome rejects them), no trailing dots or spaces
 *   (Windows strips them silently).
 * - Reserved Windows device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, also with superscript
 *   digits and with any extension, case-insensitive) get a `_` prefix.
 * - At most `MAX_FILENAME_BYTES` UTF-8 bytes including the extension, cut at a grapheme boundary:
 *   ext4, APFS and most others allow 255 bytes per name; NTFS 255 UTF-16 units (never fewer than
 *   UTF-8 bytes / 3). The margin leaves room for " (12)" that browsers add to duplicate downloads.
 */

export const MAX_FILENAME_BYTES = 200;

const SLASHES = /[/\\]/g;
const RESERVED_CHARS = /[<>:"|?*]/g;
// C0 controls, DEL, C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
// Bidi controls, zero-width no-break space / BOM, soft hyphen, line/paragraph separators.
const INVISIBLE = /[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2060-\u206f\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

const encoder = new TextEncoder();
const byteLength = (s: string) => encoder.encode(s).length;

let segmenter: Intl.Segmenter | null | undefined;

function graphemes(s: string): string[] {
  if (segmenter === undefined)
    segmenter =
      typeof Intl !== 'undefined' && 'Segmenter' in Intl
        ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
        : null;
  return segmenter ? Array.from(segmenter.segment(s), (x) => x.segment) : Array.from(s);
}

/** Cuts `s` to at most `maxBytes` UTF-8 bytes without splitting a character or a grapheme. */
export function truncateBytes(s: string, maxBytes: number): string {
  if (byteLength(s) <= maxBytes) return s;
  let out = '';
  let bytes = 0;
  for (const g of graphemes(s)) {
    const b = byteLength(g);
    if (bytes + b > maxBytes) break;
    out += g;
    bytes += b;
  }
  return out;
}

function cleanPart(s: string): string {
  return s
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(CONTROL_CHARS, ' ')
    .replace(SLASHES, '-')
    .replace(RESERVED_CHARS, ' ')
    .replace(/\s+/g, ' ')
    .replace(/-{2,}/g, '-')
    .trim();
}

function trimEnds(s: string): string {
  return s.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
}

/**
 * A safe file name for `name` with extension `ext` ("md", ".bib"...; empty for none).
 * Never empty: falls back to "untitled".
 */
export function safeFilename(name: string, ext: string): string {
  const e = cleanPart(ext ?? '')
    .replace(/^\.+/, '')
    .replace(/[\s.]+/g, '')
    .slice(0, 16);
  const suffix = e ? `.${e}` : '';
  let base = trimEnds(cleanPart(name ?? ''));
  base = truncateBytes(base, MAX_FILENAME_BYTES - byteLength(suffix));
  base = trimEnds(base);
  if (!base) base = 'untitled';
  // "CON", "con.md", "Nul.tar": the device name is the part before the first dot.
  const stem = base.split('.')[0]!.trim();
  if (RESERVED_NAMES.test(stem)) base = `_${base}`;
  return base + suffix;
}
