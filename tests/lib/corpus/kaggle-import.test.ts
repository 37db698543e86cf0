import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { existsSync, openAsBlob } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { getDb, resetDbForTests } from '@/lib/db';
import {
  categoryFilter,
  corpusSize,
  getPaper,
  importBatchSize,
  importKaggleSnapshot,
  parseKaggleLine,
  search,
  type ImportProgress,
} from '@/lib/corpus';
import { readIndexMeta } from '@/lib/corpus/indexer';
import { snapshotText } from './corpus-helpers';

afterEach(resetDbForTests);

const TEXT = snapshotText();
const LINES = TEXT.split('\n').filter((l) => l.trim());
const blob = (s: string | Uint8Array) => new Blob([s as BlobPart]);
/** A stream in chunks of `size` bytes (cuts through lines and UTF-8 characters). */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (i >= bytes.length) return c.close();
      c.enqueue(bytes.slice(i, i + size));
      i += size;
    },
  });
}
function cats(line: string): string[] {
  return (JSON.parse(line) as { categories: string }).categories.split(' ');
}

/** The error Chromium gives when the disk is full: the transaction aborts, the quota inside. */
function abortedForQuota(): Error {
  const e = new Error('Transaction aborted.');
  e.name = 'AbortError';
  return Object.assign(e, { inner: new DOMException('Quota exceeded.', 'QuotaExceededError') });
}

function failNthPapersWrite(
  nth: number,
  error = () => new DOMException('Quota exceeded.', 'QuotaExceededError') as Error,
): Middleware<DBCore> {
  let count = 0;
  return {
    stack: 'dbcore',
    name: 'quota',
    create: (down) => ({
      ...down,
      table: (t) => {
        const inner = down.table(t);
        if (t !== 'papers') return inner;
        return {
          ...inner,
          mutate: (req: DBCoreMutateRequest) =>
            ++count === nth ? Promise.reject(error()) : inner.mutate(req),
        };
      },
    }),
  };
}

describe('parseKaggleLine', () => {
  it('maps a snapshot record', () => {
    const r = parseKaggleLine(LINES[0] as string, 5);
    expect(r).toEqual({
      ok: true,
      record: {
        id: '0704.0001',
        version: 2,
        title:
          'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
        authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan'],
        abstract: expect.stringMatching(
          /^A fully differential calculation .* QCD processes at the LHC, showing that enhanced sensitivity to the signal can be obtained with judicious selection of events\.$/,
        ),
        categories: ['hep-ph'],
        primaryCategory: 'hep-ph',
        published: '2007-04-02T19:18:42.000Z',
        updated: '2008-11-26',
        doi: '10.1103/PhysRevD.76.013009',
        journalRef: 'Phys.Rev.D76:013009,2007',
        comments: '37 pages, 15 figures; published version',
        origin: 'import',
        addedAt: 5,
      },
    });
  });

  it('says why a line is not a record', () => {
    expect(parseKaggleLine('{"id": "0704.0001", "title": "x"')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^not valid JSON/),
    });
    expect(parseKaggleLine('[1,2]')).toEqual({ ok: false, reason: 'not a JSON object' });
    expect(parseKaggleLine('{"id":"0704.0001","title":"t","abstract":"a"}')).toEqual({
      ok: false,
      reason: 'missing or non-text field(s): categories',
    });
    expect(parseKaggleLine('{"id":"12","title":"t","abstract":"a","categories":"hep-th"}')).toEqual(
      { ok: false, reason: 'id "12" is not an arXiv id' },
    );
    expect(
      parseKaggleLine('{"id":"0704.0001","title":"  ","abstract":"a","categories":"hep-th"}'),
    ).toEqual({ ok: false, reason: 'empty title' });
  });

  it('filters categories exactly, by prefix and by archive', () => {
    expect(categoryFilter([])(['anything'])).toBe(true);
    expect(categoryFilter(['hep-th'])(['hep-ph', 'hep-th'])).toBe(true);
    expect(categoryFilter(['hep-th'])(['hep-thx'])).toBe(false);
    expect(categoryFilter(['cs.'])(['cs.CL'])).toBe(true);
    expect(categoryFilter(['math'])(['math.CO'])).toBe(true);
    expect(categoryFilter(['math'])(['math-ph'])).toBe(false);
  });
});

describe('importKaggleSnapshot', () => {
  it('imports the snapshot, with progress, and importing again adds nothing', async () => {
    const progress: ImportProgress[] = [];
    const file = blob(TEXT);
    const r = await importKaggleSnapshot(file, {
      categories: [],
      batchSize: 64,
      progressIntervalMs: 0,
      onProgress: (p) => progress.push(p),
    });
    expect(r).toEqual({
      linesRead: 200,
      kept: 200,
      added: 200,
      updated: 0,
      malformed: [],
      malformedCount: 0,
      cancelled: false,
      warnings: [],
      committedLine: 200,
    });
    expect(await corpusSize()).toBe(200);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    const last = progress[progress.length - 1] as ImportProgress;
    expect(last).toMatchObject({
      bytesRead: file.size,
      totalBytes: file.size,
      linesRead: 200,
      kept: 200,
      malformed: 0,
    });
    expect(last.papersPerSecond).toBeGreaterThan(0);
    const reads = progress.map((p) => p.linesRead);
    expect(reads).toEqual([...reads].sort((a, b) => a - b));
    expect((await search({ text: 'diphoton' }))[0]?.id).toBe('0704.0001');

    const again = await importKaggleSnapshot(blob(TEXT), { categories: [] });
    expect(again).toMatchObject({ kept: 200, added: 0, updated: 0 });
    expect(await corpusSize()).toBe(200);
    expect((await readIndexMeta(getDb().meta)).nextDoc).toBe(200);
  });

  it('keeps only the chosen categories (any of a paper’s categories)', async () => {
    const want = LINES.filter((l) => categoryFilter(['hep-th', 'math.'])(cats(l))).length;
    expect(want).toBeGreaterThan(20);
    expect(want).toBeLessThan(200);
    const r = await importKaggleSnapshot(blob(TEXT), { categories: ['hep-th', 'math.'] });
    expect(r).toMatchObject({ linesRead: 200, kept: want, added: want });
    expect(await corpusSize()).toBe(want);
    expect(await getPaper('0704.0001')).toBeUndefined(); // hep-ph only
  });

  it('reads gzip and byte streams cut anywhere the same way', async () => {
    const gz = await importKaggleSnapshot(blob(gzipSync(TEXT)), { categories: [] });
    expect(gz).toMatchObject({ linesRead: 200, kept: 200, added: 200 });
    await resetDbForTests();
    const bytes = new TextEncoder().encode(TEXT.replace(/\n/g, '\r\n'));
    const st = await importKaggleSnapshot(chunked(bytes, 7), { categories: [], batchSize: 50 });
    expect(st).toMatchObject({ linesRead: 200, kept: 200, added: 200, malformedCount: 0 });
    // accents intact across chunk boundaries
    expect((await getPaper('0704.0001'))?.authors[0]).toBe('C. Balázs');
    await resetDbForTests();
    const gzst = await importKaggleSnapshot(chunked(gzipSync(TEXT), 1000), {
      categories: ['hep-ph'],
    });
    expect(gzst.kept).toBe(LINES.filter((l) => cats(l).includes('hep-ph')).length);
  });

  it('counts malformed lines with their numbers and goes on', async () => {
    const lines = TEXT.split('\n');
    lines.splice(10, 0, '{"id": "0704.9999", "title": "cut sho');
    lines.splice(20, 0, '');
    lines.splice(30, 0, '{"id":"0704.9998","title":"No abstract","categories":"hep-th"}');
    lines.splice(40, 0, '["not", "an", "object"]');
    const r = await importKaggleSnapshot(blob(lines.join('\n')), { categories: [] });
    expect(r.kept).toBe(200);
    expect(r.malformedCount).toBe(3);
    expect(r.malformed).toEqual([
      { line: 11, reason: expect.stringMatching(/^not valid JSON/) },
      { line: 31, reason: 'missing or non-text field(s): abstract' },
      { line: 41, reason: 'not a JSON object' },
    ]);
    expect(await corpusSize()).toBe(200);
  });

  it.each([
    ['an empty file', '', /The file is empty/],
    [
      'a JSON array',
      JSON.stringify([JSON.parse(LINES[0] as string)]),
      /one JSON array, not one JSON object per line/,
    ],
    [
      'an HTML page',
      '<!DOCTYPE html>\n<html><body>arXiv</body></html>\n',
      /looks like XML or HTML/,
    ],
    ['a CSV file', 'id,title,abstract\n0704.0001,Calc,A fully\n', /looks like a CSV/],
    [
      'other JSON lines',
      '{"name": "x", "value": 1}\n{"name": "y", "value": 2}\n',
      /line 1 is not a paper record/,
    ],
  ])('rejects %s at once, storing nothing', async (_what, content, message) => {
    const r = await importKaggleSnapshot(blob(content), { categories: [] });
    expect(r.error?.code).toBe('bad_input');
    expect(r.error?.message).toMatch(message);
    expect(r.error?.action).toMatch(/arxiv-metadata-oai-snapshot\.json/);
    expect(r.kept).toBe(0);
    expect(await corpusSize()).toBe(0);
  });

  it('rejects a binary file, even a long one, without reading it all', async () => {
    const bytes = new Uint8Array(3_000_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    bytes[0] = 0x50; // "PK": a zip
    bytes[1] = 0x4b;
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled >= bytes.length) return c.close();
        c.enqueue(bytes.slice(pulled, pulled + 65536));
        pulled += 65536;
      },
    });
    const r = await importKaggleSnapshot(stream, { categories: [] });
    expect(r.error).toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/not the arXiv metadata snapshot/),
    });
    expect(await corpusSize()).toBe(0);
  });

  it('stops when cancelled and keeps the batches already written', async () => {
    const c = new AbortController();
    const r = await importKaggleSnapshot(blob(TEXT), {
      categories: [],
      batchSize: 40,
      signal: c.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.kept >= 80) c.abort();
      },
    });
    expect(r.cancelled).toBe(true);
    expect(r.error).toBeUndefined();
    const n = await corpusSize();
    expect(n).toBeGreaterThanOrEqual(40);
    expect(n).toBeLessThan(200);
    expect(n % 40).toBe(0); // whole batches only
    expect(r.added).toBe(n);
  });

  it('a transaction the browser aborts for a full disk is a quota error, not a cancel', async () => {
    // Seen in Chromium with its profile on a full disk: "Import cancelled. … 0 new" before.
    getDb().use(failNthPapersWrite(2, abortedForQuota));
    const r = await importKaggleSnapshot(blob(TEXT), { categories: [], batchSize: 50 });
    expect(r.cancelled).toBe(false);
    expect(r.error?.code).toBe('quota_exceeded');
    expect(r.error?.message).toMatch(/storage is full.*storing 50 papers/);
    expect(await corpusSize()).toBe(50);
  });

  it('stops cleanly when storage is full, keeping every committed batch', async () => {
    const db = getDb();
    db.use(failNthPapersWrite(3)); // the third batch hits the quota
    const r = await importKaggleSnapshot(blob(TEXT), { categories: [], batchSize: 50 });
    expect(r.error?.code).toBe('quota_exceeded');
    expect(r.error?.message).toMatch(
      /storing 100 papers of this file \(your corpus now holds 100 papers\)/,
    );
    expect(r.error?.action).toMatch(/Free disk space|choose fewer categories/);
    expect(r.added).toBe(100);
    expect(await corpusSize()).toBe(100);
    // what was stored is indexed, and nothing of the failed batch is
    const meta = await readIndexMeta(db.meta);
    expect(meta.live).toBe(100);
    expect((await search({ text: 'diphoton' }))[0]?.id).toBe('0704.0001');
  });

  it('reports a truncated .gz file, keeping what was read before', async () => {
    const gz = gzipSync(TEXT);
    const cut = gz.slice(0, Math.floor(gz.length * 0.6));
    const r = await importKaggleSnapshot(blob(cut), { categories: [], batchSize: 20 });
    expect(r.error?.code).toBe('bad_input');
    expect(r.error?.action).toMatch(/truncated or damaged/);
    const n = await corpusSize();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(200);
  });

  const BIG = path.resolve(__dirname, '../../../../shared/corpus/arxiv-cs-74k.kaggle.jsonl.gz');
  it.skipIf(!existsSync(BIG))(
    'streams the real 74k file (../shared/corpus), keeping one category',
    async () => {
      const file = await openAsBlob(BIG);
      const progress: ImportProgress[] = [];
      const r = await importKaggleSnapshot(file, {
        categories: ['cs.CR'],
        onProgress: (p) => progress.push(p),
      });
      expect(r).toMatchObject({ linesRead: 74728, malformedCount: 0, cancelled: false });
      expect(r.kept).toBe(745);
      expect(await corpusSize()).toBe(745);
      // the compressed file is read as the lines are: progress moves, it does not jump to the end
      const mid = progress.find((p) => p.linesRead > 30000 && p.linesRead < 45000);
      if (mid) expect(mid.bytesRead / file.size).toBeLessThan(0.75);
      expect(
        (await search({ text: 'adversarial attacks jailbreak', k: 1 }))[0]?.categories,
      ).toContain('cs.CR');
    },
    120_000,
  );
});

describe('issue 17: the real file, filters and resume', () => {
  it('imports the Kaggle .zip (the 200-paper sample zipped) like the .json', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const zip = zipSync({ 'arxiv-metadata-oai-snapshot.json': strToU8(TEXT) });
    const r = await importKaggleSnapshot(blob(zip), { categories: [] });
    expect(r.error).toBeUndefined();
    expect(r.kept).toBe(LINES.length);
    expect(await corpusSize()).toBe(LINES.length);
  });

  it('a truncated .zip: one readable message, raw browser text nowhere, nothing half-stored', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const zip = zipSync({ 'arxiv-metadata-oai-snapshot.json': strToU8(TEXT) });
    const r = await importKaggleSnapshot(blob(zip.slice(0, zip.length >> 1)), { categories: [] });
    expect(r.error?.message).toMatch(/ends too early.*Nothing was stored/);
    expect(r.error?.message).not.toMatch(/Failed to execute|WritableStream|TypeError/);
    expect(await corpusSize()).toBe(0);
  });

  it('primary category only keeps the papers listed first in a category, prefixes match', async () => {
    const primary = LINES.filter((l) => cats(l)[0] === 'hep-ph').length;
    const any = LINES.filter((l) => cats(l).includes('hep-ph')).length;
    expect(any).toBeGreaterThan(primary);
    const r = await importKaggleSnapshot(blob(TEXT), { categories: ['hep-ph'], primaryOnly: true });
    expect(r.kept).toBe(primary);
    expect(categoryFilter(['cs.'])(['cs.CL'])).toBe(true);
    expect(categoryFilter(['cs'])(['cs.CL'])).toBe(true);
    expect(categoryFilter(['cs.CL'])(['cs.CLX'])).toBe(false);
    expect(categoryFilter(['cs.CL'], { primaryOnly: true })(['cs.LG', 'cs.CL'])).toBe(false);
  });

  it('warns about a category that matches nothing (a typo), keeps 0 and says so', async () => {
    const r = await importKaggleSnapshot(blob(TEXT), { categories: ['hep-tj', 'hep-th'] });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/“hep-tj” matched none of the 200 papers/);
  });

  it('resumes after the last committed batch without duplicates', async () => {
    const commits: number[] = [];
    const first = await importKaggleSnapshot(blob(TEXT), {
      categories: [],
      batchSize: 50,
      onBatchCommitted: (c) => {
        commits.push(c.line);
      },
    });
    expect(commits.length).toBe(4);
    await resetDbForTests();
    // Two batches were committed before the browser went away.
    const resumed = await importKaggleSnapshot(blob(TEXT), {
      categories: [],
      batchSize: 50,
      resumeAfterLine: commits[1],
    });
    expect(resumed.kept).toBe(first.kept - 100);
    expect(await corpusSize()).toBe(first.kept - 100);
  });

  it('what onBatchCommitted writes commits with its batch: a failure there stores neither', async () => {
    // The job's cursor is written here; a browser closed between batch and cursor would read a
    // committed batch again on resume (counted twice). Written in one transaction, it cannot.
    const r = await importKaggleSnapshot(blob(TEXT), {
      categories: [],
      batchSize: 50,
      onBatchCommitted: async (c) => {
        if (c.line > 50) throw new Error('the browser went away');
      },
    });
    expect(r.error).toBeDefined();
    expect(await corpusSize()).toBe(50);
    expect(r.committedLine).toBe(50);
  });

  it('estimates papers and storage before importing, and writes nothing', async () => {
    const { estimateKaggleImport } = await import('@/lib/corpus');
    const e = await estimateKaggleImport(blob(TEXT), { categories: ['hep-ph'] });
    expect(e.complete).toBe(true);
    expect(e.estimatedPapers).toBe(LINES.filter((l) => cats(l).includes('hep-ph')).length);
    expect(e.estimatedBytes).toBeGreaterThan(e.estimatedPapers * 1000);
    const part = await estimateKaggleImport(blob(TEXT), { categories: [], sampleBytes: 20_000 });
    expect(part.complete).toBe(false);
    expect(part.estimatedPapers).toBeGreaterThan(100);
    expect(part.estimatedPapers).toBeLessThan(400);
    const bad = await estimateKaggleImport(blob('id,title\n1,2\n'), { categories: [] });
    expect(bad.error?.message).toMatch(/CSV/);
    expect(await corpusSize()).toBe(0);
  });
});

describe('batches end at index blocks', () => {
  it('sizes a batch up to the end of the block its first new paper falls in', () => {
    expect(importBatchSize(0)).toBe(32_768);
    expect(importBatchSize(74_728)).toBe(23_576);
    expect(importBatchSize(32_767)).toBe(1);
    expect(importBatchSize(65_536)).toBe(32_768);
  });

  it('the importer cuts its batches there, whatever the index already holds', async () => {
    // An index whose next doc number is 60 short of a block's end.
    await getDb().meta.put({
      key: 'corpus-index',
      value: { nextDoc: 32_708, live: 0, dead: 0, gen: 1, normsAt: 0, uid: 'u' },
    });
    const sizes: number[] = [];
    const r = await importKaggleSnapshot(blob(TEXT), {
      categories: [],
      onBatchCommitted: (c) => {
        sizes.push(c.papers);
      },
    });
    expect(r.error).toBeUndefined();
    expect(sizes).toEqual([60, LINES.length - 60]);
    expect((await readIndexMeta(getDb().meta)).nextDoc).toBe(32_708 + LINES.length);
    expect((await search({ text: 'diphoton production', k: 1 }))[0]?.id).toBe('0704.0001');
  });
});
