import { useEffect, useRef, useState } from 'react';
import { createStreamingRenderer } from '@/lib/render/markdown';

/**
 * Renders a growing Markdown text: finished blocks are rendered once and kept; only the block
 * still growing is re-rendered, so the work stays linear in the answer's length.
 */
export function StreamingMarkdown({ text }: { text: string }) {
  const renderer = useRef<ReturnType<typeof createStreamingRenderer> | null>(null);
  const consumed = useRef(0);
  const [blocks, setBlocks] = useState<string[]>([]);
  const [tail, setTail] = useState('');
  useEffect(() => {
    if (!renderer.current || text.length < consumed.current) {
      renderer.current = createStreamingRenderer();
      consumed.current = 0;
      setBlocks([]);
    }
    const delta = text.slice(consumed.current);
    consumed.current = text.length;
    if (!delta) return;
    const out = renderer.current.push(delta);
    if (out.stableHtml.length) setBlocks((b) => [...b, ...out.stableHtml]);
    setTail(out.tailHtml);
  }, [text]);
  return (
    <div className="streaming" aria-live="off">
      {blocks.map((html, i) => (
        <div key={i} dangerouslySetInnerHTML={{ __html: html }} />
      ))}
      <div dangerouslySetInnerHTML={{ __html: tail }} />
    </div>
  );
}
