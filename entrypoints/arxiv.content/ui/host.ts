/**
 * Shadow DOM hosts for everything Antigravity draws on arXiv pages. Closed mode in production (page
 * scripts cannot read the corpus titles inside; ./test-hooks.ts), styles scoped to the shadow root, and two ways in: a block (the abs strip,
 * inserted once when its data is ready) or a floating inline host that takes no room at all.
 */

import { SHADOW_MODE } from './test-hooks';

/** Marks every host we add, so features can find (and remove) their own elements. */
export const HOST_ATTR = 'data-antigravity-ui';

export interface ShadowHost {
  host: HTMLElement;
  root: ShadowRoot;
}

/**
 * A host element with an open shadow root holding `css`.
 *
 * `floating`: absolutely positioned at its static position (where it would sit inline), with no
 * inset set. It is drawn right after the preceding text but takes no space in the line, so the
 * page's own text never moves or wraps because of it.
 */
export function createShadowHost(
  tag: string,
  css: string,
  opts: { kind: string; floating?: boolean },
): ShadowHost {
  const host = document.createElement(tag);
  host.setAttribute(HOST_ATTR, opts.kind);
  // Inline styles: page rules cannot reach into the shadow root, but they could style the host.
  host.style.cssText = opts.floating
    ? 'all:initial;position:absolute;display:inline-block;z-index:2147483000;white-space:nowrap;'
    : 'all:initial;display:block;';
  const root = host.attachShadow({ mode: SHADOW_MODE });
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
  return { host, root };
}

/** Removes every host of one kind (feature shutdown, extension reload). */
export function removeHosts(kind: string, doc: Document = document): void {
  for (const el of Array.from(doc.querySelectorAll(`[${HOST_ATTR}="${kind}"]`))) el.remove();
}
