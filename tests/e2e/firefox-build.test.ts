import { expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/browser';

// The production Firefox build, checked by Mozilla's own linter (web-ext lint), which must report
// no errors. tests/e2e/firefox.test.ts runs the Firefox test build in real Firefox.
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
