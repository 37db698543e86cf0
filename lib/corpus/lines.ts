/**
 * Streams the lines of a (possibly gzipped) text file without ever holding the whole file:
 * a Blob/File or a byte stream in, lines out, with the count of source bytes read.
 */

/** Longest line handed out whole; a longer one comes cut, with `tooLong` set. */
export const MAX_LINE_CHARS = 8_000_000;

export interface Line {
  line: string;
  /** 1-based line number (empty lines count). */
  n: number;
  tooLong?: boolean;
}

export interface LineSource {
  /** Lines without their end-of-line. */
  lines: AsyncGenerator<Line>;
  /** Source bytes consumed so far (compressed bytes for .gz input). */
  bytesRead(): number;
  totalBytes: number | null;
  gzip: boolean;
  /** Stops reading and releases the source. */
  cancel(): Promise<void>;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** Prepends already-read bytes to the rest of a reader. */
function rejoin(
  head: Uint8Array,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  count: (n: number) => void,
) {
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first) {
        first = false;
        if (head.length) {
          controller.enqueue(head);
          return;
        }
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else {
        count(value.byteLength);
        controller.enqueue(value);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * gzip-decompresses a stream, feeding the decompressor one input chunk at a time and only when
 * the reader waits for output. (pipeThrough would let some implementations, Node's among them,
 * swallow the whole compressed file ahead of the reader: unbounded memory, useless progress.)
 */
function gunzip(input: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter() as WritableStreamDefaultWriter<Uint8Array>;
  const out = ds.readable.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const src = input.getReader();
  let pendingRead: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  /** Resolves when the last chunk written has been taken in (or the input is finished). */
  let fed: Promise<'fed'> = Promise.resolve('fed');
  let inputDone = false;
  const feed = async (): Promise<'fed'> => {
    const { done, value } = await src.read();
    if (done) {
      inputDone = true;
      await writer.close();
    } else {
      await writer.write(value);
    }
    return 'fed';
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!pendingRead) {
          pendingRead = out.read();
          pendingRead.catch(() => undefined); // errors surface through the race below
        }
        for (;;) {
          const first = await Promise.race([pendingRead, inputDone ? pendingRead : fed]);
          if (first !== 'fed') {
            pendingRead = null;
            if (first.done) controller.close();
            else controller.enqueue(first.value);
            return;
          }
          // The decompressor took in everything so far and the reader still waits: feed more.
          fed = feed();
          fed.catch(() => undefined);
        }
      },
      async cancel(reason) {
        await src.cancel(reason).catch(() => undefined);
        await out.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

export async function openLines(input: Blob | ReadableStream<Uint8Array>): Promise<LineSource> {
  const totalBytes = input instanceof Blob ? input.size : null;
  const raw = input instanceof Blob ? input.stream() : input;
  const reader = raw.getReader();
  let read = 0;
  // Peek at the first bytes to tell gzip from text.
  let head = new Uint8Array(0);
  while (head.length < 2) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    const next = new Uint8Array(head.length + value.byteLength);
    next.set(head);
    next.set(value, head.length);
    head = next;
  }
  const gzip = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  let bytes: ReadableStream<Uint8Array> = rejoin(head, reader, (n) => (read += n));
  if (gzip) bytes = gunzip(bytes);
  const textReader = bytes.getReader();
  let cancelled = false;
  async function* lines(): AsyncGenerator<Line> {
    const decoder = new TextDecoder('utf-8');
    let buf = '';
    let n = 0;
    /** Inside an over-long line whose head was already handed out. */
    let skipping = false;
    for (;;) {
      const { done, value } = await textReader.read();
      if (done) break;
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
    gzip,
    async cancel() {
      cancelled = true;
      await textReader.cancel().catch(() => undefined);
    },
  };
}
