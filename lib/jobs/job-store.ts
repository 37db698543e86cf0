import { getDb } from '../db';
import { JobRecord } from './schema';

/**
 * Jobs in the `meta` table (no schema bump): `job:current` holds the one job that runs or ran
 * last (one job at a time); `job-input:ID` a file a page handed to a job (a Blob: IndexedDB
 * keeps it on disk, and the background's DOM context streams it from there). Records are
 * parsed on read; a malformed one reads as none.
 */
const CURRENT = 'job:current';
const inputKey = (id: string) => `job-input:${id}`;

export async function getCurrentJob(): Promise<JobRecord | undefined> {
  const row = await getDb().meta.get(CURRENT);
  const parsed = JobRecord.safeParse(row?.value);
  return parsed.success ? parsed.data : undefined;
}

export async function saveJob(job: JobRecord): Promise<void> {
  await getDb().meta.put({ key: CURRENT, value: { ...job, updatedAt: Date.now() } });
}

/** Applies `patch` to the current job when it is `id` (read and write in one transaction). */
export async function updateJob(
  id: string,
  patch: (j: JobRecord) => JobRecord,
): Promise<JobRecord | undefined> {
  const db = getDb();
  return db.transaction('rw', db.meta, async () => {
    const cur = await getCurrentJob();
    if (!cur || cur.id !== id) return undefined;
    const next = { ...patch(cur), updatedAt: Date.now() };
    await db.meta.put({ key: CURRENT, value: next });
    return next;
  });
}

export async function putJobInput(id: string, file: Blob): Promise<void> {
  await getDb().meta.put({ key: inputKey(id), value: file });
}

export async function getJobInput(id: string): Promise<Blob | undefined> {
  const row = await getDb().meta.get(inputKey(id));
  return row?.value instanceof Blob ? row.value : undefined;
}

export async function deleteJobInput(id: string): Promise<void> {
  await getDb().meta.delete(inputKey(id));
}
