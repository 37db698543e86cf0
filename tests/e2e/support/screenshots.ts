import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from './browser';

/**
 * Where e2e tests write their screenshots. By default an ignored folder (test-results/), so a
 * test run leaves the work tree clean (the images carry dates and ids that change every run).
 * `npm run screenshots` sets ANTIGRAVITY_SCREENSHOTS_DIR=tests/e2e/screenshots to refresh the
 * committed images the README shows.
 */
export const SHOTS = resolve(
  ROOT,
  process.env.ANTIGRAVITY_SCREENSHOTS_DIR || 'test-results/screenshots',
);

/** The path of screenshot `name`, its folder created. */
export function shotPath(name: string): string {
  mkdirSync(SHOTS, { recursive: true });
  return join(SHOTS, name);
}
