import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { PaperRecord } from '../corpus/schema';
import type { DocRow, NormRow, TermRow } from '../corpus/rows';
import { rebuildIndexInTx, type IndexTables } from '../corpus/indexer';
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
  {
    version: 2,
    stores: {
      // The corpus index (design: lib/corpus/index.ts). docs: doc number -> paper id; by id to
      // re-index/remove a paper, by normalised title to match references. terms: one row per
      // (term, block of doc numbers) with a compact posting list. norms: packed doc norms.
      docs: 'n, &id, tk',
      terms: '[t+b]',
      norms: 'c',
    },
    // Index the papers stored by v1.
    upgrade: async (tx) => {
      const T: IndexTables = {
        papers: tx.table('papers'),
        docs: tx.table('docs'),
        terms: tx.table('terms'),
        norms: tx.table('norms'),
        meta: tx.table('meta'),
      };
      await rebuildIndexInTx(T, tx.db.name);
    },
  },
];

export class AntigravityDB extends Dexie {
  papers!: EntityTable<PaperRecord, 'id'>;
  threads!: EntityTable<Thread, 'id'>;
  turns!: EntityTable<Turn, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;
  docs!: EntityTable<DocRow, 'n'>;
  terms!: Table<TermRow, [string, number]>;
  norms!: EntityTable<NormRow, 'c'>;

  /** `versions` lets migration tests open the database as an older release did. */
  constructor(name = DB_NAME, versions: SchemaVersion[] = SCHEMA_VERSIONS) {
    super(name);
    for (const v of versions) {
      const def = this.version(v.version).stores(v.stores);
      if (v.upgrade) def.upgrade(v.upgrade);
    }
  }
}
