import type { Handlers } from '../messaging';
import { getSettings, toPublicSettings } from '../settings';
import { storedAndSize } from './corpus-handlers';
import { resolveTabPaper } from './tab-paper';

/**
 * `panel/tab`: what the side panel shows first, in one round trip: the tab's paper, the public
 * settings, and the number of other papers in the corpus (for its empty states).
 */
export function panelHandlers(): Handlers {
  return {
    'panel/tab': async ({ tabId }) => {
      const [tab, settings] = await Promise.all([resolveTabPaper(tabId), getSettings()]);
      const paperId = tab.result?.paper?.id;
      let otherPapers: number | null = null;
      if (paperId) {
        const [stored, size] = await storedAndSize(paperId);
        otherPapers = Math.max(0, size - (stored ? 1 : 0));
      }
      return { tab, settings: toPublicSettings(settings), otherPapers };
    },
  };
}
