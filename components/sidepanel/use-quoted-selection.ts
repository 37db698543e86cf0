import { useEffect, useRef } from 'react';
import { browser } from 'wxt/browser';
import { sendRequest } from '@/lib/messaging';

/** A quoted selection as the start of a question: each line as a Markdown quote, then a blank line. */
export function quoteSelection(selection: string): string {
  const quoted = selection
    .trim()
    .split(/\r?\n/)
    .map((l) => `> ${l}`.trimEnd())
    .join('\n');
  return `${quoted}\n\n`;
}

/**
 * "Ask Antigravity" on a selection: the quoted text waits in the background for this tab
 * (`sel:<id>` in storage.session). It is taken when the panel opens on the tab, only if one
 * waits (read locally, no round trip otherwise), and whenever a new one arrives.
 */
export function useQuotedSelection(
  tabId: number | null | undefined,
  onQuote: (quoted: string) => void,
) {
  const onQuoteRef = useRef(onQuote);
  useEffect(() => {
    onQuoteRef.current = onQuote;
  }, [onQuote]);
  useEffect(() => {
    if (tabId === null || tabId === undefined) return;
    const key = `sel:${tabId}`;
    let live = true;
    const take = () =>
      sendRequest('panel/take-selection', { tabId }).then(
        ({ selection }) => {
          if (live && selection) onQuoteRef.current(quoteSelection(selection));
        },
        () => undefined,
      );
    void browser.storage.session.get(key).then(
      (got) => {
        if (live && got[key] !== undefined) void take();
      },
      () => void take(),
    );
    const onChange = (changes: Record<string, { newValue?: unknown }>) => {
      if (key in changes && changes[key]?.newValue !== undefined) void take();
    };
    browser.storage.session.onChanged.addListener(onChange);
    return () => {
      live = false;
      browser.storage.session.onChanged.removeListener(onChange);
    };
  }, [tabId]);
}
