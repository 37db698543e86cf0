import { afterEach, describe, expect, it } from 'vitest';
import { resetDbForTests } from '@/lib/db';
import { getCurrentJob, getJobInput, putJobInput, saveJob } from '@/lib/db/jobs';
import { corpusSize, importKaggleSnapshot } from '@/lib/corpus';
import { cancelActiveJob, jobSettled, startJob } from '@/lib/jobs/runner';
import { emptyProgress, type JobRecord, type JobSpec } from '@/lib/jobs/schema';
import { snapshotText } from '../corpus/helpers';

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
