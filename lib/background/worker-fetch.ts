/** The worker's fetch, called late so tests and the browser can replace the global. */
export const workerFetch: typeof fetch = (input, init) => fetch(input, init);
