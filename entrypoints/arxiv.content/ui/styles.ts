/**
 * Styles of the badges and the abs-page strip, inside their shadow roots. Light and dark follow
 * the reader's `prefers-color-scheme`. The host itself carries `all: initial` (see ./host.ts), so
 * fonts are set on the inner elements.
 */

import { STRIP_FRAME_PX, STRIP_LAYOUT, STRIP_LINE_FRAME_PX } from '@/lib/badges';

const FONT = `system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`;

/**
 * Math: KaTeX output (lib/render/markdown.ts) carries MathML next to its HTML. The browser draws
 * MathML natively without KaTeX's stylesheet and fonts, so only the MathML half is shown.
 */
export const MATH_CSS = `
.katex-html { display: none !important; }
.katex-mathml math { font-size: 1.05em; }
.katex-error { font-family: ui-monospace, monospace; font-size: .92em; }
`;

const PALETTE = `
.ag {
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --border: #d0d7de;
  --link: #0b57d0; --accent: #4f46e5; --focus: #2563eb;
  --in-bg: #e7f5ec; --in-fg: #14532d; --in-bd: #97d4aa;
  --sim-bg: #eef0fd; --sim-fg: #312e81; --sim-bd: #c2c7f3;
  --add-bg: #ffffff; --add-fg: #374151; --add-bd: #8c959f;
  --err-bg: #fdf0f0; --err-fg: #8f1d1d; --err-bd: #f1a9a9;
  --shadow: 0 6px 24px rgb(15 23 42 / .18);
}
@media (prefers-color-scheme: dark) {
  .ag {
    --fg: #e6edf3; --muted: #9aa5b1; --bg: #161b22; --panel: #1c2129; --border: #3d444d;
    --link: #8ab4f8; --accent: #a5b4fc; --focus: #93c5fd;
    --in-bg: #12301f; --in-fg: #a7f0c0; --in-bd: #2f6b45;
    --sim-bg: #1e2142; --sim-fg: #c7cbff; --sim-bd: #434a8c;
    --add-bg: #161b22; --add-fg: #d0d7de; --add-bd: #6e7781;
    --err-bg: #3a1717; --err-fg: #ffb4b4; --err-bd: #8f3a3a;
    --shadow: 0 6px 24px rgb(0 0 0 / .55);
  }
}
`;

const CARD = `
.card {
  display: none; position: absolute; top: calc(100% + 6px); left: 0; z-index: 1;
  width: max-content; max-width: min(380px, 80vw); box-sizing: border-box;
  padding: 8px 10px; border-radius: 8px; border: 1px solid var(--border);
  background: var(--bg); color: var(--fg); box-shadow: var(--shadow);
  font: 400 12px/1.45 ${FONT}; white-space: normal; text-align: left; letter-spacing: normal;
}
.card::before { content: ''; position: absolute; left: 0; right: 0; top: -8px; height: 8px; }
.card.flip { left: auto; right: 0; }
.wrap:hover > .card, .wrap:focus-within > .card { display: block; }
.card .h { display: block; font-weight: 600; color: var(--muted); font-size: 11px; margin-bottom: 2px; }
.card .l { display: block; color: var(--muted); margin-top: 2px; }
.card .t { display: block; font-weight: 600; color: var(--fg); }
.card a.t { color: var(--link); text-decoration: none; }
.card a.t:hover { text-decoration: underline; }
.card .m { display: block; color: var(--muted); font-size: 11px; margin-top: 2px; }
.card .p {
  display: -webkit-box; -webkit-line-clamp: 6; -webkit-box-orient: vertical; overflow: hidden;
  margin-top: 4px; color: var(--fg);
}
`;

/** Listing, search and reference badges. */
export const BADGE_CSS = `
${PALETTE}
${MATH_CSS}
.wrap { position: relative; display: inline-block; margin-left: 6px; vertical-align: baseline; }
.b {
  all: unset; box-sizing: border-box; display: inline-flex; align-items: center; gap: 3px;
  height: 17px; padding: 0 7px; border-radius: 9px; border: 1px solid var(--bd);
  background: var(--bgc); color: var(--fgc); font: 600 11px/15px ${FONT};
  white-space: nowrap; cursor: default; vertical-align: baseline;
}
button.b { cursor: pointer; }
.b:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.b.in { --bgc: var(--in-bg); --fgc: var(--in-fg); --bd: var(--in-bd); }
.b.sim { --bgc: var(--sim-bg); --fgc: var(--sim-fg); --bd: var(--sim-bd); }
.b.add { --bgc: var(--add-bg); --fgc: var(--add-fg); --bd: var(--add-bd); border-style: dashed; }
.b.add:hover { border-style: solid; }
.b.busy { --bgc: var(--add-bg); --fgc: var(--muted); --bd: var(--add-bd); cursor: progress; }
.b.err { --bgc: var(--err-bg); --fgc: var(--err-fg); --bd: var(--err-bd); }
.b .i { font-size: 10px; line-height: 1; }
/* In-text citations: a small dot above the end of the citation number. */
.wrap.dot { margin-left: -1px; }
.b.dot { width: 9px; height: 9px; padding: 0; border-radius: 50%; border-width: 1.5px; gap: 0; }
.b.dot.in { background: var(--in-fg); border-color: var(--in-fg); }
.b.dot.add, .b.dot.busy { background: transparent; border-style: solid; border-color: var(--add-bd); }
.b.dot.err { background: var(--err-fg); border-color: var(--err-fg); }
.b.dot::after { content: ''; position: absolute; inset: -4px; }
.b.dot { position: relative; }
${CARD}
`;

const L = STRIP_LAYOUT;

/**
 * The "Related in your corpus" strip and the empty-corpus hint on abs pages: one frame of a fixed
 * height (STRIP_FRAME_PX, lib/badges/strip-slot.ts; one line, STRIP_LINE_FRAME_PX, for an empty
 * corpus) whatever it shows, every line a single line cut with an ellipsis, so it fills the slot
 * reserved before the page was painted exactly.
 */
export const STRIP_CSS = `
${PALETTE}
${MATH_CSS}
.frame {
  box-sizing: border-box; height: ${STRIP_FRAME_PX}px; margin: ${L.gapTop}px 0 0; overflow: hidden;
  padding: ${L.paddingY}px ${L.paddingX}px; border: ${L.border}px solid var(--border); border-radius: 10px;
  background: var(--panel); color: var(--fg); font: 400 13px/${L.row}px ${FONT}; text-align: left;
  container-type: inline-size;
}
.frame header {
  display: flex; align-items: center; gap: 10px; height: ${L.header}px; margin-bottom: ${L.headerGap}px;
  white-space: nowrap; overflow: hidden;
}
.frame h2 { flex: none; margin: 0; font: 700 13.5px/${L.header}px ${FONT}; color: var(--fg); }
.frame .brand { color: var(--accent); font-weight: 700; }
.marker {
  min-width: 0; overflow: hidden; text-overflow: ellipsis; padding: 0 9px; border-radius: 999px;
  background: var(--in-bg); color: var(--in-fg); border: 1px solid var(--in-bd);
  font: 600 12px/18px ${FONT};
}
.frame ol {
  list-style: none; margin: 0; padding: 0; display: grid; grid-auto-rows: ${L.row}px; gap: ${L.rowGap}px;
}
.frame li {
  display: grid; grid-template-columns: 3.2em 5.6em minmax(0, 1fr) auto; align-items: center;
  gap: 8px; height: ${L.row}px; padding: 0 6px; border-radius: 6px; overflow: hidden; white-space: nowrap;
}
.frame li:hover, .frame li:focus-within { background: var(--bg); }
/* A narrow column: no category column (the title's tooltip still names it). */
@container (max-width: 460px) {
  .frame li { grid-template-columns: 2.8em minmax(0, 1fr) auto; }
  .frame li .cat { display: none; }
}
.pct { font-weight: 700; color: var(--accent); font-variant-numeric: tabular-nums; text-align: right; }
.cat {
  font: 600 11px/${L.row}px ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted);
  overflow: hidden; text-overflow: ellipsis;
}
a.title {
  min-width: 0; overflow: hidden; text-overflow: ellipsis; color: var(--link); text-decoration: none;
}
a.title:hover { text-decoration: underline; }
a:focus-visible, button:focus-visible { outline: 2px solid var(--focus); outline-offset: -2px; border-radius: 4px; }
button.ask {
  all: unset; box-sizing: border-box; cursor: pointer; padding: 0 9px; border-radius: 999px;
  border: 1px solid var(--sim-bd); background: var(--sim-bg); color: var(--sim-fg);
  font: 600 11.5px/16px ${FONT}; white-space: nowrap;
}
button.ask:hover { border-color: var(--accent); }
/* After the 'all: unset' rules above, which would otherwise take the focus ring away. */
button.ask:focus-visible, button.dismiss:focus-visible, button.setup:focus-visible {
  outline: 2px solid var(--focus); outline-offset: 1px;
}
button.setup {
  all: unset; cursor: pointer; padding: 0 9px; border-radius: 999px; margin-left: 6px;
  border: 1px solid var(--sim-bd); background: var(--sim-bg); color: var(--sim-fg);
  font: 600 11.5px/16px ${FONT}; white-space: nowrap;
}
.line { margin: 0; color: var(--muted); font-size: 12.5px; overflow: hidden; text-overflow: ellipsis; }
.line.more { margin-top: ${L.rowGap}px; padding: 0 6px; }
/* An empty corpus: the frame is its heading line only (STRIP_LINE_FRAME_PX). */
.frame.one-line { height: ${STRIP_LINE_FRAME_PX}px; }
.frame.one-line header { margin-bottom: 0; }
.frame header .note {
  flex: 0 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; color: var(--muted);
  font-size: 12.5px;
}
.frame header button.setup { flex: none; margin-left: 0; }
button.dismiss {
  all: unset; cursor: pointer; width: 22px; height: 22px; margin-left: auto; border-radius: 50%;
  text-align: center; font: 600 15px/22px ${FONT}; color: var(--muted);
}
button.dismiss:hover { background: var(--bg); color: var(--fg); }
`;
