/**
 * Abstracts are stored deflated (issue 17: storage per paper at the whole snapshot). A DBCore
 * middleware on the `papers` table writes a record's `abstract` as `az` (raw deflate, fflate)
 * when that is smaller, and gives it back as `abstract` on every read through Dexie (get,
 * getMany, query values): code above Dexie never sees `az`. Raw IndexedDB reads (the query path,
 * lib/corpus/query.ts) pass what they read through `decodePaper`. Cursors (Collection.each,
 * modify) are not decoded: no code walks the papers with one. Records written before (a plain
 * `abstract`) read as they are; a rewrite stores them deflated.
 *
 * Measured: an arXiv abstract (1,315 characters on average) deflates to 691 bytes, and Chromium
 * then stores it in ~780 bytes instead of ~1,060 (its own block compression gains little on
 * short texts); fflate takes ~90 µs to deflate one and ~80 µs to inflate it (Node 20). A bulk
 * import deflates a batch before its transaction (`precompressAbstract`), while the batch before
 * commits.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';

/** Shorter abstracts are stored as they are (deflate gains nothing worth a decode). */
const MIN_CHARS = 200;
/** Abstracts deflated ahead of their write (null: stored plain), by text. */
const ready = new Map<string, Uint8Array | null>();
const READY_MAX = 1 << 16;
const LONE_SURROGATE = /\p{Cs}/u;

function deflate(text: string): Uint8Array | null {
  // UTF-8 cannot carry a lone surrogate: such a text is stored as it is, unchanged.
  if (text.length < MIN_CHARS || LONE_SURROGATE.test(text)) return null;
  const raw = strToU8(text);
  const z = deflateSync(raw, { level: 6, mem: 2 });
  return z.length + 16 < raw.length ? z : null;
}

/** Deflates an abstract now, for a write to come (a bulk import's next batch). */
export function precompressAbstract(text: string): void {
  if (text.length < MIN_CHARS || ready.has(text)) return;
  if (ready.size >= READY_MAX) ready.clear();
  ready.set(text, deflate(text));
}

function encode(value: unknown): unknown {
  const v = value as { abstract?: unknown } | null;
  if (!v || typeof v.abstract !== 'string' || v.abstract.length < MIN_CHARS) return value;
  const text = v.abstract;
  let z = ready.get(text);
  if (z === undefined) z = deflate(text);
  else ready.delete(text);
  if (!z) return value;
  const { abstract: _abstract, ...rest } = v;
  return { ...rest, az: z };
}

/** A stored paper as read from IndexedDB, with its abstract as text. */
export function decodePaper<T>(value: T): T {
  const v = value as { az?: unknown } | null | undefined;
  if (!v || !ArrayBuffer.isView(v.az)) return value;
  const { az, ...rest } = v as { az: Uint8Array };
  return { ...rest, abstract: strFromU8(inflateSync(az)) } as T;
}

function papersTable(t: DBCoreTable): DBCoreTable {
  return {
    ...t,
    mutate: (req: DBCoreMutateRequest) =>
      req.type === 'put' || req.type === 'add'
        ? t.mutate({ ...req, values: req.values.map(encode) })
        : t.mutate(req),
    get: (req) => t.get(req).then(decodePaper),
    getMany: (req) => t.getMany(req).then((vs) => vs.map(decodePaper)),
    query: (req) =>
      t.query(req).then((r) => (req.values ? { ...r, result: r.result.map(decodePaper) } : r)),
  };
}

/** The middleware (AntigravityDB registers it). */
export const paperCodec: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'paper-abstract-codec',
  create: (down) => ({
    ...down,
    table: (name) => (name === 'papers' ? papersTable(down.table(name)) : down.table(name)),
  }),
};
