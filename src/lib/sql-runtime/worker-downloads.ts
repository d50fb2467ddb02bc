/**
 * The database's files, fetched and compiled side by side, once per worker (a lab's shadow
 * database reuses them). A separate entry that started these before the rest of the worker's code
 * loaded won ~60 ms on a cold start, but the page's heartbeat then stalled 160–250 ms during a
 * 1,000,000-row fill (tests/e2e/locks.spec.ts, reproduced each time; not with worker.ts as the
 * entry), so the worker's own module starts them.
 */
import pgliteWasmUrl from '@electric-sql/pglite/pglite.wasm?url';
import pgliteDataUrl from '@electric-sql/pglite/pglite.data?url';
import { tarOf } from './snapshot-tar.ts';

declare const __PGDATA_SNAPSHOT__: string;

/** The files a start needs: the worker lists them for offline use, whether read from the cache or fetched. */
export const DOWNLOADED = [pgliteWasmUrl, pgliteDataUrl, __PGDATA_SNAPSHOT__];

/**
 * Handed to PGlite in place of initdb's WASM (300 KB, fetched and compiled by PGlite itself when it
 * is not given one): initdb runs only for an empty data directory, and every database here is
 * opened from the snapshot (SnapshotFS refuses a tar without PG_VERSION). An empty module: were
 * initdb ever asked for, its start would fail, not run something else.
 */
export const NO_INITDB = new WebAssembly.Module(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));

export interface Downloads {
  pgliteWasmModule: WebAssembly.Module;
  fsBundle: Blob;
  /** The snapshot as a plain tar. */
  snapshot: Uint8Array;
  /** performance.now() when the fetches began, and when all of them were done. */
  startedAt: number;
  doneAt: number;
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} could not be loaded (HTTP ${response.status}).`);
  return response;
}

/**
 * A file the service worker has cached is read from its cache here, not fetched through it: the
 * same bytes, without queueing behind the page's own requests in the service worker while the page
 * loads. Anything else (a first visit, no cache, a cache that cannot be read) is fetched. The
 * service worker's expiry bookkeeping misses these reads; the page asks it to keep the files after
 * every start (offline-assets.ts), which counts as a use.
 */
async function cachedOrFetched(url: string, cachedOnly: boolean): Promise<Response> {
  if (url === pgliteWasmUrl) return fromHttpCacheFirst(url, cachedOnly);
  try {
    const cached = typeof caches === 'undefined' ? undefined : await caches.match(url);
    if (cached?.ok) return cached;
  } catch {
    // Cache Storage refused (an opaque origin, storage blocked): the network it is.
  }
  if (cachedOnly) throw new Error(`${url} is not cached: a start from cached files only downloads nothing.`);
  return fetchOk(url);
}

/**
 * PGlite's WASM comes from the browser's HTTP cache when it has it: Chrome keeps the code V8 compiled
 * beside that copy, so a returning reader's database opens on the code the last visit compiled,
 * instead of compiling ~2,400 functions lazily on the first Run's path (a returning reader's Run at
 * load: 662 → 428 ms median, bench/returning-runs.mjs). The service worker leaves these fetches alone
 * for that reason (lib/integration/service-worker.ts) and keeps a copy of its own, read here when the
 * HTTP cache has lost the file (evicted, cleared) and the network cannot give it. `cachedOnly`: the
 * HTTP cache or that copy, never the network.
 */
async function fromHttpCacheFirst(url: string, cachedOnly: boolean): Promise<Response> {
  try {
    const response = await fetch(url, cachedOnly ? { cache: 'only-if-cached', mode: 'same-origin' } : {});
    if (response.ok) return response;
  } catch {
    // Not in the HTTP cache (cachedOnly), or no network: the service worker's copy, if any.
  }
  const kept = typeof caches === 'undefined' ? undefined : await caches.match(url).catch(() => undefined);
  if (kept?.ok) return kept;
  if (cachedOnly) throw new Error(`${url} is not cached: a start from cached files only downloads nothing.`);
  return fetchOk(url);
}

let downloads: Promise<Downloads> | undefined;

/** `cachedOnly`: fail, rather than download, when a file is not in the service worker's cache. */
export function startDownloads(cachedOnly = false): Promise<Downloads> {
  downloads ??= (async () => {
    const startedAt = performance.now();
    const [pgliteWasmModule, fsBundle, snapshot] = await Promise.all([
      WebAssembly.compileStreaming(cachedOrFetched(pgliteWasmUrl, cachedOnly)),
      cachedOrFetched(pgliteDataUrl, cachedOnly).then((response) => response.blob()),
      cachedOrFetched(__PGDATA_SNAPSHOT__, cachedOnly).then(tarOf),
    ]);
    return { pgliteWasmModule, fsBundle, snapshot, startedAt, doneAt: performance.now() };
  })();
  return downloads;
}
