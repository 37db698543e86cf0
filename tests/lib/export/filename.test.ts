import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_FILENAME_BYTES, safeFilename, truncateBytes } from '../../../lib/export/filename';

const bytes = (s: string) => new TextEncoder().encode(s).length;
const RESERVED_NAME = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** What every OS and the browsers' download APIs accept. */
function assertSafe(name: string) {
  // eslint-disable-next-line no-control-regex
  expect(name).not.toMatch(/[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  expect(name).not.toMatch(/[. ]$/);
  expect(name).not.toMatch(/^[. ]/);
  expect(name.length).toBeGreaterThan(0);
  expect(bytes(name)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
  expect(RESERVED_NAME.test(name.split('.')[0]!)).toBe(false);
  expect(name).toBe(name.normalize('NFC'));
  // Well-formed UTF-16 (no lone surrogate).
  expect(encodeURIComponent(name)).toBeTypeOf('string');
}

describe('safeFilename', () => {
  it('replaces reserved characters and keeps non-ASCII', () => {
    expect(safeFilename('Schrödinger: „Übersicht“ <über> a|b? c*d "q"', 'md')).toBe(
      'Schrödinger „Übersicht“ über a b c d q.md',
    );
    expect(safeFilename('hep-th/9711200 notes\\x', 'bib')).toBe('hep-th-9711200 notes-x.bib');
    expect(safeFilename('量子もつれと重力 🧪', '.md')).toBe('量子もつれと重力 🧪.md');
  });

  it('removes control and bidi characters and trailing dots and spaces', () => {
    expect(safeFilename('a\u0000b\u0007c\td\n', 'md')).toBe('a b c d.md');
    expect(safeFilename('invoice\u202Egpj.exe', 'md')).toBe('invoicegpj.exe.md');
    expect(safeFilename('name. . .', 'md')).toBe('name.md');
    expect(safeFilename('  ...hidden', 'md')).toBe('hidden.md');
  });

  it('never returns an empty or dot-only name', () => {
    expect(safeFilename('', 'md')).toBe('untitled.md');
    expect(safeFilename('...', 'md')).toBe('untitled.md');
    expect(safeFilename('???', '')).toBe('untitled');
  });

  it('prefixes reserved Windows device names, with any extension and case', () => {
    expect(safeFilename('CON', 'md')).toBe('_CON.md');
    expect(safeFilename('nul', 'txt')).toBe('_nul.txt');
    expect(safeFilename('Com1', 'bib')).toBe('_Com1.bib');
    expect(safeFilename('LPT9.notes', 'md')).toBe('_LPT9.notes.md');
    expect(safeFilename('com¹', 'md')).toBe('_com¹.md');
    expect(safeFilename('CONSOLE', 'md')).toBe('CONSOLE.md');
  });

  it('limits the length in UTF-8 bytes without splitting characters or graphemes', () => {
    const cjk = safeFilename('論'.repeat(300), 'md');
    expect(bytes(cjk)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(cjk).toMatch(/^論+\.md$/);
    const family = '👨‍👩‍👧‍👦';
    const fam = safeFilename(family.repeat(30), 'md');
    expect(bytes(fam)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(
      fam
        .slice(0, -3)
        .split(family)
        .every((p) => p === ''),
    ).toBe(true);
    expect(truncateBytes('aé', 2)).toBe('a');
  });

  it('is NFC (macOS stores names decomposed otherwise)', () => {
    expect(safeFilename('e\u0301te\u0301', 'md')).toBe('été.md');
  });

  it('is safe for any input', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.constantFrom('md', '.bib', 'json', ''),
        (name, ext) => {
          assertSafe(safeFilename(name, ext));
        },
      ),
      { numRuns: 300 },
    );
  });
});
