import { absUrl } from '@/lib/arxiv/id';
import {
  formatSimilarity,
  planStrip,
  primaryCategoryOf,
  relationQuestion,
  STRIP_SIZE,
  type StripPlan,
} from '@/lib/badges';
import type { Source } from '@/lib/corpus/schema';
import { sendRequest } from '@/lib/messaging';
import { createShadowHost, removeHosts } from '../ui/host';
import { fillMath, hasMath, loadMathRenderer } from '../ui/math';
import { abstractBlock } from '../ui/placement';
import { STRIP_CSS } from '../ui/styles';
import type { Feature } from './types';

const KIND = 'related-strip';

/**
 * abs pages: "Related in your corpus" under the abstract: the closest corpus papers with their
 * similarity, primary category and title; each opens the paper or asks the side panel how it
 * relates. A marker says when the paper, or some of its references, are already in the corpus.
 * On an empty corpus: a one-time hint instead. Inserted once, when its data (and math) is ready.
 */
export const relatedStrip: Feature = {
  id: KIND,
  include: (page) =>
    page.result.kind === 'abs' &&
    Boolean(page.result.paper) &&
    page.settings?.features.absStrip !== false,
  async init(_ctx, page, signal) {
    const paper = page.result.paper!;
    const answer = await sendRequest('corpus/related', {
      paper,
      k: Math.min(50, STRIP_SIZE * 2),
      visitStart: Math.floor(performance.timeOrigin),
    });
    if (signal.aborted) return;
    const plan = planStrip(answer, {
      paperId: paper.id,
      hintShown: page.settings?.badgeHintShown ?? true,
    });
    const anchor = abstractBlock(document);
    // What was decided, for tests: `hint`, `strip` or `none`.
    document.documentElement.dataset.antigravityStrip = anchor ? plan.kind : 'none';
    if (!anchor || plan.kind === 'none') return;
    const render =
      plan.kind === 'strip' && plan.items.some((s) => hasMath(s.title))
        ? await loadMathRenderer()
        : null;
    if (signal.aborted) return;
    const { host, root } = createShadowHost('antigravity-related', STRIP_CSS, { kind: KIND });
    root.append(plan.kind === 'hint' ? buildHint(host) : buildStrip(plan, render));
    removeHosts(KIND);
    anchor.after(host);
    signal.addEventListener('abort', () => host.remove(), { once: true });
    if (plan.kind === 'hint') {
      // Shown once: remembered by the background (content scripts cannot write settings).
      await sendRequest('settings/hint-shown', {}).catch(() => undefined);
    }
  },
};

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

function buildStrip(
  plan: Extract<StripPlan, { kind: 'strip' }>,
  render: ((s: string) => string) | null,
): HTMLElement {
  const section = el('section', 'ag strip');
  section.dataset.testid = 'related-strip';
  section.setAttribute('aria-label', 'Related in your corpus (Antigravity)');
  const header = el('header');
  const h2 = el('h2');
  h2.append(el('span', 'brand', 'Antigravity'), ' · Related in your corpus');
  header.append(h2);
  if (plan.marker) {
    const marker = el('span', 'marker', `✓ ${plan.marker}`);
    marker.dataset.testid = 'corpus-marker';
    header.append(marker);
  }
  section.append(header);
  if (!plan.items.length) {
    section.append(el('p', 'empty', 'No closely related papers in your corpus yet.'));
    return section;
  }
  const list = el('ol');
  for (const s of plan.items) list.append(buildItem(s, render));
  section.append(list);
  return section;
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
  link.title = `arXiv:${s.id}${s.authors.length ? ` · ${s.authors.slice(0, 3).join(', ')}${s.authors.length > 3 ? ' et al.' : ''}` : ''}`;
  fillMath(link, s.title, render);
  const ask = el('button', 'ask', 'Ask');
  ask.type = 'button';
  ask.setAttribute('aria-label', `Ask Antigravity how "${s.title}" relates to this paper`);
  ask.dataset.testid = 'related-ask';
  ask.addEventListener('click', () => {
    void sendRequest('panel/open', { selection: relationQuestion(s.title, s.id) }).catch(
      (e: unknown) => console.warn('[Antigravity] could not open the panel:', e),
    );
  });
  li.append(pct, catEl, link, ask);
  return li;
}

function buildHint(host: HTMLElement): HTMLElement {
  const box = el('div', 'ag hint');
  box.dataset.testid = 'corpus-hint';
  box.setAttribute('role', 'note');
  const p = el('p');
  p.append(
    el('strong', undefined, 'Antigravity:'),
    ' your corpus is empty — import papers in Options to see related work here.',
  );
  const close = el('button', 'dismiss', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss');
  close.addEventListener('click', () => host.remove());
  box.append(p, close);
  return box;
}
