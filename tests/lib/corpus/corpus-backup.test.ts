import { afterEach, describe, expect, it } from 'vitest';
import { resetDbForTests } from '@/lib/db';
import {
  clearCorpus,
  corpusSize,
  exportCorpus,
  exportCorpusStream,
  getPaper,
  importCorpusBackup,
  relatedPapers,
  savePaperFromPage,
  upsertPapers,
} from '@/lib/corpus';
import type { PaperRecord } from '@/lib/corpus/schema';
import { fixtureRecords } from './corpus-helpers';

afterEach(resetDbForTests);

async function streamText(s: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(s).text();
}

describe('corpus backup', () => {
  it('exports every paper and restores them, indexed, into an empty corpus', async () => {
    const recs = fixtureRecords();
    await upsertPapers(recs);
    const r0 = recs[0] as PaperRecord;
    const sections = [{ number: '1', heading: 'Intro', level: 1, text: 'Diphotons.' }];
    await savePaperFromPage({ ...r0, sections, references: [] });
    const exported: PaperRecord[] = [];
    for await (const p of exportCorpus({ pageSize: 37 })) exported.push(p);
    expect(exported).toHaveLength(200);
    expect(new Set(exported.map((p) => p.id)).size).toBe(200);

    const text = await streamText(exportCorpusStream(new Date('2026-11-23T00:00:00Z')));
    const lines = text.trim().split('\n');
    expect(JSON.parse(lines[0] as string)).toEqual({
      format: 'antigravity-corpus',
      version: 1,
      exportedAt: '2026-11-23T00:00:00.000Z',
      count: 200,
    });
    expect(lines).toHaveLength(201);

    const before = await relatedPapers(r0, 5);
    await clearCorpus();
    expect(await corpusSize()).toBe(0);
    const r = await importCorpusBackup(new Blob([text]), { batchSize: 64 });
    expect(r).toMatchObject({
      kept: 200,
      added: 200,
      updated: 0,
      malformedCount: 0,
      cancelled: false,
    });
    expect(r.error).toBeUndefined();
    const restored = await getPaper(r0.id);
    expect(restored).toEqual(exported.find((p) => p.id === r0.id));
    expect(restored?.sections).toEqual(sections);
    expect(restored?.openedAt).toBeGreaterThan(0);
    expect(await relatedPapers(r0, 5)).toEqual(before);
    // restoring again changes nothing
    expect(await importCorpusBackup(new Blob([text]))).toMatchObject({ added: 0, updated: 0 });
  });

  it('rejects a file that is not a backup and reports bad lines', async () => {
    const notBackup = await importCorpusBackup(new Blob(['{"id":"0704.0001","title":"x"}\n']));
    expect(notBackup.error).toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/not an Antigravity corpus backup/),
    });
    expect(await corpusSize()).toBe(0);
    const newer = await importCorpusBackup(
      new Blob(['{"format":"antigravity-corpus","version":99}\n']),
    );
    expect(newer.error?.message).toMatch(/newer Antigravity/);

    const recs = fixtureRecords().slice(0, 3);
    const text = [
      JSON.stringify({ format: 'antigravity-corpus', version: 1, exportedAt: 'x', count: 4 }),
      JSON.stringify(recs[0]),
      '{broken',
      JSON.stringify({ ...recs[1], title: 7 }),
      JSON.stringify(recs[2]),
    ].join('\n');
    const r = await importCorpusBackup(new Blob([text]));
    expect(r.kept).toBe(2);
    expect(r.malformed).toEqual([
      { line: 3, reason: 'not valid JSON' },
      { line: 4, reason: expect.stringMatching(/^title: /) },
    ]);
    expect(await corpusSize()).toBe(2);
  });
});
