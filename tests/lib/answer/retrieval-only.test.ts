import { describe, expect, it } from 'vitest';
import {
  buildRetrievalAnswer,
  matchingPassages,
  retrievalBody,
  RETRIEVAL_LABEL,
} from '../../../lib/answer/retrieval-only';
import { attentionPaper, retrieveFromFixture } from './answer-helpers';

describe('retrieval-only answers', () => {
  it('finds the passages of the paper that match the question', async () => {
    const paper = attentionPaper();
    const q = 'Why are the dot products scaled by the square root of d_k?';
    const sources = await retrieveFromFixture(q, paper, 8);
    const found = matchingPassages(paper, q, sources);
    expect(found.paper.length).toBeGreaterThan(0);
    expect(found.paper.length).toBeLessThanOrEqual(3);
    const scaled = found.paper.find((p) => p.section === '3.2.1 Scaled Dot-Product Attention');
    expect(scaled?.text).toMatch(/dot products/);
    for (const p of found.paper) expect(p.text).toMatch(/dot|product|scaled|square|root/i);
    // One passage per source at most, each an excerpt of that source's abstract.
    const ids = found.sources.map((p) => p.arxivId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of found.sources) {
      const s = sources.find((x) => x.id === p.arxivId)!;
      expect(s.abstract.replace(/\s+/g, ' ')).toContain(p.text.slice(0, 60));
    }
  });

  it('is clearly labelled and quotes what it found', async () => {
    const paper = attentionPaper();
    const q = 'What learning rate schedule with warmup steps is used?';
    const sources = await retrieveFromFixture(q, paper, 8);
    const { answer, passages } = buildRetrievalAnswer(paper, q, sources);
    expect(answer.startsWith(`**${RETRIEVAL_LABEL}.**`)).toBe(true);
    expect(answer).toMatch(/API key/);
    expect(passages.some((p) => p.section === '5.3 Optimizer')).toBe(true);
    expect(answer).toContain('> ');
  });

  it('says so when nothing matches', () => {
    const paper = attentionPaper();
    const { answer, passages } = buildRetrievalAnswer(paper, 'zzzz qqqq', []);
    expect(passages).toEqual([]);
    expect(answer).toMatch(/No passage of the paper/);
    expect(answer).toMatch(/No related papers/);
  });
});

describe('retrievalBody', () => {
  it('drops the opening label paragraph the panel already says, keeps the rest', () => {
    const { answer } = buildRetrievalAnswer(attentionPaper(), 'zzz qqq', []);
    expect(answer.startsWith(`**${RETRIEVAL_LABEL}.**`)).toBe(true);
    const body = retrievalBody(answer);
    expect(body).not.toContain(RETRIEVAL_LABEL);
    expect(body).not.toMatch(/API key/);
    expect(body.startsWith('### Matching passages of the open paper')).toBe(true);
    expect(body).toContain('_No related papers were found in your corpus._');
  });

  it('leaves any other text as it is', () => {
    expect(retrievalBody('A written answer.\n\nWith two paragraphs.')).toBe(
      'A written answer.\n\nWith two paragraphs.',
    );
    expect(retrievalBody(`**${RETRIEVAL_LABEL}.** Only a label.`)).toBe('');
  });
});
