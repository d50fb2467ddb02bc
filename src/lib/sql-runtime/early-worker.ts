/**
 * The database worker, started before the example controller (and with it the DatabaseClient) has
 * loaded; the client then takes it instead of making one (the slot below, read by tab-database.ts).
 * What the worker said before it was taken (its start can fail at once) is held and handed over.
 * Two starts use it:
 * - a returning reader's, in the background: database-cached.ts starts it as soon as the page knows
 *   the database's files are cached, and it may use cached files only (worker-name.ts): it never
 *   downloads anything;
 * - a Run's, pressed before the controller arrived: live-sql-element.ts starts it with the click,
 *   and it downloads what it lacks.
 *
 * Handed over through a global slot rather than a module both import: /check and /playground load
 * the client with the page, and a module shared with this one became a chunk of its own there.
 */
import { CACHED_ONLY_WORKER, DATABASE_WORKER } from './worker-name.ts';

export const EARLY_WORKER_SLOT = Symbol.for('mfg:early-worker');

/** undefined: nothing yet; null: the client made or took its worker already (tab-database.ts). */
type Slot = { [EARLY_WORKER_SLOT]?: (() => Worker) | null };

/**
 * Starts the early worker, once per page (again after a failed one), unless the client already made
 * its own. `download`: it may fetch what is not cached (a reader's Run); otherwise cached files only.
 */
export function startEarlyWorker({ download = false }: { download?: boolean } = {}): void {
  const slot = globalThis as Slot;
  if (slot[EARLY_WORKER_SLOT] !== undefined) return;
  const name = download ? DATABASE_WORKER : CACHED_ONLY_WORKER;
  let worker: Worker;
  try {
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name });
  } catch {
    // No worker can be made here (no module workers, an opaque origin): the client will try its
    // own, and its retries say why to the reader. A Run's click must not stop at this.
    return;
  }
  const held: Event[] = [];
  const hold = (event: Event) => {
    if (event.type === 'error') event.preventDefault();
    held.push(event);
    // A start that failed (a file not cached after all) is over: dropped, so that a client that
    // comes later makes an ordinary worker at once instead of taking this one and retrying.
    if (event.type === 'error' || (event as MessageEvent<{ type?: unknown }>).data?.type === 'startup-failed') {
      worker.terminate();
      if (slot[EARLY_WORKER_SLOT] === take) slot[EARLY_WORKER_SLOT] = undefined;
    }
  };
  worker.addEventListener('message', hold);
  worker.addEventListener('error', hold);
  const take = () => {
    // The client adds its listeners right after taking the worker, in the same task: replayed after them.
    queueMicrotask(() => {
      worker.removeEventListener('message', hold);
      worker.removeEventListener('error', hold);
      for (const event of held) {
        worker.dispatchEvent(
          event instanceof MessageEvent
            ? new MessageEvent('message', { data: event.data })
            : new ErrorEvent('error', { message: (event as ErrorEvent).message ?? '' }),
        );
      }
    });
    return worker;
  };
  slot[EARLY_WORKER_SLOT] = take;
}
