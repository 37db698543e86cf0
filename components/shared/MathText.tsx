import { useMemo } from 'react';
import { renderInlineMath } from '@/lib/render/markdown';

/** Plain text (a title, an abstract) with its LaTeX rendered by KaTeX; everything else escaped. */
export function MathText({ text, className }: { text: string; className?: string }) {
  const html = useMemo(() => renderInlineMath(text), [text]);
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
