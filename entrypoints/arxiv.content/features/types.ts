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
  include: (page: PageContext) => boolean;
  init: (ctx: ContentScriptContext, page: PageContext, signal: AbortSignal) => void | Promise<void>;
}
