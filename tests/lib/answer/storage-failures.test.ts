/**
 * Failures said well (issue 18, finding 10), through the real SDK against the local fake API and
 * the real Dexie database (fake-indexeddb), with a Dexie middleware making the turns table fail
 * like a full disk (`QuotaExceededError`) at a chosen write:
 * - a full IndexedDB when the answer starts gives a `quota_exceeded` error that says what to do,
 *   not "Something went wrong… Try again";
 * - a failed final save keeps the fully streamed answer (`done`, with a notice saying it could
 *   not be saved and what to do), instead of turning it into an error.
 */
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { describe, expect, it } from 'vitest';
import { createAnswerService } from '../../../lib/answer/stream';
import { getDb } from '../../../lib/db';
import { listTurns } from '../../../lib/db/threads';
import { toAgError } from '../../../lib/errors';
import type { FakeAnthropic } from '../../support/fake-anthropic';
import {
  attentionPaper,
  recorder,
  retrieveFromFixture,
  testSettings,
  useFakeAnthropic,
} from './answer-helpers';

let srv: FakeAnthropic;
useFakeAnthropic((s) => (srv = s));

/** Write requests on `table` number `from` and later fail like a full disk. */
function fullFrom(table: string, from: number): Middleware<DBCore> {
  let count = 0;
  return {
    stack: 'dbcore',
    name: `full-${table}`,
    create: (down) => ({
      ...down,
      table: (t) => {
        const inner = down.table(t);
        if (t !== table) return inner;
        return {
          ...inner,
          mutate: (req: DBCoreMutateRequest) =>
            ++count >= from
              ? Promise.reject(
                  new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
                )
              : inner.mutate(req),
        };
      },
    }),
  };
}

function service() {
  const settings = testSettings(srv.url);
  return createAnswerService({
    getSettings: async () => settings,
    retrieve: retrieveFromFixture,
    saveIntervalMs: 50,
  });
}

describe('storage failures while answering', () => {
  it('a quota error anywhere maps to quota_exceeded with what to do', () => {
    const e = toAgError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(e.code).toBe('quota_exceeded');
    expect(e.message).not.toMatch(/something went wrong/i);
    expect(e.action).toMatch(/free (up )?disk space|remove/i);
  });

  it('a full IndexedDB when the answer starts: a clear quota message, no request sent', async () => {
    getDb().use(fullFrom('turns', 1));
    const rec = recorder();
    const turn = await service().ask(
      { paper: attentionPaper(), question: 'What is new here?' },
      rec.emit,
      new AbortController().signal,
    );
    const err = rec.of('error')[0]!.error;
    expect(err.code).toBe('quota_exceeded');
    expect(err.message).toMatch(/storage/i);
    expect(err.message).not.toMatch(/something went wrong/i);
    expect(err.action).toMatch(/free (up )?disk space|remove/i);
    expect(turn.status).toBe('error');
    expect(srv.messageRequests()).toHaveLength(0);
  });

  it('a failed final save keeps the fully streamed answer, done, with a notice', async () => {
    // The first save (the question) works; every later one fails.
    getDb().use(fullFrom('turns', 2));
    const rec = recorder();
    const turn = await service().ask(
      { paper: attentionPaper(), question: 'How does multi-head attention work?' },
      rec.emit,
      new AbortController().signal,
    );
    expect(rec.of('error')).toEqual([]);
    const done = rec.of('done')[0]!.turn;
    expect(done.status).toBe('done');
    expect(turn.status).toBe('done');
    expect(done.answer.length).toBeGreaterThan(200);
    expect(rec.text().trimEnd()).toBe(done.answer);
    expect(done.citations.length).toBeGreaterThan(0);
    expect(done.followups).toHaveLength(3);
    const note = (done.notices ?? []).find((n) => /could not be saved/i.test(n));
    expect(note).toBeDefined();
    expect(note).toMatch(/storage is full/i);
    expect(note).toMatch(/copy|export/i);
    expect(rec.of('notice').map((e) => e.message)).toContain(note);
    // What is stored is the question (saved before the failure), never a corrupted turn.
    const stored = await listTurns(done.threadId);
    expect(stored.map((t) => t.question)).toEqual(['How does multi-head attention work?']);
  });
});
