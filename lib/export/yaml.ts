/**
 * A tiny YAML emitter for note front matter: only what the notes need (strings, numbers,
 * booleans, string lists), every string double-quoted and escaped, so any title or question
 * (quotes, colons, `#`, `---`, newlines, emoji, control characters) round-trips exactly.
 */

export type YamlValue = string | number | boolean | null | readonly string[] | YamlDate;

/** A calendar date written unquoted (`2026-05-10`): YAML timestamp, Obsidian "Date" property. */
export interface YamlDate {
  date: string;
}

function hex4(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
}

/** Lone surrogates cannot be encoded in UTF-8: they become U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\uFFFD',
  );
}

/**
 * A YAML double-quoted scalar. JSON string syntax is valid YAML (1.1 and 1.2) double-quoted
 * syntax; on top of JSON, DEL, the C1 controls, NEL, the line/paragraph separators and the BOM
 * are escaped because YAML treats them as line breaks or non-printable.
 */
export function yamlString(s: string): string {
  return JSON.stringify(wellFormed(s)).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, hex4);
}

function scalar(v: Exclude<YamlValue, readonly string[]>): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'object') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) return yamlString(v.date);
    return v.date;
  }
  return yamlString(v);
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `---\nkey: value\n...---\n`; keys in the given order; `undefined` values are left out. */
export function toFrontMatter(fields: Record<string, YamlValue | undefined>): string {
  const lines = ['---'];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const k = KEY_RE.test(key) ? key : yamlString(key);
    if (Array.isArray(value)) {
      const list = value as readonly string[];
      if (list.length === 0) lines.push(`${k}: []`);
      else {
        lines.push(`${k}:`);
        for (const item of list) lines.push(`  - ${yamlString(item)}`);
      }
    } else lines.push(`${k}: ${scalar(value as Exclude<YamlValue, readonly string[]>)}`);
  }
  lines.push('---');
  return lines.join('\n') + '\n';
}
