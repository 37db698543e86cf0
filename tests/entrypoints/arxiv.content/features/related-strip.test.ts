// @vitest-environment happy-dom
/**
 * The abs-page strip in a DOM (happy-dom) with the real background handlers answering over WXT's
 * fake runtime and a real (fake-indexeddb) corpus. happy-dom computes no styles of `::after`
 * boxes, so the slot reserved by the registered style is the e2e suite's part (real Chromium,
 * tests/e2e/badges.test.ts); here: what is drawn, where, and at what size.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { relatedStrip } from '@/entrypoints/arxiv.content/features/related-strip';
import type { PageContext } from '@/entrypoints/arxiv.content/features/page-feature';
import { extractPage } from '@/lib/arxiv/extract-page';
import type { ListingEntry } from '@/lib/arxiv/schema';
import { registerMessageHandlers } from '@/lib/background/handlers';
import { resetStripSlotForTests } from '@/lib/background/strip-slot-registration';
import {
  STRIP_LINE_SLOT_PX,
  STRIP_SLOT_ATTR,
  STRIP_SLOT_PROPERTY,
  STRIP_SLOT_PX,
  STRIP_SLOT_VALUES,
  type StripSlotKind,
} from '@/lib/badges';
import { upsertPapers } from '@/lib/corpus';
import { resetDbForTests } from '@/lib/db';
import {
  DEFAULT_SETTINGS,
  getSettings,
  toPublicSettings,
  type PublicSettings,
} from '@/lib/settings';
import { FakeScripting } from '../../../lib/background/fake-scripting';
import { loadPage } from '../../../lib/badges/pages';

const URL = 'https://arxiv.org/abs/1706.03762';

const search = loadPage('search');
const related = (search.result.entries as ListingEntry[]).slice(0, 8);
search.close();

/** The captured abs page as this window's document (without its scripts and style sheets). */
function showAbsPage(): void {
  const loaded = loadPage('abs'); // parsed where nothing loads
  const parsed = loaded.doc;
  for (const el of Array.from(parsed.querySelectorAll('script, link, style, iframe, img')))
    el.remove();
  const html = document.documentElement;
  for (const a of Array.from(html.attributes)) html.removeAttribute(a.name);
  document.head.replaceChildren(
    ...Array.from(parsed.head.childNodes).map((n) => document.importNode(n, true)),
  );
  document.body.replaceWith(document.importNode(parsed.body, true));
  loaded.close();
}

let ac: AbortController;
beforeEach(() => {
  resetStripSlotForTests();
  new FakeScripting().install();
  registerMessageHandlers();
  showAbsPage();
  ac = new AbortController();
});
afterEach(async () => {
  ac.abort();
  vi.restoreAllMocks();
  await resetDbForTests();
});

/** What Chromium computes while the registered style holds the slot open (happy-dom cannot). */
function reserveSlot(kind: StripSlotKind = 'strip'): void {
  const real = window.getComputedStyle.bind(window);
  vi.spyOn(window, 'getComputedStyle').mockImplementation((el, pseudo) => {
    const style = real(el, pseudo);
    if (pseudo !== '::after' || !el.matches('blockquote.abstract')) return style;
    if (document.documentElement.hasAttribute(STRIP_SLOT_ATTR)) return style;
    return new Proxy(style, {
      get: (t, k) =>
        k === 'getPropertyValue'
          ? (name: string) =>
              name === STRIP_SLOT_PROPERTY ? STRIP_SLOT_VALUES[kind] : t.getPropertyValue(name)
          : Reflect.get(t, k),
    });
  });
}

async function run(settings: Partial<PublicSettings> = {}): Promise<void> {
  const page: PageContext = {
    url: URL,
    result: extractPage(document, URL),
    settings: { ...toPublicSettings(DEFAULT_SETTINGS), badgeHintShown: true, ...settings },
  };
  expect(relatedStrip.include(page)).toBe(true);
  await relatedStrip.init({} as ContentScriptContext, page, ac.signal);
}

const abstract = () => document.querySelector('blockquote.abstract')!;
const host = () => document.querySelector<HTMLElement>('antigravity-related');
const inside = (sel: string) => Array.from(host()?.shadowRoot?.querySelectorAll(sel) ?? []);

async function seed(): Promise<void> {
  await upsertPapers(
    related.map((e) => ({
      id: e.id,
      version: 1,
      title: e.title,
      authors: e.authors,
      abstract: e.abstract ?? '',
      categories: e.categories,
      primaryCategory: e.categories[0]!,
      origin: 'import' as const,
      addedAt: 1_700_000_000_000,
    })),
  );
}

describe('related strip', () => {
  it('draws the strip as the abstract block’s last box, at the reserved slot’s fixed height', async () => {
    await seed();
    const text = abstract().textContent;
    await run();
    const h = host()!;
    expect(h.parentElement).toBe(abstract());
    expect(abstract().lastElementChild).toBe(h);
    expect(h.style.getPropertyValue('height')).toBe(`${STRIP_SLOT_PX}px`);
    expect(h.style.getPropertyValue('display')).toBe('flow-root');
    expect(h.getAttribute('data-antigravity-ui')).toBe('related-strip');
    // No style reserved the place here: the page says so (the e2e suite counts on it).
    expect(document.documentElement.getAttribute(STRIP_SLOT_ATTR)).toBe('unreserved');
    expect(document.documentElement.dataset.antigravityStrip).toBe('strip');
    expect(inside('[data-testid="related-strip"]')).toHaveLength(1);
    const rows = inside('[data-testid="related-badge"]') as HTMLElement[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(5);
    const ids = new Set(related.map((e) => e.id));
    for (const r of rows) {
      expect(ids.has(r.dataset.arxivId!)).toBe(true);
      const a = r.querySelector('a.title') as HTMLAnchorElement;
      expect(a.href).toBe(`https://arxiv.org/abs/${r.dataset.arxivId}`);
      // One line per row: the whole title stays in the tooltip.
      expect(a.title.startsWith(a.textContent!.trim().slice(0, 20))).toBe(true);
    }
    // The abstract's own text is untouched (the strip lives in a shadow root).
    expect(abstract().textContent).toBe(text);
  });

  it('fills a reserved slot and ends the reservation in the same task', async () => {
    await seed();
    reserveSlot();
    await run();
    expect(host()!.parentElement).toBe(abstract());
    expect(document.documentElement.getAttribute(STRIP_SLOT_ATTR)).toBe('filled');
    expect(document.documentElement.dataset.antigravityStrip).toBe('strip');
  });

  it('on an empty corpus shows the one-time hint in the same place, and remembers it was shown', async () => {
    await run({ badgeHintShown: false });
    expect(host()!.parentElement).toBe(abstract());
    // One line, no more (issue 17).
    expect(host()!.style.getPropertyValue('height')).toBe(`${STRIP_LINE_SLOT_PX}px`);
    expect(document.documentElement.dataset.antigravityStrip).toBe('hint');
    const hint = inside('[data-testid="corpus-hint"]')[0] as HTMLElement;
    expect(hint.textContent).toContain('your corpus is empty');
    expect((await getSettings()).badgeHintShown).toBe(true);
    // Dismissed by the reader: gone.
    (hint.querySelector('button.dismiss') as HTMLButtonElement).click();
    expect(host()).toBeNull();
  });

  it('the hint has a real button that opens the setup page (Options while there is no welcome page)', async () => {
    const { fakeBrowser } = await import('wxt/testing');
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    await run({ badgeHintShown: false });
    const button = inside('[data-testid="corpus-hint-setup"]')[0] as HTMLButtonElement;
    expect(button.tagName).toBe('BUTTON');
    expect(button.textContent).toBe('Set up your corpus');
    button.click();
    await vi.waitFor(() => expect(open).toHaveBeenCalledTimes(1));
  });

  it('on an empty corpus fills the one-line slot with the one-line hint; a strip slot stays whole', async () => {
    reserveSlot('line');
    await run({ badgeHintShown: false });
    expect(document.documentElement.getAttribute(STRIP_SLOT_ATTR)).toBe('filled');
    expect(host()!.style.getPropertyValue('height')).toBe(`${STRIP_LINE_SLOT_PX}px`);
    const hint = inside('[data-testid="corpus-hint"]')[0] as HTMLElement;
    expect(hint.classList.contains('one-line')).toBe(true);
    // Everything on the heading line: no paragraph below it.
    expect(hint.children).toHaveLength(1);
    expect(hint.firstElementChild!.tagName).toBe('HEADER');
    expect(hint.querySelector('.note')!.getAttribute('title')).toContain('Import or harvest');
  });

  it('a strip slot reserved for a corpus emptied since is filled whole (the page does not move)', async () => {
    reserveSlot('strip');
    await run({ badgeHintShown: false });
    expect(host()!.style.getPropertyValue('height')).toBe(`${STRIP_SLOT_PX}px`);
    const hint = inside('[data-testid="corpus-hint"]')[0] as HTMLElement;
    expect(hint.classList.contains('one-line')).toBe(false);
  });

  it('draws nothing without a reserved slot when there is nothing to say', async () => {
    await run();
    expect(host()).toBeNull();
    expect(document.documentElement.dataset.antigravityStrip).toBe('none');
    expect(document.documentElement.hasAttribute(STRIP_SLOT_ATTR)).toBe(false);
  });

  it('draws nothing when switched off', async () => {
    await seed();
    await run({ features: { ...DEFAULT_SETTINGS.features, absStrip: false } });
    expect(host()).toBeNull();
    expect(document.documentElement.dataset.antigravityStrip).toBeUndefined();
  });
});

describe('related strip: only real clicks act (issue 18, finding 3)', () => {
  it('a page script’s click on Ask plants no question; a real click asks', async () => {
    const { fakeBrowser } = await import('wxt/testing');
    await seed();
    await run();
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    const asks = () =>
      send.mock.calls.filter((c) => (c[0] as { type?: string } | undefined)?.type === 'panel/open');
    const ask = inside('[data-testid="related-ask"]')[0] as HTMLButtonElement;
    ask.click(); // what a page script can do: isTrusted is false
    ask.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 20));
    expect(asks()).toHaveLength(0);
    const real = new MouseEvent('click', { bubbles: true });
    Object.defineProperty(real, 'isTrusted', { value: true });
    ask.dispatchEvent(real);
    await vi.waitFor(() => expect(asks()).toHaveLength(1));
    send.mockRestore();
  });
});
