/**
 * The tab's one database. A module-level singleton on purpose: the client router keeps this module
 * alive across chapter navigations, so the second chapter reuses the open database.
 */
import { DatabaseClient } from './client.ts';

let client: DatabaseClient | undefined;

export function tabDatabase(): DatabaseClient {
  client ??= new DatabaseClient(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'database' }));
  return client;
}
