import { absUrl } from '@/lib/arxiv/id';
import {
  listingBadgeView,
  MIN_BADGE_SIMILARITY,
  listingQueries,
  primaryCategoryOf,
  type ListingBadgeView,
} from '@/lib/badges';
import { sendRequest } from '@/lib/messaging';
import { Badge, keepInView, type BadgeState } from '../ui/badge';
import { removeHosts } from '../ui/host';
import { entrySlots } from '../ui/placement';
import type { Feature } from './page-feature';
import { markPage } from '../ui/test-hooks';

const KIND = 'listing-badge';

/**
 * Listing and search pages: a badge per entry, "in corpus" or its best similarity to the
 * reader's interests (the closest corpus paper on hover). One batched request for the page;
 * nothing at all when the corpus has nothing to say, or when the reader switched these off. When done, `<html data-antigravity-badges>`
 * holds the number of badges shown (tests and the benchmark wait for it).
 */
export const listingBadges: Feature = {
  id: 'listing-badges',
  // Its request goes out before the settings arrive; the background applies the switch.
  early: true,
  include: (page) =>
    (page.result.kind === 'listing' || page.result.kind === 'search') &&
    Boolean(page.result.entries?.length),
  async init(_ctx, page, signal) {
    const kind = page.result.kind as 'listing' | 'search';
    const entries = page.result.entries ?? [];
    // Each entry trimmed to the protocol's cap: one long abstract never costs the page its badges.
    const queries = listingQueries(entries);
    performance.mark('antigravity:badges-request');
    const answer = await sendRequest('corpus/badges', {
      entries: queries,
      feature: 'listingBadges',
    });
    performance.mark('antigravity:badges-reply');
    if (signal.aborted || answer.disabled) return;
    const badges: Badge[] = [];
    if (answer.corpusSize > 0) {
      const slots = entrySlots(document, kind);
      removeHosts(KIND);
      answer.badges.forEach((info, i) => {
        const view = listingBadgeView(info, Math.max(MIN_BADGE_SIMILARITY, answer.floor ?? 0));
        const id = entries[i]?.id;
        const slot = id ? slots.get(id) : undefined;
        if (!view || !id || !slot) return;
        const badge = new Badge({ arxivId: id, kind: KIND, ...stateOf(view) });
        slot.append(badge.host);
        badges.push(badge);
      });
    }
    keepInView(badges);
    markPage('antigravityBadges', String(badges.length));
    signal.addEventListener('abort', () => badges.forEach((b) => b.remove()), { once: true });
  },
};

function stateOf(view: ListingBadgeView): BadgeState {
  if (view.kind === 'in-corpus') {
    return {
      variant: 'in',
      label: '✓ in corpus',
      ariaLabel: 'Antigravity: in your corpus',
      card: {
        heading: 'Antigravity · in your corpus',
        title: view.title,
        href: absUrl(view.id),
        meta: `arXiv:${view.id}`,
      },
    };
  }
  const c = view.closest;
  return {
    variant: 'sim',
    label: `≈ ${view.label}`,
    ariaLabel: `Antigravity: ${view.description}`,
    card: {
      heading: `Antigravity · ${view.label} similar to your interests`,
      ...(c
        ? {
            lead: 'Closest paper you opened:',
            title: c.title,
            href: absUrl(c.id),
            meta: [`arXiv:${c.id}`, primaryCategoryOf(c)].filter(Boolean).join(' · '),
          }
        : {}),
    },
  };
}
