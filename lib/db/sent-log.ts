/**
 * What each answer sent to the API, recorded when the request leaves (table `sent`, one row per
 * answer, the newest MAX_SENT_RECORDS kept): the options page's "What was sent" view reads it so
 * a reader can check what left the machine. `calls` is a list: the answer's request, and any
 * other call made for the same answer (planning, rating) appended as it is sent.
 */
import { getDb } from './index';

/** One request that left for the API. */
export interface SentCall {
  /** `answer`, or another step of the same answer (`plan`, `rate`, …). */
  kind: string;
  /** The full URL the request went to. */
  endpoint: string;
  model: string;
  at: number;
  /** Estimated input tokens of the request as built (before the API answered). */
  estimatedInputTokens: number;
  /** What the API reported, once it did. */
  usage?: {
    inputTokens: number;
    outputTokens: number;
    cacheReadTokens: number;
    cacheWriteTokens: number;
  };
}

export interface SentRecord {
  turnId: string;
  threadId: string;
  at: number;
  question: string;
  /** The open paper's text that was sent. */
  paper: {
    id: string;
    version: number | null;
    title: string;
    /** Characters of paper text sent, and the parts of the paper they hold. */
    chars: number;
    sections: string[];
    trimmed: boolean;
    omitted: string[];
    /** Where the text came from (the page, the HTML version, the stored corpus copy…). */
    textSource?: string;
  };
  /** The sources sent (title and abstract of each). */
  sources: Array<{ id: string; title: string; abstractChars: number }>;
  /** Earlier turns of the thread sent along. */
  historyTurns: number;
  calls: SentCall[];
}

/** At most this many answers are kept in the log (the oldest go first). */
export const MAX_SENT_RECORDS = 200;

/** Records (or replaces) what an answer sent; trims the log to its bound. */
export async function putSentRecord(rec: SentRecord): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.sent, async () => {
    await db.sent.put(rec);
    const n = await db.sent.count();
    if (n > MAX_SENT_RECORDS) {
      const old = await db.sent
        .orderBy('at')
        .limit(n - MAX_SENT_RECORDS)
        .primaryKeys();
      await db.sent.bulkDelete(old);
    }
  });
}

/** Appends a call to an answer's record (no-op when the record is gone). */
export async function appendSentCall(turnId: string, call: SentCall): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.sent, async () => {
    const rec = await db.sent.get(turnId);
    if (rec) await db.sent.put({ ...rec, calls: [...rec.calls, call] });
  });
}

/** Sets the usage the API reported on an answer's last call of `kind`. */
export async function setSentUsage(
  turnId: string,
  kind: string,
  usage: NonNullable<SentCall['usage']>,
): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.sent, async () => {
    const rec = await db.sent.get(turnId);
    if (!rec) return;
    const calls = [...rec.calls];
    for (let i = calls.length - 1; i >= 0; i--) {
      if (calls[i]?.kind === kind) {
        calls[i] = { ...(calls[i] as SentCall), usage };
        break;
      }
    }
    await db.sent.put({ ...rec, calls });
  });
}

/** The newest records first. */
export async function listSentRecords(limit = MAX_SENT_RECORDS): Promise<SentRecord[]> {
  return getDb().sent.orderBy('at').reverse().limit(limit).toArray();
}

export async function clearSentRecords(): Promise<void> {
  await getDb().sent.clear();
}
