import { ASSETS_KEY } from './database-assets-key.ts';
/**
 * What the database needed, kept for offline use. The service worker (lib/integration/
 * service-worker.ts) caches the database's files as they are fetched, but only once it controls the
 * page, which on a first visit is a moment after load: a Run pressed before that fetched them past
 * it, and the reader would find the guide's pages offline but not its database. So once the worker
 * has started, the files it fetched are handed to the service worker to fetch and keep, through
 * Workbox's own CACHE_URLS message (its runtime rules pick the cache).
 */
export function keepForOffline(urls: readonly string[]): void {
  if (urls.length === 0 || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  const send = () => container.controller?.postMessage({ type: 'CACHE_URLS', payload: { urlsToCache: [...urls] } });
  // In control now does not mean in control when the files were fetched (it may have claimed the
  // page halfway through the start): send anyway; a file already cached is answered from the cache.
  if (container.controller) send();
  else container.addEventListener('controllerchange', send, { once: true });
}

/**
 * Lists what the start needed, page scripts included (see database-cached.ts), and returns that list
 * for keepForOffline: the worker's files first, its own script at their head (database-cached.ts
 * looks that one up first). The returning reader's check is part of the <live-sql> element's chunk,
 * which a chapter has loaded before any Run, so it is listed with the page's scripts.
 */
export function rememberDatabaseAssets(workerAssets: readonly string[]): string[] {
  let all = [...workerAssets];
  try {
    const scripts = performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((url) => url.startsWith(`${location.origin}/`) && new URL(url).pathname.endsWith('.js'));
    all = [...new Set([...workerAssets, ...scripts])];
    localStorage.setItem(ASSETS_KEY, JSON.stringify(all));
  } catch {
    // Storage blocked or full: the database then starts on interest, as on a first visit.
  }
  return all;
}
