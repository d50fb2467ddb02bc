/// <reference lib="webworker" />
/**
 * The benchmark's reference point: PGlite as its README shows it, in a plain worker, no snapshot
 * (so initdb runs in the browser). The bench compares the guide's cold Run against this.
 */
import { PGlite } from '@electric-sql/pglite';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener('message', async (event: MessageEvent<string>) => {
  const db = new PGlite();
  const result = await db.query<{ answer: number }>(event.data);
  self.postMessage(result.rows[0]?.answer ?? null);
});
