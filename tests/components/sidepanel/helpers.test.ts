import { describe, expect, it } from 'vitest';
import { finishedAnnouncement } from '../../../components/sidepanel/use-asking';
import { quoteSelection } from '../../../components/sidepanel/use-quoted-selection';
import { answerStatus, formatUsage } from '../../../components/sidepanel/turn-format';
import { pinnedTabId } from '../../../components/sidepanel/use-tab';
import { sampleTurn } from './sample-turns';

describe('side panel helpers', () => {
  it('quotes a selection line by line, then leaves room for the question', () => {
    expect(quoteSelection('  The Transformer\nrelies on attention.  ')).toBe(
      '> The Transformer\n> relies on attention.\n\n',
    );
    expect(quoteSelection('a\r\n\r\nb')).toBe('> a\n>\n> b\n\n');
  });

  it('announces the end of an answer', () => {
    expect(finishedAnnouncement(sampleTurn(), null)).toBe('Answer finished, with 3 sources.');
    expect(finishedAnnouncement(sampleTurn({ sources: [] }), null)).toBe('Answer finished.');
    expect(
      finishedAnnouncement(null, { code: 'aborted', message: 'The answer was stopped.' }),
    ).toBe('Answer stopped. What arrived is kept.');
    expect(finishedAnnouncement(null, { code: 'stall', message: 'Nothing came.' })).toBe(
      'The answer stopped with an error: Nothing came.',
    );
  });

  it('answer status: streaming, done (also when stopped), error', () => {
    const t = sampleTurn();
    expect(answerStatus(t, true, null)).toBe('streaming');
    expect(answerStatus(t, false, null)).toBe('done');
    expect(
      answerStatus({ ...t, status: 'incomplete' }, false, { code: 'aborted', message: '' }),
    ).toBe('done');
    expect(answerStatus(t, false, { code: 'invalid_key', message: '' })).toBe('error');
    expect(answerStatus({ ...t, error: { code: 'stall', message: '' } }, false, null)).toBe(
      'error',
    );
  });

  it('formats usage with cached tokens and cost', () => {
    expect(formatUsage(sampleTurn())).toBe('1,234 in · 567 out · 1,000 cached · ~$0.0042');
    expect(
      formatUsage({
        usage: {
          inputTokens: 10,
          outputTokens: 2,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          costUsd: 0.25,
        },
      }),
    ).toBe('10 in · 2 out · ~$0.250');
    expect(formatUsage({ usage: undefined })).toBeNull();
  });

  it('reads the pinned tab id from the page URL, only a positive integer', () => {
    expect(pinnedTabId('?tabId=42')).toBe(42);
    expect(pinnedTabId('')).toBeNull();
    expect(pinnedTabId('?tabId=0')).toBeNull();
    expect(pinnedTabId('?tabId=-3')).toBeNull();
    expect(pinnedTabId('?tabId=4x')).toBeNull();
    expect(pinnedTabId('?tabId=1e3')).toBeNull();
  });
});
