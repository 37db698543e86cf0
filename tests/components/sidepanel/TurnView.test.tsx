// @vitest-environment happy-dom
import './quiet-katex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { registerHandlers } from '../../../lib/messaging';
import { TurnView, RESEARCH_AID_NOTE } from '../../../components/sidepanel/TurnView';
import { CREATED, PAPER, SOURCES, sampleTurn } from './sample-turns';
import type { Turn } from '../../../lib/answer/schema';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function show(turn: Turn = sampleTurn(), extra: Partial<Parameters<typeof TurnView>[0]> = {}) {
  const onFollowup = vi.fn();
  const onOpenOptions = vi.fn();
  const utils = render(
    <TurnView
      turn={turn}
      paper={PAPER}
      onFollowup={onFollowup}
      onOpenOptions={onOpenOptions}
      {...extra}
    />,
  );
  return { ...utils, onFollowup, onOpenOptions };
}

const chips = (root: ParentNode = document) => [
  ...root.querySelectorAll<HTMLElement>('[data-testid="citation"]'),
];

describe('TurnView: citations', () => {
  it('renders each citation as a numbered chip linking to its abs page, unverified ids apart', () => {
    show();
    const all = chips();
    const verified = all.filter((c) => c.dataset.verified === 'true');
    const unverified = all.filter((c) => c.dataset.verified === 'false');
    expect(verified.map((c) => [c.textContent, c.dataset.arxivId])).toEqual([
      ['1', '2402.11650'],
      ['2', '2511.13990'],
      ['3', '2401.00001'],
    ]);
    for (const c of verified) {
      expect(c.tagName).toBe('A');
      expect(c.getAttribute('href')).toBe(`https://arxiv.org/abs/${c.dataset.arxivId}`);
      expect(c.getAttribute('target')).toBe('_blank');
      expect(c.getAttribute('rel')).toContain('noopener');
    }
    expect(unverified).toHaveLength(1);
    const u = unverified[0]!;
    expect(u.dataset.arxivId).toBe('2409.01234');
    // Not a link, styled apart, reachable by keyboard.
    expect(u.tagName).not.toBe('A');
    expect(u.closest('a')).toBeNull();
    expect(u.getAttribute('href')).toBeNull();
    expect(u.className).toContain('ag-unverified');
    expect(u.className).not.toBe(verified[0]!.className);
    expect(u.tabIndex).toBe(0);
    expect(u.getAttribute('aria-label')).toMatch(/unverified/i);
  });

  it('hovering a chip shows the source title, id, category and the exact cited sentence', () => {
    show();
    const chip = chips().find((c) => c.dataset.arxivId === '2511.13990')!;
    fireEvent.mouseOver(chip);
    const card = screen.getByRole('tooltip');
    expect(card.dataset.testid).toBe('citation-card');
    expect(card.textContent).toContain('SURFing to the Fundamental Limit of Jet Tagging');
    expect(card.textContent).toContain('arXiv:2511.13990');
    expect(card.textContent).toContain('hep-ex');
    expect(card.querySelector('blockquote')!.textContent).toBe(
      '“We test generative surrogates with exact Neyman-Pearson tests.”',
    );
    expect(chip.getAttribute('aria-describedby')).toBe(card.id);
  });

  it('the card of a source title renders its LaTeX with KaTeX', () => {
    const { answer } = sampleTurn();
    show(
      sampleTurn({
        citations: [
          {
            n: 1,
            kind: 'source',
            arxivId: 'hep-th/9711200',
            title: SOURCES[2]!.title,
            citedText: 'We show that the large N limit of certain conformal field theories...',
            offset: 20,
          },
        ],
        answer,
      }),
    );
    fireEvent.mouseOver(chips().find((c) => c.dataset.verified === 'true')!);
    const card = screen.getByRole('tooltip');
    expect(card.querySelector('.cite-title .katex')).not.toBeNull();
    expect(card.querySelector('.cite-title')!.textContent).not.toContain('$N$');
    expect(card.textContent).toContain('hep-th');
  });

  it('focusing a chip shows the card (keyboard), a paper citation names its section', () => {
    show();
    const chip = chips().find((c) => c.dataset.arxivId === '2401.00001')!;
    act(() => chip.focus());
    const card = screen.getByRole('tooltip');
    expect(card.textContent).toContain('this paper · 2 Method');
    expect(card.textContent).toContain('hep-ph'); // the open paper's primary category
    expect(card.textContent).toContain('Our baseline is a boosted decision tree.');
  });

  it('an unverified id explains why, on hover and on focus, and Escape closes the card', () => {
    show();
    const u = chips().find((c) => c.dataset.verified === 'false')!;
    act(() => u.focus());
    const card = screen.getByRole('tooltip');
    expect(card.textContent).toMatch(/Unverified/);
    expect(card.textContent).toContain('arXiv:2409.01234');
    expect(card.textContent).toMatch(/neither the open paper nor one of the sources/);
    expect(card.textContent).toMatch(/not linked/);
    // The open paper cites it: the card says it can be added.
    expect(card.textContent).toMatch(/add it to your corpus/);
    fireEvent.keyDown(u, { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('the card stays while the mouse moves onto it and goes when the mouse leaves', () => {
    vi.useFakeTimers();
    show();
    const chip = chips()[0]!;
    fireEvent.mouseOver(chip);
    const card = screen.getByRole('tooltip');
    fireEvent.mouseOver(card);
    act(() => vi.advanceTimersByTime(500));
    expect(screen.queryByRole('tooltip')).not.toBeNull();
    fireEvent.mouseLeave(screen.getByTestId('answer-body'));
    act(() => vi.advanceTimersByTime(500));
    expect(screen.queryByRole('tooltip')).toBeNull();
  });
});

describe('TurnView: math, sources, follow-ups', () => {
  it('renders $...$ and $$...$$ with KaTeX', () => {
    show();
    const body = screen.getByTestId('answer-body');
    const inline = [...body.querySelectorAll('.katex')].filter((k) => !k.closest('.katex-display'));
    expect(inline.length).toBeGreaterThanOrEqual(1);
    expect(body.querySelector('.katex-display')).not.toBeNull();
    expect(body.querySelector('.katex-display annotation')!.textContent).toContain(
      'q(x) = \\frac{p_1(x)}{p_0(x)}',
    );
    // No dollar delimiters left in the text.
    expect(body.textContent).not.toMatch(/\$\$|\$\\mathcal/);
  });

  it('lists the sources with similarity bar, percentage, category, title and id', () => {
    show();
    const items = screen.getAllByTestId('source-item');
    expect(items.map((i) => i.dataset.arxivId)).toEqual(SOURCES.map((s) => s.id));
    expect(screen.getByRole('heading', { name: 'Sources · 3' })).toBeTruthy();
    const first = items[0]!;
    expect(first.textContent).toContain('67%');
    expect(first.textContent).toContain('hep-ph');
    expect(first.textContent).toContain('Classifier Surrogates');
    expect(first.textContent).toContain('2402.11650');
    const meter = within(first).getByRole('meter');
    expect(meter.getAttribute('aria-valuenow')).toBe('67');
    expect((meter.firstElementChild as HTMLElement).style.width).toBe('67%');
    const link = within(first).getByRole('link');
    expect(link.getAttribute('href')).toBe('https://arxiv.org/abs/2402.11650');
    // A title with LaTeX is rendered by KaTeX.
    expect(items[2]!.querySelector('.src-title .katex')).not.toBeNull();
    expect(items[2]!.textContent).toContain('61%');
    expect(items[2]!.textContent).toContain('hep-th');
  });

  it('follow-ups are buttons that ask the question', () => {
    const { onFollowup } = show();
    const buttons = screen.getAllByTestId('followup');
    expect(buttons.map((b) => b.tagName)).toEqual(['BUTTON', 'BUTTON', 'BUTTON']);
    fireEvent.click(buttons[1]!);
    expect(onFollowup).toHaveBeenCalledWith('Could one surrogate cover several benchmarks?');
    expect(screen.getByRole('heading', { name: 'Keep exploring' })).toBeTruthy();
  });

  it('shows usage, the answered-by line, the research-aid note and the export buttons', () => {
    show();
    expect(screen.getByTestId('usage').textContent).toBe(
      '1,234 in · 567 out · 1,000 cached · ~$0.0042',
    );
    expect(screen.getByTestId('answer-meta').textContent).toContain(
      'Answered by claude-haiku-5-5 · 29 April 2026',
    );
    expect(screen.getByTestId('answer-status').textContent).toBe('done');
    expect(screen.getByTestId('research-note').textContent).toBe(RESEARCH_AID_NOTE);
    for (const id of ['export-markdown', 'export-download', 'export-bibtex', 'export-obsidian'])
      expect(screen.getByTestId(id).tagName).toBe('BUTTON');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(sampleTurn().question);
  });

  it('no usage line when the turn has none; incomplete turns are marked', () => {
    show(sampleTurn({ usage: undefined, status: 'incomplete' }));
    expect(screen.queryByTestId('usage')).toBeNull();
    expect(screen.getByTestId('answer-incomplete').textContent).toBe('incomplete');
  });

  it('"Copy MD" puts the answer on the clipboard as Markdown with its citation links', async () => {
    show();
    await act(async () => {
      fireEvent.click(screen.getByTestId('export-markdown'));
    });
    const md = await navigator.clipboard.readText();
    expect(md).toContain(sampleTurn().question);
    expect(md).toContain('https://arxiv.org/abs/2402.11650');
    expect(md).toContain('$\\mathcal{L} = -\\sum_i y_i \\log p_i$');
    expect(md).toContain(RESEARCH_AID_NOTE);
    expect(screen.getByText('Copied as Markdown.')).toBeTruthy();
  });
});

describe('TurnView: unsafe Markdown from the model', () => {
  const EVIL = [
    'Hello <script>window.__pwned = 1</script> world.',
    '',
    '<img src="https://evil.example/x.png" onerror="window.__pwned = 2">',
    '',
    '<iframe src="https://evil.example/"></iframe>',
    '',
    '[click me](javascript:window.__pwned=3) and [data](data:text/html,hi) and <a href="javascript:alert(1)">raw</a>',
    '',
    '![tracking pixel](https://evil.example/pixel.png)',
    '',
    '<style>body{display:none}</style> [fine](https://example.org/ok)',
  ].join('\n');

  it('never puts script, img, iframe, style or javascript: links in the DOM', () => {
    const { container } = show(
      sampleTurn({ answer: EVIL, citations: [], unverifiedIds: [], sources: [] }),
    );
    const body = screen.getByTestId('answer-body');
    for (const tag of ['script', 'img', 'iframe', 'style', 'object', 'embed'])
      expect(container.querySelectorAll(tag)).toHaveLength(0);
    const hrefs = [...body.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? '');
    expect(hrefs.every((h) => /^https?:\/\//.test(h))).toBe(true);
    expect(hrefs).toContain('https://example.org/ok');
    // The image is a link to it, never loaded.
    expect(hrefs).toContain('https://evil.example/pixel.png');
    for (const el of body.querySelectorAll('*'))
      for (const a of el.getAttributeNames()) expect(a.startsWith('on')).toBe(false);
    // Raw HTML is shown as text.
    expect(body.textContent).toContain('<script>');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('the same holds while the answer streams', () => {
    const { container } = show(
      sampleTurn({
        answer: '',
        citations: [],
        unverifiedIds: [],
        sources: [],
        status: 'streaming',
      }),
      { streaming: true, liveText: EVIL },
    );
    for (const tag of ['script', 'img', 'iframe', 'style'])
      expect(container.querySelectorAll(tag)).toHaveLength(0);
    const hrefs = [...container.querySelectorAll('.answer-body a')].map(
      (a) => a.getAttribute('href') ?? '',
    );
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.every((h) => /^https?:\/\//.test(h))).toBe(true);
  });
});

describe('TurnView: modes, errors and streaming', () => {
  it('labels a retrieval-only answer and offers to add a key', () => {
    const { onOpenOptions } = show(
      sampleTurn({
        mode: 'retrieval',
        model: '',
        answer: '',
        citations: [],
        unverifiedIds: [],
        followups: [],
        usage: undefined,
        passages: [
          { arxivId: PAPER.id, section: '1 Introduction', text: 'We use $x^2$ surrogates.' },
          { arxivId: '2402.11650', section: 'Abstract', text: 'Surrogates are shared.' },
        ],
      }),
    );
    expect(screen.getByTestId('answer-meta').textContent).toContain(
      'Retrieval-only answer · 29 April 2026',
    );
    expect(screen.getByTestId('retrieval-note').textContent).toMatch(/not a written answer/);
    fireEvent.click(screen.getByRole('button', { name: 'Add a key' }));
    expect(onOpenOptions).toHaveBeenCalledTimes(1);
    const passages = screen.getByRole('region', { name: 'Matching passages' });
    expect(passages.textContent).toContain('this paper');
    expect(passages.textContent).toContain('arXiv:2402.11650');
    expect(passages.querySelector('.katex')).not.toBeNull();
    expect(screen.getAllByTestId('source-item')).toHaveLength(3);
    expect(screen.queryByTestId('usage')).toBeNull();
  });

  it('shows the error of a failed turn with what to do, and its partial answer', () => {
    const onRetry = vi.fn();
    show(
      sampleTurn({
        status: 'error',
        answer: 'Partial answer so far',
        citations: [],
        unverifiedIds: [],
        followups: [],
        error: {
          code: 'stream_error',
          message: 'The stream broke off.',
          action: 'What arrived is kept.',
        },
      }),
      { onRetry },
    );
    expect(screen.getByTestId('answer-status').textContent).toBe('error');
    const err = screen.getByTestId('error');
    expect(err.dataset.code).toBe('stream_error');
    expect(err.getAttribute('role')).toBe('alert');
    expect(err.textContent).toContain('The answer stopped.');
    expect(err.textContent).toContain('What arrived is kept.');
    expect(screen.getByTestId('answer-body').textContent).toContain('Partial answer so far');
    fireEvent.click(within(err).getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('an error before any text: "Not answered", the error, nothing to export', () => {
    show(
      sampleTurn({
        status: 'error',
        answer: '',
        citations: [],
        unverifiedIds: [],
        followups: [],
        sources: [],
        usage: undefined,
        error: { code: 'invalid_key', message: 'The API key was rejected (401).' },
      }),
    );
    expect(screen.getByTestId('answer-meta').textContent).toContain(
      'Not answered (claude-haiku-5-5) · 29 April 2026',
    );
    expect(screen.getByTestId('answer-status').textContent).toBe('error');
    expect(screen.getByTestId('error').dataset.code).toBe('invalid_key');
    expect(screen.queryByTestId('export-markdown')).toBeNull();
  });

  it('while streaming: the streaming renderer, status streaming, no follow-ups or footer yet', () => {
    show(sampleTurn({ status: 'streaming', answer: '' }), {
      streaming: true,
      liveText: 'First paragraph with $x$.\n\nSecond',
    });
    expect(screen.getByTestId('answer-status').textContent).toBe('streaming');
    expect(screen.getByTestId('answer').getAttribute('aria-busy')).toBe('true');
    const stream = screen.getByTestId('streaming-markdown');
    expect(stream.textContent).toContain('First paragraph');
    expect(stream.querySelector('.katex')).not.toBeNull();
    expect(screen.queryAllByTestId('followup')).toHaveLength(0);
    expect(screen.queryByTestId('usage')).toBeNull();
    expect(screen.queryByTestId('export-markdown')).toBeNull();
  });

  it('streamed citations become chips as they arrive', () => {
    const { answer, citations } = sampleTurn();
    const upTo = citations[1]!.offset;
    show(sampleTurn({ status: 'streaming', answer: '', citations: citations.slice(0, 2) }), {
      streaming: true,
      liveText: answer.slice(0, upTo + 5),
    });
    const live = chips(screen.getByTestId('streaming-markdown'));
    expect(live.map((c) => c.dataset.arxivId)).toEqual(['2402.11650', '2511.13990']);
    fireEvent.mouseOver(live[0]!);
    expect(screen.getByRole('tooltip').textContent).toContain('Continuous Normalizing Flows');
  });

  it('thinking shows before any text', () => {
    show(sampleTurn({ status: 'streaming', answer: '' }), {
      streaming: true,
      liveText: '',
      thinking: true,
    });
    expect(screen.getByText('Thinking…')).toBeTruthy();
  });

  it('"Add to corpus" asks the background for an unverified id that the open paper cites', async () => {
    const asked: string[][] = [];
    const off = registerHandlers({
      'corpus/add': async ({ ids }) => {
        asked.push(ids);
        return { added: ids, failed: [] };
      },
    });
    try {
      show();
      const button = screen.getByTestId('add-to-corpus');
      expect(button.dataset.arxivId).toBe('2409.01234');
      await act(async () => {
        fireEvent.click(button);
      });
      await vi.waitFor(() => expect(screen.getByText('Added to your corpus.')).toBeTruthy());
      expect(asked).toEqual([['2409.01234']]);
    } finally {
      off();
    }
  });

  it('no "Add to corpus" for an unverified id the paper does not cite', () => {
    show(sampleTurn(), { paper: { ...PAPER, references: [] } });
    expect(screen.queryByTestId('add-to-corpus')).toBeNull();
  });

  it('formats dates the same for every turn', () => {
    show(sampleTurn({ createdAt: CREATED + 86_400_000 }));
    expect(screen.getByTestId('answer-meta').textContent).toContain('30 April 2026');
  });
});

describe('TurnView: retrieval-only answer with no key and an empty corpus', () => {
  it('one notice saying what works and what a key and a corpus add; no export of an empty answer', async () => {
    const { buildRetrievalAnswer } = await import('../../../lib/answer/retrieval-only');
    const built = buildRetrievalAnswer(PAPER, 'zzz qqq', []);
    expect(built.passages).toEqual([]);
    const { onOpenOptions } = show(
      sampleTurn({
        mode: 'retrieval',
        model: 'retrieval-only',
        answer: built.answer,
        citations: [],
        unverifiedIds: [],
        followups: [],
        sources: [],
        usage: undefined,
        passages: [],
      }),
    );
    const article = screen.getByTestId('answer');
    // "no API key" once, in the one notice (the exported Markdown keeps its own label).
    expect(article.textContent!.match(/no API key/gi)).toHaveLength(1);
    const note = screen.getByTestId('retrieval-note');
    expect(note.textContent).toMatch(/No API key and no related papers/);
    expect(note.textContent).toMatch(/import or harvest papers/);
    expect(screen.getByTestId('answer-body').textContent).toContain(
      'No passage of the paper shares terms with the question.',
    );
    expect(screen.getByTestId('answer-body').textContent).not.toContain('Retrieval only');
    fireEvent.click(within(note).getByRole('button', { name: 'Add a key' }));
    expect(onOpenOptions).toHaveBeenCalledTimes(1);
    for (const id of ['export-markdown', 'export-download', 'export-bibtex', 'export-obsidian'])
      expect(screen.queryByTestId(id)).toBeNull();
  });

  it('keeps the export buttons when the retrieval answer found passages', () => {
    show(
      sampleTurn({
        mode: 'retrieval',
        model: 'retrieval-only',
        answer: '**Retrieval only: no model wrote this.** No API key.\n\n### Matching passages',
        citations: [],
        unverifiedIds: [],
        followups: [],
        sources: [],
        usage: undefined,
        passages: [{ arxivId: PAPER.id, section: 'Abstract', text: 'Surrogates.' }],
      }),
    );
    expect(screen.getByTestId('export-markdown')).toBeTruthy();
  });
});
