import { browser } from 'wxt/browser';
import { ANSWER_PORT, isTrustedSender } from '../messaging';
import { createAnswerService } from '../answer';
import { handleAnswerPort } from './answer-port';
import { getSettings } from '../settings';
import { assertKeyDestination } from '../settings';
import { getPaper, search, similarityFloor, upsertPapers } from '../corpus';
import { createClient } from '../answer';
import { findSources } from '../retrieval';
import { liveSearch, SEMANTIC_SCHOLAR_ORIGIN } from '../retrieval';
import { workerFetch } from './fetch';
import type { Paper } from '../arxiv/schema';
import { resolveTabPaper } from './tab-paper';

/** Streams answers to the side panel over a runtime Port (each delta keeps the worker alive). */
export function registerAnswerPorts(): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== ANSWER_PORT) return;
    if (port.sender && !isTrustedSender(port.sender)) {
      port.disconnect();
      return;
    }
    const service = createAnswerService({
      // The key leaves only for the saved base URL's origin, while it is granted.
      getSettings: async () => {
        const settings = await getSettings();
        if (settings.apiKey) await assertKeyDestination(settings.baseUrl, settings.baseUrl);
        return settings;
      },
      retrieve: (question, paper, k) =>
        search({
          text: question,
          context: `${paper.title}\n${paper.abstract}`,
          excludeIds: [paper.id],
          k,
        }),
      findSources: (input) =>
        findSources(input, {
          search,
          floor: similarityFloor,
          client: () => createClient(input.settings),
          liveSearch: async (queries, signal) =>
            liveSearch(
              queries,
              {
                fetch: workerFetch,
                semanticScholar: await semanticScholarAllowed(),
                store: async (records) => void (await upsertPapers(records)),
              },
              signal,
            ),
        }),
    });
    handleAnswerPort(port, service, async (tabId) => {
      const paper = (await resolveTabPaper(tabId)).result?.paper ?? null;
      return paper ? withStoredFullText(paper) : null;
    });
  });
}

/**
 * An abstract page carries no full text; when the reader has opened the paper's HTML version
 * before, its sections are in the corpus: answer from them too.
 */
export async function withStoredFullText(paper: Paper): Promise<Paper> {
  if (paper.sections.length > 0) return paper;
  const stored = await getPaper(paper.id).catch(() => undefined);
  if (!stored?.sections?.length) return paper;
  return { ...paper, sections: stored.sections, textSource: 'corpus' };
}

/** Semantic Scholar is asked only when the reader turned it on and granted its host. */
async function semanticScholarAllowed(): Promise<boolean> {
  const settings = await getSettings();
  if (!settings.semanticScholar) return false;
  return browser.permissions.contains({ origins: [SEMANTIC_SCHOLAR_ORIGIN] }).catch(() => false);
}
