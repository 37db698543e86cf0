import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { S } from '@/lib/arxiv/selectors';
import {
  STRIP_FRAME_PX,
  STRIP_LAYOUT,
  STRIP_SIZE,
  STRIP_LINE_FRAME_PX,
  STRIP_LINE_SLOT_CSS_FILE,
  STRIP_LINE_SLOT_PX,
  STRIP_SLOT_CSS_FILE,
  STRIP_SLOT_CSS_FILES,
  STRIP_SLOT_HEIGHTS,
  STRIP_SLOT_PROPERTY,
  STRIP_SLOT_PX,
  STRIP_SLOT_VALUES,
  stripSlotKind,
  stripSlotWanted,
} from '@/lib/badges';

const ROOT = join(import.meta.dirname, '../../..');
/** A slot file's one rule: its selector list and its declarations. */
function readRule(file: string) {
  const css = readFileSync(join(ROOT, 'public', file), 'utf8');
  const rule = /([^{}]+)\{([^{}]+)\}/.exec(css.replace(/\/\*[\s\S]*?\*\//g, ''))!;
  const selectors = rule[1]!.split(',').map((s) => s.trim());
  const declarations = new Map(
    rule[2]!
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const i = d.indexOf(':');
        return [d.slice(0, i).trim(), d.slice(i + 1).trim()] as const;
      }),
  );
  return { selectors, declarations };
}

describe.each([
  ['strip', STRIP_SLOT_CSS_FILE, STRIP_SLOT_PX],
  ['line', STRIP_LINE_SLOT_CSS_FILE, STRIP_LINE_SLOT_PX],
] as const)('the %s slot style (public/%s)', (kind, file, height) => {
  const { selectors, declarations } = readRule(file);
  it('is the file registered for that kind of slot', () => {
    expect(STRIP_SLOT_CSS_FILES[kind]).toBe(file);
    expect(STRIP_SLOT_HEIGHTS[kind]).toBe(height);
  });

  it('reserves the abstract block’s last box, found with the extractor’s own selectors', () => {
    expect(selectors).toEqual(
      // Held until the strip's host is in the block: nothing on <html> says what was drawn.
      S.absAbstract.css.map((s) => `${s}:not(:has(> [data-antigravity-ui]))::after`),
    );
  });

  it('has exactly the height the strip’s host takes, as a block of its own', () => {
    expect(declarations.get('height')).toBe(`${height}px !important`);
    expect(declarations.get('display')).toBe('block !important');
    expect(declarations.get('content')).toBe("'' !important");
    for (const p of ['margin', 'padding', 'border'])
      expect(declarations.get(p)).toBe('0 !important');
    expect(declarations.get('box-sizing')).toBe('content-box !important');
    // How the content script tells that the room is there, and which.
    expect(declarations.get(STRIP_SLOT_PROPERTY)).toBe(STRIP_SLOT_VALUES[kind]);
  });
});

describe('the strip’s geometry', () => {
  it('has a row for each paper the strip lists, and the slot holds the frame and its gap', () => {
    expect(STRIP_LAYOUT.rows).toBe(STRIP_SIZE);
    const L = STRIP_LAYOUT;
    const content = L.header + L.headerGap + L.rows * L.row + (L.rows - 1) * L.rowGap;
    expect(STRIP_FRAME_PX).toBe(content + 2 * (L.paddingY + L.border));
    expect(STRIP_SLOT_PX).toBe(STRIP_FRAME_PX + L.gapTop);
  });
  it('an empty corpus gets one line: the heading line in its frame, and the gap', () => {
    const L = STRIP_LAYOUT;
    expect(STRIP_LINE_FRAME_PX).toBe(L.header + 2 * (L.paddingY + L.border));
    expect(STRIP_LINE_SLOT_PX).toBe(STRIP_LINE_FRAME_PX + L.gapTop);
  });
});

describe('stripSlotWanted', () => {
  const s = (absStrip: boolean, badgeHintShown: boolean) => ({
    features: { absStrip },
    badgeHintShown,
  });
  it('reserves the room while the strip is on and has something to draw', () => {
    expect(stripSlotWanted(s(true, true), 12)).toBe(true);
    expect(stripSlotWanted(s(true, false), 12)).toBe(true);
    // An empty corpus: only the one-time hint, while it is due.
    expect(stripSlotWanted(s(true, false), 0)).toBe(true);
    expect(stripSlotWanted(s(true, true), 0)).toBe(false);
  });
  it('never when the strip is switched off', () => {
    expect(stripSlotWanted(s(false, true), 12)).toBe(false);
    expect(stripSlotWanted(s(false, false), 0)).toBe(false);
  });
  it('the strip’s slot for a corpus, one line for the hint of an empty one', () => {
    expect(stripSlotKind(s(true, true), 12)).toBe('strip');
    expect(stripSlotKind(s(true, false), 12)).toBe('strip');
    expect(stripSlotKind(s(true, false), 0)).toBe('line');
    expect(stripSlotKind(s(true, true), 0)).toBeNull();
    expect(stripSlotKind(s(false, false), 0)).toBeNull();
  });
});
