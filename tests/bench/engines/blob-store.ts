/**
 * A minimal IndexedDB key/value store for the in-memory engines' serialised indexes: what an
 * extension would do to survive a service-worker restart without rebuilding.
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
export async function saveChunks(prefix: string, chunks: Array<[string, string]>): Promise<void> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    store.delete(IDBKeyRange.bound(prefix + '\u0000', prefix + '\uffff'));
    chunks.forEach(([key, data], i) => store.put({ key, data }, `${prefix}\u0000${String(i).padStart(6, '0')}`));
    await done(tx);
  } finally {
    db.close();
  }
}

/** The chunks stored under `prefix`, in the order they were saved. */
export async function loadChunks(prefix: string): Promise<Array<[string, string]>> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, 'readonly');
    const rows = (await req(
      tx.objectStore(STORE).getAll(IDBKeyRange.bound(prefix + '\u0000', prefix + '\uffff')),
    )) as Array<{ key: string; data: string }>;
    if (rows.length === 0) throw new Error(`no serialised index stored for ${prefix}`);
    return rows.map((r) => [r.key, r.data]);
  } finally {
    db.close();
  }
}
