/**
 * What an answer sends to the API, as the "What was sent" record (lib/db/sent-log.ts): built
 * from the request itself when it leaves (endpoint, model, question, which parts of the paper,
 * which sources, estimated tokens), completed with the usage the API reports.
 */
import type { Paper } from '../arxiv/schema';
import type { SentCall, SentRecord } from '../db';
import { estimateTokens, historyTurns, type BuiltRequest } from './request';
import type { Turn, Usage } from './schema';

/** The URL the SDK posts an answer to, for a base URL as the settings hold it. */
export function messagesEndpoint(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1/messages`;
}

/** One call as it leaves: what was asked of which endpoint, and its estimated size. */
export function sentCall(
  kind: string,
  baseUrl: string,
  params: { model: string },
  at: number,
): SentCall {
  return {
    kind,
    endpoint: messagesEndpoint(baseUrl),
    model: params.model,
    at,
    estimatedInputTokens: estimateTokens(JSON.stringify(params)),
  };
}

/** The record of an answer's request (a retry appends its call to `prev`). */
export function sentRecordFor(input: {
  turn: Pick<Turn, 'id' | 'threadId' | 'question' | 'sources'>;
  paper: Paper;
  built: BuiltRequest;
  history: Turn[];
  baseUrl: string;
  at: number;
  prev?: SentRecord;
}): SentRecord {
  const { turn, paper, built } = input;
  const call = sentCall('answer', input.baseUrl, built.params, input.at);
  return {
    turnId: turn.id,
    threadId: turn.threadId,
    at: input.prev?.at ?? input.at,
    question: turn.question,
    paper: {
      id: paper.id,
      version: paper.version,
      title: paper.title,
      chars: built.paperText.text.length,
      sections: built.paperText.spans.map((s) => s.label),
      trimmed: built.paperText.trimmed,
      omitted: built.paperText.omitted,
      ...(paper.textSource ? { textSource: paper.textSource } : {}),
    },
    sources: turn.sources.map((s) => ({
      id: s.id,
      title: s.title,
      abstractChars: s.abstract.length,
    })),
    historyTurns: historyTurns(input.history).length,
    calls: [...(input.prev?.calls ?? []), call],
  };
}

/** The record with the API's usage set on its last call. */
export function withUsage(rec: SentRecord, usage: Usage): SentRecord {
  const calls = [...rec.calls];
  const last = calls[calls.length - 1];
  if (last) {
    calls[calls.length - 1] = {
      ...last,
      usage: {
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        cacheReadTokens: usage.cacheReadTokens,
        cacheWriteTokens: usage.cacheWriteTokens,
      },
    };
  }
  return { ...rec, calls };
}
