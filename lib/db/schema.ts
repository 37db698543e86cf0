import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { GroupRow, MetaRow, NormRow, StoredPaper } from '../corpus';
import type { Thread, Turn } from '../answer/schema';
import type { TabPageRow } from './tab-pages';
import type { SentRecord } from './sent-log';

export const DB_NAME = 'antigravity';

export type { MetaRow } from '../corpus';

/**
 * The v3 upgrade, written out as it shipped: a migration does not change with live code, and
 * lib/db imports nothing of lib/corpus at run time. It empties the index tables, starts a fresh
 * index instance (meta `corpus-index` in its v3 layout, one generation on) and records that a
 * rebuild is due (`corpus-index-rebuild`, INDEX_REBUILD_KEY of lib/corpus/rebuild.ts);
 * lib/corpus/rebuild.ts then indexes the papers batch by batch, in the writer context.
 */
async function startIndexRebuildV3(tx: Transaction): Promise<void> {
  const meta = tx.table('meta');
  await Promise.all([tx.table('postings').clear(), tx.table('norms').clear()]);
  const prev = ((await meta.get('corpus-index')) as { value?: Record<string, unknown> } | undefined)
    ?.value;
  const valid = ['nextDoc', 'live', 'dead', 'gen', 'normsAt'].every(
    (k) => typeof prev?.[k] === 'number',
  );
  const gen = valid ? (prev!.gen as number) : 0;
  await meta.put({
    key: 'corpus-index',
    value: { nextDoc: 0, live: 0, dead: 0, gen: gen + 1, normsAt: 0, uid: crypto.randomUUID() },
  });
  await meta.put({ key: 'corpus-index-rebuild', value: { after: null } });
}

/**
 * The v5 upgrade: records that the stored papers' title keys are to become title hashes
 * (`papers-title-hash`, TITLE_HASH_KEY of lib/corpus/rebuild.ts), when there are papers.
 */
async function startTitleHashesV5(tx: Transaction): Promise<void> {
  if ((await tx.table('papers').count()) === 0) return;
  await tx.table('meta').put({ key: 'papers-title-hash', value: { after: null } });
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
      // The first corpus index: one row per (term, block of 8,192 doc numbers), a docs table
      // (doc number -> id, title key) and packed norms. Replaced by v3.
      docs: 'n, &id, tk',
      terms: '[t+b]',
      norms: 'c',
    },
    // v2 built its index here from the papers of v1. That index is dropped by v3, whose upgrade
    // builds the new one from the papers, so a v1 database skips this step (the v2 tables no
    // longer match the code that built them).
  },
  {
    version: 3,
    stores: {
      // papers: also by doc number `n` (results -> papers, one query) and normalised title `tk`
      // (references matched by title). postings: one row per (group of terms, block of 32,768 doc
      // numbers), design in lib/corpus/README.md. The v2 index tables go.
      papers: 'id, primaryCategory, origin, openedAt, n, tk',
      postings: '[g+b]',
      norms: 'c',
      docs: null,
      terms: null,
    },
    // The stored papers are indexed in the v3 layout AFTER the upgrade, in batches of their own
    // transactions that resume where they stopped (lib/corpus/rebuild.ts): the upgrade only
    // starts a fresh index and records that a rebuild is due. (Until issue 18 this upgrade
    // rebuilt the whole index in its one transaction, which can time out on a large corpus.)
    upgrade: startIndexRebuildV3,
  },
  {
    version: 4,
    stores: {
      // turns by `status`: a worker start reads only the turns left `streaming`.
      turns: 'id, threadId, paperId, createdAt, status',
      // tabPages: the paper each open tab shows (storage.session keeps only a reference).
      tabPages: 'tabId, at',
      // sent: what each answer sent to the API ("What was sent" in the options), bounded.
      sent: 'turnId, at',
    },
  },
  {
    version: 5,
    stores: {
      // papers: the normalised title becomes a number, `th` (lib/db/title-hash.ts), and the
      // `origin` index goes (no query uses it): 157 bytes less per paper in the 1M benchmark,
      // issue 17's storage at the whole snapshot.
      papers: 'id, primaryCategory, openedAt, n, th',
    },
    // Dexie drops the `tk` and `origin` indexes and creates `th`. The records keep their `tk`
    // until lib/corpus/rebuild.ts rewrites them batch by batch, in the writer context (a 1M-paper
    // rewrite in this one transaction could outlive the worker): the upgrade records that the
    // rewrite is due, as v3 did for its rebuild.
    upgrade: startTitleHashesV5,
  },
];

export class AntigravityDB extends Dexie {
  papers!: EntityTable<StoredPaper, 'id'>;
  threads!: EntityTable<Thread, 'id'>;
  turns!: EntityTable<Turn, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;
  postings!: Table<GroupRow, [number, number]>;
  norms!: EntityTable<NormRow, 'c'>;
  tabPages!: EntityTable<TabPageRow, 'tabId'>;
  sent!: EntityTable<SentRecord, 'turnId'>;

  /** `versions` lets migration tests open the database as an older release did. */
  constructor(name = DB_NAME, versions: SchemaVersion[] = SCHEMA_VERSIONS) {
    super(name);
    for (const v of versions) {
      const def = this.version(v.version).stores(v.stores);
      if (v.upgrade) def.upgrade(v.upgrade);
    }
  }
}
