/** The answer pipeline's public surface (design: lib/answer/README.md). */
export { createAnswerService } from './stream';
export type { AnswerDeps, AnswerService, AskInput, Emit } from './stream';
export { callTool, createClient, type ToolCallInput, type ToolCallResult } from './client';
export { badMessageError, mapAnthropicError, noPaperError } from './api-errors';
