import { runContentScript } from './run';

export default defineContentScript({
  matches: ['https://arxiv.org/*'],
  runAt: 'document_idle',
  main(ctx) {
    void runContentScript(ctx);
  },
});
