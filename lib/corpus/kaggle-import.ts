/**
 * Import of the Kaggle arXiv metadata snapshot (https://www.kaggle.com/datasets/Cornell-University/arxiv:
 * `arxiv-metadata-oai-snapshot.json`, JSON lines, ~4.5 GB for ~2.8 M papers; Kaggle ships it as a
 * ~1.5 GB .zip; a .gz of it works too). The file is streamed line by line (lines.ts) and written
 * in batches (one transaction each) while the next batch is parsed; it is never read whole.
 * Importing the same file again adds nothing twice (papers are keyed by base id); a job that
 * stopped resumes after the last line of its last committed batch (`resumeAfterLine`).
 */
import { parseArxivId } from '../arxiv/id';
import { normalizeSpace } from '../arxiv/atom';
import { agError, isQuotaError, toAgError, type AgError } from '../errors';
import { FileReadProblem, openLines, type Line, type LineSource } from './lines';
import type { PaperRecord } from './schema';
import { commitUpsert, corpusSize, prepareUpsert, refreshNorms } from './store';
import { readIndexMeta } from './indexer';
import { BLOCK_SIZE } from './postings';
import { getDb } from '../db';

export interface ImportProgress {
  /** Bytes of the file read so far (compressed bytes for a .gz file). */
  bytesRead: number;
  totalBytes: number | null;
  linesRead: number;
  /** Papers in the chosen categories (written, or about to be). */
  kept: number;
  malformed: number;
  /** Lines (papers) read per second since the start. */
  papersPerSecond: number;
  etaSeconds: number | null;
}

export interface MalformedLine {
  line: number;
  reason: string;
}

export interface ImportResult {
  linesRead: number;
  kept: number;
  added: number;
  updated: number;
  /** The first MAX_MALFORMED_REPORTED malformed lines (all are counted in `malformedCount`). */
  malformed: MalformedLine[];
  malformedCount: number;
  cancelled: boolean;
  error?: AgError;
  /** Filters that matched nothing in the first lines read, and other things worth saying. */
  warnings: string[];
  /** Line number of the last line of the last batch written (what a resume skips). */
  committedLine: number;
}

/** The result of an import that has read nothing yet (Kaggle snapshots and corpus backups). */
export function emptyImportResult(committedLine = 0): ImportResult {
  return {
    linesRead: 0,
    kept: 0,
    added: 0,
    updated: 0,
    malformed: [],
    malformedCount: 0,
    cancelled: false,
    warnings: [],
    committedLine,
  };
}

export interface KaggleImportOptions {
  /** Exact categories (`hep-th`), prefixes ending in a dot (`cs.`) or archives (`math`); empty = all. */
  categories: string[];
  signal?: AbortSignal;
  /** Papers per transaction (default: up to the end of an index block, importBatchSize). */
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Minimum milliseconds between progress calls (default 250; 0 = every batch). */
  progressIntervalMs?: number;
  /** Match only a paper's primary (first) category, not its cross-lists. */
  primaryOnly?: boolean;
  /** Skip lines up to this line number (unread: they were written by an earlier run). */
  resumeAfterLine?: number;
  /**
   * Inside each batch's transaction, after its writes: the line it ends at and the papers it
   * wrote. What this writes to the database (a job's cursor) commits with the batch or not at
   * all, so a run that dies between the two cannot read a committed batch again. IndexedDB work
   * only (see UpsertOptions.inTransaction).
   */
  onBatchCommitted?: (c: {
    line: number;
    papers: number;
    added: number;
    updated: number;
  }) => Promise<void> | void;
}

/** Lines after which a filter that matched nothing gets a warning. */
export const FILTER_WARN_LINES = 20_000;

/** Most papers in an import batch: an index block. */
export const IMPORT_BATCH = BLOCK_SIZE;

/**
 * Papers in the next import batch when its first new paper gets doc number `nextDoc`: up to the
 * end of that paper's index block (lib/corpus/README.md), so that an import writes each group
 * row of a block once (a batch across a block boundary writes the rows of both blocks, and its
 * neighbours write them again). Two batches are in memory at once, ~100 MB. Why this size:
 * tests/bench/README.md.
 */
export function importBatchSize(nextDoc: number): number {
  return BLOCK_SIZE - (nextDoc % BLOCK_SIZE);
}

export const MAX_MALFORMED_REPORTED = 1000;
/** Non-empty lines looked at before deciding that a file is not the snapshot. */
const PROBE_LINES = 5;

/**
 * Keeps a paper when one of its categories matches a filter: `hep-th` exactly, `cs.` as a
 * prefix, `math` as an archive (math, math.CO, ...). Case-sensitive like arXiv's names.
 */
export function categoryFilter(
  filters: string[],
  opts: { primaryOnly?: boolean } = {},
): (categories: string[]) => boolean {
  const fs = filters.map((f) => f.trim()).filter(Boolean);
  if (!fs.length) return () => true;
  return (cats) =>
    (opts.primaryOnly ? cats.slice(0, 1) : cats).some((c) => fs.some((f) => filterMatches(f, c)));
}

/** `hep-th` exactly, `cs.` as a prefix, `math` as an archive (math, math.CO, ...). */
export function filterMatches(filter: string, category: string): boolean {
  return (
    category === filter ||
    (filter.endsWith('.') ? category.startsWith(filter) : category.startsWith(`${filter}.`))
  );
}

/** Splits what a reader typed ("cs.CL, cs.LG; hep-th") into filters. */
export function parseCategoryList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
}

/** The warning for filters that matched none of the first `lines` papers. */
export function unmatchedWarning(filters: string[], lines: number, primaryOnly: boolean): string {
  const list = filters.map((f) => `“${f}”`).join(', ');
  return (
    `${list} matched none of the first ${lines.toLocaleString('en-US')} papers` +
    (primaryOnly ? ' as a primary category' : '') +
    ': check the spelling (arXiv writes cs.CL, hep-th, math.AG; a prefix ends with a dot: cs.).'
  );
}

type ParsedLine = { ok: true; record: PaperRecord } | { ok: false; reason: string };

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

/** One snapshot line as a corpus record, or why it is not one. */
export function parseKaggleLine(line: string, now = Date.now()): ParsedLine {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, reason: `not valid JSON (${msg.slice(0, 120)})` };
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  const o = obj as Record<string, unknown>;
  const missing = ['id', 'title', 'abstract', 'categories'].filter((k) => typeof o[k] !== 'string');
  if (missing.length)
    return { ok: false, reason: `missing or non-text field(s): ${missing.join(', ')}` };
  const parsed = parseArxivId(o.id as string);
  if (!parsed.ok)
    return { ok: false, reason: `id "${String(o.id).slice(0, 60)}" is not an arXiv id` };
  const title = normalizeSpace(o.title as string);
  if (!title) return { ok: false, reason: 'empty title' };
  const categories = (o.categories as string).split(/\s+/).filter(Boolean);
  if (!categories.length) return { ok: false, reason: 'no categories' };
  let version = parsed.id.version;
  let published: string | undefined;
  if (Array.isArray(o.versions)) {
    for (const v of o.versions as unknown[]) {
      if (!v || typeof v !== 'object') continue;
      const vn = /^v(\d+)$/.exec(String((v as Record<string, unknown>).version ?? ''));
      if (vn) version = Math.max(version ?? 0, Number(vn[1])) || null;
      const created = str((v as Record<string, unknown>).created);
      if (vn?.[1] === '1' && created) {
        const d = new Date(created);
        if (!Number.isNaN(d.getTime())) published = d.toISOString();
      }
    }
  }
  let authors: string[] = [];
  if (Array.isArray(o.authors_parsed)) {
    authors = (o.authors_parsed as unknown[])
      .map((a) =>
        Array.isArray(a)
          ? normalizeSpace([a[1], a[0], a[2]].filter((x) => typeof x === 'string' && x).join(' '))
          : '',
      )
      .filter(Boolean);
  }
  if (!authors.length && typeof o.authors === 'string') {
    authors = normalizeSpace(o.authors)
      .split(/,\s*|\s+and\s+/)
      .map((a) => a.trim())
      .filter(Boolean);
  }
  const record: PaperRecord = {
    id: parsed.id.base,
    version,
    title,
    authors,
    abstract: normalizeSpace(o.abstract as string),
    categories,
    primaryCategory: categories[0] as string,
    origin: 'import',
    addedAt: now,
  };
  if (published) record.published = published;
  const updated = str(o.update_date);
  if (updated) record.updated = updated;
  const doi = str(o.doi);
  if (doi) record.doi = normalizeSpace(doi);
  const jr = str(o['journal-ref']);
  if (jr) record.journalRef = normalizeSpace(jr);
  const comments = str(o.comments);
  if (comments) record.comments = normalizeSpace(comments);
  return { ok: true, record };
}

/** Why the first lines show that this is not the snapshot format. */
function notSnapshotMessage(first: Line | undefined, src: Pick<LineSource, 'format'>): AgError {
  const action =
    'Choose the arXiv metadata snapshot from Kaggle (https://www.kaggle.com/datasets/Cornell-University/arxiv: the .zip as downloaded, or arxiv-metadata-oai-snapshot.json, or a .gz of it): one JSON object per line with id, title, abstract and categories.';
  const gzip = src.format !== 'text';
  if (!first) return agError('bad_input', 'The file is empty: nothing was imported.', action);
  const head = first.line.trimStart();
  // U+FFFD replacement characters or NULs: bytes that are not UTF-8 text.
  const sample = head.slice(0, 2000);
  const binary = sample.includes('\u0000') || sample.includes('\uFFFD');
  let what: string;
  if (binary) what = gzip ? 'the decompressed file is not text' : 'it is not a text file';
  else if (head.startsWith('[')) what = 'it is one JSON array, not one JSON object per line';
  else if (head.startsWith('<')) what = 'it looks like XML or HTML';
  else if (!head.startsWith('{') && /^[^{}]*[,;\t][^{}]*$/.test(head.slice(0, 400)))
    what = 'it looks like a CSV or spreadsheet export, not JSON lines';
  else if (head.startsWith('{'))
    what = `line ${first.n} is not a paper record with id, title, abstract and categories`;
  else what = `line ${first.n} is not JSON`;
  return agError(
    'bad_input',
    `This file is not the arXiv metadata snapshot: ${what}. Nothing was imported.`,
    action,
  );
}

export { isQuotaError };

function isAbort(e: unknown): boolean {
  return toAgError(e).code === 'aborted' || (e instanceof Error && e.name === 'AbortError');
}

/**
 * Imports the papers of the chosen categories from a snapshot file. Never throws for bad input,
 * a full disk or a cancel: the result says what happened, and every batch written stays.
 */
export async function importKaggleSnapshot(
  input: Blob | ReadableStream<Uint8Array>,
  opts: KaggleImportOptions,
): Promise<ImportResult> {
  const result = emptyImportResult(opts.resumeAfterLine ?? 0);
  const fixedBatch = opts.batchSize === undefined ? undefined : Math.max(1, opts.batchSize);
  /** The doc number the next batch's first new paper will get (batches end at index blocks). */
  let nextDoc =
    fixedBatch === undefined
      ? await readIndexMeta(getDb().meta).then(
          (m) => m.nextDoc,
          () => 0, // only the batches' alignment depends on it
        )
      : 0;
  let batchSize = fixedBatch ?? importBatchSize(nextDoc);
  const filters = parseCategoryList(opts.categories.join(' '));
  const keep = categoryFilter(filters, { primaryOnly: opts.primaryOnly });
  /** Filters not matched yet (watched until FILTER_WARN_LINES). */
  let unmatched = new Set(filters);
  const skipUpTo = opts.resumeAfterLine ?? 0;
  const started = Date.now();
  let src: LineSource;
  try {
    src = await openLines(input);
  } catch {
    result.error = agError(
      'bad_input',
      'The file could not be read (it may have been moved, deleted or changed since it was chosen). Nothing was imported.',
      'Choose the file again.',
    );
    return result;
  }
  let lastProgress = 0;
  const interval = opts.progressIntervalMs ?? 250;
  const progress = (force = false) => {
    if (!opts.onProgress) return;
    const now = Date.now();
    if (!force && now - lastProgress < interval) return;
    lastProgress = now;
    const secs = Math.max((now - started) / 1000, 1e-3);
    const bytes = src.bytesRead();
    const rate = bytes / secs;
    opts.onProgress({
      bytesRead: bytes,
      totalBytes: src.totalBytes,
      linesRead: result.linesRead,
      kept: result.kept,
      malformed: result.malformedCount,
      papersPerSecond: result.linesRead / secs,
      etaSeconds:
        src.totalBytes !== null && rate > 0 ? Math.max(0, (src.totalBytes - bytes) / rate) : null,
    });
  };
  const malformed = (line: number, reason: string) => {
    result.malformedCount++;
    if (result.malformed.length < MAX_MALFORMED_REPORTED) result.malformed.push({ line, reason });
  };

  let batch: PaperRecord[] = [];
  let batchLastLine = 0;
  let inflight: Promise<void> | null = null;
  let writeError: unknown = null;
  let committed = 0;
  /**
   * Analyses the batch at once (CPU, while the previous batch's transaction is still writing),
   * then waits for that previous batch and, if it succeeded, starts this one's transaction: at
   * most two batches in memory, one transaction at a time, nothing written after a failure.
   */
  const flush = async () => {
    if (!batch.length || writeError) return;
    const records = batch;
    const lastLine = batchLastLine;
    batch = [];
    nextDoc += records.length;
    batchSize = fixedBatch ?? importBatchSize(nextDoc);
    let prepared: ReturnType<typeof prepareUpsert>;
    try {
      prepared = prepareUpsert(records);
    } catch (e) {
      writeError = e;
      return;
    }
    if (inflight) await inflight;
    if (writeError) return;
    const inTransaction = opts.onBatchCommitted;
    inflight = commitUpsert(prepared, {
      signal: opts.signal,
      deferNormRefresh: true,
      ...(inTransaction
        ? {
            inTransaction: (r) =>
              Promise.resolve(
                inTransaction({
                  line: lastLine,
                  papers: records.length,
                  added: r.added,
                  updated: r.updated,
                }),
              ),
          }
        : {}),
    }).then(
      (r) => {
        result.added += r.added;
        result.updated += r.updated;
        committed += records.length;
        result.committedLine = lastLine;
        progress(true);
      },
      (e: unknown) => {
        writeError = e;
      },
    );
  };

  let probing = true;
  const probe: Line[] = [];
  let readError: unknown = null;
  try {
    for await (const ln of src.lines) {
      if (opts.signal?.aborted || writeError) break;
      result.linesRead = ln.n;
      if (ln.n <= skipUpTo) continue;
      if (unmatched.size && ln.n >= FILTER_WARN_LINES) {
        result.warnings.push(
          unmatchedWarning([...unmatched], FILTER_WARN_LINES, !!opts.primaryOnly),
        );
        unmatched = new Set();
      }
      if (!ln.line.trim()) continue;
      const parsed: ParsedLine = ln.tooLong
        ? { ok: false, reason: 'line too long to be a paper record' }
        : parseKaggleLine(ln.line);
      if (probing) {
        if (!parsed.ok) {
          probe.push(ln);
          if (probe.length >= PROBE_LINES) {
            result.error = notSnapshotMessage(probe[0], src);
            result.malformed = [];
            result.malformedCount = 0;
            await src.cancel();
            return result;
          }
          malformed(ln.n, parsed.reason);
          continue;
        }
        probing = false;
      }
      if (!parsed.ok) {
        malformed(ln.n, parsed.reason);
        continue;
      }
      if (unmatched.size) {
        const cats = opts.primaryOnly
          ? parsed.record.categories.slice(0, 1)
          : parsed.record.categories;
        for (const f of unmatched) if (cats.some((c) => filterMatches(f, c))) unmatched.delete(f);
      }
      if (!keep(parsed.record.categories)) continue;
      result.kept++;
      batch.push(parsed.record);
      batchLastLine = ln.n;
      if (batch.length >= batchSize) await flush();
      progress();
    }
  } catch (e) {
    readError = e;
  }
  if (probing && !result.error && !readError && !opts.signal?.aborted) {
    result.error = notSnapshotMessage(probe[0], src);
    result.malformed = [];
    result.malformedCount = 0;
    return result;
  }
  if (opts.signal?.aborted) {
    result.cancelled = true;
    await src.cancel();
  } else if (!readError && !writeError) {
    await flush();
  } else {
    await src.cancel();
  }
  if (inflight) await inflight;

  if (writeError) {
    // A transaction the browser aborted (a full disk aborts it as AbortError in Chromium) is not
    // the reader's cancel: only an abort while the signal is set is.
    if (isAbort(writeError) && opts.signal?.aborted) result.cancelled = true;
    else if (isQuotaError(writeError)) {
      const size = await corpusSize().catch(() => null);
      result.error = agError(
        'quota_exceeded',
        `The browser's storage is full: the import stopped after storing ${committed.toLocaleString('en-US')} papers of this file` +
          (size !== null
            ? ` (your corpus now holds ${size.toLocaleString('en-US')} papers).`
            : '.') +
          ' Everything stored so far is kept.',
        'Free disk space or remove categories you do not need, or choose fewer categories; importing the same file again skips the papers already stored.',
      );
    } else {
      const err = toAgError(writeError);
      result.error = agError(
        err.code === 'unknown' ? 'unknown' : err.code,
        `The import stopped after storing ${committed.toLocaleString('en-US')} papers: the browser's database refused a write (${err.message}).`,
        'The papers stored so far are kept; run the import again to continue (stored papers are skipped).',
      );
    }
  } else if (readError) {
    const why =
      readError instanceof FileReadProblem
        ? readError.message
        : 'the browser could not read it (was it moved, deleted or changed since it was chosen?)';
    const stored =
      committed > 0
        ? `${committed.toLocaleString('en-US')} papers before it were stored and are kept.`
        : 'Nothing was stored.';
    result.error = agError(
      'bad_input',
      result.linesRead > 0
        ? `The file could not be read past line ${result.linesRead.toLocaleString('en-US')}: ${why}. ${stored}`
        : `The file could not be read: ${why}. Nothing was imported.`,
      readError instanceof FileReadProblem && readError.kind === 'zip-no-text'
        ? 'Choose the .zip downloaded from Kaggle (it holds arxiv-metadata-oai-snapshot.json), or that .json file itself.'
        : src.format === 'text'
          ? 'Check the file (it may be truncated), then import it again.'
          : `The ${src.format === 'zip' ? '.zip' : '.gz'} file may be truncated or damaged: download it again, or decompress it and import the .json file; papers already stored are skipped.`,
    );
  }
  if (unmatched.size && !result.error && !result.cancelled && result.linesRead > 0) {
    result.warnings.push(
      unmatchedWarning([...unmatched], result.linesRead, !!opts.primaryOnly).replace(
        'the first ',
        'the ',
      ),
    );
  }
  if (committed > 0 && !result.cancelled && !result.error) {
    await refreshNorms().catch(() => undefined);
  }
  progress(true);
  return result;
}

/**
 * Storage a paper takes in the corpus (record + index), for estimates before an import:
 * measured 2.4-2.7 KB per real paper in Chromium (README, benchmarks); the high end.
 */
export const STORAGE_BYTES_PER_PAPER = 2_700;

export interface ImportEstimate {
  format: LineSource['format'];
  /** The .zip entry read, if any. */
  entryName: string | null;
  linesRead: number;
  /** Papers in the chosen categories among the lines read. */
  kept: number;
  /** Source bytes read for the sample, and the file's size. */
  bytesRead: number;
  totalBytes: number | null;
  /** The sample is the whole file: the numbers are exact. */
  complete: boolean;
  estimatedPapers: number;
  estimatedBytes: number;
  warnings: string[];
  /** The file is not the snapshot, or could not be read: the import would refuse it. */
  error?: AgError;
}

/**
 * Reads the start of a snapshot file (about `sampleBytes` of it) without writing anything and
 * extrapolates what an import with these filters would keep, and the storage it would take.
 */
export async function estimateKaggleImport(
  input: Blob,
  opts: { categories: string[]; primaryOnly?: boolean; sampleBytes?: number },
): Promise<ImportEstimate> {
  const sampleBytes = opts.sampleBytes ?? 8 * 1024 * 1024;
  const filters = parseCategoryList(opts.categories.join(' '));
  const keep = categoryFilter(filters, { primaryOnly: opts.primaryOnly });
  const unmatched = new Set(filters);
  const est: ImportEstimate = {
    format: 'text',
    entryName: null,
    linesRead: 0,
    kept: 0,
    bytesRead: 0,
    totalBytes: input.size,
    complete: false,
    estimatedPapers: 0,
    estimatedBytes: 0,
    warnings: [],
  };
  let src: LineSource;
  try {
    src = await openLines(input);
  } catch {
    est.error = agError(
      'bad_input',
      'The file could not be read (it may have been moved, deleted or changed since it was chosen).',
      'Choose the file again.',
    );
    return est;
  }
  est.format = src.format;
  const probe: Line[] = [];
  let records = 0;
  let complete = true;
  /** Bytes of the sample: characters of the lines for plain text (source reads come in big chunks). */
  let chars = 0;
  const sampled = () => (src.format === 'text' ? chars : src.bytesRead());
  try {
    for await (const ln of src.lines) {
      est.linesRead = ln.n;
      chars += ln.line.length + 1;
      if (!ln.line.trim()) continue;
      const parsed = ln.tooLong
        ? ({ ok: false, reason: 'too long' } as const)
        : parseKaggleLine(ln.line);
      if (!parsed.ok) {
        if (!records) {
          probe.push(ln);
          if (probe.length >= PROBE_LINES) break;
        }
        continue;
      }
      records++;
      const cats = opts.primaryOnly
        ? parsed.record.categories.slice(0, 1)
        : parsed.record.categories;
      for (const f of unmatched) if (cats.some((c) => filterMatches(f, c))) unmatched.delete(f);
      if (keep(parsed.record.categories)) est.kept++;
      if (sampled() >= sampleBytes) {
        complete = false;
        break;
      }
    }
  } catch (e) {
    est.entryName = src.entryName();
    est.bytesRead = src.bytesRead();
    await src.cancel();
    est.error = agError(
      'bad_input',
      `The file could not be read: ${e instanceof FileReadProblem ? e.message : 'the browser could not read it'}.`,
      e instanceof FileReadProblem && e.kind === 'zip-no-text'
        ? 'Choose the .zip downloaded from Kaggle (it holds arxiv-metadata-oai-snapshot.json), or that .json file itself.'
        : 'Download the file again, then choose it again.',
    );
    return est;
  }
  est.entryName = src.entryName();
  est.bytesRead = complete ? src.bytesRead() : sampled();
  await src.cancel();
  if (!records) {
    est.error = notSnapshotMessage(probe[0], src);
    return est;
  }
  est.complete = complete && (est.totalBytes === null || est.bytesRead >= est.totalBytes);
  est.estimatedPapers = est.complete
    ? est.kept
    : Math.round((est.kept * (est.totalBytes ?? est.bytesRead)) / Math.max(1, est.bytesRead));
  est.estimatedBytes = est.estimatedPapers * STORAGE_BYTES_PER_PAPER;
  if (unmatched.size)
    est.warnings.push(unmatchedWarning([...unmatched], records, !!opts.primaryOnly));
  return est;
}
