/**
 * The `th` index field of a stored paper (schema v5): a 53-bit hash of its normalised title
 * (lib/corpus titleKey), so that references are matched by title through an index of numbers
 * instead of one of whole titles (the title key was stored in the record and again in the
 * index: with it and the unused origin index gone, the 1M benchmark stored 157 bytes less per
 * paper, 2,573 instead of 2,730). Part of the stored format: the v5 migration and lib/corpus both call
 * it, and it never changes. Readers compare the titles of the papers it finds (collisions).
 *
 * cyrb53 (public domain, bryc): two 32-bit multiply-xorshift lanes over UTF-16 code units.
 */
export function titleHash(key: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
