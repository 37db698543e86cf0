import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DisplayFilter,
  FOLLOWUPS_CLOSE,
  FOLLOWUPS_OPEN,
  sentenceSpans,
  splitFollowups,
  splitSentences,
} from '../../../lib/answer/answer-format';

describe('splitFollowups', () => {
  it('splits the tagged block off the answer and reads three questions', () => {
    const text = `Answer with $x^2$.\n\n${FOLLOWUPS_OPEN}\n- One?\n2. Two?\n* Three?\n- Four?\n${FOLLOWUPS_CLOSE}\n`;
    expect(splitFollowups(text)).toEqual({
      answer: 'Answer with $x^2$.',
      followups: ['One?', 'Two?', 'Three?'],
    });
  });

  it('tolerates a missing closing tag and the heading fallback', () => {
    expect(splitFollowups(`A.\n${FOLLOWUPS_OPEN}\n- One?\n- Two`)).toEqual({
      answer: 'A.',
      followups: ['One?', 'Two'],
    });
    expect(splitFollowups('A.\n\n## Keep exploring\n1. One?\n2. Two?\n3. Three?')).toEqual({
      answer: 'A.',
      followups: ['One?', 'Two?', 'Three?'],
    });
    expect(splitFollowups('A.\n\n**Keep exploring**\n- One?')).toEqual({
      answer: 'A.',
      followups: ['One?'],
    });
  });

  it('leaves an answer without follow-ups as it is', () => {
    expect(splitFollowups('Just this.\n')).toEqual({ answer: 'Just this.', followups: [] });
    expect(splitFollowups('We keep exploring the space.')).toEqual({
      answer: 'We keep exploring the space.',
      followups: [],
    });
  });
});

describe('DisplayFilter', () => {
  it('never shows the follow-up block, however the deltas are cut', () => {
    const full = `Some **answer** < with a lone bracket.\n\n${FOLLOWUPS_OPEN}\n- A?\n- B?\n- C?\n${FOLLOWUPS_CLOSE}`;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: full.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const f = new DisplayFilter();
          let shown = '';
          let prev = 0;
          for (const p of [...points, full.length]) {
            shown += f.push(full.slice(prev, p));
            prev = p;
          }
          shown += f.flush();
          expect(shown).toBe(full.slice(0, full.indexOf(FOLLOWUPS_OPEN)));
          expect(f.raw).toBe(full);
        },
      ),
    );
  });

  it('flushes a held-back partial tag that never completed', () => {
    const f = new DisplayFilter();
    expect(f.push('a <keep')).toBe('a ');
    expect(f.flush()).toBe('<keep');
  });
});

describe('sentences', () => {
  it('splits prose without breaking abbreviations, decimals or initials', () => {
    expect(
      splitSentences(
        'We use attention, e.g. self-attention. BLEU is 28.4 on WMT! Is it good? See Fig. 2 and J. Smith. Tail',
      ),
    ).toEqual([
      'We use attention, e.g. self-attention.',
      'BLEU is 28.4 on WMT!',
      'Is it good?',
      'See Fig. 2 and J. Smith.',
      'Tail',
    ]);
  });

  it('splits at blank lines and keeps exact spans', () => {
    const text = 'Title line\n\n  First sentence here.  Second one.\n';
    const spans = sentenceSpans(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      'Title line',
      'First sentence here.',
      'Second one.',
    ]);
  });
});
