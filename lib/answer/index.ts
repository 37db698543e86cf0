export { createAnswerService } from './stream';
export type { AnswerDeps, AnswerService, AskInput, Emit } from './stream';
export { handleAnswerPort } from './port';
export type { AnswerPort } from './port';
export {
  mapAnthropicError,
  missingKeyError,
  stallError,
  abortedError,
  noPaperError,
  retryAfterSeconds,
} from './errors';
export {
  buildRequest,
  createClient,
  paperDocumentText,
  sourceTitle,
  SYSTEM_INSTRUCTIONS,
} from './request';
export {
  finishTurn,
  findUnverifiedIds,
  toUsage,
  usageCost,
  mapCitation,
  CitationNumbering,
} from './finish';
export {
  buildRetrievalAnswer,
  matchingPassages,
  retrievalBody,
  RETRIEVAL_LABEL,
} from './retrieval-only';
export { splitFollowups, DisplayFilter, FOLLOWUPS_OPEN, FOLLOWUPS_CLOSE } from './format';
