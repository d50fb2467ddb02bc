import { ASSETS_KEY } from './database-assets-key.ts';
import { startEarlyWorker } from './early-worker.ts';

/**
 * A returning reader's database can start before they press Run, but only if that costs no network
 * byte: once started, the files the start needed (the worker's, and the page's scripts) are listed
 * (offline-assets.ts); on a later page, databaseIsCached answers whether all of them are in the
 * service worker's cache. The list names hashed files, and the page script asking must be one of
 * them, so a new release (new names) never passes for cached. Part of the <live-sql> element's chunk
 * (live-sql-element.ts says why); the writing half (offline-assets.ts) loads with the first Run.
 */

/** The listed files, if the list names the page script asking and a service worker can answer from its cache. */
function listedFor(pageScript: string): unknown[] | undefined {
  const listed: unknown = JSON.parse(localStorage.getItem(ASSETS_KEY) ?? 'null');
  return Array.isArray(listed) && listed.includes(pageScript) && navigator.serviceWorker?.controller ? listed : undefined;
}

export async function databaseIsCached(pageScript: string): Promise<boolean> {
  try {
    const listed = listedFor(pageScript);
    if (!listed) return false;
    const found = await Promise.all(listed.map((url) => (typeof url === 'string' ? caches.match(url, { ignoreSearch: true }) : undefined)));
    return found.every((response) => response !== undefined);
  } catch {
    return false;
  }
}

/**
 * Starts the tab's database when everything it needs is cached, and answers whether all the listed
 * files are. The worker starts as soon as its own script is known to be cached, before the other
 * files are looked up and before the example controller loads (a Run pressed as the page loaded
 * waited ~40 ms for the controller's chunks before the worker was even created, and ~20-40 ms for
 * the lookups: bench/cold-trace.mjs --returning). That worker uses cached files only
 * (early-worker.ts), so a file missing after all costs a failed background start, never a download.
 * Nothing with Data Saver on, as for any background start.
 */
export async function startIfCached(pageScript: string): Promise<boolean> {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return false;
  try {
    const listed = listedFor(pageScript);
    if (!listed) return false;
    const everything = databaseIsCached(pageScript);
    // The list starts with the worker's own script (offline-assets.ts).
    const [workerScript] = listed;
    if (typeof workerScript === 'string' && (await caches.match(workerScript, { ignoreSearch: true }))) startEarlyWorker();
    return await everything;
  } catch {
    return false;
  }
}
