/**
 * The abs-page strip's slot, seen from the page (design: lib/badges/strip-slot.ts). The worker's
 * registered style reserves it under the abstract before the first paint; here it is found,
 * filled with the strip's host (same place, same height: nothing moves), or given back.
 */
import { STRIP_SLOT_ATTR, STRIP_SLOT_PROPERTY, STRIP_SLOT_PX } from '@/lib/badges';

/** True while the registered style holds the slot open in `anchor` (the abstract block). */
export function slotReserved(anchor: Element, doc: Document = document): boolean {
  if (doc.documentElement.hasAttribute(STRIP_SLOT_ATTR)) return false;
  const view = doc.defaultView;
  if (!view) return false;
  return (
    view.getComputedStyle(anchor, '::after').getPropertyValue(STRIP_SLOT_PROPERTY).trim() ===
    'reserved'
  );
}

/**
 * Puts the strip's host where the slot is (the abstract block's last box) with the slot's height,
 * and ends the reservation, in one task: the browser lays out and paints only the result, in
 * which one box replaced another of the same size. Without a reserved slot the host goes to the
 * same place and the content after it moves down once. `<html data-antigravity-strip-slot>` says
 * which happened on the first draw: `filled` (into the reserved slot) or `unreserved` (the
 * registered style did not reach this page). `reserved`: what slotReserved said when the page was
 * read (nothing but this function changes it).
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
  if (first) doc.documentElement.setAttribute(STRIP_SLOT_ATTR, reserved ? 'filled' : 'unreserved');
}

/** Gives the reserved room back (nothing to draw: the strip was switched off since, or no paper). */
export function releaseSlot(doc: Document = document): void {
  doc.documentElement.setAttribute(STRIP_SLOT_ATTR, 'released');
}
