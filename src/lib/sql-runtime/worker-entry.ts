/// <reference lib="webworker" />
/**
 * The database worker's entry: it starts the downloads first (worker-downloads.ts), then loads the
 * worker proper, whose code (PGlite's JS, the session) arrives while the WASM compiles.
 */
import { startDownloads } from './worker-downloads.ts';
import type { WorkerMessage } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// A download that fails is reported by worker.ts, which awaits the same promise.
startDownloads().catch(() => undefined);
import('./worker.ts').catch((error: unknown) => {
  const message: WorkerMessage = { type: 'startup-failed', error: `the database worker did not load (${error instanceof Error ? error.message : String(error)}).` };
  self.postMessage(message);
});
