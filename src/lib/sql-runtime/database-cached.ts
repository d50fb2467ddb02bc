import { ASSETS_KEY } from './database-assets-key.ts';

/**
 * A returning reader's database can start before they press Run, but only if that costs no network
 * byte: once started, the files the start needed (the worker's, and the page's scripts) are listed
 * (offline-assets.ts); on a later page, databaseIsCached answers whether all of them are in the
 * service worker's cache. The list names hashed files, and the page script asking must be one of
 * them, so a new release (new names) never passes for cached. Loaded only when the list exists
 * (database-assets-key.ts); the writing half loads with the first Run.
 */

export async function databaseIsCached(pageScript: string): Promise<boolean> {
  try {
    const listed: unknown = JSON.parse(localStorage.getItem(ASSETS_KEY) ?? 'null');
    if (!Array.isArray(listed) || !listed.includes(pageScript) || !navigator.serviceWorker?.controller) return false;
    const found = await Promise.all(listed.map((url) => (typeof url === 'string' ? caches.match(url, { ignoreSearch: true }) : undefined)));
    return found.every((response) => response !== undefined);
  } catch {
    return false;
  }
}

/**
 * Starts the tab's database when everything it needs is cached, and answers whether it did. The
 * worker is started from here, beside the example controller's load rather than after it: a Run
 * pressed as the page loads waited ~40 ms for the controller's chunks before the worker was even
 * created (bench/cold-trace.mjs --returning). Nothing with Data Saver on, as for any background start.
 */
export async function startIfCached(pageScript: string): Promise<boolean> {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return false;
  // Its chunk is fetched while the cache is read (it is one of the files listed, so cached too).
  const database = import('./tab-database.ts');
  database.catch(() => undefined);
  if (!(await databaseIsCached(pageScript))) return false;
  try {
    void (await database)
      .tabDatabase()
      .start()
      .catch(() => undefined);
    return true;
  } catch {
    return false;
  }
}
