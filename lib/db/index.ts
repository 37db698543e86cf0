import { AntigravityDB } from './schema';

export { AntigravityDB, DB_NAME, SCHEMA_VERSIONS } from './schema';
export type { MetaRow, SchemaVersion } from './schema';
export {
  deleteThread,
  getThread,
  listThreads,
  listTurns,
  markInterruptedTurns,
  purgeDeletedThreads,
  restoreThread,
  saveTurn,
  updateTurn,
} from './threads';
export { titleHash } from './title-hash';
export { deleteTabPage, evictClosedTabPages, getTabPage, putTabPage } from './tab-pages';

let instance: AntigravityDB | undefined;

/** The database singleton of this context (background, options page, or a test). */
export function getDb(): AntigravityDB {
  instance ??= new AntigravityDB();
  return instance;
}

/** Tests: drop the singleton so the next getDb() opens a fresh connection. */
export async function resetDbForTests(): Promise<void> {
  if (instance) {
    instance.close();
    await instance.delete();
  }
  instance = undefined;
}
export {
  appendSentCall,
  clearSentRecords,
  listSentRecords,
  putSentRecord,
  setSentUsage,
  MAX_SENT_RECORDS,
} from './sent-log';
export type { SentCall, SentRecord } from './sent-log';
