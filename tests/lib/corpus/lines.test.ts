import { describe, expect, it } from 'vitest';
import { gzipSync, zipSync, strToU8 } from 'fflate';
import { FileReadProblem, isTextEntry, openLines } from '@/lib/corpus/lines';
import { snapshotText } from './corpus-helpers';

const TEXT = snapshotText();
const N = TEXT.split('\n').filter((l) => l.trim()).length;

/** The 200-paper sample gzipped, with bytes in the middle of its deflate stream overwritten. */
function damagedGz(): Uint8Array {
  const gz = gzipSync(strToU8(TEXT));
  for (let i = 4000; i < 4400; i++) gz[i] = (gz[i]! * 31 + 7) & 255;
  return gz;
}

async function readAll(data: Uint8Array) {
  const src = await openLines(new Blob([data as BlobPart]));
  let n = 0;
  try {
    for await (const l of src.lines) if (l.line.trim()) n++;
    return { n, src, error: null };
  } catch (e) {
    return { n, src, error: e };
  }
}

describe('openLines', () => {
  it('reads the 200-paper sample as text, .gz and Kaggle-style .zip alike', async () => {
    const zip = zipSync({ 'arxiv-metadata-oai-snapshot.json': strToU8(TEXT) });
    for (const [data, format] of [
      [strToU8(TEXT), 'text'],
      [gzipSync(strToU8(TEXT)), 'gzip'],
      [zip, 'zip'],
    ] as const) {
      const r = await readAll(data);
      expect(r.error).toBeNull();
      expect(r.src.format).toBe(format);
      expect(r.n).toBe(N);
    }
    expect((await readAll(zip)).src.entryName()).toBe('arxiv-metadata-oai-snapshot.json');
  });

  it('skips folders and other entries of a .zip for the first JSON file', async () => {
    const zip = zipSync({
      '__MACOSX/._x.json': strToU8('junk'),
      'README.txt.csv': strToU8('a,b'),
      'data/arxiv.jsonl': strToU8(TEXT),
    });
    const r = await readAll(zip);
    expect(r.error).toBeNull();
    expect(r.src.entryName()).toBe('data/arxiv.jsonl');
    expect(r.n).toBe(N);
    expect(isTextEntry('x/.hidden.json')).toBe(false);
  });

  it.each([
    [
      'a truncated .gz',
      () => gzipSync(strToU8(TEXT)).slice(0, 40_000),
      'truncated',
      /\.gz file ends too early/,
    ],
    [
      'a truncated .zip',
      () => zipSync({ 'a.json': strToU8(TEXT) }).slice(0, 40_000),
      'truncated',
      /\.zip file ends too early/,
    ],
    [
      'a .zip without JSON',
      () => zipSync({ 'a.csv': strToU8('x,y\n') }),
      'zip-no-text',
      /no \.json/,
    ],
  ])('says what is wrong with %s, in words for a reader', async (_w, make, kind, message) => {
    const r = await readAll(make());
    expect(r.error).toBeInstanceOf(FileReadProblem);
    expect((r.error as FileReadProblem).kind).toBe(kind);
    expect((r.error as FileReadProblem).message).toMatch(message);
    expect(r.n).toBeLessThan(N);
  });

  describe(".gz through the browser's DecompressionStream", () => {
    it.each([
      ['reads it whole', () => gzipSync(strToU8(TEXT)), null, null],
      [
        'a truncated .gz',
        () => gzipSync(strToU8(TEXT)).slice(0, 40_000),
        'truncated',
        /ends too early/,
      ],
      ['a damaged .gz', damagedGz, 'corrupt', /\.gz file is damaged/],
    ])('%s', async (_w, make, kind, message) => {
      const r = await readAll(make());
      expect(r.src.format).toBe('gzip');
      if (!kind) {
        expect(r.error).toBeNull();
        expect(r.n).toBe(N);
        return;
      }
      expect(r.error).toBeInstanceOf(FileReadProblem);
      expect((r.error as FileReadProblem).kind).toBe(kind);
      expect((r.error as FileReadProblem).message).toMatch(message!);
      expect(r.n).toBeLessThan(N);
    });
  });
});
