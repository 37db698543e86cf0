export { createAnswerService } from './stream';
export type { AnswerDeps, AnswerService, AskInput, Emit } from './stream';
export {
  mapAnthropicError,
  missingKeyError,
  stallError,
  abortedError,
  noPaperError,
  retryAfterSeconds,
} from './api-errors';
export { buildRequest, paperDocumentText, sourceTitle, SYSTEM_INSTRUCTIONS } from './request';
export {
  finishTurn,
  findUnverifiedIds,
  toUsage,
  usageCost,
  mapCitation,
  CitationNumbering,
} from './finish';
export { buildRetrievalAnswer, matchingPassages, RETRIEVAL_LABEL } from './retrieval-only';
export { splitFollowups, DisplayFilter, FOLLOWUPS_OPEN, FOLLOWUPS_CLOSE } from './answer-format';
