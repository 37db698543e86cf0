/** Wires every background feature. Called synchronously from the worker's main(). */
export function registerBackground(): void {
  // Filled in by the features: messaging handlers, answer port, side panel behaviour.
}
