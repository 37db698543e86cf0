/**
 * The abs-page strip's slot, seen from the page (design: lib/badges/strip-slot.ts). The worker's
 * registered style reserves it under the abstract before the first paint; here it is found,
 * filled with the strip's host (same place, same height: nothing moves), or given back.
 */
import { STRIP_SLOT_ATTR, STRIP_SLOT_PROPERTY, STRIP_SLOT_PX } from '@/lib/badges';
import { HOST_ATTR } from './host';
import { markPage } from './test-hooks';

/** True while the registered style holds the slot open in `anchor` (the abstract block). */
export function slotReserved(anchor: Element, doc: Document = document): boolean {
  const view = doc.defaultView;
  if (!view) return false;
  return (
    view.getComputedStyle(anchor, '::after').getPropertyValue(STRIP_SLOT_PROPERTY).trim() ===
    'reserved'
  );
}

/**
 * Puts the strip's host where the slot is (the abstract block's last box) with the slot's height:
 * the host's arrival ends the reservation (the registered style holds the slot only while the
 * block has no `[data-antigravity-ui]` child), so in one task one box replaces another of the same
 * size. Without a reserved slot the host goes to the same place and the content after it moves
 * down once. Test builds only (./test-hooks.ts): `<html data-antigravity-strip-slot>` says which
 * happened on the first draw, `filled` or `unreserved`.
 */
export function fillSlot(
  anchor: Element,
  host: HTMLElement,
  reserved: boolean,
  doc: Document = document,
): void {
  const first = !doc.documentElement.hasAttribute(STRIP_SLOT_ATTR);
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', 'flow-root', 'important');
  host.style.setProperty('height', `${STRIP_SLOT_PX}px`, 'important');
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
