import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Window } from 'happy-dom';
import {
  createStreamingRenderer,
  insertCitationMarkers,
  renderInlineMath,
  renderMarkdown,
} from '../../../lib/render/markdown';
import type { Citation } from '../../../lib/answer/schema';

function dom(html: string) {
  const w = new Window();
  w.document.body.innerHTML = html;
  return w.document;
}

/** Every element and attribute of rendered HTML that could run code or load something. */
function dangers(html: string): string[] {
  const doc = dom(html);
  const found: string[] = [];
  for (const el of doc.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (
      [
        'script',
        'iframe',
        'img',
        'object',
        'embed',
        'style',
        'link',
        'meta',
        'form',
        'svg',
        'video',
        'audio',
        'source',
        'base',
      ].includes(tag)
    )
      found.push(`<${tag}>`);
    for (const a of el.getAttributeNames()) {
      if (/^on/i.test(a)) found.push(`${tag}[${a}]`);
      if (a === 'href' || a === 'src' || a === 'action' || a === 'xlink:href') {
        const v = el.getAttribute(a) ?? '';
        if (!/^https?:\/\//i.test(v)) found.push(`${tag}[${a}=${v}]`);
      }
    }
  }
  return found;
}

function cite(n: number, arxivId: string, offset: number, title = `Paper ${n}`): Citation {
  return { n, kind: 'source', arxivId, title, citedText: `cited ${n}`, offset };
}

describe('renderMarkdown: unsafe input', () => {
  const cases: Array<[string, string]> = [
    ['script tag', 'Hello <script>alert(1)</script> world'],
    ['script block', '<script>\nalert(1)\n</script>'],
    ['img onerror', 'x <img src=x onerror="alert(1)"> y'],
    ['raw iframe', '<iframe src="https://evil.example"></iframe>'],
    ['javascript link', '[click](javascript:alert(1))'],
    ['javascript link, obfuscated', '[click](JaVaScRiPt:alert(1)) [c2](java&#x09;script:alert(1))'],
    ['javascript autolink', '<javascript:alert(1)>'],
    ['data link', '[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['data image', '![x](data:image/png;base64,iVBORw0KGgo=)'],
    ['remote image', '![tracker](https://evil.example/pixel.png "t")'],
    ['vbscript and file', '[a](vbscript:msgbox) [b](file:///etc/passwd)'],
    ['relative and empty links', '[a](/settings) [b](#x) [c]() [d](<>)'],
    ['html in link title', '[t](https://ok.example "<img src=x onerror=alert(1)>")'],
    ['quote breaking title', `[t](https://ok.example "a\\" onmouseover=\\"alert(1)")`],
    ['svg', '<svg onload=alert(1)><circle/></svg>'],
    ['katex href', '$\\href{javascript:alert(1)}{x}$ and $\\url{javascript:alert(2)}$'],
    [
      'katex html extensions',
      '$\\htmlClass{x}{y}\\htmlData{onclick=alert(1)}{z}\\includegraphics{https://evil.example/a.png}$',
    ],
    ['reference link', '[x][1]\n\n[1]: javascript:alert(1)'],
    ['style', '<style>body{display:none}</style>'],
  ];
  for (const [name, md] of cases) {
    it(`neutralises ${name}`, () => {
      const html = renderMarkdown(md);
      expect(dangers(html)).toEqual([]);
      expect(html).not.toMatch(/<(script|iframe|img|svg|style)/i);
    });
  }

  it('shows raw HTML as text', () => {
    const html = renderMarkdown('a <b>bold</b> <script>x</script>');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(dom(html).body.textContent).toContain('<script>x</script>');
  });

  it('keeps a non-http link as visible text', () => {
    const html = renderMarkdown('[click](javascript:alert(1))');
    expect(dom(html).querySelectorAll('a')).toHaveLength(0);
    expect(dom(html).body.textContent).toContain('click');
  });

  it('renders an image as a link to it, never an <img>', () => {
    const doc = dom(renderMarkdown('![a chart](https://example.org/c.png)'));
    expect(doc.querySelectorAll('img')).toHaveLength(0);
    const a = doc.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.org/c.png');
    expect(a.textContent).toContain('a chart');
  });

  it('opens http(s) links in a new tab without opener', () => {
    const doc = dom(renderMarkdown('[arXiv](https://arxiv.org) and https://example.com/x'));
    const links = [...doc.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://arxiv.org',
      'https://example.com/x',
    ]);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('escapes HTML in a link title', () => {
    const doc = dom(renderMarkdown('[t](https://ok.example "<b>x</b>")'));
    expect(doc.querySelector('a')!.getAttribute('title')).toBe('<b>x</b>');
    expect(doc.querySelectorAll('b')).toHaveLength(0);
  });
});

describe('renderMarkdown: math', () => {
  const katexCount = (html: string) => dom(html).querySelectorAll('.katex').length;
  const tex = (html: string) =>
    [...dom(html).querySelectorAll('annotation')].map((a) => a.textContent!.trim());

  it('renders $...$ inline and $$...$$ as a block', () => {
    const html = renderMarkdown('Energy $E=mc^2$.\n\n$$\n\\int_0^1 x\\,dx\n$$\n');
    expect(tex(html)).toEqual(['E=mc^2', '\\int_0^1 x\\,dx']);
    expect(dom(html).querySelectorAll('.katex-display')).toHaveLength(1);
  });

  it('renders \\(...\\) and \\[...\\]', () => {
    const html = renderMarkdown('Inline \\(a+b\\) here.\n\n\\[\nx^2\n\\]\n\nAnd \\[y\\] inline.');
    expect(tex(html)).toEqual(['a+b', 'x^2', 'y']);
    expect(dom(html).querySelectorAll('.katex-display')).toHaveLength(2);
  });

  it('does not take prices for math', () => {
    const html = renderMarkdown('It costs $5 and $10 per run.');
    expect(katexCount(html)).toBe(0);
    expect(dom(html).body.textContent).toContain('$5 and $10');
  });

  it('keeps math in code as code', () => {
    const html = renderMarkdown('`$x$` and\n\n```\n$$y$$\n```\n');
    expect(katexCount(html)).toBe(0);
    expect(dom(html).querySelectorAll('code')).toHaveLength(2);
  });

  it('shows bad TeX as an error, never throws', () => {
    const html = renderMarkdown('Broken $\\frac{1}{$ and $\\undefinedmacro{x}$ and $$\\begin{x}$$');
    expect(html).toContain('katex');
    expect(dangers(html)).toEqual([]);
  });

  it('bounds expansion of recursive macros', () => {
    const bomb = '$\\def\\a{\\a\\a}\\a$';
    expect(() => renderMarkdown(bomb)).not.toThrow();
  });
});

describe('renderInlineMath', () => {
  it('renders LaTeX of titles and escapes the rest', () => {
    const html = renderInlineMath('High-T$_c$ <b>superconductors</b> & $\\nu$-process');
    const doc = dom(html);
    expect(doc.querySelectorAll('.katex')).toHaveLength(2);
    expect(doc.querySelectorAll('b')).toHaveLength(0);
    expect(doc.body.textContent).toContain('<b>superconductors</b> &');
  });

  it('handles \\$, \\(...\\), \\[...\\] and unclosed delimiters', () => {
    const doc = dom(renderInlineMath('Costs \\$5; \\(x\\) and \\[y\\]; open $z and \\(w'));
    expect(doc.querySelectorAll('.katex')).toHaveLength(2);
    expect(doc.body.textContent).toContain('Costs $5;');
    expect(doc.body.textContent).toContain('open $z and \\(w');
  });

  it('never lets markup through', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const html = renderInlineMath(`${s} <img src=x onerror=alert(1)> $${s}$`);
        expect(dangers(html)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('insertCitationMarkers', () => {
  const chips = (html: string) =>
    [...dom(html).querySelectorAll('[data-testid="citation"]')].map((el) => ({
      id: el.getAttribute('data-arxiv-id'),
      verified: el.getAttribute('data-verified'),
      n: el.getAttribute('data-n'),
      tag: el.tagName.toLowerCase(),
      href: el.getAttribute('href'),
      text: el.textContent,
    }));

  it('places chips at the offsets, linked to arXiv, with the exact attributes', () => {
    const md = 'First claim. Second claim.';
    const html = renderMarkdown(
      insertCitationMarkers(
        md,
        [cite(1, '1706.03762', 12, 'Attention Is All You Need'), cite(2, 'hep-th/9711200', 26)],
        [],
      ),
    );
    expect(html).toContain(
      '<sup class="ag-cite"><a data-testid="citation" data-arxiv-id="1706.03762" data-verified="true" data-n="1" href="https://arxiv.org/abs/1706.03762" target="_blank" rel="noopener noreferrer" title="Attention Is All You Need">1</a></sup>',
    );
    expect(chips(html)).toEqual([
      {
        id: '1706.03762',
        verified: 'true',
        n: '1',
        tag: 'a',
        href: 'https://arxiv.org/abs/1706.03762',
        text: '1',
      },
      {
        id: 'hep-th/9711200',
        verified: 'true',
        n: '2',
        tag: 'a',
        href: 'https://arxiv.org/abs/hep-th/9711200',
        text: '2',
      },
    ]);
    // The chip sits right after "First claim."
    expect(dom(html).querySelector('p')!.innerHTML.startsWith('First claim.<sup')).toBe(true);
  });

  it('never puts a marker inside math, code, a link or a word', () => {
    const md =
      'Math $a+b=c$ then `code span` then [link text](https://x.org) then superconductivity.';
    const inMath = md.indexOf('+');
    const inCode = md.indexOf('span');
    const inLink = md.indexOf('text');
    const inWord = md.indexOf('conductivity');
    const out = insertCitationMarkers(
      md,
      [
        cite(1, '1706.03762', inMath),
        cite(2, '1706.03762', inCode),
        cite(3, '1706.03762', inLink),
        cite(4, '1706.03762', inWord),
      ],
      [],
    );
    const html = renderMarkdown(out);
    const doc = dom(html);
    expect(
      doc.querySelectorAll('.katex [data-testid="citation"], code [data-testid="citation"], a a'),
    ).toHaveLength(0);
    expect(doc.querySelector('annotation')!.textContent).toBe('a+b=c');
    expect(doc.querySelector('code')!.textContent).toBe('code span');
    expect(chips(html).map((c) => c.n)).toEqual(['1', '2', '3', '4']);
    // The word stays whole: the marker goes after it.
    expect(doc.body.textContent).toContain('superconductivity4.');
  });

  it('does not start a line with a marker or break a heading or a fence', () => {
    const md = 'A claim.\n\n## Next heading\n\n```\ncode\n```\n\nEnd.';
    const html = renderMarkdown(
      insertCitationMarkers(
        md,
        [cite(1, '1706.03762', 10), cite(2, '1706.03762', md.indexOf('code') + 2)],
        [],
      ),
    );
    const doc = dom(html);
    // A citation of text inside the fence goes to the end of the text before the fence.
    expect(doc.querySelector('h2')!.textContent).toBe('Next heading2');
    expect(doc.querySelector('pre code')!.textContent).toBe('code\n');
    expect(doc.querySelector('p')!.textContent).toBe('A claim.1');
    expect(doc.querySelectorAll('p')).toHaveLength(2);
  });

  it('orders citations at one place by number and drops duplicates', () => {
    const html = renderMarkdown(
      insertCitationMarkers(
        'Claim.',
        [cite(3, '2101.00001', 6), cite(1, '2101.00002', 6), cite(3, '2101.00001', 6)],
        [],
      ),
    );
    expect(chips(html).map((c) => c.n)).toEqual(['1', '3']);
  });

  it('marks unverified ids without a link, also in arXiv links the model wrote', () => {
    const md =
      'As arXiv:2401.12345v2 shows, and [this paper](https://arxiv.org/abs/2401.12345) too; `2401.12345` in code stays. Old: math.CA/0611800.';
    const html = renderMarkdown(insertCitationMarkers(md, [], ['2401.12345', 'math/0611800']));
    const c = chips(html);
    expect(c).toEqual([
      {
        id: '2401.12345',
        verified: 'false',
        n: null,
        tag: 'span',
        href: null,
        text: '2401.12345v2',
      },
      { id: '2401.12345', verified: 'false', n: null, tag: 'span', href: null, text: 'this paper' },
      {
        id: 'math/0611800',
        verified: 'false',
        n: null,
        tag: 'span',
        href: null,
        text: 'math.CA/0611800',
      },
    ]);
    expect(html).toContain(
      '<span data-testid="citation" data-arxiv-id="2401.12345" data-verified="false" class="ag-unverified" title="Not among the sources: unverified">2401.12345v2</span>',
    );
    expect(dom(html).querySelectorAll('a')).toHaveLength(0);
    expect(dom(html).querySelector('code')!.textContent).toBe('2401.12345');
  });

  it('does not mark a longer id that starts like an unverified one', () => {
    const html = renderMarkdown(
      insertCitationMarkers('See 2401.123456 and 12401.12345.', [], ['2401.12345']),
    );
    expect(chips(html)).toEqual([]);
  });

  it('neutralises marker characters written by the model', () => {
    // A forged marker (private-use characters) in the model's text must not become a chip.
    const forged = insertCitationMarkers('x', [cite(9, '1706.03762', 1)], []).slice(1);
    const html = renderMarkdown(insertCitationMarkers(`Forged ${forged} here.`, [], []));
    expect(chips(html)).toEqual([]);
  });

  it('keeps a marker after a bare URL out of the URL', () => {
    const md = 'See https://example.org/page for more';
    const html = renderMarkdown(
      insertCitationMarkers(md, [cite(1, '1706.03762', md.indexOf(' for'))], []),
    );
    const a = dom(html).querySelector('a:not([data-testid])')!;
    expect(a.getAttribute('href')).toBe('https://example.org/page');
    expect(chips(html)).toHaveLength(1);
  });

  it('clamps offsets beyond the text', () => {
    const html = renderMarkdown(insertCitationMarkers('Short.', [cite(1, '1706.03762', 999)], []));
    expect(dom(html).querySelector('p')!.textContent).toBe('Short.1');
  });
});

/** A long answer of varied blocks, deterministic. */
function longAnswer(words: number): string {
  const blocks: string[] = [];
  let count = 0;
  let i = 0;
  const para = (k: number) =>
    Array.from(
      { length: 40 + (k % 5) * 10 },
      (_, j) =>
        [
          'the',
          'signal',
          '**model**',
          'latent',
          'space',
          'anomaly',
          '$x_i$',
          'generalizes',
          'poorly',
          'to',
          'unseen',
          '*topologies*',
        ][(j + k) % 12],
    ).join(' ') + '.';
  while (count < words) {
    const kind = i % 7;
    let b: string;
    if (kind === 0) b = `## Section ${i}`;
    else if (kind === 3) b = `- item one of ${i}\n- item two with $a^2$\n- item three`;
    else if (kind === 4) b = `$$\n\\sum_{k=1}^{${i}} k^2\n$$`;
    else if (kind === 5) b = '```python\nprint("x")\n\nprint("y")\n```';
    else if (kind === 6) b = `| a | b |\n|---|---|\n| ${i} | $y$ |`;
    else b = para(i);
    blocks.push(b);
    count += b.split(/\s+/).length;
    i++;
  }
  return blocks.join('\n\n') + '\n';
}

function streamAll(text: string, sizes: (i: number) => number) {
  const r = createStreamingRenderer();
  const stable: string[] = [];
  let tail = '';
  let pos = 0;
  let k = 0;
  while (pos < text.length) {
    const n = Math.max(1, sizes(k++));
    const out = r.push(text.slice(pos, pos + n));
    stable.push(...out.stableHtml);
    tail = out.tailHtml;
    pos += n;
  }
  return { html: stable.join('') + tail, stable, r };
}

describe('createStreamingRenderer', () => {
  it('gives the same HTML as rendering the whole answer', () => {
    const text = longAnswer(600);
    for (const size of [2, 7, 40, 500]) {
      expect(streamAll(text, () => size).html).toBe(renderMarkdown(text));
    }
  });

  it('matches renderMarkdown on tricky structures for any split', () => {
    const fragments = [
      '- a\n\n- b',
      '1. one\n\n2. two',
      '1. one',
      '2. two',
      '> quote\n\n> other',
      '```\nfence\n\nstill fence\n```',
      '~~~\nunclosed',
      '$$\nx\n\ny\n$$',
      '$$',
      '\\[\nx\n\\]',
      'Title\n===',
      'para\n---',
      '    indented code\n\n    more code',
      '| a |\n|---|\n| 1 |',
      'text with $x$ and `y` and [l](https://a.org)',
      '* * *',
      '- item\n\n  continued',
      '# Head',
      '[ref]: https://x.org',
      'x <b>y</b>',
      '',
      '  ',
    ];
    const doc = fc
      .array(fc.tuple(fc.constantFrom(...fragments), fc.constantFrom('\n', '\n\n', '\n\n\n')), {
        minLength: 1,
        maxLength: 8,
      })
      .map((parts) => parts.map(([f, sep]) => f + sep).join(''));
    fc.assert(
      fc.property(
        doc,
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 20 }),
        (text, sizes) => {
          const got = streamAll(text, (k) => sizes[k % sizes.length]!).html;
          expect(got).toBe(renderMarkdown(text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('normalises CRLF split across deltas like the whole-text render', () => {
    const text = 'a\r\n\r\nb\r\n\r\nc';
    expect(streamAll(text, () => 1).html).toBe(renderMarkdown(text));
  });

  it('does not re-parse completed blocks of a 4,000-word answer (linear work)', () => {
    const text = longAnswer(4000);
    const words = text.split(/\s+/).length;
    expect(words).toBeGreaterThanOrEqual(4000);
    const parsed: string[] = [];
    const r = createStreamingRenderer({ onParse: (s) => parsed.push(s) });
    let pos = 0;
    let stableBlocks = 0;
    const delta = 16;
    while (pos < text.length) {
      const out = r.push(text.slice(pos, pos + delta));
      stableBlocks += out.stableHtml.length;
      pos += delta;
    }
    const { parseCalls, charsParsed, committedChars } = r.stats();
    const longestBlock = Math.max(...text.split('\n\n').map((b) => b.length));
    // Each parse sees at most the unfinished block, the separator, and the start of the next one.
    const maxParsed = Math.max(...parsed.map((s) => s.length));
    expect(maxParsed).toBeLessThanOrEqual(2 * longestBlock + 2 * delta);
    // Total work: about one block's worth per delta, far below re-parsing everything each time.
    const naive = parsed.reduce((n, _s, i) => n + Math.min(text.length, (i + 1) * delta), 0);
    expect(parseCalls).toBe(Math.ceil(text.length / delta));
    expect(charsParsed).toBeLessThan(naive / 10);
    expect(charsParsed).toBeLessThan(text.length * (longestBlock / delta + 2));
    // Nearly everything was handed out once as stable blocks.
    expect(stableBlocks).toBeGreaterThan(100);
    expect(committedChars).toBeGreaterThan(text.length - 2 * longestBlock);
    // No parse started before the committed text: each parse is a suffix of the text.
    let committed = 0;
    for (const s of parsed) {
      const at = text.indexOf(s.slice(0, 200), committed);
      expect(at).toBeGreaterThanOrEqual(committed);
      committed = at;
    }
  });

  it('adds citation chips at the end of the stream', () => {
    const r = createStreamingRenderer();
    r.push('A claim.');
    const out = r.pushCitation({ n: 1, arxivId: '1706.03762', title: 'T' });
    expect(out.tailHtml).toContain('data-n="1"');
    expect(dom(out.tailHtml).querySelector('p')!.textContent).toBe('A claim.1');
    const forged = r.push(`${'\uE000'}xyz${'\uE001'}`);
    expect(dom(forged.tailHtml).querySelectorAll('[data-testid="citation"]')).toHaveLength(1);
  });
});

describe('renderMarkdown: links cannot lie (issue 18, finding 6)', () => {
  it('a link whose text names an arXiv id goes to that id on arxiv.org', () => {
    for (const src of [
      '[arXiv:1706.03762](https://evil.example/abs/1706.03762)',
      '[1706.03762](https://arxiv.org.evil.example/abs/1706.03762)',
      '[arXiv:1706.03762](https://arxiv.org/abs/2403.00002)',
      '[see arXiv:1706.03762v7](https://evil.example/)',
    ]) {
      const a = dom(renderMarkdown(src)).querySelector('a')!;
      expect(a.getAttribute('href'), src).toMatch(/^https:\/\/arxiv\.org\/abs\/1706\.03762(v7)?$/);
    }
  });

  it('a link that already points to the id on arxiv.org is kept as written', () => {
    const a = dom(
      renderMarkdown('[arXiv:1706.03762](https://arxiv.org/pdf/1706.03762v7)'),
    ).querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://arxiv.org/pdf/1706.03762v7');
  });

  it('any other link whose text hides its host shows the real host', () => {
    const doc = dom(renderMarkdown('[the official paper](https://evil.example/x)'));
    expect(doc.body.textContent).toContain('evil.example');
    const bare = dom(renderMarkdown('see https://example.com/x'));
    expect(bare.body.textContent?.match(/example\.com/g)).toHaveLength(1);
  });
});
