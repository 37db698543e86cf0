import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  LibraryBackup,
  backupFilename,
  exportLibrary,
  importLibrary,
  migrateBackup,
  type BackupMigration,
} from '../../../lib/export/library-backup';
import { getDb, resetDbForTests } from '../../../lib/db/index';
import { search, upsertPapers, type PaperRecord } from '../../../lib/corpus/index';
import { AgException } from '../../../lib/errors';
import type { Thread, Turn } from '../../../lib/answer/schema';
import { CREATED, sampleLibraryBackup, sampleThread, sampleTurn } from './export-sample';

function library() {
  const threads: Thread[] = [
    sampleThread(),
    sampleThread({
      id: 'thread-2',
      paperId: 'hep-th/9711200',
      paperTitle: 'The Large N Limit',
      title: 'AdS/CFT',
      createdAt: CREATED + 10,
      updatedAt: CREATED + 500,
    }),
  ];
  const turns: Turn[] = [
    sampleTurn(),
    sampleTurn({
      id: 'turn-2',
      createdAt: CREATED + 100,
      question: 'Follow-up?',
      usage: {
        inputTokens: 1200,
        outputTokens: 300,
        cacheReadTokens: 1000,
        cacheWriteTokens: 0,
        costUsd: 0.0021,
      },
    }),
    sampleTurn({
      id: 'turn-3',
      threadId: 'thread-2',
      paperId: 'hep-th/9711200',
      paperVersion: null,
      mode: 'retrieval',
      model: '',
      citations: [],
      passages: [{ arxivId: 'hep-th/9711200', section: '2', text: 'AdS' }],
      createdAt: CREATED + 200,
    }),
  ];
  return { threads, turns };
}

function corpusPapers(): PaperRecord[] {
  const p = (id: string, title: string, abstract: string, cat: string): PaperRecord => ({
    id,
    version: 1,
    title,
    authors: ['A. Author'],
    abstract,
    categories: [cat],
    primaryCategory: cat,
    origin: 'import',
    addedAt: CREATED,
  });
  return [
    p(
      '1706.03762',
      'Attention Is All You Need',
      'The Transformer, based solely on attention mechanisms, dispensing with recurrence and convolutions.',
      'cs.CL',
    ),
    p(
      'hep-th/9711200',
      'The Large N Limit of Superconformal Field Theories and Supergravity',
      'We show that the large N limit of certain conformal field theories includes supergravity.',
      'hep-th',
    ),
    p(
      '2402.11650',
      'Classifier Surrogates: Sharing AI-based Searches with the World',
      'Surrogates of collider classifiers with continuous normalizing flows.',
      'hep-ph',
    ),
  ];
}

async function seed(threads: Thread[], turns: Turn[]) {
  const db = getDb();
  await db.threads.bulkPut(threads);
  await db.turns.bulkPut(turns);
}

async function dump() {
  const db = getDb();
  const byId = <T extends { id: string }>(a: T[]) =>
    [...a].sort((x, y) => x.id.localeCompare(y.id));
  return { threads: byId(await db.threads.toArray()), turns: byId(await db.turns.toArray()) };
}

async function refusal(raw: unknown) {
  try {
    await importLibrary(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(AgException);
    return (e as AgException).agError;
  }
  throw new Error('import was not refused');
}

beforeEach(async () => {
  await resetDbForTests();
});
afterEach(async () => {
  await resetDbForTests();
});

describe('exportLibrary / importLibrary', () => {
  it('round-trips threads and answers into an empty database', async () => {
    const { threads, turns } = library();
    await seed(threads, turns);
    const before = await dump();
    const backup = await exportLibrary({ includeCorpus: false, now: new Date(CREATED) });
    expect(backup.format).toBe('antigravity-backup');
    expect(backup.version).toBe(1);
    expect(backup.exportedAt).toBe(new Date(CREATED).toISOString());
    expect(typeof backup.extensionVersion).toBe('string');
    expect(backup.papers).toBeUndefined();
    const file = JSON.stringify(backup);

    await resetDbForTests();
    expect((await dump()).threads).toEqual([]);
    const result = await importLibrary(file);
    expect(result).toEqual({
      threadsAdded: 2,
      turnsAdded: 3,
      papersAdded: 0,
      threadsUpdated: 0,
      turnsUpdated: 0,
      papersUpdated: 0,
      skipped: 0,
    });
    expect(await dump()).toEqual(before);
  });

  it('importing the same file twice adds nothing', async () => {
    const { threads, turns } = library();
    await seed(threads, turns);
    const file = JSON.stringify(await exportLibrary({ includeCorpus: false }));
    const result = await importLibrary(file);
    expect(
      result.threadsAdded + result.turnsAdded + result.threadsUpdated + result.turnsUpdated,
    ).toBe(0);
    expect(result.skipped).toBe(5);
    expect((await dump()).turns).toHaveLength(3);
  });

  it('merges by id: the newer row wins, the older is skipped', async () => {
    const { threads, turns } = library();
    await seed(threads, turns);
    const backup = await exportLibrary({ includeCorpus: false });
    // In the file: thread-1 renamed later, thread-2 older than stored; turn-1 finished later.
    backup.threads[0] = { ...backup.threads[0]!, title: 'Renamed', updatedAt: CREATED + 999_999 };
    backup.threads[1] = { ...backup.threads[1]!, title: 'Stale', updatedAt: CREATED };
    backup.turns[0] = {
      ...backup.turns[0]!,
      answer: 'Regenerated.',
      finishedAt: CREATED + 999_999,
    };
    backup.threads.push(sampleThread({ id: 'thread-3', title: 'New one' }));
    backup.turns.push(sampleTurn({ id: 'turn-9', threadId: 'thread-3' }));
    const result = await importLibrary(backup);
    expect(result).toMatchObject({
      threadsAdded: 1,
      threadsUpdated: 1,
      turnsAdded: 1,
      turnsUpdated: 1,
      skipped: 3,
    });
    const db = getDb();
    expect((await db.threads.get('thread-1'))!.title).toBe('Renamed');
    expect((await db.threads.get('thread-2'))!.title).toBe('AdS/CFT');
    expect((await db.turns.get('turn-1'))!.answer).toBe('Regenerated.');
    expect((await db.threads.get('thread-3'))!.title).toBe('New one');
  });

  it('keeps the newest of duplicates inside one file and skips answers without a thread', async () => {
    const { threads, turns } = library();
    const file: LibraryBackup = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: new Date().toISOString(),
      extensionVersion: '0.1.0',
      threads: [
        threads[0]!,
        { ...threads[0]!, title: 'Newer copy', updatedAt: threads[0]!.updatedAt + 1 },
      ],
      turns: [turns[0]!, sampleTurn({ id: 'orphan', threadId: 'nowhere' })],
    };
    const result = await importLibrary(file);
    expect(result).toMatchObject({ threadsAdded: 1, turnsAdded: 1, skipped: 2 });
    expect((await getDb().threads.get('thread-1'))!.title).toBe('Newer copy');
    expect(await getDb().turns.get('orphan')).toBeUndefined();
  });

  it('adds answers to a thread that is already stored', async () => {
    const { threads } = library();
    await seed([threads[0]!], []);
    const result = await importLibrary({
      format: BACKUP_FORMAT,
      version: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      extensionVersion: '0.1.0',
      threads: [],
      turns: [sampleTurn()],
    });
    expect(result.turnsAdded).toBe(1);
  });

  it('leaves soft-deleted threads out unless asked', async () => {
    const { threads, turns } = library();
    await seed([threads[0]!, { ...threads[1]!, deletedAt: CREATED + 1 }], turns);
    const b = await exportLibrary({ includeCorpus: false });
    expect(b.threads.map((t) => t.id)).toEqual(['thread-1']);
    expect(b.turns.map((t) => t.id)).toEqual(['turn-1', 'turn-2']);
    const all = await exportLibrary({ includeCorpus: false, includeDeleted: true });
    expect(all.turns).toHaveLength(3);
  });

  it('includes the corpus papers when asked and imports them into the corpus index', async () => {
    const papers = corpusPapers();
    await upsertPapers(papers);
    const { threads, turns } = library();
    await seed(threads, turns);
    const b = await exportLibrary({ includeCorpus: true });
    expect(b.papers?.map((p) => p.id).sort()).toEqual(papers.map((p) => p.id).sort());
    const file = JSON.stringify(b);

    await resetDbForTests();
    expect(await search({ text: 'transformer attention' })).toEqual([]);
    const progress: number[] = [];
    const result = await importLibrary(file, {
      paperBatchSize: 2,
      onPapers: (done) => progress.push(done),
    });
    expect(result).toMatchObject({
      threadsAdded: 2,
      turnsAdded: 3,
      papersAdded: 3,
      papersUpdated: 0,
      skipped: 0,
    });
    expect(progress).toEqual([2, 3]);
    expect((await getDb().papers.toArray()).map((p) => p.id).sort()).toEqual(
      papers.map((p) => p.id).sort(),
    );
    // Stored through the corpus: indexed and searchable.
    const hits = await search({ text: 'transformer attention' });
    expect(hits[0]?.id).toBe('1706.03762');

    // Again: nothing added twice.
    const again = await importLibrary(file);
    expect(again).toMatchObject({
      threadsAdded: 0,
      turnsAdded: 0,
      papersAdded: 0,
      papersUpdated: 0,
      skipped: 8,
    });
    expect(await getDb().papers.count()).toBe(3);
  });

  it('keeps the threads when the papers cannot be stored, and says so', async () => {
    const b = sampleLibraryBackup([
      ...corpusPapers(),
      { ...corpusPapers()[0]!, id: 'not an arxiv id' },
    ]);
    let error: AgException | undefined;
    try {
      await importLibrary(b, { paperBatchSize: 3 });
    } catch (e) {
      error = e as AgException;
    }
    expect(error?.agError.message).toMatch(
      /^The threads and answers were imported \(1 threads, 1 answers added\), but importing the corpus papers stopped after 3 of 4: /,
    );
    expect(error?.agError.action).toMatch(/Import the file again/);
    expect(await getDb().threads.count()).toBe(1);
    expect(await getDb().papers.count()).toBe(3);
  });

  it('names the file by date', () => {
    expect(backupFilename(new Date(CREATED))).toBe('antigravity-backup-2026-04-29.json');
  });
});

describe('importLibrary refuses bad files and writes nothing', () => {
  beforeEach(async () => {
    const { threads, turns } = library();
    await seed(threads, turns);
  });
  afterEach(async () => {
    // What was stored stays stored.
    const d = await dump();
    expect(d.threads).toHaveLength(2);
    expect(d.turns).toHaveLength(3);
  });

  it('not JSON', async () => {
    const e = await refusal('{"format": "antigravity-backup", "version": 1, "threads": [');
    expect(e.code).toBe('bad_input');
    expect(e.message).toMatch(/not a valid JSON file/);
    expect(e.action).toMatch(/Export library/);
  });

  it('some other JSON', async () => {
    for (const raw of ['[1,2]', '{"hello": "world"}', 'null', '"text"']) {
      const e = await refusal(raw);
      expect(e.message).toMatch(/not an Antigravity backup/);
    }
    const e = await refusal({ format: 'zotero-export', version: 1 });
    expect(e.message).toMatch(/not an Antigravity backup/);
  });

  it('a damaged backup, saying where', async () => {
    const b = await exportLibrary({ includeCorpus: false });
    const broken = JSON.parse(JSON.stringify(b));
    delete broken.turns[1].answer;
    broken.turns[2].citations = [{ n: 'one' }];
    broken.threads.push({ ...broken.threads[0], id: 'thread-x' });
    const e = await refusal(JSON.stringify(broken));
    expect(e.message).toMatch(
      /^This backup is damaged: turns\[1\]\.answer: .+; turns\[2\]\.citations\[0\]\.n: /,
    );
    expect(e.action).toMatch(/Nothing was imported/);
    expect(await getDb().threads.get('thread-x')).toBeUndefined();
  });

  it('a newer format', async () => {
    const b = {
      ...(await exportLibrary({ includeCorpus: false })),
      version: 7,
      extensionVersion: '3.0.0',
    };
    const e = await refusal(JSON.stringify(b));
    expect(e.message).toBe(
      'This backup was made by Antigravity 3.0.0 in backup format 7; this version of Antigravity reads formats up to 1.',
    );
    expect(e.action).toMatch(/^Update Antigravity/);
  });

  it('an older format it cannot migrate, or no version', async () => {
    const b = await exportLibrary({ includeCorpus: false });
    expect((await refusal({ ...b, version: 0 })).message).toMatch(/format 0, which is too old/);
    expect((await refusal({ ...b, version: '1' })).message).toMatch(/no valid format version/);
  });
});

describe('migrateBackup', () => {
  // A hand-made older layout: answers nested in their threads, dates as ISO strings.
  const v0 = {
    format: 'antigravity-backup',
    version: 0,
    exportedAt: '2026-01-01T00:00:00.000Z',
    extensionVersion: '0.0.9',
    threads: [
      {
        id: 'thread-1',
        paperId: '2402.11650',
        paperTitle: 'Classifier Surrogates',
        title: 'Old thread',
        created: '2026-01-01T10:00:00.000Z',
        updated: '2026-01-01T11:00:00.000Z',
        turns: [
          {
            ...sampleTurn(),
            createdAt: undefined,
            created: '2026-01-01T10:00:00.000Z',
            finishedAt: undefined,
          },
        ],
      },
    ],
  };
  const table: BackupMigration[] = [
    {
      from: 0,
      migrate: (d) => {
        const threads = d.threads as Array<Record<string, unknown>>;
        return {
          ...d,
          threads: threads.map(({ turns: _t, created, updated, ...t }) => ({
            ...t,
            createdAt: Date.parse(created as string),
            updatedAt: Date.parse(updated as string),
          })),
          turns: threads.flatMap((t) =>
            (t.turns as Array<Record<string, unknown>>).map(({ created, ...turn }) => ({
              ...turn,
              createdAt: Date.parse(created as string),
            })),
          ),
        };
      },
    },
  ];

  it('brings an older format to the current one through the table', () => {
    const migrated = LibraryBackup.parse(migrateBackup(v0, table, 1));
    expect(migrated.version).toBe(1);
    expect(migrated.threads[0]).toEqual({
      id: 'thread-1',
      paperId: '2402.11650',
      paperTitle: 'Classifier Surrogates',
      title: 'Old thread',
      createdAt: Date.parse('2026-01-01T10:00:00.000Z'),
      updatedAt: Date.parse('2026-01-01T11:00:00.000Z'),
    });
    expect(migrated.turns.map((t) => [t.id, t.threadId, t.createdAt])).toEqual([
      ['turn-1', 'thread-1', Date.parse('2026-01-01T10:00:00.000Z')],
    ]);
  });

  it('runs every step in order up to the target', () => {
    const steps: BackupMigration[] = [
      ...table,
      {
        from: 1,
        migrate: (d) => ({
          ...d,
          threads: (d.threads as Thread[]).map((t) => ({ ...t, title: `${t.title}!` })),
        }),
      },
    ];
    const out = migrateBackup(v0, steps, 2) as { version: number; threads: Thread[] };
    expect(out.version).toBe(2);
    expect(out.threads[0]!.title).toBe('Old thread!');
  });

  it('refuses with a clear message when a step fails', () => {
    const bad: BackupMigration[] = [
      {
        from: 0,
        migrate: () => {
          throw new Error('threads[0] has no id');
        },
      },
    ];
    expect(() => migrateBackup(v0, bad, 1)).toThrow(
      /could not be converted to format 1: threads\[0\] has no id/,
    );
  });

  it('leaves a current backup as it is (the real table)', () => {
    const b = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: 'x',
      extensionVersion: 'y',
      threads: [],
      turns: [],
    };
    expect(migrateBackup(b)).toEqual(b);
  });
});
