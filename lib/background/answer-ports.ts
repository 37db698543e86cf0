import { browser } from 'wxt/browser';
import { ANSWER_PORT, isTrustedSender } from '../messaging';
import { createAnswerService } from '../answer';
import { handleAnswerPort } from './answer-port';
import { getSettings } from '../settings';
import { assertKeyDestination } from '../settings/api-origin';
import { search } from '../corpus';
import { resolveTabPaper } from './tab-paper';
import { withFullText } from './fulltext';
import { withSourcePassages } from '../fulltext/passages';

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
    });
    handleAnswerPort(port, service, async (tabId) => {
      const paper = (await resolveTabPaper(tabId)).result?.paper ?? null;
      return paper ? withFullText(paper) : null;
    });
  });
}
