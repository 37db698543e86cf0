import { useEffect, useRef, type RefObject } from 'react';

/**
 * Follows the end of the thread while the reader is there (not when they scrolled up): jumps to
 * it when `place` changes (another thread, a new turn), and keeps up with the streaming `text`.
 * The returned ref lets the panel pin the end again (a new question).
 */
export function useFollowEnd(
  endRef: RefObject<HTMLDivElement | null>,
  place: string,
  text: string,
  streaming: boolean,
) {
  const stickToEndRef = useRef(true);
  useEffect(() => {
    const onScroll = () => {
      const el = document.scrollingElement ?? document.documentElement;
      stickToEndRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < 120;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  useEffect(() => {
    stickToEndRef.current = true;
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [endRef, place]);
  useEffect(() => {
    if (stickToEndRef.current && streaming) endRef.current?.scrollIntoView({ block: 'end' });
  }, [endRef, text, streaming]);
  return stickToEndRef;
}

/** "/" anywhere outside a text field goes to the question box. */
export function useSlashToAsk(inputRef: RefObject<HTMLTextAreaElement | null>) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      inputRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [inputRef]);
}
