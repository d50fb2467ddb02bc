/**
 * The tab's one database. A module-level singleton on purpose: the client router keeps this module
 * alive across chapter navigations, so the second chapter reuses the open database.
 */
import { DatabaseClient } from './client.ts';

let client: DatabaseClient | undefined;

/** The slot early-worker.ts fills (the same name: Symbol.for); taken once, then emptied for good. */
const EARLY = Symbol.for('mfg:early-worker');
type Slot = { [EARLY]?: (() => Worker) | null };

export function tabDatabase(): DatabaseClient {
  client ??= new DatabaseClient(() => {
    const slot = globalThis as Slot;
    const early = slot[EARLY];
    // null: taken (or too late), so a later page's check starts no second worker.
    slot[EARLY] = null;
    // worker-name.ts's DATABASE_WORKER, written out: imported here too, that module became a chunk
    // of its own, one more round trip before the <live-sql> element's chunk could run.
    return early?.() ?? new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'database' });
  });
  return client;
}
