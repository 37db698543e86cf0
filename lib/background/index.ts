import { restrictStorageToTrustedContexts } from '../settings';
import { registerMessageHandlers, registerTabTracking } from './handlers';
import { registerSidePanel } from './side-panel';
import { registerAnswerPorts } from './answer-ports';
import { markInterruptedTurns } from '../db';
import { resumeRebuildIfDue } from './corpus-writer';
import { registerStripSlot } from './strip-slot-registration';
import { registerJobs } from './job-handlers';
import { registerWelcome } from './welcome';

/**
 * Wires every background feature. Called synchronously from the worker's main(): listeners are
 * registered in the first turn of the event loop so events that woke the worker are not missed.
 */
export function registerBackground(): void {
  void restrictStorageToTrustedContexts();
  registerSidePanel();
  registerMessageHandlers();
  registerTabTracking();
  registerAnswerPorts();
  registerStripSlot();
  registerJobs();
  registerWelcome();
  // A worker that died mid-answer left turns marked `streaming`: what was received is kept.
  void markInterruptedTurns().catch(() => undefined);
  // A schema upgrade left an index rebuild due: the corpus's writer goes on with it in batches,
  // from where it stopped.
  void resumeRebuildIfDue().catch(() => undefined);
}
