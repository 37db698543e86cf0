/**
 * The abs-page strip's fixed geometry, reserved before first paint so the strip moves nothing:
 * shared by the worker, the content script and the CSS test. Design: lib/badges/README.md.
 */

/** The strip's fixed geometry in CSS pixels (rows are single lines, cut with an ellipsis). */
export const STRIP_LAYOUT = {
  /** Space between the last line of the abstract and the strip's frame. */
  gapTop: 12,
  border: 1,
  paddingY: 8,
  paddingX: 12,
  /** The heading line ("Antigravity · Related in your corpus" and the corpus marker). */
  header: 22,
  headerGap: 4,
  /** One related paper. */
  row: 22,
  rowGap: 2,
  /** Rows drawn: the strip's papers (STRIP_SIZE); fewer results leave rows empty. */
  rows: 5,
} as const;

/** Height of the strip's frame (border box). */
export const STRIP_FRAME_PX =
  2 * STRIP_LAYOUT.border +
  2 * STRIP_LAYOUT.paddingY +
  STRIP_LAYOUT.header +
  STRIP_LAYOUT.headerGap +
  STRIP_LAYOUT.rows * STRIP_LAYOUT.row +
  (STRIP_LAYOUT.rows - 1) * STRIP_LAYOUT.rowGap;

/** Height of the reserved slot, and of the strip's host that replaces it. */
export const STRIP_SLOT_PX = STRIP_LAYOUT.gapTop + STRIP_FRAME_PX;

/**
 * Height of a one-line frame (border box): the heading line and nothing else. An empty corpus
 * shows its note in it (issue 17: no more room than its one line).
 */
export const STRIP_LINE_FRAME_PX =
  2 * STRIP_LAYOUT.border + 2 * STRIP_LAYOUT.paddingY + STRIP_LAYOUT.header;

/** Height of the one-line slot, and of the host that replaces it. */
export const STRIP_LINE_SLOT_PX = STRIP_LAYOUT.gapTop + STRIP_LINE_FRAME_PX;

/** The two sizes of slot: the strip's papers, or the one line of an empty corpus. */
export type StripSlotKind = 'strip' | 'line';

/** Height of a slot of each kind. */
export const STRIP_SLOT_HEIGHTS: Record<StripSlotKind, number> = {
  strip: STRIP_SLOT_PX,
  line: STRIP_LINE_SLOT_PX,
};

/** The style sheet that reserves the slot (in `public/`, so at the extension's root). */
export const STRIP_SLOT_CSS_FILE = 'related-strip-slot.css';

/** The style sheet that reserves the one-line slot. */
export const STRIP_LINE_SLOT_CSS_FILE = 'related-strip-slot-line.css';

/** The style sheet of each kind of slot. */
export const STRIP_SLOT_CSS_FILES: Record<StripSlotKind, string> = {
  strip: STRIP_SLOT_CSS_FILE,
  line: STRIP_LINE_SLOT_CSS_FILE,
};

/** Id of its registration (scripting.registerContentScripts). */
export const STRIP_SLOT_SCRIPT_ID = 'antigravity-related-strip-slot';

/** Pages the slot is reserved on. */
export const STRIP_SLOT_MATCHES = ['https://arxiv.org/abs/*'];

/**
 * Test builds only: set on `<html>` when the strip's slot was `filled`, drawn `unreserved` (the page
 * moved once) or `released` (tests wait for it; the reservation itself ends with the host, `:has`).
 */
export const STRIP_SLOT_ATTR = 'data-antigravity-strip-slot';

/** Custom property the reserving rule sets on the `::after` box: how the page tells it is there. */
export const STRIP_SLOT_PROPERTY = '--antigravity-strip-slot';

/** The property's value in each kind of slot. */
export const STRIP_SLOT_VALUES: Record<StripSlotKind, string> = {
  strip: 'reserved',
  line: 'reserved-line',
};

/**
 * Whether abs pages should get the slot: the strip is on, and it will have something to draw in
 * it: a corpus to compare with, or the one-time hint of an empty corpus not shown yet.
 */
export function stripSlotWanted(
  settings: { features: { absStrip: boolean }; badgeHintShown: boolean },
  corpusSize: number,
): boolean {
  return stripSlotKind(settings, corpusSize) !== null;
}

/**
 * Which slot abs pages should get: the strip's (a corpus to compare with), one line (the one-time
 * hint of an empty corpus, still due), or none.
 */
export function stripSlotKind(
  settings: { features: { absStrip: boolean }; badgeHintShown: boolean },
  corpusSize: number,
): StripSlotKind | null {
  if (!settings.features.absStrip) return null;
  if (corpusSize > 0) return 'strip';
  return settings.badgeHintShown ? null : 'line';
}
