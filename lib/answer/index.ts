/** The answer pipeline's public surface (design: lib/answer/README.md). */
export { createAnswerService } from './stream';
export type { AnswerDeps, AnswerService, AskInput, Emit } from './stream';
export { createClient } from './client';
export { callTool, type ToolCallResult } from './tool-call';
export { addUsage } from './finish';
export { retrievalBody } from './retrieval-only';
export { abortedError, badMessageError, mapAnthropicError, noPaperError } from './api-errors';
export { sentenceWindows, splitSentences } from './answer-format';
