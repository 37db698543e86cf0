// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { SentSection } from '../../../components/options/SentSection';
import { putSentRecord, listSentRecords, type SentRecord } from '../../../lib/db/sent-log';
import { resetDbForTests } from '../../../lib/db';

afterEach(async () => {
  cleanup();
  await resetDbForTests();
});

const rec: SentRecord = {
  turnId: 'u1',
  threadId: 't1',
  at: Date.UTC(2026, 11, 6, 20, 0),
  question: 'Why scale the dot products?',
  paper: {
    id: '1706.03762',
    version: 7,
    title: 'Attention Is All You Need',
    chars: 10500,
    sections: ['Title', 'Abstract', '1 Introduction'],
    trimmed: true,
    omitted: ['7 Conclusion'],
    textSource: 'html',
  },
  sources: [
    {
      id: '1409.0473',
      title: 'Neural Machine Translation by Jointly Learning',
      abstractChars: 900,
    },
  ],
  historyTurns: 0,
  calls: [
    {
      kind: 'answer',
      endpoint: 'https://api.anthropic.com/v1/messages',
      model: 'claude-haiku-5-5',
      at: 1,
      estimatedInputTokens: 3200,
      usage: { inputTokens: 3100, outputTokens: 420, cacheReadTokens: 0, cacheWriteTokens: 2900 },
    },
  ],
};

describe('SentSection', () => {
  it('says when nothing was sent', async () => {
    render(<SentSection />);
    expect(await screen.findByTestId('sent-empty')).toBeTruthy();
  });

  it('shows per answer the endpoint, model, question, paper parts, sources and tokens; clears', async () => {
    await putSentRecord(rec);
    render(<SentSection />);
    const view = await screen.findByTestId('sent-record');
    expect(screen.getByTestId('sent-question').textContent).toBe(rec.question);
    expect(screen.getByTestId('sent-endpoint').textContent).toBe(
      'https://api.anthropic.com/v1/messages',
    );
    const paper = screen.getByTestId('sent-paper').textContent ?? '';
    expect(paper).toContain('arXiv:1706.03762v7');
    expect(paper).toContain('10,500 characters from html');
    expect(paper).toContain('Title; Abstract; 1 Introduction');
    expect(paper).toContain('left out: 7 Conclusion');
    expect(screen.getByTestId('sent-sources').textContent).toContain('arXiv:1409.0473');
    const call = screen.getByTestId('sent-call').textContent ?? '';
    expect(call).toContain('claude-haiku-5-5');
    expect(call).toContain('3,100 in');
    expect(call).toContain('420 out');
    expect(view.textContent).not.toContain('sk-ant');
    fireEvent.click(screen.getByRole('button', { name: 'Clear this log' }));
    await waitFor(() => expect(screen.queryByTestId('sent-record')).toBeNull());
    expect(await listSentRecords()).toEqual([]);
  });
});
