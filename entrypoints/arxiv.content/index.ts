import { runContentScript } from './run';

export default defineContentScript({
  matches: ['https://arxiv.org/*'],
  // As soon as the document is parsed (the page's entries, abstract and references are all
  // there), not at `document_idle`, which Chromium may hold until the page's images and scripts
  // have loaded or a timeout has passed: the badges would wait for them for nothing.
  runAt: 'document_end',
  main(ctx) {
    void runContentScript(ctx);
  },
});
