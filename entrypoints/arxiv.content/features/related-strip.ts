/**
 * abs pages: "Related in your corpus" under the abstract: the closest corpus papers with their
 * similarity, primary category and title; each opens the paper or asks the side panel how it
 * relates. A marker says when the paper, or some of its references, are already in the corpus.
 * On an empty corpus: a one-time hint instead, on one line (issue 17: an empty corpus takes no more
 * room than that line).
 *
 * Layout shift: none. The strip arrives after the corpus answers, long after the page is painted,
 * and inserting a block under the abstract would push everything below it down. So its place is
 * reserved before the first paint: while the strip will show, the worker keeps a CSS-only content
 * script registered for abs pages (lib/background/strip-slot-registration.ts) that gives the abstract block a
 * last box of a fixed height; this feature draws the strip into that place with exactly that
 * height (ui/strip-slot.ts), every row a single line, so the page's own content never moves. An
 * empty corpus gets a one-line slot (the worker registers the one or the other) for its note.
 * Chosen over alternatives: a floating (overlay) strip would cover the page's text, and a strip
 * whose size depends on its data cannot be reserved before the data exists. What is drawn in a
 * reserved slot is always a full frame: the strip (fewer than five papers leave rows empty), the
 * hint, or a short line (nothing related yet, an empty corpus, an error), since collapsing the
 * room again would move the page. Without a reservation (the worker has not caught up with a
 * change yet) the strip is drawn in the same place and the page moves once.
 */
import { absUrl } from '@/lib/arxiv/id';
import {
  effectiveCorpusSize,
  formatSimilarity,
  planStrip,
  primaryCategoryOf,
  relationQuestion,
  STRIP_SIZE,
  type StripPlan,
} from '@/lib/badges';
import type { StripSlotKind } from '@/lib/badges';
import type { Source } from '@/lib/corpus/schema';
import { toAgError } from '@/lib/errors';
import { sendRequest, type ResponseOf } from '@/lib/messaging';
import { createShadowHost, removeHosts } from '../ui/host';
import { fillMath, hasMath, loadMathRenderer } from '../ui/math';
import { abstractBlock } from '../ui/placement';
import { fillSlot, releaseSlot, reservedSlot } from '../ui/strip-slot-fill';
import { STRIP_CSS } from '../ui/styles';
import type { Feature } from './page-feature';
import { markPage } from '../ui/test-hooks';

const KIND = 'related-strip';

/** What `<html data-antigravity-strip>` says was drawn (tests and the benchmark wait for it). */
type Drawn = 'strip' | 'hint' | 'empty' | 'error' | 'none';

export const relatedStrip: Feature = {
  id: KIND,
  include: (page) => page.result.kind === 'abs',
  async init(_ctx, page, signal) {
    const anchor = abstractBlock(document);
    const reserved = anchor ? reservedSlot(anchor) : null;
    const paper = page.result.paper;
    if (!anchor || !paper || page.settings?.features.absStrip === false) {
      // Room reserved for a strip that will not come: given back (the page moves, once).
      if (anchor && reserved) releaseSlot(anchor);
      return;
    }
    let answer: ResponseOf<'corpus/related'>;
    try {
      answer = await sendRequest('corpus/related', {
        paper,
        k: Math.min(50, STRIP_SIZE * 2),
        visitStart: Math.floor(performance.timeOrigin),
      });
    } catch (e) {
      if (signal.aborted) return;
      if (!reserved) throw e;
      const err = toAgError(e);
      draw({ anchor, reserved }, signal, 'error', 'line', (_host, line) =>
        buildFrame(
          null,
          `Could not read your corpus: ${err.message} Reload the page to try again.`,
          line,
        ),
      );
      return;
    }
    if (signal.aborted) return;
    const plan = planStrip(answer, {
      paperId: paper.id,
      hintShown: page.settings?.badgeHintShown ?? true,
    });
    if (plan.kind === 'none') {
      if (!reserved) {
        markPage('antigravityStrip', 'none');
        return;
      }
      const empty = effectiveCorpusSize(answer.corpusSize, answer.openPaperNew) === 0;
      draw({ anchor, reserved }, signal, 'empty', 'line', (_host, line) =>
        buildFrame(
          null,
          empty
            ? 'Your corpus is empty: import papers in Options to see related work here.'
            : 'No closely related papers in your corpus yet.',
          line,
        ),
      );
      return;
    }
    const render =
      plan.kind === 'strip' && plan.items.some((s) => hasMath(s.title))
        ? await loadMathRenderer()
        : null;
    if (signal.aborted) return;
    if (plan.kind === 'hint') {
      draw({ anchor, reserved }, signal, 'hint', 'line', (host, line) =>
        buildHint(host, page.settings?.features.saveOpenedPapers !== false, line),
      );
      // Shown once: remembered by the background (content scripts cannot write settings).
      await sendRequest('settings/hint-shown', {}).catch(() => undefined);
      return;
    }
    draw({ anchor, reserved }, signal, 'strip', 'strip', () => buildStrip(plan, render));
  },
};

/**
 * Draws one frame into the slot (or, without one, at its place) and says what was drawn. `size`
 * is the slot the frame needs; `build` learns whether it gets one line (a one-line slot, or none)
 * or the strip's whole frame (a strip's slot was reserved: filled whole, nothing moves).
 */
function draw(
  at: { anchor: Element; reserved: StripSlotKind | null },
  signal: AbortSignal,
  drawn: Drawn,
  size: StripSlotKind,
  build: (host: HTMLElement, line: boolean) => HTMLElement,
): void {
  const { host, root } = createShadowHost('antigravity-related', STRIP_CSS, { kind: KIND });
  root.append(build(host, size === 'line' && at.reserved !== 'strip'));
  removeHosts(KIND);
  fillSlot(at.anchor, host, at.reserved, size);
  markPage('antigravityStrip', drawn);
  signal.addEventListener('abort', () => host.remove(), { once: true });
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The frame every state shares: the heading line (with the corpus marker), then `body`. */
function frame(marker: string | null, ...body: HTMLElement[]): HTMLElement {
  const section = el('section', 'ag frame strip');
  section.dataset.testid = 'related-strip';
  section.setAttribute('aria-label', 'Related in your corpus (Antigravity)');
  const header = el('header');
  const h2 = el('h2');
  h2.append(el('span', 'brand', 'Antigravity'), ' · Related in your corpus');
  header.append(h2);
  if (marker) {
    const m = el('span', 'marker', `✓ ${marker}`);
    m.dataset.testid = 'corpus-marker';
    m.title = marker;
    header.append(m);
  }
  section.append(header, ...body);
  return section;
}

/** A frame with one short line instead of papers; with `oneLine`, that line in the heading's. */
function buildFrame(marker: string | null, line: string, oneLine = false): HTMLElement {
  if (!oneLine) return frame(marker, el('p', 'line', line));
  const section = frame(marker);
  section.classList.add('one-line');
  const note = el('span', 'note', line);
  note.title = line;
  section.querySelector('header')!.append(note);
  return section;
}

function buildStrip(
  plan: Extract<StripPlan, { kind: 'strip' }>,
  render: ((s: string) => string) | null,
): HTMLElement {
  if (!plan.items.length) {
    return buildFrame(plan.marker, 'No closely related papers in your corpus yet.');
  }
  const list = el('ol');
  for (const s of plan.items) list.append(buildItem(s, render));
  // Rows left over (the frame keeps its height): say why they are empty.
  if (plan.items.length >= STRIP_SIZE) return frame(plan.marker, list);
  const more = el('p', 'line more', 'No other paper in your corpus is this close.');
  return frame(plan.marker, list, more);
}

function buildItem(s: Source, render: ((t: string) => string) | null): HTMLElement {
  const li = el('li');
  li.dataset.testid = 'related-badge';
  li.dataset.arxivId = s.id;
  li.dataset.similarity = String(s.similarity);
  const pct = el('span', 'pct', formatSimilarity(s.similarity));
  pct.title = 'Similarity to this paper';
  const cat = primaryCategoryOf(s);
  const catEl = el('span', 'cat', cat);
  catEl.title = s.categories.join(', ') || cat;
  const link = el('a', 'title');
  link.href = absUrl(s.id);
  // Rows are one line (the strip has a fixed height): the tooltip has the whole title.
  const authors = s.authors.length
    ? ` · ${s.authors.slice(0, 3).join(', ')}${s.authors.length > 3 ? ' et al.' : ''}`
    : '';
  link.title = `${s.title}\narXiv:${s.id}${cat ? ` · ${cat}` : ''}${authors}`;
  fillMath(link, s.title, render);
  const ask = el('button', 'ask', 'Ask');
  ask.type = 'button';
  ask.setAttribute('aria-label', `Ask Antigravity how "${s.title}" relates to this paper`);
  ask.dataset.testid = 'related-ask';
  ask.addEventListener('click', (e) => {
    if (!e.isTrusted) return; // a page script's click plants no question
    void sendRequest('panel/open', { selection: relationQuestion(s.title, s.id) }).catch(
      (e: unknown) => console.warn('[Antigravity] could not open the panel:', e),
    );
  });
  li.append(pct, catEl, link, ask);
  return li;
}

/**
 * The one-time note on an empty corpus, in the same frame (it fills the same slot): one line,
 * the heading, the note (cut with an ellipsis when narrow; its tooltip has it whole), the button
 * to set up a corpus, and the dismiss button.
 */
function buildHint(host: HTMLElement, savesOpened: boolean, oneLine: boolean): HTMLElement {
  const box = el('div', oneLine ? 'ag frame hint one-line' : 'ag frame hint');
  box.dataset.testid = 'corpus-hint';
  box.setAttribute('role', 'note');
  const header = el('header');
  // The brand only: the line is for the note (the strip's title comes with the strip).
  const h2 = el('h2');
  h2.append(el('span', 'brand', 'Antigravity'));
  h2.title = 'Antigravity · Related in your corpus';
  const close = el('button', 'dismiss', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss');
  close.addEventListener('click', () => host.remove());
  const note = el('span', 'note');
  note.append(el('strong', undefined, 'Nothing to compare with yet:'), ' your corpus is empty.');
  note.title = `Nothing to compare with yet: your corpus is empty. Import or harvest papers${
    savesOpened
      ? ', or keep reading: the papers you open are added, and related work shows up here.'
      : ' to see related work here.'
  }`;
  const setup = el('button', 'setup', 'Set up your corpus');
  setup.type = 'button';
  setup.dataset.testid = 'corpus-hint-setup';
  setup.addEventListener('click', () => {
    void sendRequest('setup/open', {}).catch((e: unknown) =>
      console.warn('[Antigravity] could not open the setup page:', e),
    );
  });
  header.append(h2, note, setup, close);
  box.append(header);
  return box;
}
