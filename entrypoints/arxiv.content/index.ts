import { runContentScript } from './run-content-script';

export default defineContentScript({
  matches: ['https://arxiv.org/*'],
  runAt: 'document_idle',
  main(ctx) {
    void runContentScript(ctx);
  },
});
