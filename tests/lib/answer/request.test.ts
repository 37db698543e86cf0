import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  CHARS_PER_TOKEN,
  historyTurns,
  MAX_HISTORY_TURNS,
  paperDocumentText,
  sectionAt,
  sourceBlock,
  SYSTEM_INSTRUCTIONS,
} from '../../../lib/answer/request';
import { FOLLOWUPS_CLOSE, FOLLOWUPS_OPEN } from '../../../lib/answer/answer-format';
import type { Turn } from '../../../lib/answer/schema';
import { attentionPaper, retrieveFromFixture } from './answer-helpers';

describe('paperDocumentText', () => {
  it('holds the whole paper when it fits, with a span per part', () => {
    const paper = attentionPaper();
    const t = paperDocumentText(paper, 60000);
    expect(t.trimmed).toBe(false);
    expect(t.omitted).toEqual([]);
    expect(t.text.startsWith('Attention Is All You Need\nAuthors: ')).toBe(true);
    expect(t.text).toContain('arXiv:1706.03762v7 [cs.CL]');
    for (const s of paper.sections.filter((x) => x.text))
      expect(t.text).toContain(s.text.slice(0, 200));
    const i = t.text.indexOf('We call our particular attention');
    expect(sectionAt(t, i)).toBe('3.2.1 Scaled Dot-Product Attention');
    expect(sectionAt(t, t.text.indexOf('The dominant sequence transduction'))).toBe('Abstract');
    expect(sectionAt(t, 0)).toBe('Title');
  });

  it('trims to the budget at a sentence, keeps title and abstract, names what is left out', () => {
    const paper = attentionPaper();
    const t = paperDocumentText(paper, 2000);
    expect(t.trimmed).toBe(true);
    expect(t.text.length).toBeLessThanOrEqual(2000 * CHARS_PER_TOKEN);
    expect(t.text).toContain(paper.abstract.trim().slice(0, 100));
    expect(t.omitted).toContain('7 Conclusion');
    expect(t.text).toMatch(
      /\[Note: this text was trimmed to fit the request\. Left out: [^\]]*\]$/,
    );
    // The cut section ends at a sentence end.
    const body = t.text.slice(0, t.text.lastIndexOf('\n\n[Note'));
    expect(body).toMatch(/[.!?)\]$]$/);
  });

  it('handles a paper with nothing but an abstract that is too long', () => {
    const paper = {
      ...attentionPaper(),
      sections: [],
      abstract: 'A long sentence about attention. '.repeat(2000),
    };
    const t = paperDocumentText(paper, 2000);
    expect(t.trimmed).toBe(true);
    expect(t.text.length).toBeLessThanOrEqual(2000 * CHARS_PER_TOKEN);
  });
});

describe('sourceBlock', () => {
  it('is a cited search result with the title, the id, the category and the abstract by sentence', async () => {
    const [s] = await retrieveFromFixture('tensor product attention', attentionPaper(), 1);
    const b = sourceBlock(s!);
    expect(b.title).toBe(`${s!.title} (arXiv:${s!.id}, ${s!.primaryCategory})`);
    expect(b.source).toBe(`https://arxiv.org/abs/${s!.id}`);
    expect(b.citations).toEqual({ enabled: true });
    expect(b.content.length).toBeGreaterThan(2);
    expect(b.content.map((c) => c.text).join(' ')).toBe(s!.abstract.replace(/\s+/g, ' ').trim());
  });

  it('never sends an empty search result', () => {
    const b = sourceBlock({
      id: '2501.00001',
      title: 'Only a title',
      authors: [],
      abstract: '',
      primaryCategory: 'cs.LG',
      categories: ['cs.LG'],
      similarity: 0.5,
    });
    expect(b.content).toEqual([{ type: 'text', text: 'Only a title' }]);
  });
});

describe('buildRequest', () => {
  const turn = (i: number, patch: Partial<Turn> = {}): Turn => ({
    id: `t${i}`,
    threadId: 'th',
    paperId: '1706.03762',
    paperVersion: 7,
    question: `Q${i}?`,
    answer: `A${i}.`,
    status: 'done',
    mode: 'llm',
    model: 'claude-haiku-5-5',
    citations: [],
    sources: [],
    followups: [],
    unverifiedIds: [],
    createdAt: i,
    ...patch,
  });

  it('asks for the follow-up block it parses, never sends sampling parameters', () => {
    expect(SYSTEM_INSTRUCTIONS).toContain(`${FOLLOWUPS_OPEN}\n- first question`);
    expect(SYSTEM_INSTRUCTIONS).toContain(FOLLOWUPS_CLOSE);
    const { params } = buildRequest({
      paper: attentionPaper(),
      question: 'Q?',
      sources: [],
      history: [],
      model: 'claude-haiku-5-5',
      paperTokenBudget: 60000,
    });
    expect(Object.keys(params).sort()).toEqual([
      'max_tokens',
      'messages',
      'model',
      'stream',
      'system',
    ]);
    // No sources: the model is told so, and nothing else changes.
    const content = params.messages[0]!.content as Array<{ type: string; text?: string }>;
    expect(content.map((b) => b.type)).toEqual(['document', 'text', 'text']);
    expect(content[1]!.text).toMatch(/No related papers/);
  });

  it('sends only answered LLM turns as history, the latest ones', () => {
    const turns = [
      turn(1),
      turn(2, { mode: 'retrieval' }),
      turn(3, { status: 'error', answer: '' }),
      turn(4, { status: 'incomplete', answer: 'Partial.' }),
      turn(5, { status: 'streaming' }),
      ...Array.from({ length: 12 }, (_, i) => turn(10 + i)),
    ];
    const h = historyTurns(turns);
    expect(h).toHaveLength(MAX_HISTORY_TURNS);
    expect(h[0]!.id).toBe('t12');
    expect(historyTurns(turns.slice(0, 5)).map((t) => t.id)).toEqual(['t1', 't4']);
  });
});
