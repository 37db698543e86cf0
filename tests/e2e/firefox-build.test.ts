import { expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/browser';

// No Firefox to drive on this machine: the Firefox build is checked by building it and running
// Mozilla's own linter on it (web-ext lint), which must report no errors.
test('Firefox build: sidebar manifest, web-ext lint reports 0 errors', { timeout: 120_000 }, () => {
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  const dir = join(ROOT, '.output/firefox-mv3');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  expect(manifest.sidebar_action.default_panel).toBe('sidepanel.html');
  expect(manifest.permissions).not.toContain('sidePanel');
  expect(JSON.stringify(manifest.host_permissions)).not.toMatch(/127\.0\.0\.1|localhost/);
  const out = execFileSync(
    'npx',
    ['web-ext', 'lint', '--source-dir', dir, '--self-hosted', '--output', 'json'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).toString();
  const report = JSON.parse(out.slice(out.indexOf('{')));
  expect(
    report.errors.map((e: { code: string; message: string }) => `${e.code}: ${e.message}`),
  ).toEqual([]);
});
