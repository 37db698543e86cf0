import { defineConfig } from 'wxt';

/**
 * Test builds (`npm run build:test`) may talk to local fake servers (the fake
 * Anthropic API, the recorded arXiv API). Those host permissions exist only
 * when ANTIGRAVITY_TEST_BUILD=1 and never reach a production build; a test in
 * tests/build checks the production manifest for it.
 */
const testBuild = process.env.ANTIGRAVITY_TEST_BUILD === '1';

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // ANTIGRAVITY_OUT_DIR: a private output folder (the demo), so parallel builds never collide.
  outDir: process.env.ANTIGRAVITY_OUT_DIR || (testBuild ? '.output/test' : '.output'),
  manifestVersion: 3,
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    const testHosts = testBuild ? ['http://127.0.0.1/*', 'http://localhost/*'] : [];
    return {
      name: 'Antigravity',
      description:
        'A research companion on every arXiv page: grounded, cited answers about the paper you read, from your own corpus.',
      icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
      // 116: chrome.sidePanel.open() and setPanelBehavior; Port messages keep the worker alive since 114.
      minimum_chrome_version: '116',
      // scripting: the style that reserves the abs-page strip's place before the page is painted
      // (lib/background/strip-slot-registration.ts), registered only while the strip will show.
      // offscreen (Chrome): the DOM context for PDF.js and long imports (lib/offscreen/README.md).
      permissions: firefox
        ? ['storage', 'scripting']
        : ['storage', 'scripting', 'sidePanel', 'offscreen'],
      host_permissions: [
        'https://arxiv.org/*',
        'https://export.arxiv.org/*',
        'https://api.anthropic.com/*',
        ...testHosts,
      ],
      // Asked for at the moment a feature needs them: a custom API base URL
      // (proxy, Anthropic-compatible server) and OAI-PMH harvesting.
      optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
      action: { default_title: 'Open Antigravity' },
      // The default policy plus WebAssembly: the corpus query's inner loops are a 0.8 KB module
      // compiled from lib/corpus/accumulate.wat (no remote code, no eval).
      content_security_policy: {
        extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self';",
      },
      // KaTeX for titles with math in the related-work badges, loaded by the content script on
      // demand (entrypoints/math-render.ts) so the content script itself stays small.
      web_accessible_resources: [
        { resources: ['math-render.js'], matches: ['https://arxiv.org/*'] },
      ],
      commands: {
        _execute_action: {
          suggested_key: { default: 'Alt+Shift+A' },
          description: 'Open the Antigravity panel',
        },
      },
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: { id: 'antigravity@antigravity.dev', strict_min_version: '115.0' },
            },
          }
        : {}),
    };
  },
});
