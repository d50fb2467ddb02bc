/// <reference lib="webworker" />
/**
 * The tab's database worker: one PGlite, opened from the build-time snapshot, serving the page's
 * requests one at a time. It opens the database and dispatches; what a Run does lives in
 * session.ts, what a script does in script-runner.ts, a lab command in prisma-lab/, and pg_dump is
 * PGlite's own tool.
 */
import { PGlite } from '@electric-sql/pglite';
import type { WorkerRequest, WorkerResponse, WorkerMessage } from './protocol.ts';
import { DatabaseBrokenError, DatabaseSession } from './session.ts';
import { runScriptInSandbox } from './script-sandbox.ts';
import { DEFAULT_TIMEOUT_MS } from '../markdown/example-meta.ts';
import { packRunResult, runTransfer } from './run-result-wire.ts';
import { extensionsRequested, following } from './worker-extensions.ts';
import { extensionBundles } from './extension-bundles.ts';
import { DOWNLOADED, NO_INITDB, startDownloads } from './worker-downloads.ts';
import { CACHED_ONLY_WORKER } from './worker-name.ts';
import { SnapshotFS } from './snapshot-fs.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerMessage, transfer: Transferable[] = []) => self.postMessage(message, transfer);
const SCRIPT_LIMIT_MARGIN_MS = 500;
const MIN_SCRIPT_TIME_MS = 100;

interface OpenDatabase {
  db: PGlite;
  session: DatabaseSession;
  /** Another database like the first, from the same downloads (a lab's shadow database, or a copy from a dump). */
  openAnother: (dataDir?: Blob | Uint8Array) => Promise<PGlite>;
}

async function open(): Promise<OpenDatabase> {
  // PGlite would fetch its own assets one after another once created: fetched and compiled side
  // by side instead, overlapping the slow parts of a cold start.
  const {
    pgliteWasmModule,
    fsBundle,
    snapshot: loadDataDir,
    startedAt: started,
    doneAt,
  } = await startDownloads(self.name === CACHED_ONLY_WORKER);
  const downloadedMs = doneAt - started;
  // Marks name the start's phases for a trace (bench/cold-trace.mjs reads them from the worker).
  performance.mark('database:downloaded');
  const openAnother = (dataDir: Blob | Uint8Array = loadDataDir) =>
    PGlite.create({
      pgliteWasmModule,
      initdbWasmModule: NO_INITDB,
      fsBundle,
      fs: new SnapshotFS(dataDir),
      extensions: extensionBundlesLoaded,
    });
  const db = await openAnother();
  performance.mark('database:opened');
  const version = (await db.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
  const session = new DatabaseSession(db, { labSchemas: () => knownLabSchemas });
  await session.startFresh();
  // The downloads are named as well: read from the cache, they leave no resource entry.
  const fetched = performance.getEntriesByType('resource').map((entry) => entry.name);
  const downloaded = DOWNLOADED.map((url) => new URL(url, self.location.href).href);
  const assets = [...new Set([self.location.href, ...fetched, ...downloaded])].filter(
    (url) => new URL(url).origin === self.location.origin,
  );
  post({ type: 'ready', startupMs: performance.now() - started, downloadedMs, version, assets });
  return { db, session, openAnother };
}

/** Requests received so far: the warm-up below is for a database nobody is waiting for yet. */
let requestsReceived = 0;
/** Long enough for the page to answer 'ready' with a request it was holding (a Run pressed during the start). */
const WARM_UP_AFTER_MS = 50;

/**
 * A new backend's first catalog lookups are slow. The state check every Run ends with makes them,
 * read-only, while nobody waits, so a reader who presses Run later finds them made. A request that
 * arrives first makes them itself: warming up before it only delayed it (a Run pressed as the page
 * loaded waited ~75 ms for this; bench/cold-trace.mjs --returning). What the check finds is not acted
 * on here: the same check after the first Run is the one that counts.
 */
async function warmUp({ session }: OpenDatabase): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, WARM_UP_AFTER_MS));
  queue = queue.then(async () => {
    if (requestsReceived > 0 || broken !== undefined) return;
    await session.restore().catch(() => undefined);
    performance.mark('database:warmed');
  });
}

/** Bundled extensions every instance opened from now on gets (the tab's database and a lab's others). */
let extensionBundlesLoaded: Awaited<ReturnType<typeof extensionBundles>> = {};
const extensionsLoaded = new Set<string>();

/**
 * PGlite takes extensions only when an instance is created: the tab's database is reopened from its
 * own data directory with the extensions it lacked, so whatever it held (an example's state, the
 * labs' schemas) stays as it was. Only the first request that creates an extension pays for this.
 */
async function loadExtensions(opened: OpenDatabase, request: WorkerRequest): Promise<void> {
  const needed = extensionsRequested(request).filter((name) => !extensionsLoaded.has(name));
  if (needed.length === 0) return;
  for (const name of needed) extensionsLoaded.add(name);
  extensionBundlesLoaded = await extensionBundles(extensionsLoaded);
  const dataDir = await opened.db.dumpDataDir('none');
  await opened.db.close();
  try {
    opened.db = await opened.openAnother(dataDir);
  } catch (error) {
    throw new DatabaseBrokenError(
      `The database could not be reopened with extension ${needed.join(', ')}: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
  opened.session.replaceDatabase(opened.db);
}

/** A reply, with the report of the rows a prepare generated during this request, if it did. */
function withFill<T extends WorkerMessage>(session: DatabaseSession, response: T): T {
  const fill = session.takeFill();
  return fill ? { ...response, fill } : response;
}

let labDatabase: PGlite | undefined;

/** The labs' schemas (worker-lab.ts reports them once a lab has run): restores leave them alone. */
let knownLabSchemas: readonly string[] = [];

const database = open();
database.catch((error: unknown) => post({ type: 'startup-failed', error: String(error) }));
void database.then(warmUp, () => undefined);

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  const opened = await database;
  post({ type: 'started', id: request.id });
  const started = performance.now();
  await loadExtensions(opened, request);
  const { db, session, openAnother } = opened;
  switch (request.type) {
    case 'prepare': {
      const replayed = await session.prepare(request.state);
      return withFill(session, { id: request.id, type: 'prepared', replayed, elapsedMs: performance.now() - started });
    }
    case 'run': {
      let shown = 0;
      const result = await session.run(request.state, request.script, {
        maxRows: request.maxRows,
        nextKey: request.nextKey,
        answer: (ran) => {
          shown = ran.notices.length;
          const answer = withFill(session, { id: request.id, type: 'ran' as const, ...packRunResult(ran) });
          performance.mark('request:run:answered');
          post(answer, runTransfer(answer));
        },
      });
      const notice = result.notices[shown];
      return { id: request.id, type: 'run-settled', ...(notice ? { notice } : {}) };
    }
    case 'trace': {
      const { trace, rebuildMs } = await session.trace(request.state, request.script, request.after, request.outcome);
      return withFill(session, { id: request.id, type: 'traced', trace, rebuildMs, elapsedMs: performance.now() - started });
    }
    case 'script': {
      await session.prepare(request.state);
      session.invalidate();
      // The sandbox stops the script a little before the page's own limit would restart this worker.
      const left = (request.timeoutMs ?? DEFAULT_TIMEOUT_MS) - (performance.now() - started) - SCRIPT_LIMIT_MARGIN_MS;
      const result = await runScriptInSandbox(db, request.code, Math.max(left, MIN_SCRIPT_TIME_MS));
      // A script stopped between its BEGIN and COMMIT must not leave the next Run inside its transaction.
      if (db.isInTransaction()) await db.exec('ROLLBACK');
      return { id: request.id, type: 'scripted', result };
    }
    case 'dump': {
      await session.prepare(request.state);
      // pg_dump (2 MB of wasm) loads only for the reader who asks for a backup.
      const { pgDump } = await import('@electric-sql/pglite-tools/pg_dump');
      const file = await pgDump({ pg: db, fileName: 'backup.sql' });
      // pg_dump ran on this very session: it can leave its read-only snapshot transaction open and
      // search_path emptied. Close both, or the reader's next Run fails with 25006.
      if (db.isInTransaction()) await db.exec('ROLLBACK');
      await db.exec('RESET ALL');
      return { id: request.id, type: 'dumped', sql: await file.text(), elapsedMs: performance.now() - started };
    }
    case 'lab': {
      // The schema engine (2 MB gzipped) loads only for readers who use a lab.
      const { runLab, labSchemas } = await import('./worker-lab.ts');
      const { id, type: _type, ...lab } = request;
      // Whatever the last Run left in the session or the catalog must not reach the lab.
      const restored = await session.restore();
      if (restored.unrecoverable) throw new DatabaseBrokenError(`The database cannot be restored in place: ${restored.unrecoverable}.`);
      try {
        // The labs keep the database they are first given; an extension may reopen it later.
        labDatabase ??= following(() => opened.db);
        return { id, type: 'lab-ran', result: await runLab({ db: labDatabase, openPGlite: openAnother }, lab) };
      } finally {
        knownLabSchemas = labSchemas();
        session.invalidate();
      }
    }
  }
}

/**
 * Once the database is broken (a PANIC, a reply cut short) nothing it answers can be trusted: every
 * request from then on fails as crashed, and the page replaces this worker.
 */
let broken: string | undefined;

function brokenMessage(error: DatabaseBrokenError): string {
  const why = error.error ? `${error.error.severity} ${error.error.code}: ${error.error.message}` : error.message.replace(/\.$/, '');
  return `PostgreSQL stopped working during this request (${why}), so nothing it reported can be trusted. The database starts afresh; run again to start from the example's setup.`;
}

// Requests are served strictly in order: the session's notion of "the state I hold" depends on it.
let queue: Promise<unknown> = Promise.resolve();
self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  requestsReceived += 1;
  performance.mark(`request:${request.type}:received`);
  queue = queue.then(async () => {
    if (broken !== undefined) {
      post({ id: request.id, type: 'failed', error: broken, crashed: true });
      return;
    }
    try {
      const reply = await handle(request);
      performance.mark(`request:${request.type}:${request.type === 'run' ? 'settled' : 'answered'}`);
      post(reply);
      const { session } = await database;
      if (session.retireReason !== undefined) {
        broken = `The database was replaced: an earlier Run made ${session.retireReason}.`;
        post({ type: 'retire', reason: session.retireReason });
      }
    } catch (error) {
      if (error instanceof DatabaseBrokenError) {
        broken = brokenMessage(error);
        post({ id: request.id, type: 'failed', error: broken, crashed: true });
        void database.then(({ db }) => db.close()).catch(() => undefined);
        return;
      }
      post({ id: request.id, type: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  });
});
