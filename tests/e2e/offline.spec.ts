// Offline after the first visit: the service worker keeps the pages, and the database once it has
// been used, so a reader who ran one example can read and run the guide with the network off.
import { expect, test, type Page } from '@playwright/test';
import { example, run } from './live-examples.ts';

test.use({ serviceWorkers: 'allow' });

test('after one visit and one Run, a chapter reads and an example runs with the network off', async ({ page, context }) => {
  await page.goto('/guide/transactions/');
  // Run at once, as an eager reader does: the database's files are fetched while the service worker
  // is still installing, past it; the client then hands them over (offline-assets.ts).
  await expect(await run(example(page, 'tx-seed-begin-commit'))).toHaveAttribute('data-state', 'ok');
  // Installed, activated and in control of this page (it claims open pages once active).
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  // Readiness, not time: the database's WASM and snapshot are in the service worker's cache.
  await expect
    .poll(async () => page.evaluate(async () => (await (await caches.open('assets')).keys()).map((r) => new URL(r.url).pathname)), {
      timeout: 30_000,
    })
    .toEqual(expect.arrayContaining([expect.stringMatching(/^\/_astro\/pglite-.*\.wasm$/), expect.stringMatching(/^\/generated\//)]));

  await context.setOffline(true);
  // Proof the network is really gone for this page: a request nothing has cached fails.
  expect(
    await page.evaluate(() =>
      fetch('/never-cached-' + Math.random()).then(
        () => 'reached',
        () => 'offline',
      ),
    ),
  ).toBe('offline');

  await page.goto('/guide/defensive-sql/');
  await expect(page.locator('h1')).toHaveText(/Defensive SQL/);
  const ex = example(page, 'defensive-create-table-naive');
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'ok');
  // The second Run reports the database's real answer, not a cached one: the table now exists.
  const second = await run(ex);
  await expect(second).toHaveAttribute('data-state', 'error');
  await expect(second).toContainText('42P07');
  await context.setOffline(false);
});

test('a page never visited is still there offline: the shell is precached on the first visit', async ({ page, context }) => {
  await page.goto('/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await context.setOffline(true);
  await page.goto('/guide/backups/');
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('main')).toContainText('pg_dump');
  await context.setOffline(false);
});

/** Readiness: every file the database's start listed is in the service worker's cache (the same test the page makes). */
async function everythingListedIsKept(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const listed: string[] = JSON.parse(localStorage.getItem('migration-field-guide:database-assets') ?? '[]');
          const found = await Promise.all(listed.map((url) => caches.match(url, { ignoreSearch: true })));
          return listed.length > 0 && found.every(Boolean);
        }),
      { timeout: 30_000 },
    )
    .toBe(true);
}

/** Resolves once the page has been idle twice: the idle-time checks have had their turn. */
const afterIdle = () =>
  new Promise<void>((resolve) => requestIdleCallback(() => requestIdleCallback(() => resolve(), { timeout: 3000 }), { timeout: 3000 }));
const workerStarted = () => performance.getEntriesByType('resource').some((entry) => /\/_astro\/worker-[\w-]+\.js$/.test(entry.name));

/**
 * An example on screen for 0.7 s counts as interest and starts the database (live-sql-element.ts);
 * without an IntersectionObserver that start never comes, so what these pages start comes from the
 * cache check alone, whatever the timing.
 */
const withoutDwell = () => {
  window.IntersectionObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
    takeRecords(): IntersectionObserverEntry[] {
      return [];
    }
  } as unknown as typeof IntersectionObserver;
};

test('a returning reader’s database starts as the page loads, from the cache alone; a first visit starts nothing', async ({
  page,
  context,
}) => {
  await context.addInitScript(withoutDwell);
  await page.goto('/guide/defensive-sql/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await page.evaluate(afterIdle);
  expect(await page.evaluate(workerStarted)).toBe(false);

  await expect(await run(example(page, 'defensive-create-table-if-not-exists'))).toHaveAttribute('data-state', 'ok');
  await everythingListedIsKept(page);

  // With the network off, nothing it does can cost a byte; yet the database starts untouched.
  await context.setOffline(true);
  const again = await context.newPage();
  await again.goto('/guide/defensive-sql/');
  await again.waitForFunction(workerStarted, undefined, { timeout: 30_000 });
  await expect(await run(example(again, 'defensive-create-table-if-not-exists'))).toHaveAttribute('data-state', 'ok');
  await context.setOffline(false);
});

/** How the database worker of this page got PGlite's WASM: the resource entry's deliveryType ('cache' is the HTTP cache). */
async function pgliteWasmDelivery(page: Page): Promise<string[]> {
  await expect.poll(() => page.workers().length, { timeout: 30_000 }).toBeGreaterThan(0);
  const worker = page.workers().find((candidate) => /\/worker-[\w-]+\.js$/.test(candidate.url()));
  if (!worker) throw new Error('no database worker');
  return worker.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => /\/_astro\/pglite-[\w-]+\.wasm$/.test(entry.name))
      // deliveryType ('cache': the HTTP cache) is newer than TypeScript's DOM types.
      .map((entry) => (entry as PerformanceResourceTiming & { deliveryType?: string }).deliveryType || 'not from the HTTP cache'),
  );
}

test('a returning reader’s database compiles PGlite from the HTTP cache, where Chrome keeps the compiled code; with that copy gone and the network off, the service worker’s copy runs it', async ({
  page,
  context,
}) => {
  // Three pages, each starting the database: up to 41 s under CI's load.
  test.setTimeout(120_000);
  await page.goto('/guide/defensive-sql/');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await expect(await run(example(page, 'defensive-create-table-if-not-exists'))).toHaveAttribute('data-state', 'ok');
  await everythingListedIsKept(page);

  // Answered by the service worker, the WASM would come without V8's code (worker-downloads.ts).
  const again = await context.newPage();
  await again.goto('/guide/defensive-sql/');
  await expect(await run(example(again, 'defensive-create-table-if-not-exists'))).toHaveAttribute('data-state', 'ok');
  expect(await pgliteWasmDelivery(again)).toEqual(['cache']);
  await again.close();

  // The HTTP cache is the browser's to evict: without it, and without a network, the kept copy serves.
  const devtools = await context.newCDPSession(page);
  await devtools.send('Network.clearBrowserCache');
  await context.setOffline(true);
  const offline = await context.newPage();
  await offline.goto('/guide/defensive-sql/');
  await expect(await run(example(offline, 'defensive-create-table-if-not-exists'))).toHaveAttribute('data-state', 'ok');
  expect(await pgliteWasmDelivery(offline)).not.toContain('cache');
  await context.setOffline(false);
});
