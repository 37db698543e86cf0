/**
 * Browser side of the extract benchmark (tests/bench/groups/extract.ts): parses a captured page
 * with the page's own DOMParser once, then times `extractPage` on it.
 */
import { readPage } from '../../lib/arxiv/read-page';

export interface ExtractBenchRun {
  times: number[];
  sections: number;
  references: number;
  entries: number;
  warnings: string[];
}

function run(html: string, url: string, rounds: number, warmup: number): ExtractBenchRun {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  let last = readPage(doc, url);
  for (let i = 0; i < warmup; i++) last = readPage(doc, url);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    last = readPage(doc, url);
    times.push(performance.now() - t0);
  }
  return {
    times,
    sections: last.paper?.sections.length ?? 0,
    references: last.paper?.references.length ?? 0,
    entries: last.entries?.length ?? 0,
    warnings: last.warnings.map((w) => w.code),
  };
}

declare global {
  interface Window {
    __extractBench?: { run: typeof run };
  }
}

window.__extractBench = { run };
