import { expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/browser';

// The production Firefox build, checked by Mozilla's own linter (web-ext lint), which must report
// no errors. tests/e2e/firefox.test.ts runs the Firefox test build in real Firefox.
test(
  'Firefox build: sidebar manifest, web-ext lint reports 0 errors and no manifest warning',
  { timeout: 300_000 },
  () => {
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const dir = join(ROOT, '.output/firefox-mv3');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.sidebar_action.default_panel).toBe('sidepanel.html');
    expect(manifest.permissions).not.toContain('sidePanel');
    expect(JSON.stringify(manifest.host_permissions)).not.toMatch(/127\.0\.0\.1|localhost/);
    // Test-only switches (local arXiv endpoints read from storage) are compiled out.
    const scripts = (readdirSync(dir, { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.js'),
    );
    expect(scripts.length).toBeGreaterThan(3);
    expect(
      scripts.filter((f) => readFileSync(join(dir, f), 'utf8').includes('testArxivEndpoints')),
    ).toEqual([]);
    const out = execFileSync(
      'npx',
      ['web-ext', 'lint', '--source-dir', dir, '--self-hosted', '--output', 'json'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ).toString();
    const report = JSON.parse(out.slice(out.indexOf('{')));
    const lines = (xs: Array<{ code: string; message: string; file?: string }>) =>
      xs.map((e) => `${e.code}: ${e.message}`);
    expect(lines(report.errors)).toEqual([]);
    // The manifest is all ours: no warning about it either (data-collection declaration,
    // strict_min_version consistent with the keys it uses).
    expect(
      lines(report.warnings.filter((w: { file?: string }) => w.file === 'manifest.json')),
    ).toEqual([]);
    expect(manifest.browser_specific_settings.gecko.data_collection_permissions).toEqual({
      required: ['websiteContent'],
    });
  },
);
