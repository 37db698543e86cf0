import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

/**
 * Two projects: `unit` (Node, WXT's fake browser, fake-indexeddb; DOM tests opt in with
 * `// @vitest-environment happy-dom`) and `e2e` (real Chromium with the built extension,
 * run one file at a time). `npm test` runs both and ends with vitest's summary line.
 */
export default defineConfig({
  test: {
    // vitest's summary, then one plain closing line with the counts (tests/support/summary-reporter.ts).
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        plugins: [WxtVitest()],
        // Unit tests see the page features as test builds do (open shadow roots, page marks).
        define: { __AG_TEST_HOOKS__: 'true' },
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: ['tests/e2e/**', 'node_modules/**'],
          setupFiles: ['tests/setup.ts'],
          environment: 'node',
          testTimeout: 20000,
        },
      },
      {
        resolve: { alias: { '@': new URL('./', import.meta.url).pathname } },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90000,
          hookTimeout: 120000,
          fileParallelism: false,
          environment: 'node',
        },
      },
    ],
  },
});
