import { sendRequest } from '@/lib/messaging';
import type { Feature } from './page-feature';
import { SHADOW_MODE } from '../ui/test-hooks';

const CSS = `
:host { all: initial; position: absolute; z-index: 2147483647; }
button {
  font: 600 12px/1 system-ui, -apple-system, 'Segoe UI', sans-serif;
  display: inline-flex; align-items: center; gap: 6px;
  padding: 6px 10px; border-radius: 999px; cursor: pointer;
  color: #fff; background: #4f46e5; border: 1px solid #4338ca;
  box-shadow: 0 4px 14px rgb(0 0 0 / .25);
}
button:focus-visible { outline: 2px solid #93c5fd; outline-offset: 2px; }
@media (prefers-color-scheme: dark) { button { background: #8b85ff; color: #111; border-color: #a5a0ff; } }
`;

/** Longest selection sent to the panel; longer ones are cut with an ellipsis. */
const MAX_CHARS = 4000;

/**
 * "Ask Antigravity" next to a text selection on an arXiv page: opens the panel with the selection
 * quoted in the question box. Positioned absolutely, so the page's own text never moves.
 */
export const selectionAsk: Feature = {
  id: 'selection-ask',
  include: (page) => page.settings?.features.selectionButton !== false,
  init(_ctx, _page, signal) {
    const host = document.createElement('antigravity-ask');
    const root = host.attachShadow({ mode: SHADOW_MODE });
    // Built node by node, not with innerHTML (Firefox's linter flags every innerHTML write).
    const style = document.createElement('style');
    style.textContent = CSS;
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.testid = 'ask-selection';
    button.setAttribute('aria-label', 'Ask Antigravity about the selected text');
    button.textContent = '✦ Ask Antigravity';
    root.append(style, button);
    let text = '';

    const hide = () => host.remove();
    const update = () => {
      const sel = window.getSelection();
      const picked = sel?.toString().trim() ?? '';
      if (!sel || sel.rangeCount === 0 || picked.length < 3 || host.contains(sel.anchorNode))
        return hide();
      const rect = sel.getRangeAt(sel.rangeCount - 1).getBoundingClientRect();
      if (!rect.width && !rect.height) return hide();
      text = picked.length > MAX_CHARS ? `${picked.slice(0, MAX_CHARS)}…` : picked;
      host.style.top = `${rect.bottom + window.scrollY + 6}px`;
      host.style.left = `${Math.max(4, Math.min(rect.right + window.scrollX - 120, document.documentElement.scrollWidth - 170))}px`;
      if (!host.isConnected) document.body.append(host);
    };
    let timer: number | undefined;
    /** Events on the button itself (its own mouseup, Enter on it) are not a new selection. */
    const fromButton = (e: Event) => e.composedPath().includes(host);
    // Only real input (isTrusted): a page script's synthetic selection and events do nothing.
    const schedule = (e: Event) => {
      if (!e.isTrusted || fromButton(e)) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 120);
    };
    document.addEventListener('mouseup', schedule, { signal });
    document.addEventListener(
      'keyup',
      (e) => {
        if (!e.isTrusted) return;
        if (e.key === 'Escape') {
          window.clearTimeout(timer);
          hide();
        } else schedule(e);
      },
      { signal },
    );
    document.addEventListener(
      'selectionchange',
      () => {
        if (!window.getSelection()?.toString().trim()) hide();
      },
      { signal },
    );
    button.addEventListener('mousedown', (e) => e.preventDefault(), { signal }); // keep the selection
    button.addEventListener(
      'click',
      (e) => {
        if (!e.isTrusted) return;
        window.clearTimeout(timer);
        hide();
        void sendRequest('panel/open', { selection: text }).catch(() => undefined);
      },
      { signal },
    );
    signal.addEventListener('abort', () => {
      window.clearTimeout(timer);
      hide();
    });
  },
};
