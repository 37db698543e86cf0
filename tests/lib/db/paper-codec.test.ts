import { afterEach, describe, expect, it } from 'vitest';
import { getDb, resetDbForTests } from '@/lib/db';
import { search, upsertPapers, getPaper } from '@/lib/corpus';
import { fixtureRecords } from '../corpus/corpus-helpers';

afterEach(resetDbForTests);

/** A stored record as IndexedDB holds it, under Dexie and its middleware. */
async function raw(id: string): Promise<Record<string, unknown> | undefined> {
  const idb = getDb().backendDB();
  return new Promise((resolve, reject) => {
    const r = idb.transaction('papers').objectStore('papers').get(id);
    r.onsuccess = () => resolve(r.result as Record<string, unknown> | undefined);
    r.onerror = () => reject(r.error);
  });
}

describe('abstracts stored deflated', () => {
  const recs = fixtureRecords().slice(0, 30);
  const long = recs.find((r) => r.abstract.length > 600)!;

  it('stores a long abstract deflated and reads it back exactly, through every read', async () => {
    await upsertPapers(recs);
    const stored = await raw(long.id);
    expect(stored?.abstract).toBeUndefined();
    expect(ArrayBuffer.isView(stored?.az)).toBe(true);
    expect((stored?.az as Uint8Array).length).toBeLessThan(long.abstract.length * 0.8);
    // get, getMany, query and the raw query path all give the text back.
    expect((await getDb().papers.get(long.id))?.abstract).toBe(long.abstract);
    expect((await getDb().papers.bulkGet([long.id]))[0]?.abstract).toBe(long.abstract);
    const all = await getDb().papers.toArray();
    for (const r of recs) expect(all.find((p) => p.id === r.id)?.abstract).toBe(r.abstract);
    expect(all.some((p) => 'az' in p)).toBe(false);
    expect((await getPaper(long.id))?.abstract).toBe(long.abstract);
    const hit = (await search({ text: long.title, k: 3 })).find((s) => s.id === long.id);
    expect(hit?.abstract).toBe(long.abstract);
  });

  it('keeps short abstracts, and texts UTF-8 cannot carry, as they are', async () => {
    const lone = `${long.abstract} \ud800 unpaired`;
    await upsertPapers([
      { ...recs[0]!, abstract: 'A short abstract.' },
      { ...recs[1]!, abstract: lone },
    ]);
    expect((await raw(recs[0]!.id))?.abstract).toBe('A short abstract.');
    expect((await raw(recs[1]!.id))?.abstract).toBe(lone);
    expect((await getDb().papers.get(recs[1]!.id))?.abstract).toBe(lone);
  });

  it('reads records stored before (a plain abstract) as they are', async () => {
    await upsertPapers(recs.slice(0, 2));
    const idb = getDb().backendDB();
    const { az: _az, ...old }: Record<string, unknown> = {
      ...(await raw(recs[0]!.id)),
      abstract: 'Stored by an older release, plain.',
    };
    await new Promise<void>((resolve, reject) => {
      const tx = idb.transaction('papers', 'readwrite');
      tx.objectStore('papers').put(old);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    expect((await getDb().papers.get(recs[0]!.id))?.abstract).toBe(
      'Stored by an older release, plain.',
    );
  });
});
