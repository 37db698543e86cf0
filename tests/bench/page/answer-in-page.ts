/**
 * Page side of the `answer` benchmark (tests/bench/groups/answer.ts): imports the corpus with
 * lib/corpus into this page's real IndexedDB, then asks questions through the real answer
 * pipeline (lib/answer/stream: retrieval over the corpus, thread lookups and saves in IndexedDB,
 * request building, the real SDK over fetch to the local fake API). Events cross a MessageChannel
 * (a structured-clone hop, standing in for the runtime Port), and the time from `ask` to the first
 * streamed character on the receiving side is recorded.
 */
import { createAnswerService } from '../../../lib/answer/stream';
import type { AnswerEvent } from '../../../lib/answer/schema';
import type { Paper } from '../../../lib/arxiv/schema';
import { importKaggleSnapshot } from '../../../lib/corpus/kaggle-import';
import { search } from '../../../lib/corpus/retrieval';
import { similarityFloor } from '../../../lib/corpus/floor';
import { createClient } from '../../../lib/answer/client';
import { findSources } from '../../../lib/retrieval/pipeline';
import type { Settings } from '../../../lib/settings';
import { DEFAULT_MODEL, DEFAULT_RETRIEVAL_MODEL } from '../../../lib/settings/models';

export interface AnswerSample {
  /** ask() -> first delta received on the far side of the channel. */
  firstTokenMs: number;
  /** Plan + gather + rate (lib/retrieval), model calls included. */
  retrievalMs: number;
  /** The two retrieval-model calls alone (network time to the fake API). */
  modelCallsMs: number;
  /** ask() -> the request leaves (fetch called). */
  preRequestMs: number;
  /** fetch called -> response headers. */
  serverHeadersMs: number;
  totalMs: number;
  sources: number;
  status: string;
}

export interface AnswerRunArgs {
  baseUrl: string;
  paper: Paper;
  questions: string[];
  rounds: number;
  warmup: number;
}

declare global {
  interface Window {
    __answerBench?: {
      importCorpus(
        url: string,
      ): Promise<{ kept: number; added: number; ms: number; error?: string }>;
      run(args: AnswerRunArgs): Promise<{ samples: AnswerSample[]; failures: string[] }>;
    };
  }
}

window.__answerBench = {
  async importCorpus(url) {
    const t0 = performance.now();
    const res = await fetch(url);
    if (!res.ok || !res.body) throw new Error(`fetch ${url}: HTTP ${res.status}`);
    const r = await importKaggleSnapshot(res.body, { categories: [] });
    return { kept: r.kept, added: r.added, ms: performance.now() - t0, error: r.error?.message };
  },

  async run({ baseUrl, paper, questions, rounds, warmup }) {
    const settings: Settings = {
      apiKey: 'sk-ant-bench',
      model: DEFAULT_MODEL,
      baseUrl,
      maxSources: 8,
      paperTokenBudget: 60000,
      stallTimeoutS: 45,
      features: {
        absStrip: true,
        listingBadges: true,
        htmlBadges: true,
        selectionButton: true,
        saveOpenedPapers: true,
      },
      obsidianVault: '',
      obsidianFolder: 'Antigravity',
      badgeHintShown: false,
      retrievalModel: DEFAULT_RETRIEVAL_MODEL,
      relevanceThreshold: 6,
      liveSearch: false,
      semanticScholar: false,
    };
    let retrievalMs = 0;
    let modelCallsMs = 0;
    let fetchAt = 0;
    let headersAt = 0;
    // The answer request's timing (the retrieval calls use the same fetch, earlier).
    const benchFetch: typeof fetch = async (input, init) => {
      fetchAt = performance.now();
      const res = await fetch(input, init);
      headersAt = performance.now();
      return res;
    };
    const service = createAnswerService({
      getSettings: async () => settings,
      // The same retrieval the background wires (lib/background/answer-ports.ts), live search off.
      findSources: async (input) => {
        const t = performance.now();
        const found = await findSources(input, {
          search,
          floor: similarityFloor,
          client: () => createClient(settings, benchFetch),
        });
        retrievalMs = performance.now() - t;
        modelCallsMs = found.modelCallsMs;
        return found;
      },
      fetch: benchFetch,
    });

    const samples: AnswerSample[] = [];
    const failures: string[] = [];
    const plan = [
      ...questions.slice(0, warmup).map((q) => ({ q, warm: true })),
      ...Array.from({ length: rounds }, () => questions.map((q) => ({ q, warm: false }))).flat(),
    ];
    for (const { q, warm } of plan) {
      const channel = new MessageChannel();
      let firstAt = 0;
      let finished: (e: AnswerEvent) => void = () => {};
      const end = new Promise<AnswerEvent>((r) => (finished = r));
      channel.port2.onmessage = (m: MessageEvent<AnswerEvent>) => {
        const e = m.data;
        if (e.type === 'delta' && e.text && !firstAt) firstAt = performance.now();
        if (e.type === 'done' || e.type === 'error') finished(e);
      };
      retrievalMs = 0;
      modelCallsMs = 0;
      fetchAt = 0;
      headersAt = 0;
      const t0 = performance.now();
      const turn = await service.ask(
        { paper, question: q, newThread: true },
        (e) => channel.port1.postMessage(e),
        new AbortController().signal,
      );
      const last = await end;
      const t1 = performance.now();
      channel.port1.close();
      channel.port2.close();
      if (last.type === 'error' || !firstAt) {
        failures.push(`${q}: ${last.type === 'error' ? last.error.message : 'no text'}`);
        continue;
      }
      if (warm) continue;
      samples.push({
        firstTokenMs: firstAt - t0,
        retrievalMs,
        modelCallsMs,
        preRequestMs: fetchAt - t0,
        serverHeadersMs: headersAt - fetchAt,
        totalMs: t1 - t0,
        sources: turn.sources.length,
        status: turn.status,
      });
    }
    return { samples, failures };
  },
};
