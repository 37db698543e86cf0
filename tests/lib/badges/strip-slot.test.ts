import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { S } from '@/lib/arxiv/selectors';
import {
  STRIP_FRAME_PX,
  STRIP_LAYOUT,
  STRIP_SIZE,
  STRIP_SLOT_CSS_FILE,
  STRIP_SLOT_PROPERTY,
  STRIP_SLOT_PX,
  stripSlotWanted,
} from '@/lib/badges';

const ROOT = join(import.meta.dirname, '../../..');
const css = readFileSync(join(ROOT, 'public', STRIP_SLOT_CSS_FILE), 'utf8');
/** The file's one rule: its selector list and its declarations. */
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

describe('the slot style (public/related-strip-slot.css)', () => {
  it('reserves the abstract block’s last box, found with the extractor’s own selectors', () => {
    expect(selectors).toEqual(
      // Held until the strip's host is in the block: nothing on <html> says what was drawn.
      S.absAbstract.css.map((s) => `${s}:not(:has(> [data-antigravity-ui]))::after`),
    );
  });

  it('has exactly the height the strip’s host takes, as a block of its own', () => {
    expect(declarations.get('height')).toBe(`${STRIP_SLOT_PX}px !important`);
    expect(declarations.get('display')).toBe('block !important');
    expect(declarations.get('content')).toBe("'' !important");
    for (const p of ['margin', 'padding', 'border'])
      expect(declarations.get(p)).toBe('0 !important');
    expect(declarations.get('box-sizing')).toBe('content-box !important');
    // How the content script tells that the room is there.
    expect(declarations.get(STRIP_SLOT_PROPERTY)).toBe('reserved');
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
});
