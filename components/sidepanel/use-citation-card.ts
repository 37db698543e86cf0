import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Turn } from '@/lib/answer/schema';
import type { CardState } from './CitationCard';

/**
 * The citation card of one answer body: shown on the chip under the pointer or the focus, kept
 * while the pointer is on the card, hidden shortly after it leaves both (or at once on Escape).
 * The chip it describes points to it with aria-describedby while it shows.
 */
export function useCitationCard(turn: Turn, bodyRef: RefObject<HTMLDivElement | null>) {
  const [card, setCard] = useState<CardState | null>(null);
  const hideTimer = useRef<number | undefined>(undefined);
  const cardId = `cite-card-${turn.id}`;

  useEffect(() => {
    if (!card) return;
    const chip = card.chip;
    chip.setAttribute('aria-describedby', cardId);
    return () => chip.removeAttribute('aria-describedby');
  }, [card, cardId]);
  useEffect(() => () => window.clearTimeout(hideTimer.current), []);

  const cancelHide = () => window.clearTimeout(hideTimer.current);
  const hideSoon = useCallback(() => {
    window.clearTimeout(hideTimer.current);
    hideTimer.current = window.setTimeout(() => setCard(null), 200);
  }, []);

  /** Shows the card of the chip at `target`; false when there is none. */
  const showCard = (target: EventTarget | null): boolean => {
    const el = (target as HTMLElement | null)?.closest?.(
      '[data-testid="citation"]',
    ) as HTMLElement | null;
    if (!el || !bodyRef.current) return false;
    const rect = el.getBoundingClientRect();
    const host = bodyRef.current.getBoundingClientRect();
    // Keep the card inside the answer column, even next to a chip at the right edge.
    const width = Math.min(360, host.width);
    const x = Math.max(0, Math.min(rect.left - host.left - 20, host.width - width));
    const pos = { x, y: rect.bottom - host.top + 4, chip: el };
    cancelHide();
    if (el.dataset.verified === 'false') {
      setCard({ c: null, unverified: el.dataset.arxivId, ...pos });
      return true;
    }
    const n = Number(el.dataset.n);
    const c = turn.citations.find((x) => x.n === n) ?? null;
    setCard(c ? { c, ...pos } : null);
    return Boolean(c);
  };
  const inCard = (t: EventTarget | null) =>
    t instanceof Node && Boolean(document.getElementById(cardId)?.contains(t));

  return { card, cardId, setCard, showCard, hideSoon, cancelHide, inCard };
}
