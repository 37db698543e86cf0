import { describe, expect, it } from 'vitest';
import { throttledTurnSaver } from '../../../lib/answer/turn-saver';
import type { Turn } from '../../../lib/answer/schema';

const turn = (answer: string) => ({ id: 't', answer, citations: [] }) as unknown as Turn;

describe('throttledTurnSaver', () => {
  it('saves at most once per interval, and the last state on the trailing edge', async () => {
    let current = turn('');
    const saved: string[] = [];
    const saver = throttledTurnSaver(
      () => current,
      async (t) => {
        saved.push(t.answer);
      },
      30,
    );
    for (const text of ['a', 'ab', 'abc']) {
      current = turn(text);
      saver.schedule();
    }
    await new Promise((r) => setTimeout(r, 60));
    expect(saved).toEqual(['abc']);
    await saver.stop();
  });

  it('saves the first change at once, not a whole interval later', async () => {
    // A worker stopped right after the first text arrived must find that text stored (issue 18).
    const saved: string[] = [];
    const saver = throttledTurnSaver(
      () => turn('first words'),
      async (t) => {
        saved.push(t.answer);
      },
      10_000,
    );
    saver.schedule();
    await new Promise((r) => setTimeout(r, 20));
    expect(saved).toEqual(['first words']);
    await saver.stop();
  });

  it('stop cancels a pending save and waits for the one in flight', async () => {
    const saved: string[] = [];
    const saver = throttledTurnSaver(
      () => turn('x'),
      async (t) => {
        saved.push(t.answer);
      },
      1000,
    );
    saver.schedule();
    await saver.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(saved).toEqual([]);
  });

  it('a failed save does not stop the next one', async () => {
    let calls = 0;
    const saver = throttledTurnSaver(
      () => turn('x'),
      async () => {
        calls++;
        if (calls === 1) throw new Error('disk full');
      },
      0,
    );
    saver.schedule();
    await new Promise((r) => setTimeout(r, 10));
    saver.schedule();
    await new Promise((r) => setTimeout(r, 10));
    await saver.stop();
    expect(calls).toBe(2);
  });
});
