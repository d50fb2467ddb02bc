/**
 * The database's files, fetched and compiled side by side, once per worker (a lab's shadow
 * database reuses them). A separate entry that started these before the rest of the worker's code
 * loaded won ~60 ms on a cold start, but the page's heartbeat then stalled 160–250 ms during a
 * 1,000,000-row fill (tests/e2e/locks.spec.ts, reproduced each time; not with worker.ts as the
 * entry), so the worker's own module starts them.
 */
import pgliteWasmUrl from '@electric-sql/pglite/pglite.wasm?url';
import initdbWasmUrl from '@electric-sql/pglite/initdb.wasm?url';
import pgliteDataUrl from '@electric-sql/pglite/pglite.data?url';

declare const __PGDATA_SNAPSHOT__: string;

/** The files a start needs: the worker lists them for offline use, whether read from the cache or fetched. */
export const DOWNLOADED = [pgliteWasmUrl, initdbWasmUrl, pgliteDataUrl, __PGDATA_SNAPSHOT__];

export interface Downloads {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
  fsBundle: Blob;
  snapshot: Blob;
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
  if (url === pgliteWasmUrl || url === initdbWasmUrl) return fromHttpCacheFirst(url, cachedOnly);
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

/**
 * The snapshot as a plain tar. Unpacked here, while the WASM still compiles, rather than by PGlite
 * once everything has arrived, where the ~30 ms of inflating stood between the downloads and the
 * database's start. Read by its first bytes: a host that sends the file with Content-Encoding gzip
 * has had the browser unpack it already.
 */
async function tarOf(response: Response): Promise<Blob> {
  const file = await response.blob();
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  // Typed as a tar either way: PGlite inflates whatever says gzip, and the header may say so.
  if (head[0] !== 0x1f || head[1] !== 0x8b) return file.slice(0, file.size, 'application/x-tar');
  return new Response(file.stream().pipeThrough(new DecompressionStream('gzip'))).blob();
}

let downloads: Promise<Downloads> | undefined;

/** `cachedOnly`: fail, rather than download, when a file is not in the service worker's cache. */
export function startDownloads(cachedOnly = false): Promise<Downloads> {
  downloads ??= (async () => {
    const startedAt = performance.now();
    const [pgliteWasmModule, initdbWasmModule, fsBundle, snapshot] = await Promise.all([
      WebAssembly.compileStreaming(cachedOrFetched(pgliteWasmUrl, cachedOnly)),
      WebAssembly.compileStreaming(cachedOrFetched(initdbWasmUrl, cachedOnly)),
      cachedOrFetched(pgliteDataUrl, cachedOnly).then((response) => response.blob()),
      cachedOrFetched(__PGDATA_SNAPSHOT__, cachedOnly).then(tarOf),
    ]);
    return { pgliteWasmModule, initdbWasmModule, fsBundle, snapshot, startedAt, doneAt: performance.now() };
  })();
  return downloads;
}
