/**
 * Browser closed mid-import (issue 17 Tests, issue 18 failures): real Chromium with the built test
 * extension imports a Kaggle-format file of several batches through the options page; once at
 * least one batch is committed the browser is closed, then started again on the same profile. The
 * worker hands the job still marked running back to a runner (lib/background/jobs.ts), which
 * resumes after the last committed batch: in the end every distinct id of the file is stored once.
 *
 * The file is built here: the first lines of ../shared/corpus's 74k-paper Kaggle extract when it
 * is present, else the 400 papers of tests/fixtures/corpus repeated under distinct made-up ids.
 * Either way, lines of the first batch come again at the end (the snapshot has no duplicate ids,
 * a file may): they must not count twice either.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { IMPORT_BATCH } from '@/lib/corpus';
import type { JobRecord } from '@/lib/jobs/schema';
import { launchWithExtension, ROOT, type ExtensionBrowser } from './support/browser';

// The page-side `chrome` of evaluate() callbacks (extension pages).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const chrome: any;

const SHARED = join(ROOT, '../shared/corpus/arxiv-cs-74k.kaggle.jsonl.gz');
const LOCAL = ['demo-attention-200.jsonl', 'kaggle-snapshot-first200.jsonl'].map((f) =>
  join(ROOT, 'tests/fixtures/corpus', f),
);
/** Two whole batches and part of a third: the close falls after the first. */
const LINES = 2 * IMPORT_BATCH + 2_000;
const REPEATED = 300;

let dir: string;
let b: ExtensionBrowser | undefined;

/** Kaggle-format lines, `LINES` distinct ids, then `REPEATED` lines of the first batch again. */
function buildFile(): { path: string; lines: number; ids: Set<string>; source: string } {
  const split = (text: string) => text.split('\n').filter((l) => l.trim());
  let lines: string[];
  let source: string;
  if (existsSync(SHARED)) {
    lines = split(gunzipSync(readFileSync(SHARED)).toString('utf8')).slice(0, LINES);
    source = '../shared/corpus/arxiv-cs-74k.kaggle.jsonl.gz';
  } else {
    const base = LOCAL.flatMap((f) => split(readFileSync(f, 'utf8')));
    lines = Array.from({ length: LINES }, (_, i) => {
      const rec = JSON.parse(base[i % base.length]!) as Record<string, unknown>;
      // YYMM.NNNNN ids that no fixture uses, all distinct.
      const month = 2501 + Math.floor(i / 90_000);
      return JSON.stringify({ ...rec, id: `${month}.${String(10_000 + (i % 90_000))}` });
    });
    source = 'tests/fixtures/corpus, repeated under distinct ids';
  }
  lines.push(...lines.slice(100, 100 + REPEATED));
  const ids = new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id));
  const path = join(dir, 'arxiv-metadata-oai-snapshot.json');
  writeFileSync(path, lines.join('\n') + '\n');
  return { path, lines: lines.length, ids, source };
}

async function jobStatus(page: Page): Promise<JobRecord | null> {
  const r = (await page.evaluate(() =>
    chrome.runtime.sendMessage({ ag: 1, type: 'jobs/status', payload: {} }),
  )) as { ok: boolean; data?: { job: JobRecord | null } };
  return r.ok ? (r.data?.job ?? null) : null;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ag-resume-'));
});
afterAll(async () => {
  await b?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('browser closed mid-import: the next start resumes, no duplicates, none missing', async () => {
  const file = buildFile();
  expect(file.ids.size).toBe(LINES);
  expect(file.ids.size).toBeLessThan(file.lines); // the file does repeat ids
  const profile = join(dir, 'profile');

  b = await launchWithExtension({ userDataDir: profile });
  const options = await b.context.newPage();
  await options.goto(b.url('options.html'));
  await options.getByTestId('import-file').setInputFiles(file.path);
  await options.getByTestId('import-estimate').waitFor({ timeout: 30_000 });
  await options.getByTestId('import-start').click();

  // Wait for the first committed batch, then close the browser while the job still runs.
  let atClose: JobRecord | null = null;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const job = await jobStatus(options).catch(() => null);
    if (job && job.status !== 'running') {
      throw new Error(
        `The import ended (${job.status}) before a close could interrupt it; file: ${file.source}`,
      );
    }
    if (job && (job.cursor.line ?? 0) >= IMPORT_BATCH) {
      atClose = job;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(atClose, 'no batch was committed within 240 s').not.toBeNull();
  await b.close();
  b = undefined;

  // The browser starts again on the same profile; nobody opens the options page to help.
  b = await launchWithExtension({ userDataDir: profile });
  const page = await b.context.newPage();
  await page.goto(b.url('options.html'));
  let end: JobRecord | null = null;
  await expect
    .poll(
      async () => {
        end = await jobStatus(page).catch(() => null);
        return end?.status;
      },
      { timeout: 300_000, interval: 500 },
    )
    .toBe('done');
  const job = end! as JobRecord;
  expect(job.id).toBe(atClose!.id);
  expect(job.resumed).toBeGreaterThanOrEqual(1);
  expect(job.error).toBeUndefined();
  expect(job.progress.linesRead).toBe(file.lines);
  // Each line kept once: the resumed run skipped the committed lines instead of reading them again.
  expect(job.progress.kept).toBe(file.lines);
  // Every distinct id stored once: none missing, none twice.
  expect(job.progress.added).toBe(file.ids.size);
  const stats = (await page.evaluate(() =>
    chrome.runtime.sendMessage({ ag: 1, type: 'corpus/stats', payload: {} }),
  )) as { ok: boolean; data: { total: number } };
  expect(stats.ok).toBe(true);
  expect(stats.data.total).toBe(file.ids.size);
  // The options page says the same.
  await page.reload();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="corpus-count"]')?.hasAttribute('data-count'),
  );
  expect(Number(await page.getByTestId('corpus-count').getAttribute('data-count'))).toBe(
    file.ids.size,
  );
}, 600_000);
