/**
 * One badge: a small pill (or a dot, on in-text citations) in its own shadow root, keyboard
 * focusable, with a card shown on hover and on focus. Floating hosts (./host.ts) take no room
 * in the line, so adding a badge never moves the page's own text.
 */
import { createShadowHost } from './host';
import { setMathText } from './math';
import { BADGE_CSS } from './styles';

export type BadgeVariant = 'in' | 'sim' | 'add' | 'busy' | 'err';

/** `data-state` of a badge, for tests and styling hooks. */
const STATE_OF: Record<BadgeVariant, string> = {
  in: 'in-corpus',
  sim: 'similar',
  add: 'not-in-corpus',
  busy: 'adding',
  err: 'error',
};

export interface CardContent {
  /** Small heading ("In your corpus", "Closest in your corpus"). */
  heading: string;
  /** A short line above the title ("Closest paper you opened:"). */
  lead?: string;
  /** A paper title (math typeset when it has any). */
  title?: string;
  /** Makes the title a link. */
  href?: string;
  /** A muted line under the title (id, category, similarity). */
  meta?: string;
  /** A longer text, clamped (an abstract, an error). */
  body?: string;
}

export interface BadgeState {
  variant: BadgeVariant;
  /** Visible text (empty for dots). */
  label: string;
  /** What a screen reader says. */
  ariaLabel: string;
  card?: CardContent;
  /** Clicking (or Enter/Space) runs this; without it the badge is a focusable, static label. */
  onActivate?: () => void;
}

export interface BadgeOptions extends BadgeState {
  arxivId: string;
  /** Host kind (`listing-badge`, `reference-badge`, `citation-badge`): removal and tests. */
  kind: string;
  /** A small dot instead of a pill (in-text citations). */
  dot?: boolean;
}

let cardSeq = 0;

export class Badge {
  readonly host: HTMLElement;
  private readonly root: ShadowRoot;
  private readonly wrap: HTMLElement;
  private readonly cardId = `ag-card-${++cardSeq}`;

  constructor(private readonly opts: BadgeOptions) {
    const { host, root } = createShadowHost('antigravity-badge', BADGE_CSS, {
      kind: opts.kind,
      floating: true,
    });
    if (opts.dot) host.style.transform = 'translateY(-0.62em)';
    this.host = host;
    this.root = root;
    this.wrap = document.createElement('span');
    this.wrap.className = opts.dot ? 'ag wrap dot' : 'ag wrap';
    root.append(this.wrap);
    const place = () => this.placeCard();
    this.wrap.addEventListener('pointerenter', place);
    this.wrap.addEventListener('focusin', place);
    this.update(opts);
  }

  get arxivId(): string {
    return this.opts.arxivId;
  }

  /** A dot (in-text citation) rather than a pill. */
  get isDot(): boolean {
    return Boolean(this.opts.dot);
  }

  /** The element carrying `data-testid="related-badge"`. */
  get element(): HTMLElement {
    return this.wrap.firstElementChild as HTMLElement;
  }

  update(state: BadgeState): void {
    const el = document.createElement(state.onActivate ? 'button' : 'span');
    if (el instanceof HTMLButtonElement) {
      el.type = 'button';
      const run = state.onActivate!;
      el.addEventListener('click', (ev) => {
        ev.preventDefault();
        ev.stopPropagation();
        // Only a real click ("+ add" fetches from the export API): never a page script's.
        if (ev.isTrusted) run();
      });
    } else {
      el.tabIndex = 0;
      el.setAttribute('role', 'img');
    }
    el.className = `b ${state.variant}${this.opts.dot ? ' dot' : ''}`;
    el.dataset.testid = 'related-badge';
    el.dataset.arxivId = this.opts.arxivId;
    el.dataset.state = STATE_OF[state.variant];
    el.dataset.kind = this.opts.kind;
    el.setAttribute('aria-label', state.ariaLabel);
    if (!this.opts.dot && state.label) el.textContent = state.label;
    const hadFocus = this.root.activeElement !== null;
    this.wrap.replaceChildren(el);
    if (state.card) {
      el.setAttribute('aria-describedby', this.cardId);
      this.wrap.append(renderCard(state.card, this.cardId));
    }
    if (hadFocus) el.focus();
  }

  remove(): void {
    this.host.remove();
  }

  /** Moves the badge in from the right edge (its line ends too close to it). */
  pinRight(): void {
    this.host.style.right = '2px';
  }

  /** Opens the card to the left when it would run past the viewport's right edge. */
  private placeCard(): void {
    const card = this.wrap.querySelector<HTMLElement>('.card');
    if (!card) return;
    const rect = this.host.getBoundingClientRect();
    card.classList.toggle('flip', rect.left + 390 > document.documentElement.clientWidth);
  }
}

function renderCard(c: CardContent, id: string): HTMLElement {
  const card = document.createElement('span');
  card.className = 'card';
  card.id = id;
  card.setAttribute('role', 'tooltip');
  const h = document.createElement('span');
  h.className = 'h';
  h.textContent = c.heading;
  card.append(h);
  if (c.lead) {
    const l = document.createElement('span');
    l.className = 'l';
    l.textContent = c.lead;
    card.append(l);
  }
  if (c.title) {
    const t = document.createElement(c.href ? 'a' : 'span');
    t.className = 't';
    if (t instanceof HTMLAnchorElement && c.href) {
      t.href = c.href;
      t.target = '_blank';
      t.rel = 'noopener noreferrer';
    }
    setMathText(t, c.title);
    card.append(t);
  }
  if (c.meta) {
    const m = document.createElement('span');
    m.className = 'm';
    m.textContent = c.meta;
    card.append(m);
  }
  if (c.body) {
    const p = document.createElement('span');
    p.className = 'p';
    setMathText(p, c.body);
    card.append(p);
  }
  return card;
}

/**
 * Badges sit after the last word of a line; when that line ends near the window's right edge a
 * pill would stick out (and make the page scroll sideways): those are pinned inside the edge.
 * One layout read for all of them, after they are placed.
 */
export function keepInView(badges: readonly Badge[]): void {
  if (!badges.length) return;
  requestAnimationFrame(() => {
    const limit = document.documentElement.clientWidth - 2;
    for (const b of badges)
      if (!b.isDot && b.host.getBoundingClientRect().right > limit) b.pinRight();
  });
}
