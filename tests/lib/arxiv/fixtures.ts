/** Test helpers: the captured arXiv pages (tests/fixtures/arxiv-pages) as happy-dom Documents. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

export const PAGES_DIR = join(__dirname, '../../fixtures/arxiv-pages');

/** Each captured page and the address it was captured from (tests/fixtures/README.md). */
export const PAGES = {
  abs: 'abs_1706.03762.html',
  absOld: 'abs_hep-th_9711200.html',
  absWithdrawn: 'abs_0902.4054_withdrawn.html',
  html: 'html_1706.03762v7.html',
  htmlNoBib: 'html_2401.00001v1.html',
  listing: 'list_cs.CL_recent.html',
  search: 'search_all_attention.html',
} as const;

export const URLS: Record<string, string> = {
  [PAGES.abs]: 'https://arxiv.org/abs/1706.03762',
  [PAGES.absOld]: 'https://arxiv.org/abs/hep-th/9711200',
  [PAGES.absWithdrawn]: 'https://arxiv.org/abs/0902.4054',
  [PAGES.html]: 'https://arxiv.org/html/1706.03762v7',
  [PAGES.htmlNoBib]: 'https://arxiv.org/html/2401.00001v1',
  [PAGES.listing]: 'https://arxiv.org/list/cs.CL/recent',
  [PAGES.search]:
    'https://arxiv.org/search/?query=attention+is+all+you+need&searchtype=all&abstracts=show&order=-announced_date_first&size=50',
};

export const LAYOUT_OF: Record<string, 'abs' | 'html' | 'listing' | 'search'> = {
  [PAGES.abs]: 'abs',
  [PAGES.absOld]: 'abs',
  [PAGES.absWithdrawn]: 'abs',
  [PAGES.html]: 'html',
  [PAGES.htmlNoBib]: 'html',
  [PAGES.listing]: 'listing',
  [PAGES.search]: 'search',
};

const cache = new Map<string, string>();

export function pageHtml(file: string): string {
  let html = cache.get(file);
  if (html === undefined) {
    html = readFileSync(join(PAGES_DIR, file), 'utf8');
    cache.set(file, html);
  }
  return html;
}

/** An inert Document (no scripts, no loads) built by happy-dom's DOMParser. */
export function parseHtml(html: string, url = 'https://arxiv.org/'): Document {
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true,
      },
    },
  });
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

const docs = new Map<string, Document>();

/** The captured page as a Document (parsed once per test file; extraction does not mutate it). */
export function pageDoc(file: string): Document {
  let doc = docs.get(file);
  if (!doc) {
    doc = parseHtml(pageHtml(file), URLS[file]);
    docs.set(file, doc);
  }
  return doc;
}
