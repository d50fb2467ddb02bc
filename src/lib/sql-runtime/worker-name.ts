/**
 * The database worker's name when it may use cached files only: a returning reader's background
 * start, which must not download anything (tab-database.ts names the worker, worker.ts reads the name;
 * a worker gets no other word before its module runs). On its own so that neither imports the other.
 */
export const CACHED_ONLY_WORKER = 'database (cached files only)';

/** Its name otherwise: it fetches what its cache lacks (tab-database.ts writes it out, and says why). */
export const DATABASE_WORKER = 'database';
