import Dexie, { type EntityTable, type Transaction } from 'dexie';
import type { PaperRecord } from '../corpus/schema';
import type { Thread, Turn } from '../answer/schema';

export const DB_NAME = 'antigravity';

/** A small key/value table for bookkeeping (index statistics, import cursors). */
export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * One entry per schema version, oldest first. Never edit a shipped entry: add a new one
 * (with an `upgrade` when rows must change) and a test in tests/lib/db/migrations.test.ts.
 * Index only what is queried.
 */
export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

export const SCHEMA_VERSIONS: SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // papers: by id; category counts and removal use primaryCategory; interests use openedAt.
      papers: 'id, primaryCategory, origin, openedAt',
      threads: 'id, paperId, updatedAt',
      turns: 'id, threadId, paperId, createdAt',
      meta: 'key',
    },
  },
];

export class AntigravityDB extends Dexie {
  papers!: EntityTable<PaperRecord, 'id'>;
  threads!: EntityTable<Thread, 'id'>;
  turns!: EntityTable<Turn, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;

  /** `versions` lets migration tests open the database as an older release did. */
  constructor(name = DB_NAME, versions: SchemaVersion[] = SCHEMA_VERSIONS) {
    super(name);
    for (const v of versions) {
      const def = this.version(v.version).stores(v.stores);
      if (v.upgrade) def.upgrade(v.upgrade);
    }
  }
}
