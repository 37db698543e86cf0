/**
 * The answer benchmark (issue 4): the product's own overhead from pressing Ask to the first
 * streamed character, with the fake Messages API answering at once.
 *
 * Runs in real headless Chromium with real IndexedDB: the corpus (default: the real 74,728 cs
 * papers) is imported with lib/corpus, then every question goes through lib/answer's pipeline as
 * the background runs it (retrieval over the corpus, thread lookups and saves, request building,
 * the real SDK streaming over fetch from tests/support/fake-anthropic.ts on 127.0.0.1); events
 * cross a MessageChannel standing in for the runtime Port. Not measured here: the extension's
 * service worker and the side panel's rendering (the lead may move this into the extension).
 *
 * Options (after `npm run bench -- --only answer`):
 *   --answer-rounds N   rounds over the 20 questions (default 3)
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Window } from 'happy-dom';
import { readPage } from '../../lib/arxiv/read-page';
import type { Paper } from '../../../lib/arxiv/schema';
import { startFakeAnthropic } from '../../support/fake-anthropic';
import type { AnswerSample } from '../page/answer-in-page';
import { numberOption, parseBenchArgs } from '../lib/args';
import { percentile, round } from '../lib/stats';
import {
  BenchGroupError,
  type BenchContext,
  type BenchGroup,
  type BenchRow,
} from '../lib/bench-types';

const ENGINE = 'antigravity';

const QUESTIONS = [
  'How does multi-head attention let the model attend to different positions?',
  'Why are the dot products scaled by the square root of the key dimension?',
  'What is the computational complexity of self-attention compared with recurrent layers?',
  'How are positional encodings computed and why sinusoids?',
  'What BLEU score does the big Transformer reach on WMT 2014 English-German?',
  'Which optimizer and learning rate schedule are used for training?',
  'How does label smoothing affect perplexity and BLEU?',
  'What regularization techniques does the Transformer use?',
  'How does the decoder prevent attending to future positions?',
  'How does the Transformer perform on English constituency parsing?',
  'What happens when the number of attention heads is varied?',
  'Why is self-attention more interpretable than convolution?',
  'How long did training take and on what hardware?',
  'What are the limitations of restricting self-attention to a neighbourhood?',
  'How do the encoder and decoder stacks differ?',
  'Can attention replace recurrence for long sequences in other domains?',
  'How does the model share weights between embeddings and the softmax layer?',
  'What is the role of residual connections and layer normalization?',
  'How does attention compare with convolutional sequence models like ByteNet?',
  'Which follow-up work improves on the efficiency of attention?',
];

function corpusLabel(corpusPath: string): string {
  const base = path.basename(corpusPath);
  return base === 'arxiv-cs-74k.kaggle.jsonl.gz'
    ? 'cs-74k'
    : base.replace(/\.(jsonl|json)(\.gz)?$/, '');
}

/** The open paper: arXiv's HTML of 1706.03762v7, read by the product's extractor. */
function benchPaper(root: string): Paper {
  const file = path.join(root, 'tests', 'fixtures', 'arxiv-pages', 'html_1706.03762v7.html');
  const url = 'https://arxiv.org/html/1706.03762v7';
  const w = new Window({ url });
  w.document.write(readFileSync(file, 'utf8'));
  const paper = readPage(w.document as unknown as Document, url).paper;
  w.close();
  if (!paper) throw new Error(`could not read the bench paper from ${file}`);
  return paper;
}

const group: BenchGroup = {
  name: 'answer',
  description:
    'Ask -> first streamed character with the fake API answering at once (retrieval, request building, messaging), real Chromium + IndexedDB',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const args = parseBenchArgs(ctx.args);
    const rounds = Math.max(1, numberOption(args, 'answer-rounds', 3));
    const corpus = corpusLabel(ctx.corpusPath);
    const rows: BenchRow[] = [];
    const srv = await startFakeAnthropic();
    try {
      const paper = benchPaper(ctx.root);
      ctx.serveFile('/answer-bench-corpus', ctx.corpusPath);
      // A site of its own: this group's 74k-paper database (and its deletion, which the storage
      // estimate sees late) stays out of the corpus group's storage_bytes_per_paper.
      const page = await ctx.newPage('answer');
      page.on('console', (m) => {
        if (m.type() === 'error') ctx.log(`[answer page] ${m.text()}`);
      });
      await page.addScriptTag({ content: await ctx.bundle('tests/bench/page/answer-in-page.ts') });
      ctx.log(`answer: importing ${path.basename(ctx.corpusPath)} with lib/corpus...`);
      const imported = await page.evaluate(
        (u) => window.__answerBench!.importCorpus(u),
        '/answer-bench-corpus',
      );
      if (imported.error || imported.kept === 0) {
        throw new BenchGroupError(
          `answer: the corpus import failed: ${imported.error ?? 'no papers kept'}`,
          rows,
        );
      }
      ctx.log(
        `answer: ${imported.kept.toLocaleString('en-US')} papers imported in ${(imported.ms / 1000).toFixed(1)} s`,
      );
      const { samples, failures } = await page.evaluate((a) => window.__answerBench!.run(a), {
        baseUrl: srv.url,
        paper,
        questions: QUESTIONS,
        rounds,
        warmup: 5,
      });
      for (const f of failures) ctx.log(`answer: failed: ${f}`);
      if (!samples.length)
        throw new BenchGroupError('answer: no question got a streamed answer', rows);
      const pick = (k: keyof AnswerSample) => samples.map((s) => s[k] as number);
      const where =
        `real Chromium page + IndexedDB, ${imported.kept.toLocaleString('en-US')} papers imported via lib/corpus; ` +
        `${samples.length} asks (${rounds} x ${QUESTIONS.length} questions on 1706.03762, 5 warm-up), new thread each, ` +
        `8 sources; fake API on 127.0.0.1 answering at once (its time is included); MessageChannel in place of the ` +
        `runtime Port (no service worker, no panel rendering); load average ${loadavg()[0]!.toFixed(1)} at the end`;
      const first = pick('firstTokenMs');
      rows.push(
        {
          metric: 'first_token_overhead_p50_ms',
          engine: ENGINE,
          corpus,
          value: round(percentile(first, 50)),
          unit: 'ms',
          note: where,
        },
        {
          metric: 'first_token_overhead_p95_ms',
          engine: ENGINE,
          corpus,
          value: round(percentile(first, 95)),
          unit: 'ms',
        },
        {
          metric: 'answer_retrieval_p50_ms',
          engine: ENGINE,
          corpus,
          value: round(percentile(pick('retrievalMs'), 50)),
          unit: 'ms',
          note: 'lib/retrieval plan + gather (BM25F, question and queries) + rate inside the first-token time, model calls included',
        },
        {
          metric: 'retrieval_model_calls_ms',
          engine: ENGINE,
          corpus,
          value: round(percentile(pick('modelCallsMs'), 50)),
          unit: 'ms',
          note: 'p50 of the two retrieval-model calls (search_queries, rate_papers) to the instant fake API: network time, inside first_token_overhead',
        },
        {
          metric: 'answer_pre_request_p50_ms',
          engine: ENGINE,
          corpus,
          value: round(percentile(pick('preRequestMs'), 50)),
          unit: 'ms',
          note: 'Ask -> request sent: settings, thread lookup, retrieval, turn saved, request built',
        },
        {
          metric: 'answer_server_headers_p50_ms',
          engine: ENGINE,
          corpus,
          value: round(percentile(pick('serverHeadersMs'), 50)),
          unit: 'ms',
          note: 'request sent -> response headers from the fake API (not the product\u2019s own time)',
        },
      );
      if (failures.length) {
        throw new BenchGroupError(`answer: ${failures.length} question(s) failed`, rows);
      }
      return rows;
    } finally {
      await srv.close();
    }
  },
};

export default group;
