// A returning reader and a reader on a plane: what the service worker (src/lib/integration/
// service-worker.ts) buys. One browser context is one reader: it visits, runs an example, and comes
// back in a new tab (the worker and its database start again; the downloads do not), then again
// with the network off.
//
// "Returning reader, first Run" is measured as a reader meets it: the page is loaded (its load
// event), Run is clicked at once, and the time runs from the click to the result drawn. It includes
// what is left of starting the database worker from the cached files (the page begins that as soon
// as its first example is connected and the worker's own script is found in the cache, see
// database-cached.ts and early-worker.ts), opening PGlite from the snapshot, and the Run itself
// (its lock trace follows the result and is not counted). A second figure clicks after the reader
// has been on the page 1 s. `node bench/returning-runs.mjs [runs]` repeats it and prints the medians.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/support/chromium.mjs';

const EXAMPLE = { page: '/guide/defensive-sql/', selector: 'live-sql[id="ex-defensive-create-table-if-not-exists"]' };

/** In the page: every file the database's start listed (offline-assets.ts) is in the cache. */
async function databaseCached() {
  const listed = JSON.parse(localStorage.getItem('migration-field-guide:database-assets') ?? 'null');
  if (!Array.isArray(listed) || listed.length === 0) return false;
  const found = await Promise.all(listed.map((url) => caches.match(url, { ignoreSearch: true })));
  return found.every(Boolean);
}

async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

/**
 * One reader is one browser profile on disk, as a real returning reader's is: an incognito context
 * (Playwright's newContext) keeps no compiled code between visits, which a profile does beside its
 * HTTP cache (worker-downloads.ts relies on it), so it would measure a reader nobody is.
 */
export async function launchReaderProfile(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'mfg-reader-'));
  const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions, ...options });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

export async function measureReturningReader(base, { timeRun, bytesSince, logOffset, settle }) {
  const { context, close } = await launchReaderProfile({ viewport: { width: 1280, height: 900 } });
  try {
    return await visits(context, base, { timeRun, bytesSince, logOffset, settle });
  } finally {
    await close();
  }
}

async function visits(context, base, { timeRun, bytesSince, logOffset, settle }) {
  const first = await context.newPage();
  const offset = logOffset();
  await first.goto(base + EXAMPLE.page, { waitUntil: 'load' });
  await controlled(first);
  const precacheBytes = bytesSince(offset);
  const returningColdReferenceMs = await timeRun(first, EXAMPLE.selector);
  // The database's files reach the cache a moment after the first Run (offline-assets.ts): wait for
  // the page's own readiness test, not for a guess at how long that takes.
  // Polled from here: waitForFunction takes the promise an async predicate returns for a truthy
  // answer, and so returned at once, before the files were listed or cached.
  for (let waited = 0; !(await first.evaluate(databaseCached)); waited += 100) {
    if (waited > 60_000) throw new Error("the database's files never reached the cache");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await settle();
  await first.close();

  const again = await context.newPage();
  const beforeReturn = logOffset();
  await again.goto(base + EXAMPLE.page, { waitUntil: 'load' });
  const returningFirstRunMs = await timeRun(again, EXAMPLE.selector);
  await again.close();

  const reading = await context.newPage();
  await reading.goto(base + EXAMPLE.page, { waitUntil: 'load' });
  await reading.waitForTimeout(1000);
  const returningAfterOneSecondMs = await timeRun(reading, EXAMPLE.selector);
  await reading.close();
  // The built files (scripts, WASM, data, snapshot) a returning reader's two visits fetched over the
  // network: the pages themselves are revalidated, and sw.js is the browser's update check.
  const returningNetworkBytes = bytesSince(beforeReturn, /^\/(_astro|generated)\//);

  await context.setOffline(true);
  const offline = await context.newPage();
  let offlineReads = false;
  let offlineRunState = 'not run';
  let offlineFirstRunMs = null;
  try {
    await offline.goto(base + EXAMPLE.page, { waitUntil: 'load' });
    offlineReads = (await offline.locator('h1').count()) === 1;
    offlineFirstRunMs = await timeRun(offline, EXAMPLE.selector);
    offlineRunState = await offline.locator(`${EXAMPLE.selector} [data-role="output"]`).getAttribute('data-state');
  } catch (error) {
    offlineRunState = `failed: ${error.message.split('\n')[0]}`;
  }
  return {
    precacheBytes,
    returningColdReferenceMs,
    returningFirstRunMs,
    returningAfterOneSecondMs,
    returningNetworkBytes,
    offlineReads,
    offlineRunState,
    offlineFirstRunMs,
  };
}
