import { browser } from 'wxt/browser';
import { ANSWER_PORT, isTrustedSender } from '../messaging';
import { createAnswerService, createClient } from '../answer';
import { handleAnswerPort } from './answer-port';
import { assertKeyDestination, getSettings } from '../settings';
import { search, similarityFloor } from '../corpus';
import { upsertCorpus } from './corpus-writer';
import { findSources, liveSearch, SEMANTIC_SCHOLAR_ORIGIN } from '../retrieval';
import { workerFetch } from './worker-fetch';
import { resolveTabPaper } from './tab-paper';
import { withFullText } from './fulltext-resolver';
import { withSourcePassages } from '../fulltext';

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
      retrieve: async (question, paper, k) =>
        withSourcePassages(
          question,
          await search({
            text: question,
            context: `${paper.title}\n${paper.abstract}`,
            excludeIds: [paper.id],
            k,
          }),
        ),
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
                store: async (records) => void (await upsertCorpus(records)),
              },
              signal,
            ),
        }),
    });
    handleAnswerPort(port, service, async (tabId) => {
      const paper = (await resolveTabPaper(tabId)).result?.paper ?? null;
      // The sources are planned and rated while the full text is read (issue 16, point 6).
      return paper ? { paper, text: withFullText(paper) } : null;
    });
  });
}

/** Semantic Scholar is asked only when the reader turned it on and granted its host. */
async function semanticScholarAllowed(): Promise<boolean> {
  const settings = await getSettings();
  if (!settings.semanticScholar) return false;
  return browser.permissions.contains({ origins: [SEMANTIC_SCHOLAR_ORIGIN] }).catch(() => false);
}
