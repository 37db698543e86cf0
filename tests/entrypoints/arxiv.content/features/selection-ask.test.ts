// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { registerHandlers } from '../../../../lib/messaging';
import { selectionAsk } from '../../../../entrypoints/arxiv.content/features/selection-ask';
import type { PageContext } from '../../../../entrypoints/arxiv.content/features/page-feature';

const PAGE: PageContext = {
  url: 'https://arxiv.org/abs/1706.03762',
  result: { kind: 'abs', warnings: [] },
  settings: null,
};

let ac: AbortController;
let opened: Array<{ selection?: string }>;
let off: () => void;

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML =
    '<blockquote class="abstract">The dominant sequence transduction models are based on complex recurrent networks.</blockquote>';
  // happy-dom has no layout: give ranges a box, as a real page does.
  vi.spyOn(Range.prototype, 'getBoundingClientRect').mockReturnValue(
    DOMRect.fromRect({ x: 100, y: 200, width: 240, height: 18 }),
  );
  opened = [];
  off = registerHandlers({
    'panel/open': async (req) => {
      opened.push(req);
      return { ok: true as const };
    },
  });
  ac = new AbortController();
  void selectionAsk.init({} as ContentScriptContext, PAGE, ac.signal);
});
afterEach(() => {
  ac.abort();
  off();
  vi.restoreAllMocks();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function select(from: number, to: number): string {
  const text = document.querySelector('blockquote')!.firstChild!;
  const r = document.createRange();
  r.setStart(text, from);
  r.setEnd(text, to);
  const sel = getSelection()!;
  sel.removeAllRanges();
  sel.addRange(r);
  return sel.toString();
}
/** An event as the browser makes it for real input (`isTrusted`); page scripts cannot make one. */
function trusted<E extends Event>(e: E): E {
  Object.defineProperty(e, 'isTrusted', { value: true });
  return e;
}
/** A real click on an element. */
function realClick(el: HTMLElement): void {
  el.dispatchEvent(trusted(new MouseEvent('click', { bubbles: true, composed: true })));
}
const host = () => document.querySelector('antigravity-ask') as HTMLElement | null;
const button = () =>
  host()?.shadowRoot?.querySelector<HTMLButtonElement>('[data-testid="ask-selection"]');

describe('selection to ask (content script)', () => {
  it('shows "Ask Antigravity" in a shadow root next to a selection', () => {
    select(4, 40);
    document.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    expect(host()).toBeNull(); // not before the selection settles
    vi.advanceTimersByTime(150);
    expect(host()).not.toBeNull();
    expect(host()!.shadowRoot).not.toBeNull();
    expect(button()!.textContent).toContain('Ask Antigravity');
    expect(button()!.getAttribute('aria-label')).toBe('Ask Antigravity about the selected text');
    // Positioned absolutely under the selection: the page's own text does not move.
    expect(host()!.style.top).toBe(`${200 + 18 + 6}px`);
  });

  it('clicking it sends the selection to open the panel, and it does not come back', async () => {
    const picked = select(4, 40);
    document.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    vi.advanceTimersByTime(150);
    const b = button()!;
    // The click's own mousedown/mouseup happen on the button.
    const down = new MouseEvent('mousedown', { bubbles: true, cancelable: true, composed: true });
    b.dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true); // keeps the page's selection
    b.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true, composed: true })));
    realClick(b);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]!.selection).toBe(picked.trim());
    vi.advanceTimersByTime(500);
    expect(host()).toBeNull();
  });

  it('short or empty selections show nothing; Escape hides the button', () => {
    select(4, 6);
    document.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    vi.advanceTimersByTime(150);
    expect(host()).toBeNull();
    select(4, 40);
    document.dispatchEvent(
      trusted(new KeyboardEvent('keyup', { key: 'ArrowRight', bubbles: true })),
    );
    vi.advanceTimersByTime(150);
    expect(host()).not.toBeNull(); // a keyboard selection works too
    document.dispatchEvent(trusted(new KeyboardEvent('keyup', { key: 'Escape', bubbles: true })));
    expect(host()).toBeNull();
  });

  it('cuts very long selections', async () => {
    const long = 'x'.repeat(5000);
    document.body.innerHTML = `<p>${long}</p>`;
    const t = document.querySelector('p')!.firstChild!;
    const r = document.createRange();
    r.setStart(t, 0);
    r.setEnd(t, 5000);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(r);
    document.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    vi.advanceTimersByTime(150);
    realClick(button()!);
    await vi.waitFor(() => expect(opened).toHaveLength(1));
    expect(opened[0]!.selection).toBe(`${'x'.repeat(4000)}…`);
  });
});

describe('only real user gestures act (issue 18, finding 3)', () => {
  it('a page script’s synthetic selection and clicks plant no question', async () => {
    select(4, 40);
    document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    document.dispatchEvent(new KeyboardEvent('keyup', { key: 'ArrowRight', bubbles: true }));
    vi.advanceTimersByTime(150);
    expect(host()).toBeNull();
    // Even with the button shown by a real gesture, a synthetic click does nothing.
    document.dispatchEvent(trusted(new MouseEvent('mouseup', { bubbles: true })));
    vi.advanceTimersByTime(150);
    button()!.click();
    button()!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    await Promise.resolve();
    vi.advanceTimersByTime(50);
    expect(opened).toEqual([]);
    expect(host()).not.toBeNull();
  });
});
