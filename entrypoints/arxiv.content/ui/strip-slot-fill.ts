/**
 * The abs-page strip's slot, seen from the page (design: lib/badges/strip-slot.ts). The worker's
 * registered style reserves it under the abstract before the first paint; here it is found,
 * filled with the strip's host (same place, same height: nothing moves), or given back.
 */
import {
  STRIP_SLOT_ATTR,
  STRIP_SLOT_HEIGHTS,
  STRIP_SLOT_PROPERTY,
  STRIP_SLOT_VALUES,
  type StripSlotKind,
} from '@/lib/badges';
import { HOST_ATTR } from './host';
import { markPage } from './test-hooks';

/**
 * The slot the registered style holds open in `anchor` (the abstract block): the strip's, one
 * line (an empty corpus), or null.
 */
export function reservedSlot(anchor: Element, doc: Document = document): StripSlotKind | null {
  const view = doc.defaultView;
  if (!view) return null;
  const v = view.getComputedStyle(anchor, '::after').getPropertyValue(STRIP_SLOT_PROPERTY).trim();
  return v === STRIP_SLOT_VALUES.strip ? 'strip' : v === STRIP_SLOT_VALUES.line ? 'line' : null;
}

/** True while the registered style holds a slot open in `anchor`. */
export function slotReserved(anchor: Element, doc: Document = document): boolean {
  return reservedSlot(anchor, doc) !== null;
}

/**
 * Puts the strip's host where the slot is (the abstract block's last box) with the slot's height:
 * the host's arrival ends the reservation (the registered style holds the slot only while the
 * block has no `[data-antigravity-ui]` child), so in one task one box replaces another of the same
 * size. `size` is the slot the drawn frame needs; a larger reserved slot keeps its height (the
 * page does not move back), a smaller one or none grows to it and the content after it moves
 * down once. Test builds only (./test-hooks.ts): `<html data-antigravity-strip-slot>` says which
 * happened on the first draw, `filled` or `unreserved`.
 */
export function fillSlot(
  anchor: Element,
  host: HTMLElement,
  reserved: StripSlotKind | null,
  size: StripSlotKind = 'strip',
  doc: Document = document,
): void {
  const first = !doc.documentElement.hasAttribute(STRIP_SLOT_ATTR);
  const height = Math.max(reserved ? STRIP_SLOT_HEIGHTS[reserved] : 0, STRIP_SLOT_HEIGHTS[size]);
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', 'flow-root', 'important');
  host.style.setProperty('height', `${height}px`, 'important');
  anchor.append(host);
  if (first) markPage('antigravityStripSlot', reserved ? 'filled' : 'unreserved');
}

/**
 * Gives the reserved room back (nothing to draw: the strip was switched off since, or no paper):
 * an empty host of no height ends the reservation.
 */
export function releaseSlot(anchor: Element, doc: Document = document): void {
  const empty = doc.createElement('antigravity-related');
  empty.setAttribute(HOST_ATTR, 'related-strip');
  empty.style.setProperty('display', 'none', 'important');
  anchor.append(empty);
  markPage('antigravityStripSlot', 'released');
}
