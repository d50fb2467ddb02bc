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

let downloads: Promise<Downloads> | undefined;

export function startDownloads(): Promise<Downloads> {
  downloads ??= (async () => {
    const startedAt = performance.now();
    const [pgliteWasmModule, initdbWasmModule, fsBundle, snapshot] = await Promise.all([
      WebAssembly.compileStreaming(fetchOk(pgliteWasmUrl)),
      WebAssembly.compileStreaming(fetchOk(initdbWasmUrl)),
      fetchOk(pgliteDataUrl).then((response) => response.blob()),
      fetchOk(__PGDATA_SNAPSHOT__).then((response) => response.blob()),
    ]);
    return { pgliteWasmModule, initdbWasmModule, fsBundle, snapshot, startedAt, doneAt: performance.now() };
  })();
  return downloads;
}
