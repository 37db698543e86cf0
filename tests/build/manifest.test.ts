import { afterEach, describe, expect, test, vi } from 'vitest';

type ManifestFn = (env: {
  browser: string;
  manifestVersion: number;
  mode: string;
  command: string;
}) => Record<string, unknown>;

async function manifestFor(browser: string, testBuild: boolean) {
  vi.resetModules();
  if (testBuild) vi.stubEnv('ANTIGRAVITY_TEST_BUILD', '1');
  else vi.stubEnv('ANTIGRAVITY_TEST_BUILD', '');
  const config = (await import('../../wxt.config')).default as { manifest: ManifestFn };
  return config.manifest({ browser, manifestVersion: 3, mode: 'production', command: 'build' });
}

afterEach(() => vi.unstubAllEnvs());

describe('manifest', () => {
  test('production: least permissions, no test-only hosts', async () => {
    for (const browser of ['chrome', 'firefox']) {
      const m = await manifestFor(browser, false);
      const hosts = m.host_permissions as string[];
      expect(hosts).toEqual([
        'https://arxiv.org/*',
        'https://export.arxiv.org/*',
        'https://api.anthropic.com/*',
      ]);
      expect(JSON.stringify(hosts)).not.toMatch(/127\.0\.0\.1|localhost/);
      expect(m.permissions).toEqual(
        browser === 'chrome'
          ? ['storage', 'scripting', 'sidePanel', 'offscreen']
          : ['storage', 'scripting'],
      );
      expect(m.name).toBe('Antigravity');
      // Nothing a page can load to tell the extension is installed (issue 18, finding 11).
      expect(m.web_accessible_resources).toBeUndefined();
      // Scripts from the package only; WebAssembly for the query's inner loops; no eval.
      expect(m.content_security_policy).toEqual({
        extension_pages:
          "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; img-src 'self' data:; connect-src 'self' https: http://127.0.0.1:* http://localhost:*;",
      });
    }
  });

  test('the test build adds only loopback hosts', async () => {
    const m = await manifestFor('chrome', true);
    expect(m.host_permissions).toEqual(
      expect.arrayContaining(['http://127.0.0.1/*', 'http://localhost/*']),
    );
  });
});
