import { sendRequest } from '@/lib/messaging';
import type { Feature } from './types';

/** Hands the page's paper to the background (side panel, corpus). */
export const reportPaper: Feature = {
  id: 'report-paper',
  include: () => true,
  async init(_ctx, page) {
    document.documentElement.dataset.antigravityKind = page.result.kind;
    if (page.result.paper) document.documentElement.dataset.antigravityPaper = page.result.paper.id;
    await sendRequest('paper/extracted', { url: page.url, result: page.result });
  },
};
