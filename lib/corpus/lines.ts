/**
 * Streams the lines of a text file, plain, gzipped or zipped (the first .json/.jsonl entry of a
 * .zip, as Kaggle ships the arXiv snapshot), without ever holding the whole file: a Blob/File or
 * a byte stream in, lines out, with the count of source bytes read. Decompression is the
 * browser's DecompressionStream for .gz (every browser the manifest admits has it) and fflate's
 * streaming Unzip for .zip, fed one input chunk at a time as the reader asks for lines. A damaged
 * or cut-short archive ends the lines with a FileReadProblem whose message is written for a
 * reader (never the library's or the browser's own text).
 */
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';

/** Longest line handed out whole; a longer one comes cut, with `tooLong` set. */
export const MAX_LINE_CHARS = 8_000_000;

export interface Line {
  line: string;
  /** 1-based line number (empty lines count). */
  n: number;
  tooLong?: boolean;
}

export type FileFormat = 'text' | 'gzip' | 'zip';

export interface LineSource {
  /** Lines without their end-of-line. */
  lines: AsyncGenerator<Line>;
  /** Source bytes consumed so far (compressed bytes for .gz/.zip input). */
  bytesRead(): number;
  totalBytes: number | null;
  format: FileFormat;
  /** True for gzip input (kept for callers that only tell gzip from text). */
  gzip: boolean;
  /** The entry read from a .zip, once known. */
  entryName(): string | null;
  /** Stops reading and releases the source. */
  cancel(): Promise<void>;
}

export type ReadProblemKind = 'truncated' | 'corrupt' | 'zip-no-text' | 'zip-method';

/** Why the bytes of a file could not be read to the end, in words for a reader. */
export class FileReadProblem extends Error {
  constructor(
    readonly kind: ReadProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'FileReadProblem';
  }
}

const PROBLEM_TEXT: Record<ReadProblemKind, (f: FileFormat) => string> = {
  truncated: (f) =>
    f === 'zip'
      ? 'the .zip file ends too early (an unfinished download?)'
      : 'the .gz file ends too early (an unfinished download?)',
  corrupt: (f) => `the ${f === 'zip' ? '.zip' : '.gz'} file is damaged and cannot be decompressed`,
  'zip-no-text': () => 'the .zip file holds no .json or .jsonl file',
  'zip-method': () => 'the .zip file uses a compression method other than deflate',
};

function problem(kind: ReadProblemKind, f: FileFormat): FileReadProblem {
  return new FileReadProblem(kind, PROBLEM_TEXT[kind](f));
}

/** Entries of a .zip worth reading: JSON (lines) files, not folders or macOS resource forks. */
export function isTextEntry(name: string): boolean {
  return /\.(jsonl?|ndjson|txt)$/i.test(name) && !/(^|\/)(__MACOSX\/|\.)/.test(name);
}

/**
 * Decompressed chunks of a gzip stream; throws FileReadProblem on a damaged or short file.
 * The browser's DecompressionStream (Chrome 80, Firefox 113; the manifest asks for 116 and 140):
 * native zlib inflates the 150 MB of the 74k benchmark file in 2.4 s where fflate took 6.2 s
 * (Chromium, this machine), and the import of that file took 30 % longer with fflate.
 *
 * It feeds the decompressor one input chunk at a time, and only while the reader waits for output:
 * `pipeThrough` lets some implementations (Node's among them) swallow the whole compressed file
 * ahead of the reader (unbounded memory, a progress bar at 100 % from the start). A failure once
 * the whole file went in is a short file, before that a damaged one.
 */
async function* gunzipChunks(src: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter() as WritableStreamDefaultWriter<Uint8Array>;
  const out = ds.readable.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const input = src[Symbol.asyncIterator]();
  let inputDone = false;
  const feed = async (): Promise<'fed'> => {
    const { done, value } = await input.next();
    if (done) {
      inputDone = true;
      await writer.close();
    } else {
      await writer.write(value);
    }
    return 'fed';
  };
  /** Resolves when the last chunk written has been taken in. */
  let fed: Promise<'fed'> = Promise.resolve('fed');
  let finished = false;
  try {
    for (;;) {
      const reading = out.read();
      reading.catch(() => undefined); // a failure surfaces through the race below
      let got: ReadableStreamReadResult<Uint8Array>;
      try {
        for (;;) {
          const first = await Promise.race([reading, inputDone ? reading : fed]);
          if (first !== 'fed') {
            got = first;
            break;
          }
          // The decompressor took in everything so far and the reader still waits: feed more.
          fed = feed();
          fed.catch(() => undefined);
        }
      } catch {
        finished = true;
        throw problem(inputDone ? 'truncated' : 'corrupt', 'gzip');
      }
      if (got.done) {
        finished = true;
        return;
      }
      if (got.value.length) yield got.value;
    }
  } finally {
    // The reader stopped early (cancelled, or it stopped at a bad line): release the file.
    if (!finished) {
      await out.cancel().catch(() => undefined);
      await input.return?.();
    }
  }
}

/** Decompressed chunks of the first text entry of a .zip; `onEntry` names it. */
async function* unzipChunks(
  src: AsyncIterable<Uint8Array>,
  onEntry: (name: string) => void,
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let chosen: UnzipFile | null = null;
  let finished = false;
  let failure: FileReadProblem | null = null;
  const uz = new Unzip((file) => {
    if (chosen || !isTextEntry(file.name)) return;
    chosen = file;
    onEntry(file.name);
    if (file.compression !== 0 && file.compression !== 8) {
      failure = problem('zip-method', 'zip');
      return;
    }
    file.ondata = (err, data, final) => {
      if (err) failure ??= problem('corrupt', 'zip');
      else {
        if (data.length) out.push(data);
        if (final) finished = true;
      }
    };
    file.start();
  });
  uz.register(UnzipInflate);
  for await (const chunk of src) {
    try {
      uz.push(chunk, false);
    } catch {
      failure ??= problem('corrupt', 'zip');
    }
    while (out.length) yield out.shift()!;
    if (failure) throw failure;
    if (finished) return;
  }
  try {
    uz.push(new Uint8Array(0), true);
  } catch {
    // A short archive: said below.
  }
  while (out.length) yield out.shift()!;
  if (failure) throw failure;
  if (!chosen) throw problem('zip-no-text', 'zip');
  if (!finished) throw problem('truncated', 'zip');
}

export async function openLines(input: Blob | ReadableStream<Uint8Array>): Promise<LineSource> {
  const totalBytes = input instanceof Blob ? input.size : null;
  const raw = input instanceof Blob ? input.stream() : input;
  const reader = raw.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  let read = 0;
  // Peek at the first bytes to tell gzip and zip from text.
  let head = new Uint8Array(0);
  let ended = false;
  while (head.length < 4) {
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    read += value.byteLength;
    const next = new Uint8Array(head.length + value.byteLength);
    next.set(head);
    next.set(value, head.length);
    head = next;
  }
  const format: FileFormat =
    head[0] === 0x1f && head[1] === 0x8b
      ? 'gzip'
      : head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4
        ? 'zip'
        : 'text';
  let cancelled = false;
  async function* source(): AsyncGenerator<Uint8Array> {
    if (head.length) yield head;
    if (ended) return;
    for (;;) {
      if (cancelled) return;
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      yield value;
    }
  }
  let entry: string | null = null;
  const bytes =
    format === 'gzip'
      ? gunzipChunks(source())
      : format === 'zip'
        ? unzipChunks(source(), (n) => (entry = n))
        : source();
  async function* lines(): AsyncGenerator<Line> {
    const decoder = new TextDecoder('utf-8');
    let buf = '';
    let n = 0;
    /** Inside an over-long line whose head was already handed out. */
    let skipping = false;
    for await (const value of bytes) {
      if (cancelled) return;
      buf += decoder.decode(value, { stream: true });
      let start = 0;
      for (let nl = buf.indexOf('\n', start); nl !== -1; nl = buf.indexOf('\n', start)) {
        const end = nl > start && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (skipping) skipping = false;
        else yield { line: buf.slice(start, end), n: ++n };
        start = nl + 1;
      }
      buf = buf.slice(start);
      if (buf.length > MAX_LINE_CHARS) {
        if (!skipping) yield { line: buf.slice(0, MAX_LINE_CHARS), n: ++n, tooLong: true };
        skipping = true;
        buf = '';
      }
    }
    buf += decoder.decode();
    if (buf.length && !cancelled && !skipping) yield { line: buf.replace(/\r$/, ''), n: ++n };
  }
  return {
    lines: lines(),
    bytesRead: () => read,
    totalBytes,
    format,
    gzip: format === 'gzip',
    entryName: () => entry,
    async cancel() {
      cancelled = true;
      await reader.cancel().catch(() => undefined);
    },
  };
}
