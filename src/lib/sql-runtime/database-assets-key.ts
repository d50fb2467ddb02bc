/**
 * Where the list of the database's files is kept (offline-assets.ts writes it, database-cached.ts
 * reads it). On its own so that every page's script can look for the list without shipping the
 * cache check: a first-time reader has no list and loads nothing more.
 */
export const ASSETS_KEY = 'migration-field-guide:database-assets';

/** Synchronous and cheap: false means the database's files cannot all be cached, true only that they may be. */
export function databaseMayBeCached(): boolean {
  try {
    return localStorage.getItem(ASSETS_KEY) !== null && navigator.serviceWorker?.controller != null;
  } catch {
    return false;
  }
}
