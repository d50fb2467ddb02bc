/// <reference lib="webworker" />
/**
 * The tab's database worker: one PGlite, opened from the build-time snapshot, serving the page's
 * requests one at a time. All query logic lives in session.ts; this file is transport only.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Request, Response, WorkerMessage } from './protocol.ts';
import { DatabaseSession } from './session.ts';

declare const __PGDATA_SNAPSHOT__: string;
declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerMessage) => self.postMessage(message);

async function open(): Promise<DatabaseSession> {
  const started = performance.now();
  const response = await fetch(__PGDATA_SNAPSHOT__);
  if (!response.ok) throw new Error(`The database snapshot could not be loaded (HTTP ${response.status}).`);
  const db = await PGlite.create({ loadDataDir: await response.blob() });
  const version = (await db.query<{ v: string }>('SHOW server_version')).rows[0]?.v ?? '?';
  post({ type: 'ready', startupMs: performance.now() - started, version });
  return new DatabaseSession(db);
}

const session = open();
session.catch((error: unknown) => post({ type: 'startup-failed', error: String(error) }));

async function handle(request: Request): Promise<Response> {
  const db = await session;
  const started = performance.now();
  switch (request.type) {
    case 'prepare': {
      const replayed = await db.prepare(request.state);
      return { id: request.id, type: 'prepared', replayed, elapsedMs: performance.now() - started };
    }
    case 'run': {
      const result = await db.run(request.state, request.sql, { mode: request.mode, maxRows: request.maxRows, nextKey: request.nextKey });
      return { id: request.id, type: 'ran', result };
    }
  }
}

// Requests are served strictly in order: the session's notion of "the state I hold" depends on it.
let queue: Promise<unknown> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<Request>) => {
  const request = event.data;
  queue = queue.then(async () => {
    try {
      post(await handle(request));
    } catch (error) {
      post({ id: request.id, type: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  });
});
