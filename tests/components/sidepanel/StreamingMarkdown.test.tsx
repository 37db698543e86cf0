// @vitest-environment happy-dom
import './quiet-katex';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { StreamingMarkdown } from '../../../components/sidepanel/StreamingMarkdown';
import { renderMarkdown } from '../../../lib/render/markdown';

afterEach(cleanup);

/** A long answer: paragraphs with math, a list, display math, code. */
function answer(paragraphs: number): string {
  const out: string[] = [];
  for (let i = 0; i < paragraphs; i++) {
    if (i % 5 === 1) out.push(`- point ${i} with $a_${i}$\n- another point`);
    else if (i % 5 === 3) out.push(`$$\n\\sum_{k=1}^{${i}} k^2\n$$`);
    else if (i % 7 === 4) out.push('```\ncode block\n\nwith a blank line\n```');
    else
      out.push(
        `Paragraph ${i} says **something** about $x^${i}$ and [a link](https://arxiv.org/abs/1706.03762).`,
      );
  }
  return out.join('\n\n');
}

/** The rendered HTML normalised through the DOM, for comparing two renderings. */
function normalise(html: string): string {
  const d = document.createElement('div');
  d.innerHTML = html;
  return d.innerHTML.replace(/\s+/g, ' ').trim();
}

describe('StreamingMarkdown', () => {
  it('keeps finished blocks: the same DOM nodes, never rewritten, while the tail grows', () => {
    const text = answer(30);
    const { rerender } = render(<StreamingMarkdown text={text.slice(0, 200)} />);
    const host = screen.getByTestId('streaming-markdown');
    const seen = new Map<Element, string>();
    let rewritten = 0;
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        const block = (r.target as Element).closest?.('.md-block') ?? r.target;
        if (block instanceof Element && seen.has(block) && !block.classList.contains('md-tail'))
          rewritten++;
      }
    });
    observer.observe(host, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
    });
    for (let end = 200; end <= text.length; end += 53) {
      rerender(<StreamingMarkdown text={text.slice(0, end)} />);
      for (const b of host.querySelectorAll('.md-block:not(.md-tail)')) {
        if (seen.has(b)) expect(b.innerHTML).toBe(seen.get(b));
        else seen.set(b, b.innerHTML);
      }
    }
    rerender(<StreamingMarkdown text={text} />);
    observer.disconnect();
    expect(rewritten).toBe(0);
    // Many blocks were committed along the way, and the whole equals the one-shot render.
    expect(seen.size).toBeGreaterThan(15);
    expect(normalise(host.innerHTML.replace(/<div class="md-block[^"]*">|<\/div>/g, ''))).toBe(
      normalise(renderMarkdown(text)),
    );
  });

  it('renders math while streaming and starts over when the text is replaced', () => {
    const { rerender } = render(<StreamingMarkdown text={'Energy $E = mc^2$ here.\n\nNext'} />);
    const host = screen.getByTestId('streaming-markdown');
    expect(host.querySelector('.katex')).not.toBeNull();
    rerender(<StreamingMarkdown text={'Other'} />);
    expect(host.textContent?.trim()).toBe('Other');
    expect(host.querySelector('.katex')).toBeNull();
  });

  it('puts chips where their cited span ends, also when text and citations arrive together', () => {
    const text = 'Attention replaces recurrence. It is fast.\n\nMore text';
    const c1 = { n: 1, arxivId: '1706.03762', title: 'Attention Is All You Need', offset: 30 };
    const c2 = { n: 2, arxivId: '1409.0473', title: 'Neural Machine Translation', offset: 42 };
    const { rerender } = render(<StreamingMarkdown text={text.slice(0, 10)} citations={[]} />);
    rerender(<StreamingMarkdown text={text} citations={[c1, c2]} />);
    const host = screen.getByTestId('streaming-markdown');
    const found = [...host.querySelectorAll<HTMLElement>('[data-testid="citation"]')];
    expect(found.map((c) => [c.textContent, c.dataset.arxivId])).toEqual([
      ['1', '1706.03762'],
      ['2', '1409.0473'],
    ]);
    // The first chip follows "recurrence." and precedes " It is fast."
    const p = found[0]!.closest('p')!;
    expect(p.textContent).toBe('Attention replaces recurrence.1 It is fast.2');
  });

  it('never lets raw HTML through', () => {
    render(<StreamingMarkdown text={'a <script>x()</script> <img src=x onerror=y()> b'} />);
    const host = screen.getByTestId('streaming-markdown');
    expect(host.querySelector('script, img')).toBeNull();
    expect(host.textContent).toContain('<script>');
  });
});
