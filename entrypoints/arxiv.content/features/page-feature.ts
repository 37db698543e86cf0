import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ExtractResult } from '@/lib/arxiv/schema';
import type { PublicSettings } from '@/lib/settings';

/** What every feature knows about the page it runs on. */
export interface PageContext {
  url: string;
  result: ExtractResult;
  settings: PublicSettings | null;
}

/** One page feature: when it applies, and how it starts. One feature's error never stops the others. */
export interface Feature {
  id: string;
  /**
   * Started as soon as the page is read, before the settings arrive: `page.settings` is null for
   * it, and the background applies its switch (a request naming the feature). Keeps the settings
   * round trip off the path to the badges.
   */
  early?: boolean;
  include: (page: PageContext) => boolean;
  init: (ctx: ContentScriptContext, page: PageContext, signal: AbortSignal) => void | Promise<void>;
}
