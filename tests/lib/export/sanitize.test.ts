import { describe, expect, it } from 'vitest';
import MarkdownIt from 'markdown-it';
import { parse } from '@retorquere/bibtex-parser';
import { toBibtex, type BibPaper } from '../../../lib/export/bibtex';
import { turnToMarkdown } from '../../../lib/export/markdown-export';
import { sampleTurn } from './export-sample';

/**
 * Issue 18, finding 5: exports carry model output into tools that act on it (Obsidian renders
 * HTML, loads remote images, runs Dataview JS and Templater). The `.md` is parsed back with
 * markdown-it (HTML on, every link scheme let through as a lenient renderer would) and the `.bib`
 * with @retorquere/bibtex-parser.
 */

const md = new MarkdownIt({ html: true, linkify: false });
md.validateLink = () => true;

interface Found {
  html: string[];
  hrefs: string[];
  images: string[];
  fences: string[];
  codes: string[];
}

function walk(src: string): Found {
  const out: Found = { html: [], hrefs: [], images: [], fences: [], codes: [] };
  const visit = (tokens: ReturnType<typeof md.parse>) => {
    for (const t of tokens) {
      if (t.type === 'html_block' || t.type === 'html_inline') out.html.push(t.content);
      if (t.type === 'link_open') out.hrefs.push(String(t.attrGet('href') ?? ''));
      if (t.type === 'image') out.images.push(String(t.attrGet('src') ?? ''));
      if (t.type === 'fence') out.fences.push(t.info.trim());
      if (t.type === 'code_inline') out.codes.push(t.content);
      if (t.children) visit(t.children);
    }
  };
  visit(md.parse(src, {}));
  return out;
}

const HOSTILE = [
  'Look: <img src=x onerror="alert(1)"> and <script>alert(2)</script>.',
  '<iframe src="https://evil.example"></iframe>',
  '<div onmouseover="alert(3)">block html</div>',
  'A [click](javascript:alert(4)) link and [data](data:text/html;base64,PHNjcmlwdD4=) one.',
  'Encoded [x](jav&#x61;script:alert(5)) and [y](<javascript:alert(6)>) and <javascript:alert(7)>.',
  'A [vault link](obsidian://open?vault=x&file=y) and [file](file:///etc/passwd).',
  'Remote image ![pixel](https://evil.example/p.png) and ![local](x.png "t").',
  'Embed ![[https://evil.example/p.png]] here.',
  '[ref]: javascript:alert(8)\n\nUse [it][ref].',
  '```dataviewjs\ndv.el("b", "pwned")\n```',
  '```dataview\nTABLE file.name\n```',
  'Inline `$= dv.el("b","x")` and `= this.file.name` queries.',
  'Templater <% tp.system.prompt("key") %> and <%* await app.vault.delete() %>.',
  '```js\nconst t = "<% tp.file.title %>";\n```',
  '<!-- comment --> <?php echo 1 ?> <![CDATA[x]]>',
];

describe('Markdown export sanitiser', () => {
  const answer =
    HOSTILE.join('\n\n') +
    '\n\nMath stays: $\\alpha^2 < \\beta$ and $$\\sum_i x_i$$ and **bold**, [arXiv](https://arxiv.org/abs/1706.03762).';
  const out = turnToMarkdown(sampleTurn({ answer, citations: [], unverifiedIds: [] }));
  const found = walk(out);

  it('leaves no raw HTML', () => {
    expect(found.html).toEqual([]);
  });

  it('leaves only http(s) links', () => {
    for (const h of found.hrefs) expect(h).toMatch(/^https?:\/\//);
    expect(found.hrefs).toContain('https://arxiv.org/abs/1706.03762');
  });

  it('loads no image at all (remote images become links)', () => {
    expect(found.images).toEqual([]);
    expect(out).not.toContain('![[');
  });

  it('turns Dataview blocks and inline queries into plain code, and stops Templater', () => {
    expect(found.fences.filter((f) => /^dataview/i.test(f))).toEqual([]);
    for (const c of found.codes) expect(c).not.toMatch(/^\s*\$?=/);
    expect(out).not.toMatch(/<%/);
  });

  it('sends a link naming an arXiv id to that id on arxiv.org (finding 6)', () => {
    const lying = turnToMarkdown(
      sampleTurn({
        answer: 'See [arXiv:1706.03762](https://evil.example/abs/1706.03762).',
        citations: [],
        unverifiedIds: [],
      }),
    );
    expect(walk(lying).hrefs[0]).toBe('https://arxiv.org/abs/1706.03762');
    expect(lying).not.toContain('evil.example');
  });

  it('keeps math and Markdown', () => {
    expect(out).toContain('$\\alpha^2 < \\beta$');
    expect(out).toContain('$$\\sum_i x_i$$');
    expect(out).toContain('**bold**');
  });
});

describe('BibTeX writer', () => {
  const parseBib = (text: string) => parse(text, { sentenceCase: false, english: false });
  const base: BibPaper = { id: '2401.00001', title: 'Plain', authors: ['Ada Lovelace'] };
  const injections = [
    '$x}, note = {INJECTED$',
    '$x}}, note = {INJECTED$',
    '$\\input{/etc/passwd}$',
    '\\input{/etc/passwd}',
    '$x$ } @misc{evil, title = {INJECTED',
    '$\\immediate\\write18{rm -rf}$',
    '$a{$',
  ];

  it.each(injections)('a title %s adds no field and no entry, and runs no command', (title) => {
    const bib = toBibtex([{ ...base, title }]);
    const lib = parseBib(bib);
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(1);
    expect(Object.keys(lib.entries[0]!.fields)).not.toContain('note');
    expect(bib).not.toMatch(/\\(input|include|write|immediate|openout|def|catcode)\b/);
  });

  it.each(injections)('an author or category %s does the same', (bad) => {
    const bib = toBibtex([{ ...base, authors: [bad, 'B. Author'], primaryCategory: bad }]);
    const lib = parseBib(bib);
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(1);
    expect(Object.keys(lib.entries[0]!.fields)).not.toContain('note');
    expect(bib).not.toMatch(/\\(input|include|write|immediate|openout|def|catcode)\b/);
  });

  it('keeps ordinary math', () => {
    const bib = toBibtex([{ ...base, title: 'The Large $N$ Limit of $\\mathcal{N}=4$ SYM' }]);
    expect(bib).toContain('$N$');
    expect(bib).toContain('$\\mathcal{N}=4$');
  });
});
