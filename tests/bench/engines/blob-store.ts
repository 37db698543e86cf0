/**
 * A minimal IndexedDB key/value store for the in-memory engines' serialised indexes: what an
 * extension would do to survive a service-worker restart without rebuilding. Values are strings
 * (JSON) or, when JSON is not possible, structured-clonable objects.
 */
const DB = 'bench-serialised';
const STORE = 'chunks';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase> {
  const r = indexedDB.open(DB, 1);
  r.onupgradeneeded = () => r.result.createObjectStore(STORE);
  return req(r);
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** Replaces the chunks stored under `prefix` by these (one transaction). */
export async function saveChunks(prefix: string, chunks: Array<[string, unknown]>): Promise<void> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    store.delete(IDBKeyRange.bound(prefix + '\u0000', prefix + '\uffff'));
    chunks.forEach(([key, data], i) =>
      store.put({ key, data }, `${prefix}\u0000${String(i).padStart(6, '0')}`),
    );
    await done(tx);
  } finally {
    db.close();
  }
}

/** The chunks stored under `prefix`, in the order they were saved. */
export async function loadChunks<T = string>(prefix: string): Promise<Array<[string, T]>> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, 'readonly');
    const rows = (await req(
      tx.objectStore(STORE).getAll(IDBKeyRange.bound(prefix + '\u0000', prefix + '\uffff')),
    )) as Array<{ key: string; data: T }>;
    if (rows.length === 0) throw new Error(`no serialised index stored for ${prefix}`);
    return rows.map((r) => [r.key, r.data]);
  } finally {
    db.close();
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.getPrototypeOf(v) === Object.prototype;

/**
 * A big JSON-able value as several JSON strings (a single JSON.stringify can exceed V8's maximum
 * string length): plain objects with few keys are split per key, recursively; anything else is
 * one chunk keyed by its path.
 */
export function toJsonChunks(
  value: unknown,
  maxKeys = 64,
  path: string[] = [],
): Array<[string, string]> {
  if (
    isPlainObject(value) &&
    Object.keys(value).length <= maxKeys &&
    Object.keys(value).length > 0
  ) {
    return Object.entries(value).flatMap(([k, v]) => toJsonChunks(v, maxKeys, [...path, k]));
  }
  return [[JSON.stringify(path), JSON.stringify(value) ?? 'null']];
}

/** The inverse of toJsonChunks. */
export function fromJsonChunks(chunks: Array<[string, string]>): unknown {
  let root: unknown = undefined;
  for (const [key, json] of chunks) {
    const path = JSON.parse(key) as string[];
    const value: unknown = JSON.parse(json);
    if (path.length === 0) {
      root = value;
      continue;
    }
    root ??= {};
    let node = root as Record<string, unknown>;
    for (const p of path.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = value;
  }
  return root;
}
