import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import markdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { Window } from 'happy-dom';
import {
  RESEARCH_AID_NOTE,
  markdownFile,
  noteMeta,
  threadToMarkdown,
  turnToMarkdown,
  withFrontMatter,
} from '../../../lib/export/markdown-export';
import { renderMarkdown } from '../../../lib/render/markdown';
import type { Turn } from '../../../lib/answer/schema';
import { CREATED, PAPER, SOURCES, sampleThread, sampleTurn } from './export-sample';

// js-yaml is already installed (eslint's dependency); a real YAML parser checks the front matter.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(s: string): unknown };

const UTC = { timeZone: 'UTC' };

/** Links of a Markdown text as a CommonMark parser reads them, with the text before each. */
function links(md: string) {
  const tokens = markdownIt().parse(md, {});
  const out: Array<{ text: string; href: string; title: string | null; before: string }> = [];
  for (const block of tokens) {
    const kids: Token[] = block.children ?? [];
    for (let i = 0; i < kids.length; i++) {
      if (kids[i]!.type !== 'link_open') continue;
      let text = '';
      let j = i + 1;
      for (; kids[j] && kids[j]!.type !== 'link_close'; j++) text += kids[j]!.content;
      const prev = kids[i - 1];
      out.push({
        text,
        href: String(kids[i]!.attrGet('href')),
        title: kids[i]!.attrGet('title') as string | null,
        before: prev?.type === 'text' ? prev.content : prev?.type === 'link_close' ? '<link>' : '',
      });
    }
  }
  return out;
}

function splitFrontMatter(content: string): { fm: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(content);
  if (!m) throw new Error('no front matter');
  return { fm: yaml.load(m[1]!) as Record<string, unknown>, body: content.slice(m[0].length) };
}

describe('turnToMarkdown', () => {
  const turn = sampleTurn();
  const md = turnToMarkdown(turn, PAPER, UTC);

  it('has the question as heading, the model and date, the note', () => {
    expect(
      md.startsWith(
        `# Could ML surrogates trained on LHC data generalize to beyond-Standard-Model particles they've never seen?\n`,
      ),
    ).toBe(true);
    expect(md).toContain('*Answered by claude-haiku-4-5 · 29 April 2026*');
    expect(md).toContain(`*${RESEARCH_AID_NOTE}*`);
    expect(md).toContain(
      'Paper: [Classifier Surrogates: Sharing AI-based Searches with the World](https://arxiv.org/abs/2402.11650v2)',
    );
  });

  it('parses back to the same citations, at the cited text, linked to arXiv', () => {
    const cites = links(md).filter((l) => /^\[\d+\]$/.test(l.text));
    const expected = [...turn.citations].sort((a, b) => a.offset - b.offset);
    expect(cites.map((c) => [c.text, c.href, c.title])).toEqual(
      expected.map((c) => [`[${c.n}]`, `https://arxiv.org/abs/${c.arxivId}`, c.title]),
    );
    // Each link follows the end of its cited span.
    expected.forEach((c, i) => {
      const spanEnd = turn.answer.slice(Math.max(0, c.offset - 12), c.offset);
      expect(cites[i]!.before.endsWith(spanEnd.split('\n').pop()!)).toBe(true);
    });
  });

  it('lists every source with similarity, category, title and a link', () => {
    expect(md).toContain('## Sources · 6');
    expect(md).toContain(
      '1. 67% · hep-ph · Classifier Surrogates: Sharing AI-based Searches with the World · [arXiv:2402.11650](https://arxiv.org/abs/2402.11650)',
    );
    // Title with math and an ampersand: math kept, & escaped for Markdown only where needed.
    expect(md).toContain('The Large $N$ Limit of Superconformal Field Theories & Supergravity');
    const hrefs = links(md).map((l) => l.href);
    for (const s of SOURCES) expect(hrefs).toContain(`https://arxiv.org/abs/${s.id}`);
    const doc = new Window().document;
    doc.body.innerHTML = renderMarkdown(md);
    const items = [...doc.querySelectorAll('ol li')].map((li) => li.textContent);
    expect(items).toHaveLength(6);
    expect(items[4]).toMatch(
      /^61% · hep-th · The Large N.*Limit of Superconformal Field Theories & Supergravity · arXiv:hep-th\/9711200$/,
    );
  });

  it('keeps the follow-up questions, escaped', () => {
    expect(md).toContain('## Keep exploring');
    expect(md).toContain(
      '- Could a surrogate trained on \\*multiple\\* BSM benchmarks outperform one tuned to a single scenario?',
    );
  });

  it('keeps math as dollars (and turns \\( \\) into dollars), code untouched', () => {
    expect(md).toContain('$>94\\%$');
    expect(md).toContain('$\\mathcal{L} = -\\sum_i y_i \\log p_i$');
    expect(md).toContain('$$\nq(x) = \\frac{p_1(x)}{p_0(x)}\n$$');
    expect(md).toContain('`p_i $x$`');
    const doc = new Window().document;
    doc.body.innerHTML = renderMarkdown(md);
    const tex = [...doc.querySelectorAll('annotation')].map((a) => a.textContent!.trim());
    expect(tex).toEqual([
      '>94\\%',
      '\\mathcal{L} = -\\sum_i y_i \\log p_i',
      'q(x) = \\frac{p_1(x)}{p_0(x)}',
      'N',
    ]);
  });

  it('leaves unverified ids unlinked and marked', () => {
    expect(md).toContain('arXiv:2501.99999 *(unverified)*');
    expect(md).toContain('this one *(unverified)*');
    const hrefs = links(md).map((l) => l.href);
    expect(hrefs.some((h) => h.includes('2501.99999') || h.includes('2312.00001'))).toBe(false);
    expect(md).toContain(
      'Ids marked (unverified) are neither the open paper nor among the sources',
    );
  });

  it('pushes the answer headings below the question', () => {
    expect(md).toContain('\n## Surrogates and unseen particles\n');
    expect(md).not.toMatch(/\n# Surrogates/);
  });

  it('labels a retrieval-only answer and keeps its passages', () => {
    const r = turnToMarkdown(
      sampleTurn({
        mode: 'retrieval',
        model: '',
        answer: 'The best matching sources and passages are below.',
        citations: [],
        unverifiedIds: [],
        passages: [
          {
            arxivId: '2402.11650',
            section: '3 Results',
            text: 'We find that *surrogates* work.\nSecond line.',
          },
        ],
      }),
      PAPER,
      UTC,
    );
    expect(r).toContain('*Retrieval-only answer (no API key) · 29 April 2026*');
    expect(r).not.toContain('Answered by');
    expect(r).toContain(
      '## Matching passages\n\n**This paper** · 3 Results\n\n> We find that \\*surrogates\\* work.\n> Second line.',
    );
  });

  it('says when an answer is incomplete', () => {
    const r = turnToMarkdown(sampleTurn({ status: 'incomplete' }), PAPER, UTC);
    expect(r).toContain('*This answer is incomplete: it stopped before the end.*');
  });

  it('shortens a long multi-line question in the heading and quotes it whole', () => {
    const q = `Explain this passage:\n> ${'The anomaly score is calibrated on background only. '.repeat(5)}`;
    const r = turnToMarkdown(sampleTurn({ question: q }), PAPER, UTC);
    const heading = r.split('\n')[0]!;
    expect(heading.length).toBeLessThan(130);
    expect(heading.endsWith('…')).toBe(true);
    expect(r).toContain('> Explain this passage:\n> \\> The anomaly score');
  });
});

describe('threadToMarkdown', () => {
  const t1 = sampleTurn();
  const t2 = sampleTurn({
    id: 'turn-2',
    question: 'And what about $\\nu$ masses?',
    createdAt: CREATED + 3_600_000,
    model: 'claude-sonnet-5-5',
  });

  it('writes the thread title, then each question oldest first, with its answer', () => {
    const md = threadToMarkdown(sampleThread(), [t2, t1], undefined, UTC);
    const headings = md.split('\n').filter((l) => /^#{1,3} /.test(l));
    expect(headings).toEqual([
      '# Surrogates and BSM generalization',
      `## Could ML surrogates trained on LHC data generalize to beyond-Standard-Model particles they've never seen?`,
      '### Surrogates and unseen particles',
      '### Sources · 6',
      '### Keep exploring',
      '## And what about $\\nu$ masses?',
      '### Surrogates and unseen particles',
      '### Sources · 6',
      '### Keep exploring',
    ]);
    expect(md).toContain('*Answered by claude-sonnet-5-5 · 29 April 2026*');
    expect(md.split(RESEARCH_AID_NOTE)).toHaveLength(2);
    // Paper from the thread when none is given.
    expect(md).toContain(
      'Paper: [Classifier Surrogates: Sharing AI-based Searches with the World](https://arxiv.org/abs/2402.11650v2)',
    );
    const cites = links(md).filter((l) => /^\[\d+\]$/.test(l.text));
    expect(cites).toHaveLength(2 * t1.citations.length);
  });
});

describe('front matter', () => {
  it('parses back with a YAML parser to the same values', () => {
    const nasty =
      'Is "attention": all you need? #1 --- ok\nsecond line\twith tab, emoji 🧪, \u0007bell, \u2028sep, \\backslash, [brackets] {braces} & *stars*';
    const turn = sampleTurn({ question: nasty });
    const file = markdownFile({ turn }, PAPER, UTC);
    const { fm, body } = splitFrontMatter(file.content);
    expect(fm.title).toBe(nasty.replace(/\s+/g, ' ').trim());
    expect(fm.questions).toEqual([nasty]);
    expect(fm.paper_id).toBe('2402.11650');
    expect(fm.paper_version).toBe(2);
    expect(fm.paper_title).toBe(PAPER.title);
    expect(fm.paper_url).toBe('https://arxiv.org/abs/2402.11650v2');
    expect(fm.model).toBe('claude-haiku-4-5');
    expect((fm.date as Date).toISOString().slice(0, 10)).toBe('2026-04-29');
    expect(fm.created).toBe(new Date(CREATED).toISOString());
    expect(fm.sources).toEqual(SOURCES.map((s) => s.id));
    expect(fm.tags).toEqual(['hep-ph']);
    expect(body.startsWith('\n# Is "attention"')).toBe(true);
    expect(file.mimeType).toBe('text/markdown;charset=utf-8');
    expect(file.filename).toMatch(
      /^2402\.11650 Is attention all you need 1 - ok second line with tab, emoji 🧪, bell, sep, -backslash, brackets \{braces\} &\.md$/u,
    );
  });

  it('lists every question and model of a thread, and tags from the sources without a category', () => {
    const turns: Turn[] = [
      sampleTurn(),
      sampleTurn({
        id: 'turn-2',
        question: 'Second?',
        model: 'claude-sonnet-5-5',
        createdAt: CREATED + 1,
      }),
    ];
    const meta = noteMeta(turns, sampleThread());
    const { fm } = splitFrontMatter(withFrontMatter('body', meta, UTC));
    expect(fm.title).toBe('Surrogates and BSM generalization');
    expect(fm.questions).toEqual([turns[0]!.question, 'Second?']);
    expect(fm.model).toEqual(['claude-haiku-4-5', 'claude-sonnet-5-5']);
    expect(fm.tags).toEqual(['hep-ph']);
    const cs = noteMeta([sampleTurn({ sources: [SOURCES[5]!] })]);
    expect(cs.tags).toEqual(['cs-LG']);
    // A Paper (categories, primary first) can be passed as it is.
    const fromPaper = noteMeta([sampleTurn()], undefined, {
      id: '1706.03762',
      version: 7,
      title: 'T',
      categories: ['cs.CL', 'cs.LG'],
    });
    expect(fromPaper.tags).toEqual(['cs-CL']);
  });

  it('writes retrieval-only notes with mode retrieval', () => {
    const meta = noteMeta([sampleTurn({ mode: 'retrieval', model: '' })], undefined, PAPER);
    const { fm } = splitFrontMatter(withFrontMatter('', meta, UTC));
    expect(fm.mode).toBe('retrieval');
    expect(fm.model).toBe('retrieval');
  });
});
