import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { readPage as extractWithFallback } from '../arxiv/read-page';
import type { ExtractResult } from '@/lib/arxiv/schema';

const DIR = join(import.meta.dirname, '../../fixtures/arxiv-pages');

/** The captured pages these tests read, with the address arXiv served each at. */
export const PAGES = {
  abs: { file: 'abs_1706.03762.html', url: 'https://arxiv.org/abs/1706.03762' },
  html: { file: 'html_1706.03762v7.html', url: 'https://arxiv.org/html/1706.03762v7' },
  htmlNoBib: { file: 'html_2401.00001v1.html', url: 'https://arxiv.org/html/2401.00001v1' },
  listing: { file: 'list_cs.CL_recent.html', url: 'https://arxiv.org/list/cs.CL/recent' },
  search: {
    file: 'search_all_attention.html',
    url: 'https://arxiv.org/search/?query=attention+is+all+you+need&searchtype=all',
  },
} as const;

export type PageName = keyof typeof PAGES;

export interface LoadedPage {
  doc: Document;
  result: ExtractResult;
  html: string;
  close(): void;
}

/** Parses a captured page in happy-dom (no scripts, no style sheets, no network) and reads it. */
export function loadPage(name: PageName): LoadedPage {
  const { file, url } = PAGES[name];
  const html = readFileSync(join(DIR, file), 'utf8');
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      handleDisabledFileLoadingAsSuccess: true,
    },
  });
  const doc = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  return {
    doc,
    html,
    result: extractWithFallback(doc, url),
    close: () => void window.happyDOM.close(),
  };
}

/** What the content script's extractor reads from a fixture page (the page closed again). */
export function readPage(name: PageName): LoadedPage['result'] {
  const p = loadPage(name);
  const r = p.result;
  p.close();
  return r;
}
