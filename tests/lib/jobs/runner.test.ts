import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resetDbForTests } from '@/lib/db';
import { getCurrentJob, getJobInput, putJobInput, saveJob } from '@/lib/jobs/job-store';
import {
  clearCorpus,
  corpusSize,
  exportCorpusStream,
  importKaggleSnapshot,
  upsertPapers,
} from '@/lib/corpus';
import { cancelActiveJob, jobSettled, startJob } from '@/lib/jobs/runner';
import { emptyProgress, type JobRecord, type JobSpec } from '@/lib/jobs/schema';
import { fixtureRecords, snapshotText } from '../corpus/corpus-helpers';
import { sampleLibraryBackup } from '../export/export-sample';

afterEach(resetDbForTests);

const TEXT = snapshotText();
const LINES = TEXT.split('\n').filter((l) => l.trim());

function job(spec: JobSpec, extra: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 'j1',
    spec,
    status: 'running',
    createdAt: 1,
    updatedAt: 1,
    progress: emptyProgress(spec.kind === 'kaggle-import' ? 'bytes' : 'papers'),
    cursor: {},
    warnings: [],
    malformed: [],
    resumed: 0,
    ...extra,
  };
}

const importSpec = (file: Blob, categories: string[] = []): JobSpec => ({
  kind: 'kaggle-import',
  inputId: 'in1',
  fileName: 'arxiv-metadata-oai-snapshot.json',
  fileSize: file.size,
  categories,
  primaryOnly: false,
});

async function run(record: JobRecord, file?: Blob) {
  if (file) await putJobInput('in1', file);
  await saveJob(record);
  const pushed: JobRecord[] = [];
  const started = await startJob(record.id, {
    fetch: () => Promise.reject(new Error('no network in this test')),
    publish: (j) => pushed.push(j),
    progressIntervalMs: 0,
  });
  await jobSettled(record.id);
  return { started, pushed, final: (await getCurrentJob())! };
}

describe('jobs runner (the DOM context of the background)', () => {
  it('runs an import from the job input store to one end state, then drops the input', async () => {
    const file = new Blob([TEXT]);
    const { started, pushed, final } = await run(job(importSpec(file)), file);
    expect(started).toBe(true);
    expect(final.status).toBe('done');
    expect(final.error).toBeUndefined();
    expect(final.progress).toMatchObject({ kept: LINES.length, added: LINES.length });
    expect(final.progress.done).toBe(final.progress.total);
    expect(await corpusSize()).toBe(LINES.length);
    expect(await getJobInput('in1')).toBeUndefined();
    // Pages see progress, then exactly one end state, the last one.
    const ends = pushed.filter((p) => p.status !== 'running');
    expect(ends).toHaveLength(1);
    expect(pushed.at(-1)!.status).toBe('done');
  });

  it('a second start of a job already running here does nothing', async () => {
    const file = new Blob([TEXT]);
    await putJobInput('in1', file);
    await saveJob(job(importSpec(file)));
    const deps = { fetch, publish: () => undefined };
    expect(await startJob('j1', deps)).toBe(true);
    expect(await startJob('j1', deps)).toBe(false);
    await jobSettled('j1');
    expect(await startJob('j1', deps)).toBe(false); // done: nothing to resume
    expect(await corpusSize()).toBe(LINES.length);
  });

  it('resumes after the last committed batch: no duplicates, counts carried over', async () => {
    // The browser closed after the batch that ended at line 100 was committed.
    const first = await importKaggleSnapshot(new Blob([LINES.slice(0, 100).join('\n')]), {
      categories: [],
    });
    expect(first.added).toBe(100);
    const file = new Blob([TEXT]);
    const left = job(importSpec(file), {
      cursor: { line: 100 },
      progress: { ...emptyProgress('bytes'), kept: 100, added: 100, linesRead: 100 },
    });
    const { final } = await run(left, file);
    expect(final.status).toBe('done');
    expect(final.resumed).toBe(1);
    expect(final.progress.added).toBe(LINES.length);
    expect(final.progress.updated).toBe(0);
    expect(await corpusSize()).toBe(LINES.length);
  });

  it('cancel stops the run; nothing half-stored, the job says cancelled', async () => {
    const file = new Blob([TEXT]);
    await putJobInput('in1', file);
    await saveJob(job(importSpec(file)));
    await startJob('j1', { fetch, publish: () => undefined });
    expect(cancelActiveJob('j1')).toBe(true);
    await jobSettled('j1');
    const final = (await getCurrentJob())!;
    expect(final.status).toBe('cancelled');
    expect(final.error).toBeUndefined();
    expect(await corpusSize()).toBe(0);
    expect(cancelActiveJob('j1')).toBe(false);
  });

  it.each([
    ['a CSV', 'id,title,abstract\n1,a,b\n', /CSV/],
    ['an empty file', '', /empty/],
  ])('%s fails with one message for a reader and stores nothing', async (_w, body, msg) => {
    const file = new Blob([body]);
    const { final, pushed } = await run(job(importSpec(file)), file);
    expect(final.status).toBe('failed');
    expect(final.error?.message).toMatch(msg);
    expect(final.error?.message).not.toMatch(/Failed to execute|TypeError|undefined/);
    expect(pushed.filter((p) => p.status !== 'running')).toHaveLength(1);
    expect(await corpusSize()).toBe(0);
  });

  it('a category with no match: done, 0 kept, and a warning saying so', async () => {
    const file = new Blob([TEXT]);
    const { final } = await run(job(importSpec(file, ['cs.XX'])), file);
    expect(final.status).toBe('done');
    expect(final.progress.kept).toBe(0);
    expect(final.warnings.join(' ')).toMatch(/“cs\.XX” matched none/);
  });

  it('a lost input file fails with what to do', async () => {
    const file = new Blob([TEXT]);
    const { final } = await run(job(importSpec(file)));
    expect(final.status).toBe('failed');
    expect(final.error?.action).toMatch(/Choose the file again/);
  });
});

describe('restore jobs (backups merged back by the corpus writer)', () => {
  const restoreSpec = (backup: 'library' | 'corpus', file: Blob): JobSpec => ({
    kind: 'restore-backup',
    backup,
    inputId: 'in1',
    fileName: backup === 'library' ? 'backup.json' : 'corpus.jsonl',
    fileSize: file.size,
  });

  it('restores a library backup: threads, answers and papers, one summary, input dropped', async () => {
    const papers = fixtureRecords().slice(0, 20);
    const backup = sampleLibraryBackup(papers);
    const file = new Blob([JSON.stringify(backup)]);
    const { pushed, final } = await run(job(restoreSpec('library', file)), file);
    expect(final.status).toBe('done');
    expect(final.summary).toBe(
      'Imported 1 new thread (0 updated), 1 answer, 20 papers; 0 already there.',
    );
    expect(final.progress).toMatchObject({ added: 20, done: 20, total: 20 });
    expect(await corpusSize()).toBe(20);
    expect(await getJobInput('in1')).toBeUndefined();
    expect(pushed.filter((p) => p.status !== 'running')).toHaveLength(1);

    // Again: nothing is added twice.
    await saveJob(job(restoreSpec('library', file), { id: 'j2' }));
    await putJobInput('in1', file);
    await startJob('j2', { fetch, publish: () => undefined });
    await jobSettled('j2');
    expect((await getCurrentJob())!.summary).toBe(
      'Imported 0 new threads (0 updated), 0 answers, 0 papers; 22 already there.',
    );
  });

  it('a file that is not a library backup fails with its own message; nothing written', async () => {
    const file = new Blob([JSON.stringify({ hello: 1 })]);
    const { final } = await run(job(restoreSpec('library', file)), file);
    expect(final.status).toBe('failed');
    expect(final.error?.message).toMatch(/^This file is not an Antigravity backup/);
    expect(final.error?.action).toMatch(/Export library/);
    expect(await corpusSize()).toBe(0);
  });

  it('restores a corpus backup (JSONL); a file without the header is refused', async () => {
    const records = fixtureRecords();
    await upsertPapers(records);
    const text = await new Response(exportCorpusStream()).text();
    await clearCorpus();
    const file = new Blob([text]);
    const { final } = await run(job(restoreSpec('corpus', file)), file);
    expect(final.status).toBe('done');
    expect(final.summary).toBe(`Corpus imported: ${records.length} new, 0 updated.`);
    expect(final.progress).toMatchObject({ added: records.length, kept: records.length });
    expect(await corpusSize()).toBe(records.length);

    const bad = new Blob([TEXT]); // the Kaggle snapshot is not a corpus backup
    await clearCorpus();
    const refused = await run(job(restoreSpec('corpus', bad), { id: 'j3' }), bad);
    expect(refused.final.status).toBe('failed');
    expect(refused.final.error?.message).toMatch(/not an Antigravity corpus backup/);
    expect(await corpusSize()).toBe(0);
  });
});

describe('harvest jobs', () => {
  const atom = (f: string) =>
    readFileSync(join(process.cwd(), 'tests/fixtures/arxiv-api/atom', f), 'utf8');
  const instant = { now: () => Date.now(), sleep: () => Promise.resolve() };

  it('harvests each field in turn, saving where the next page starts; resumes there', async () => {
    const urls: string[] = [];
    const fakeFetch = (async (u: string) => {
      urls.push(u);
      const url = new URL(u);
      const first = url.searchParams.get('start') === '0';
      const cat = url.searchParams.get('search_query') ?? '';
      const body =
        first && cat.startsWith('cat:cs.CL')
          ? atom('q_testing_s0_m100_cfe7536492ca.xml')
          : atom('api_zero_results.xml');
      return new Response(body, { status: 200 });
    }) as unknown as typeof fetch;
    const spec: JobSpec = {
      kind: 'harvest-fields',
      categories: ['cs.CL', 'hep-th'],
      fromDate: '2025-01-01',
      maxPerCategory: 50_000,
      expectedTotal: 1000,
    };
    await saveJob(job(spec));
    await startJob('j1', {
      fetch: fakeFetch,
      publish: () => undefined,
      arxiv: { clock: instant, apiUrl: 'https://export.arxiv.org/api/query' },
    });
    await jobSettled('j1');
    const final = (await getCurrentJob())!;
    expect(final.status).toBe('done');
    expect(final.progress.added).toBe(100);
    expect(final.cursor).toMatchObject({ index: 2 });
    expect(urls.some((u) => u.includes('submittedDate'))).toBe(true);
    expect(urls.filter((u) => u.includes('hep-th'))).toHaveLength(1);

    // A run that died after cs.CL's first page resumes at start=100 of cs.CL, nothing twice.
    urls.length = 0;
    await saveJob(
      job(spec, { id: 'j2', cursor: { index: 0, start: 100 }, progress: final.progress }),
    );
    await startJob('j2', { fetch: fakeFetch, publish: () => undefined, arxiv: { clock: instant } });
    await jobSettled('j2');
    expect(urls[0]).toContain('start=100');
    const again = (await getCurrentJob())!;
    expect(again.progress.added).toBe(100);
    expect(await corpusSize()).toBe(100);
  });

  it('cancel from the worker when no runner holds the job marks it cancelled', async () => {
    const { jobHandlers } = await import('@/lib/background/job-handlers');
    await saveJob(job({ kind: 'harvest-query', category: 'hep-th', maxResults: 10 }));
    const cancel = jobHandlers()['jobs/cancel']!;
    const r = await cancel({ jobId: 'j1' }, {} as never);
    expect(r.job?.status).toBe('cancelled');
    expect((await getCurrentJob())?.status).toBe('cancelled');
  });
});
