import corpus from './corpus';
import type { BenchGroup } from '../lib/bench-types';

/**
 * Issue 17: the scale of the whole Kaggle snapshot. Our engine alone on `derived-1m`: the real
 * 74,728 cs papers of ../shared/corpus imported through importKaggleSnapshot, plus 925,272
 * DERIVED records (ids 99MM.NNNNN that no real paper has, shuffled words of real abstracts,
 * origin `derived`; tests/bench/page/data.ts) written in import-sized batches. Rows: import
 * time, storage per paper (navigator.storage.estimate delta), cold and warm query p50/p95 (in a
 * browser started after the import; cold and warm p50 in the importing browser too, right after
 * the import), open after a
 * browser restart, and the first listing page's badges, corpus side
 * (badges_corpus_cold_ms, badges_corpus_warm_p50_ms: see corpus.ts). Targets in
 * lib/bench-targets.ts (none for the badges). Extra corpus options (`--cold`, `--restarts`,
 * `--queries`) pass through.
 */
const group: BenchGroup = {
  name: 'scale-1m',
  description:
    'issue 17: our corpus at 1M papers (74,728 real + 925,272 derived): import, storage/paper, cold/warm query, listing badges (corpus side)',
  run(ctx) {
    return corpus.run({
      ...ctx,
      args: [
        ...ctx.args,
        '--corpora',
        'derived-1m',
        '--engines',
        'antigravity',
        '--big-engines',
        'antigravity',
      ],
    });
  },
};

export default group;
