import type { Thread, Turn } from '../answer/schema';
import { findArxivIdsInText } from '../arxiv/id';
import { getDb } from './index';

/** Threads of a paper (by base id), newest first, without soft-deleted ones. */
export async function listThreads(paperId: string): Promise<Thread[]> {
  const rows = await getDb().threads.where('paperId').equals(paperId).toArray();
  return rows.filter((t) => !t.deletedAt).sort((a, b) => b.updatedAt - a.updatedAt);
}

export async function getThread(id: string): Promise<Thread | undefined> {
  return getDb().threads.get(id);
}

export async function listTurns(threadId: string): Promise<Turn[]> {
  const rows = await getDb().turns.where('threadId').equals(threadId).toArray();
  return rows.sort((a, b) => a.createdAt - b.createdAt);
}

/** Saves a thread and a turn together (one transaction). */
export async function saveTurn(thread: Thread, turn: Turn): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.threads, db.turns, async () => {
    await db.threads.put({ ...thread, updatedAt: Math.max(thread.updatedAt, turn.createdAt) });
    await db.turns.put(turn);
  });
}

/** Saves the growing text of a streaming turn. */
export async function updateTurn(turn: Turn): Promise<void> {
  await getDb().turns.put(turn);
}

/** Soft delete: the thread disappears from lists but can be restored. */
export async function deleteThread(id: string, now = Date.now()): Promise<void> {
  await getDb().threads.update(id, { deletedAt: now });
}

export async function restoreThread(id: string): Promise<void> {
  const db = getDb();
  const t = await db.threads.get(id);
  if (t) {
    const { deletedAt: _d, ...rest } = t;
    await db.threads.put(rest);
  }
}

/** Removes soft-deleted threads older than `before` and their turns (one transaction). */
export async function purgeDeletedThreads(before: number): Promise<number> {
  const db = getDb();
  return db.transaction('rw', db.threads, db.turns, async () => {
    const gone = (await db.threads.toArray()).filter((t) => t.deletedAt && t.deletedAt < before);
    for (const t of gone) {
      await db.turns.where('threadId').equals(t.id).delete();
      await db.threads.delete(t.id);
    }
    return gone.length;
  });
}

/**
 * Marks turns left `streaming` by a worker that died as `incomplete`, and flags the arXiv ids
 * their partial text names outside the paper and its sources as unverified. Reads only those
 * turns, through the `status` index (a worker start must not scan every saved turn).
 */
export async function markInterruptedTurns(): Promise<number> {
  const db = getDb();
  return db.transaction('rw', db.turns, async () => {
    const stuck = await db.turns.where('status').equals('streaming').toArray();
    for (const t of stuck) {
      const known = new Set([t.paperId, ...t.sources.map((s) => s.id)]);
      const unverifiedIds = findArxivIdsInText(t.answer).filter((id) => !known.has(id));
      await db.turns.put({ ...t, status: 'incomplete', unverifiedIds });
    }
    return stuck.length;
  });
}
