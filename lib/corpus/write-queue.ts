/**
 * The corpus's writes run one after the other. The corpus has one writer context (Chrome's
 * offscreen document, Firefox's background page; lib/offscreen/README.md), and within it every
 * write (store.ts: upsert, remove, clear, norm refresh, compaction; rebuild.ts: the rebuild's
 * batches) goes through this queue. So the indexer's write cache (indexer.ts) is only ever
 * updated by the write that just committed, in commit order.
 */
let chain: Promise<unknown> = Promise.resolve();

export function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const run = chain.then(fn, fn);
  chain = run.catch(() => undefined);
  return run;
}
