import { defineConfig } from 'wxt';

/**
 * Test builds (`npm run build:test`) may talk to local fake servers (the fake
 * Anthropic API, the recorded arXiv API). Those host permissions exist only
 * when ANTIGRAVITY_TEST_BUILD=1 and never reach a production build; a test in
 * tests/build checks the production manifest for it.
 */
const testBuild = process.env.ANTIGRAVITY_TEST_BUILD === '1';

/**
 * Writes Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF; KaTeX's lexer has U+FFFF in a
 * character class) as `\uXXXX` escapes in the output. Chromium refuses to inject a script file
 * holding one ("isn't UTF-8 encoded"), which math-render.js must be (lib/background/math-renderer.ts).
 * The escape means the same character in strings, templates and regular expressions.
 */
function escapeNoncharacters() {
  const NONCHAR = /[\uFDD0-\uFDEF\uFFFE\uFFFF]/g;
  const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return {
    name: 'antigravity:escape-noncharacters',
    // After minification (which would write the escapes back as characters).
    generateBundle(_options: unknown, bundle: Record<string, { type: string; code?: string }>) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && chunk.code) chunk.code = chunk.code.replace(NONCHAR, escape);
      }
    },
  };
}

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Test-only switches, false in production: __AG_TEST_BUILD__ (lib/background/job-handlers.ts reads
  // arXiv endpoints of a local recorded-response server from storage), __AG_TEST_HOOKS__ (open
  // shadow roots and <html data-antigravity-*> marks for e2e tests and the benchmark,
  // entrypoints/arxiv.content/ui/test-hooks.ts).
  vite: () => ({
    plugins: [escapeNoncharacters()],
    define: {
      __AG_TEST_BUILD__: JSON.stringify(testBuild),
      // The badges benchmark builds production code with only the page marks (tests/bench).
      __AG_TEST_HOOKS__: JSON.stringify(testBuild || process.env.ANTIGRAVITY_PAGE_MARKS === '1'),
    },
  }),
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
      // compiled from lib/corpus/accumulate.wat (no remote code, no eval). Images only from the
      // package (and data: URLs); connections only over https (arXiv, the API, a custom base URL
      // or OAI-PMH host granted at runtime: CSP cannot name those, so the host permissions and
      // lib/settings/api-origin.ts narrow it) or to a local server on loopback, as the optional
      // host permissions allow.
      content_security_policy: {
        extension_pages:
          "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; img-src 'self' data:; connect-src 'self' https: http://127.0.0.1:* http://localhost:*;",
      },
      // No web_accessible_resources: a page could load them to tell the extension is installed.
      // KaTeX for titles with math (entrypoints/math-render.ts) is injected into the content
      // script's world with scripting.executeScript (lib/background/math-renderer.ts).
      commands: {
        _execute_action: {
          suggested_key: { default: 'Alt+Shift+A' },
          description: 'Open the Antigravity panel',
        },
      },
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'antigravity@antigravity.dev',
                // 140 (Android 142): the first versions with Firefox's built-in data consent below;
                // optional_host_permissions came in 128, host access granted at install in 127.
                // The reader can still withdraw arXiv access in about:addons, so the options page
                // notices and asks again (components/shared/HostAccessNotice.tsx).
                strict_min_version: '140.0',
                // When the reader asks, the paper's text (website content) goes with the question
                // to the Anthropic API under the reader's own key; nothing goes anywhere else.
                data_collection_permissions: { required: ['websiteContent'] },
              },
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : {}),
    };
  },
});
