import { describe, expect, it } from 'vitest';
import {
  addUsage,
  CitationNumbering,
  findUnverifiedIds,
  finishTurn,
  mapCitation,
  sortSources,
  toUsage,
  usageCost,
} from '../../../lib/answer/finish';
import { FOLLOWUPS_CLOSE, FOLLOWUPS_OPEN } from '../../../lib/answer/answer-format';
import { paperDocumentText } from '../../../lib/answer/request';
import type { Turn } from '../../../lib/answer/schema';
import { attentionPaper, retrieveFromFixture } from './answer-helpers';

describe('mapCitation', () => {
  it('maps search results to their source, and document locations to the open paper with its section', async () => {
    const paper = attentionPaper();
    const sources = await retrieveFromFixture('multi-head attention', paper, 3);
    const paperText = paperDocumentText(paper, 60000);
    const ctx = { paper, sources, paperText };
    const sr = mapCitation(
      {
        type: 'search_result_location',
        cited_text: ' A sentence. ',
        search_result_index: 1,
        source: `https://arxiv.org/abs/${sources[1]!.id}`,
        title: 'x',
        start_block_index: 0,
        end_block_index: 1,
      },
      ctx,
    );
    expect(sr).toEqual({
      kind: 'source',
      arxivId: sources[1]!.id,
      title: sources[1]!.title,
      citedText: 'A sentence.',
    });
    // The source URL wins over a wrong index.
    const byUrl = mapCitation(
      {
        type: 'search_result_location',
        cited_text: 'x',
        search_result_index: 0,
        source: `https://arxiv.org/abs/${sources[2]!.id}`,
        title: null,
        start_block_index: 0,
        end_block_index: 1,
      },
      ctx,
    );
    expect(byUrl?.arxivId).toBe(sources[2]!.id);
    // An index that points at nothing is dropped.
    expect(
      mapCitation(
        {
          type: 'search_result_location',
          cited_text: 'x',
          search_result_index: 9,
          source: 'https://example.org',
          title: null,
          start_block_index: 0,
          end_block_index: 1,
        },
        ctx,
      ),
    ).toBeNull();
    const start = paperText.text.indexOf('In this work we employ $h=8$');
    const ch = mapCitation(
      {
        type: 'char_location',
        cited_text: 'In this work we employ $h=8$ parallel attention layers, or heads.',
        document_index: 0,
        document_title: null,
        start_char_index: start,
        end_char_index: start + 60,
        file_id: null,
      },
      ctx,
    );
    expect(ch).toMatchObject({
      kind: 'paper',
      arxivId: '1706.03762',
      section: '3.2.2 Multi-Head Attention',
    });
  });

  it('numbers by paper: the same paper keeps its number', () => {
    const n = new CitationNumbering();
    expect(['a', 'b', 'a', 'c', 'b'].map((id) => n.numberFor(id))).toEqual([1, 2, 1, 3, 2]);
  });
});

describe('usage and cost', () => {
  it('prices input, output, cache reads at 0.1x and writes at 1.25x', () => {
    // Haiku 5.5: $1 in, $5 out per million.
    const u = toUsage(
      {
        input_tokens: 1_000_000,
        output_tokens: 100_000,
        cache_read_input_tokens: 1_000_000,
        cache_creation_input_tokens: 1_000_000,
      },
      'claude-haiku-5-5',
    );
    expect(u.costUsd).toBeCloseTo(1 + 0.5 + 0.1 + 1.25, 6);
    expect(
      usageCost(
        { inputTokens: 0, outputTokens: 1_000_000, cacheReadTokens: 0, cacheWriteTokens: 0 },
        'claude-opus-5-5',
      ),
    ).toBe(25);
    expect(toUsage({ input_tokens: null, output_tokens: 3 }, 'claude-sonnet-5-5')).toEqual({
      inputTokens: 0,
      outputTokens: 3,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: 0.000045,
    });
    expect(addUsage(u, u).costUsd).toBeCloseTo(2 * u.costUsd, 6);
  });
});

describe('finishing', () => {
  it('marks ids outside the paper and the sources as unverified', () => {
    const text =
      'Builds on arXiv:1409.0473 and https://arxiv.org/abs/1607.06450v2, and on the paper (arXiv:1706.03762v7) and arXiv:2501.06425.';
    expect(findUnverifiedIds(text, { id: '1706.03762' }, [{ id: '2501.06425' }])).toEqual([
      '1409.0473',
      '1607.06450',
    ]);
  });

  it('splits follow-ups off, clamps marker offsets, sorts sources', async () => {
    const sources = await retrieveFromFixture('attention', attentionPaper(), 3);
    const turn: Turn = {
      id: 't',
      threadId: 'th',
      paperId: '1706.03762',
      paperVersion: 7,
      question: 'Q?',
      answer: '',
      status: 'done',
      mode: 'llm',
      model: 'claude-haiku-5-5',
      citations: [
        { n: 1, kind: 'paper', arxivId: '1706.03762', title: 'T', citedText: 'x', offset: 500 },
      ],
      sources: [...sources].reverse(),
      followups: [],
      unverifiedIds: [],
      createdAt: 1,
    };
    const raw = `The answer, see arXiv:2412.01234.\n\n${FOLLOWUPS_OPEN}\n- A?\n- B?\n- C?\n${FOLLOWUPS_CLOSE}`;
    const done = finishTurn(turn, { rawText: raw, paper: { id: '1706.03762' }, now: 42 });
    expect(done.answer).toBe('The answer, see arXiv:2412.01234.');
    expect(done.followups).toEqual(['A?', 'B?', 'C?']);
    expect(done.citations[0]!.offset).toBe(done.answer.length);
    expect(done.sources).toEqual(sortSources(sources));
    expect(done.unverifiedIds).toEqual(['2412.01234']);
    expect(done.finishedAt).toBe(42);
  });
});
