import { registerBackground } from '@/lib/background';

export default defineBackground({
  type: 'module',
  main() {
    registerBackground();
  },
});
