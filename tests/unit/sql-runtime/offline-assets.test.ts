import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rememberDatabaseAssets } from '../../../src/lib/sql-runtime/offline-assets.ts';
import { databaseIsCached, startIfCached } from '../../../src/lib/sql-runtime/database-cached.ts';

// The early worker, as far as startIfCached sees it: a start that is counted.
const starts = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/lib/sql-runtime/early-worker.ts', () => ({
  startEarlyWorker: () => {
    starts.count += 1;
  },
}));

const ORIGIN = 'https://guide.example';
const PAGE_SCRIPT = `${ORIGIN}/_astro/PageShell.abc123.js`;
const WORKER = [`${ORIGIN}/_astro/worker-1.js`, `${ORIGIN}/_astro/pglite-2.wasm`, `${ORIGIN}/generated/pgdata-r3.tar.gz`];

/** A browser as far as offline-assets.ts sees one: storage, the resource timeline, a cache, a service worker. */
function browser({ cached, controlled = true, saveData = false }: { cached: Set<string>; controlled?: boolean; saveData?: boolean }) {
  const storage = new Map<string, string>();
  vi.stubGlobal('location', { origin: ORIGIN });
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => storage.set(key, value),
  });
  vi.stubGlobal('caches', { match: async (url: string) => (cached.has(url) ? new Response('') : undefined) });
  vi.stubGlobal('navigator', {
    serviceWorker: { controller: controlled ? { postMessage: () => undefined } : null, addEventListener: () => undefined },
    connection: { saveData },
  });
  vi.spyOn(performance, 'getEntriesByType').mockReturnValue(
    [PAGE_SCRIPT, `${ORIGIN}/_astro/live-example.def.js`, `${ORIGIN}/_astro/page.css`, 'https://elsewhere.example/x.js'].map((name) => ({
      name,
    })) as PerformanceEntryList,
  );
}

describe('starting a returning reader’s database from the cache only', () => {
  beforeEach(() => vi.unstubAllGlobals());
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('lists the worker’s files and the page’s own scripts, nothing from elsewhere', () => {
    browser({ cached: new Set() });
    expect(rememberDatabaseAssets(WORKER).sort()).toEqual([...WORKER, PAGE_SCRIPT, `${ORIGIN}/_astro/live-example.def.js`].sort());
  });

  it('says cached only when every listed file is in the cache', async () => {
    const all = new Set([...WORKER, PAGE_SCRIPT, `${ORIGIN}/_astro/live-example.def.js`]);
    browser({ cached: all });
    rememberDatabaseAssets(WORKER);
    expect(await databaseIsCached(PAGE_SCRIPT)).toBe(true);
    all.delete(WORKER[1]!);
    expect(await databaseIsCached(PAGE_SCRIPT)).toBe(false);
  });

  it('never for a page script the list does not name (a new release), nor without a service worker', async () => {
    const all = new Set([...WORKER, PAGE_SCRIPT, `${ORIGIN}/_astro/live-example.def.js`]);
    browser({ cached: all });
    rememberDatabaseAssets(WORKER);
    expect(await databaseIsCached(`${ORIGIN}/_astro/PageShell.new999.js`)).toBe(false);
    browser({ cached: all, controlled: false });
    rememberDatabaseAssets(WORKER);
    expect(await databaseIsCached(PAGE_SCRIPT)).toBe(false);
  });

  it('says not cached when nothing was ever listed', async () => {
    browser({ cached: new Set(WORKER) });
    expect(await databaseIsCached(PAGE_SCRIPT)).toBe(false);
  });

  it('starts the worker once its own script is cached, says cached only when everything is, never with Data Saver on', async () => {
    const all = new Set([...WORKER, PAGE_SCRIPT, `${ORIGIN}/_astro/live-example.def.js`]);
    starts.count = 0;
    browser({ cached: all, saveData: true });
    rememberDatabaseAssets(WORKER);
    expect(await startIfCached(PAGE_SCRIPT)).toBe(false);
    expect(starts.count).toBe(0);
    // The worker's script is not cached: nothing starts.
    browser({ cached: new Set([...all].filter((url) => url !== WORKER[0])) });
    rememberDatabaseAssets(WORKER);
    expect(await startIfCached(PAGE_SCRIPT)).toBe(false);
    expect(starts.count).toBe(0);
    // A page script is missing: the worker (cached files only) starts, but the page is not all cached.
    browser({ cached: new Set(WORKER) });
    rememberDatabaseAssets(WORKER);
    expect(await startIfCached(PAGE_SCRIPT)).toBe(false);
    expect(starts.count).toBe(1);
    browser({ cached: all });
    rememberDatabaseAssets(WORKER);
    expect(await startIfCached(PAGE_SCRIPT)).toBe(true);
    expect(starts.count).toBe(2);
    // A new release: its page script is not on the list.
    expect(await startIfCached(`${ORIGIN}/_astro/PageShell.new999.js`)).toBe(false);
    expect(starts.count).toBe(2);
  });
});
