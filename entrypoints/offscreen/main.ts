import { registerOffscreen } from '@/lib/offscreen';

// Chrome's offscreen document: the background's DOM context (lib/offscreen/README.md).
registerOffscreen();
