// The pulse the freeze tests rely on can fail: a task that holds the main thread is its pause, and
// a page at rest has none.
import { expect, test } from '@playwright/test';
import { heartbeat, MAX_PAUSE_MS, startHeartbeat } from './heartbeat.ts';

test('the pulse reports a 200 ms main-thread task as a pause, and a page at rest as none', async ({ page }) => {
  await page.goto('/');
  await startHeartbeat(page);
  await page.waitForTimeout(300);
  expect((await heartbeat(page)).longestTask).toBe(0);
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          const until = performance.now() + 200;
          while (performance.now() < until);
          resolve();
        }, 60),
      ),
  );
  const pulse = await heartbeat(page);
  expect(pulse.longestTask).toBeGreaterThanOrEqual(200);
  expect(pulse.longestTask).toBeGreaterThan(MAX_PAUSE_MS);
  expect(pulse.longestGap).toBeGreaterThanOrEqual(200);
});
