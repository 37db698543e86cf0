/**
 * "What was sent": every answer records, when its request leaves, the endpoint, the model, the
 * question, which parts of the paper and which sources it carried, and the token counts. Checked
 * against what the local fake API actually received from the real SDK.
 */
import { describe, expect, it } from 'vitest';
import { createAnswerService } from '../../../lib/answer/stream';
import {
  appendSentCall,
  listSentRecords,
  MAX_SENT_RECORDS,
  putSentRecord,
} from '../../../lib/db/sent-log';
import type { FakeAnthropic } from '../../support/fake-anthropic';
import {
  attentionPaper,
  retrieveFromFixture,
  testSettings,
  useFakeAnthropic,
} from './answer-helpers';

type Block = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let srv: FakeAnthropic;
useFakeAnthropic((s) => (srv = s));

function service(budget?: number) {
  const settings = testSettings(srv.url, budget ? { paperTokenBudget: budget } : {});
  return createAnswerService({ getSettings: async () => settings, retrieve: retrieveFromFixture });
}

describe('What was sent', () => {
  it('records what the request carried, as the API received it, with its token counts', async () => {
    const paper = attentionPaper();
    const question = 'Why scale the dot products?';
    const turn = await service(3000).ask(
      { paper, question },
      () => {},
      new AbortController().signal,
    );
    expect(turn.status).toBe('done');

    const [rec] = await listSentRecords();
    const [req] = srv.messageRequests();
    const body = req!.body as Block;
    const content = body.messages[0].content as Block[];
    const doc = content.find((b) => b.type === 'document')!;
    const results = content.filter((b) => b.type === 'search_result');

    expect(rec).toMatchObject({ turnId: turn.id, threadId: turn.threadId, question });
    expect(rec!.calls).toHaveLength(1);
    expect(rec!.calls[0]).toMatchObject({
      kind: 'answer',
      endpoint: `${srv.url}/v1/messages`,
      model: body.model,
    });
    expect(req!.path).toBe('/v1/messages');
    // The paper: its id, how much of its text, which parts, and what was left out.
    expect(rec!.paper).toMatchObject({ id: '1706.03762', version: 7, trimmed: true });
    expect(rec!.paper.chars).toBe(doc.source.data.length);
    expect(rec!.paper.sections[0]).toBe('Title');
    expect(rec!.paper.sections).toContain('Abstract');
    expect(rec!.paper.omitted.length).toBeGreaterThan(0);
    for (const o of rec!.paper.omitted.filter((x) => !x.endsWith('(the rest)')))
      expect(rec!.paper.sections).not.toContain(o);
    // The sources: exactly those of the request, in its order.
    expect(rec!.sources.map((s) => `https://arxiv.org/abs/${s.id}`)).toEqual(
      results.map((r) => r.source),
    );
    // Token counts: estimated when sent, then what the API reported.
    expect(rec!.calls[0]!.estimatedInputTokens).toBeGreaterThan(500);
    expect(rec!.calls[0]!.usage).toEqual({
      inputTokens: turn.usage!.inputTokens,
      outputTokens: turn.usage!.outputTokens,
      cacheReadTokens: turn.usage!.cacheReadTokens,
      cacheWriteTokens: turn.usage!.cacheWriteTokens,
    });
    // The key never goes into the record.
    expect(JSON.stringify(rec)).not.toContain('sk-ant-test-key');
  });

  it('a retried request (413) appends its call; other calls can be appended as a list', async () => {
    srv.enqueue({ kind: 'http-error', status: 413 });
    const turn = await service().ask(
      { paper: attentionPaper(), question: 'What is the model?' },
      () => {},
      new AbortController().signal,
    );
    expect(turn.status).toBe('done');
    const [rec] = await listSentRecords();
    expect(rec!.calls.map((c) => c.kind)).toEqual(['answer', 'answer']);
    expect(rec!.calls[0]!.usage).toBeUndefined();
    expect(rec!.calls[1]!.usage?.outputTokens).toBeGreaterThan(0);
    expect(rec!.paper.trimmed).toBe(true);
    await appendSentCall(turn.id, {
      kind: 'rate',
      endpoint: `${srv.url}/v1/messages`,
      model: 'claude-haiku-5-5',
      at: 1,
      estimatedInputTokens: 10,
    });
    expect((await listSentRecords())[0]!.calls.map((c) => c.kind)).toEqual([
      'answer',
      'answer',
      'rate',
    ]);
  });

  it('the log is bounded: the oldest records go', async () => {
    const base = (await (async () => {
      await service().ask(
        { paper: attentionPaper(), question: 'Q?' },
        () => {},
        new AbortController().signal,
      );
      return (await listSentRecords())[0]!;
    })())!;
    for (let i = 0; i < MAX_SENT_RECORDS + 5; i++)
      await putSentRecord({ ...base, turnId: `t${i}`, at: base.at + 1 + i });
    const all = await listSentRecords();
    expect(all).toHaveLength(MAX_SENT_RECORDS);
    expect(all[0]!.turnId).toBe(`t${MAX_SENT_RECORDS + 4}`);
    expect(all.map((r) => r.turnId)).not.toContain(base.turnId);
  });
});
