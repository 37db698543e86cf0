import { useLayoutEffect, useRef } from 'react';
import type { Citation } from '@/lib/answer/schema';
import { createStreamingRenderer } from '@/lib/render/markdown';

type Renderer = ReturnType<typeof createStreamingRenderer>;
type Out = ReturnType<Renderer['push']>;

interface StreamState {
  renderer: Renderer;
  /** Characters of `text` handed to the renderer. */
  consumed: number;
  /** Citations handed to the renderer. */
  cites: number;
  tail: HTMLDivElement;
}

/**
 * Renders a growing Markdown text (safe HTML from lib/render). Finished blocks are rendered once
 * and appended to the DOM, never touched again; only the block still growing (the tail) is
 * parsed and replaced on each update, so the work stays linear in the answer's length.
 * Citations that arrive while streaming become chips where their cited span ends (the final
 * render, once the answer is done, places them exactly).
 *
 * The DOM under the host element is managed here, not by React: React renders the empty host.
 */
export function StreamingMarkdown({
  text,
  citations = [],
}: {
  text: string;
  citations?: readonly Pick<Citation, 'n' | 'arxivId' | 'title' | 'offset'>[];
}) {
  const host = useRef<HTMLDivElement>(null);
  const stream = useRef<StreamState | null>(null);
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    let s = stream.current;
    if (!s || text.length < s.consumed) {
      const tail = document.createElement('div');
      tail.className = 'md-block md-tail';
      el.replaceChildren(tail);
      s = { renderer: createStreamingRenderer(), consumed: 0, cites: 0, tail };
      stream.current = s;
    }
    const st = s;
    let tailHtml: string | null = null;
    const take = (out: Out) => {
      for (const html of out.stableHtml) {
        const block = document.createElement('div');
        block.className = 'md-block';
        block.innerHTML = html;
        st.tail.before(block);
      }
      tailHtml = out.tailHtml;
    };
    while (st.cites < citations.length) {
      const c = citations[st.cites]!;
      if (c.offset > text.length) break;
      if (c.offset > st.consumed) {
        take(st.renderer.push(text.slice(st.consumed, c.offset)));
        st.consumed = c.offset;
      }
      take(st.renderer.pushCitation(c));
      st.cites++;
    }
    if (text.length > st.consumed) {
      take(st.renderer.push(text.slice(st.consumed)));
      st.consumed = text.length;
    }
    if (tailHtml !== null) st.tail.innerHTML = tailHtml;
  }, [text, citations]);
  return <div ref={host} className="streaming" data-testid="streaming-markdown" />;
}
