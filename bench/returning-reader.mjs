// A returning reader and a reader on a plane: what the service worker (src/lib/integration/
// service-worker.ts) buys. One browser context is one reader: it visits, runs an example, and comes
// back in a new tab (the worker and its database start again; the downloads do not), then again
// with the network off.
const EXAMPLE = { page: '/guide/defensive-sql/', selector: 'live-sql[id="ex-defensive-create-table-if-not-exists"]' };

async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

export async function measureReturningReader(browser, base, { timeRun, bytesSince, logOffset, settle }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const first = await context.newPage();
  const offset = logOffset();
  await first.goto(base + EXAMPLE.page, { waitUntil: 'load' });
  await controlled(first);
  const precacheBytes = bytesSince(offset);
  const returningColdReferenceMs = await timeRun(first, EXAMPLE.selector);
  await settle();
  await first.close();

  const again = await context.newPage();
  await again.goto(base + EXAMPLE.page, { waitUntil: 'load' });
  const returningFirstRunMs = await timeRun(again, EXAMPLE.selector);
  await again.close();

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
  await context.close();
  return { precacheBytes, returningColdReferenceMs, returningFirstRunMs, offlineReads, offlineRunState, offlineFirstRunMs };
}
