import type { Feature } from './types';
import { reportPaper } from './report-paper';
import { selectionAsk } from './selection-ask';

/** Every page feature, in start order. */
export const features: Feature[] = [reportPaper, selectionAsk];
