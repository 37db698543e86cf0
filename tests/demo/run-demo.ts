/**
 * `npm run demo`: builds the extension and opens Chromium with it, on a locally served copy of
 * arXiv's "Attention Is All You Need" abstract page (served under https://arxiv.org so the
 * content script really runs), with the side panel page beside it and a small corpus imported
 * through the options page (the 200 attention and transformer papers of
 * tests/fixtures/corpus/demo-attention-200.jsonl, or ../shared's 74k-paper file when it is
 * present). No account needed: without ANTHROPIC_API_KEY the panel answers
 * retrieval-only; with it, Claude answers.
 *
 *   npm run demo                 # a browser window (needs a display)
 *   npm run demo -- --headless   # no window: takes screenshots into .demo/ and exits
 *   npm run demo -- --corpus FILE.jsonl[.gz] [--categories "cs.CL cs.LG"]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension, setSettings, tabIdOf, ROOT } from '../e2e/support/browser';
import { routeArxiv } from '../e2e/support/arxiv-server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
  console.log('Building the extension (npm run build)…');
  execFileSync('npx', ['wxt', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ANTIGRAVITY_OUT_DIR: '.output/demo', ANTIGRAVITY_TEST_BUILD: '' },
  });
  const ext = join(ROOT, '.output/demo/chrome-mv3');

  // The corpus: --corpus FILE, else the 74k-paper file of ../shared when it sits beside the
  // project, else the 200 transformer and attention papers that ship in the repo (a bare clone).
  const shared = join(ROOT, '../shared/corpus/arxiv-cs-74k.kaggle.jsonl.gz');
  const shipped = join(ROOT, 'tests/fixtures/corpus/demo-attention-200.jsonl');
  const given = arg('--corpus');
  let corpus: string;
  if (given) {
    corpus = given;
    console.log(`Corpus: ${given} (--corpus).`);
  } else if (existsSync(shared)) {
    corpus = shared;
    console.log(
      `Corpus: ${shared} (74,728 real cs papers; found ../shared beside the project, so the demo uses it).`,
    );
  } else {
    corpus = shipped;
    console.log(
      `Corpus: ${shipped} (200 real cs.CL/cs.LG papers on attention and transformers, shipped in the repo; ../shared is absent).`,
    );
  }
  const categories = arg('--categories') ?? (corpus === shared ? 'cs.CL cs.LG' : '');

  const b = await launchWithExtension({
    extensionDir: ext,
    headless,
    viewport: headless ? { width: 1280, height: 900 } : undefined,
  });
  await routeArxiv(b.context);
  if (process.env.ANTHROPIC_API_KEY) {
    await setSettings(b, { apiKey: process.env.ANTHROPIC_API_KEY });
    console.log('Using ANTHROPIC_API_KEY: answers come from Claude.');
  } else {
    console.log(
      'No ANTHROPIC_API_KEY: the panel gives retrieval-only answers (sources and matching passages).',
    );
  }

  console.log(
    `Importing ${corpus}${categories ? ` (categories: ${categories})` : ''} through the options page…`,
  );
  const options = await b.context.newPage();
  await options.goto(b.url('options.html'));
  await options.getByTestId('import-file').setInputFiles(corpus);
  await options.getByTestId('import-categories').fill(categories);
  await options.getByTestId('import-start').click();
  await options.getByTestId('import-result').waitFor({ timeout: 180_000 });
  console.log(await options.getByTestId('import-result').textContent());

  // Reading the HTML full text stores it in the corpus too (with its sections and references).
  const html = await b.context.newPage();
  await html.goto('https://arxiv.org/html/1706.03762v7');
  await html
    .waitForSelector('html[data-antigravity-paper]', { timeout: 20_000 })
    .catch(() => undefined);
  await html.close();

  const page = await b.context.newPage();
  await page.goto('https://arxiv.org/abs/1706.03762');
  await page.waitForSelector('html[data-antigravity-paper]', { timeout: 20_000 });
  const tabId = await tabIdOf(b, page);
  const panel = await b.context.newPage();
  await panel.goto(b.url(`sidepanel.html?tabId=${tabId}`));
  await panel
    .getByTestId('question-input')
    .fill('What replaces recurrence in this model, and which related work uses it?');
  await panel.getByTestId('ask-button').click();
  await panel
    .getByTestId('answer-status')
    .last()
    .filter({ hasText: /done|error/ })
    .waitFor({ timeout: 120_000 })
    .catch(() => undefined);
  await options.close();
  if (headless) {
    const dir = join(ROOT, '.demo');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'abs-page.png') });
    await panel.setViewportSize({ width: 420, height: 1000 });
    await panel.screenshot({ path: join(dir, 'panel.png'), fullPage: true });
    console.log(`Headless: screenshots in ${dir}/abs-page.png and ${dir}/panel.png`);
    await b.close();
    return;
  }
  await page.bringToFront();
  console.log(
    'Antigravity is running. The panel page is the next tab; the toolbar icon opens the side panel. Close the browser to end.',
  );
  await new Promise<void>((resolve) => b.context.on('close', () => resolve()));
  await b.close();
}

main().catch((e) => {
  console.error(`Demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
