import type { Feature } from './page-feature';
import { reportPaper } from './report-paper';
import { selectionAsk } from './selection-ask';
import { relatedStrip } from './related-strip';
import { listingBadges } from './listing-badges';
import { referenceBadges } from './reference-badges';

/** Every page feature, in start order. */
export const features: Feature[] = [
  reportPaper,
  selectionAsk,
  relatedStrip,
  listingBadges,
  referenceBadges,
];
