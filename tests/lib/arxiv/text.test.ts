import { describe, expect, it } from 'vitest';
import { textOf } from '@/lib/arxiv/text';
import { parseHtml } from './fixtures';

const body = (html: string) => parseHtml(`<html><body>${html}</body></html>`).body;

describe('textOf', () => {
  it('math as LaTeX: inline $...$, display $$...$$, annotation when alttext is missing', () => {
    const el = body(
      '<p>Let <math alttext="x^{2}" display="inline"><mi>x</mi></math> and ' +
        '<math display="block" alttext="\\sum_i a_i"><mo>∑</mo></math> and ' +
        '<math><semantics><mi>y</mi><annotation encoding="application/x-tex">y_1</annotation></semantics></math>.</p>',
    );
    expect(textOf(el)).toBe('Let $x^{2}$ and $$\\sum_i a_i$$ and $y_1$.');
  });

  it("MathJax 2's rendered copies are skipped for its TeX script", () => {
    const el = body(
      '<blockquote>Large <span class="MathJax_Preview">N</span><span class="MathJax">N</span>' +
        '<script type="math/tex">N</script> limit and <script type="math/tex; mode=display">a=b</script>.</blockquote>',
    );
    expect(textOf(el, { skip: (e) => /MathJax/.test(e.getAttribute('class') ?? '') })).toBe(
      'Large $N$ limit and $$a=b$$.',
    );
  });

  it('one line per block, source line breaks are spaces, tables as rows of cells', () => {
    const el = body(
      '<h2>Title\n  here</h2><p>One\nparagraph.</p><div>Two<br>lines</div>' +
        '<table><tr><th>a</th><th></th><th>b</th></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>',
    );
    expect(textOf(el)).toBe('Title here\nOne paragraph.\nTwo\nlines\na | b\n1 | 2 | 3');
  });

  it('drops scripts, styles, buttons, hidden elements; footnotes inline in brackets', () => {
    const el = body(
      '<p>Text<script>alert(1)</script><style>p{}</style><button>Click</button>' +
        '<span hidden>secret</span><span aria-hidden="true">x</span> goes on' +
        '<span class="ltx_note ltx_role_footnote"><sup class="ltx_note_mark">1</sup>' +
        '<span class="ltx_note_outer"><span class="ltx_note_content"><sup class="ltx_note_mark">1</sup>' +
        '<span class="ltx_tag ltx_tag_note">1</span>A footnote.</span></span></span>.</p>',
    );
    expect(textOf(el)).toBe('Text goes on [A footnote.] .');
  });
});
