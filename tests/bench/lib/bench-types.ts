import type { Page } from 'playwright-core';

/** One measurement. `.bench/results.json` is a JSON array of these. */
export interface BenchRow {
  metric: string;
  engine: string;
  corpus: string;
  value: number;
  unit: string;
  note?: string;
}

/** What a benchmark group gets from the harness (tests/bench/run-bench.ts). */
export interface BenchContext {
  /** The repository root. */
  root: string;
  /** The Kaggle-format corpus: default ../shared/corpus/arxiv-cs-74k.kaggle.jsonl.gz, or `--corpus PATH`. */
  corpusPath: string;
  /** The command line after `--` (everything, including the harness's own flags). */
  args: string[];
  log(msg: string): void;
  /** Bundles a browser script (TypeScript allowed, `@/` = repo root) to an IIFE string (esbuild). */
  bundle(entryFile: string): Promise<string>;
  /**
   * A tab in a real headless Chromium (/usr/bin/chromium, fresh user-data dir for this run) on a
   * blank page served from a local http://127.0.0.1 server: IndexedDB is real and persists across
   * pages of that origin (and across `restartBrowser()`). A `site` gets a server (an origin) of
   * its own: its storage, and the storage estimate, are apart from the other groups'.
   */
  newPage(site?: string): Promise<Page>;
  /** Makes a (big) file fetchable by the pages at `urlPath` on that origin. */
  serveFile(urlPath: string, filePath: string): void;
  /** Runs `npx wxt build` once per run and returns the absolute path of .output/chrome-mv3. */
  /**
   * Production build (`.output/chrome-mv3`); with `pageMarks`, the same code plus the test hooks a
   * page-side probe needs (open shadow roots, `<html data-antigravity-*>`), in `.output/bench`.
   */
  buildExtension(opts?: { pageMarks?: boolean }): Promise<string>;
  /**
   * Closes the browser and launches it again on the same user-data dir (same origin, same
   * IndexedDB): the next page sees a browser process that has never opened the databases.
   * Pages obtained before are closed.
   */
  restartBrowser(): Promise<void>;
  /** The local server's origin, e.g. http://127.0.0.1:41234 (starts the server if needed). */
  origin(site?: string): Promise<string>;
}

export interface BenchGroup {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<BenchRow[]>;
}

/**
 * Thrown by a group that measured part of what it should: the harness keeps `rows`, prints the
 * message and counts the group as failed.
 */
export class BenchGroupError extends Error {
  constructor(
    message: string,
    readonly rows: BenchRow[],
  ) {
    super(message);
    this.name = 'BenchGroupError';
  }
}
