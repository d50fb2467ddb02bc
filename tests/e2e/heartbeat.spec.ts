// The pulse the freeze tests rely on can fail: a task that holds the main thread is its pause and
// its work (named by where it was posted from), and a page at rest has neither.
import { expect, test } from '@playwright/test';
import { heartbeat, MAX_PAUSE_MS, startHeartbeat, withWork, type PageBeat, type PagePulse } from './heartbeat.ts';

test('the pulse reports a 300 ms main-thread task as a pause of that much work, and a page at rest as none', async ({ page }) => {
  await page.goto('/');
  await startHeartbeat(page);
  await page.waitForTimeout(300);
  const rest = await heartbeat(page);
  expect(rest.longestTask).toBe(0);
  expect(rest.longestWork).toBeLessThan(50);
  await expect(heartbeat(page), 'a window is judged once').rejects.toThrow('a pulse is read once per window');
  await startHeartbeat(page);
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        setTimeout(() => {
          const until = performance.now() + 300;
          while (performance.now() < until);
          resolve();
        }, 60),
      ),
  );
  const pulse = await heartbeat(page);
  expect(pulse.longestTask).toBeGreaterThanOrEqual(300);
  // CPU time: a busy loop holds the core for its whole length unless the machine takes it away.
  expect(pulse.longestWork).toBeGreaterThan(MAX_PAUSE_MS);
  // And the failure names it: the busy loop ran in a timer's task.
  expect(pulse.longestWorkFrom).toMatch(/DOMTimer/);
  expect(pulse.longestGap).toBeGreaterThanOrEqual(300);
});

test("a busy task that ended before the window opened is not the window's", async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => {
    const until = performance.now() + 300;
    while (performance.now() < until);
  });
  await startHeartbeat(page);
  await page.waitForTimeout(200);
  const pulse = await heartbeat(page);
  expect(pulse.longestWork).toBeLessThan(50);
});

test('a pulse the page reads at the end of its own long task counts that task', async ({ page }) => {
  await page.goto('/');
  await startHeartbeat(page);
  const read = await page.evaluate(
    () =>
      new Promise<PagePulse>((resolve) =>
        setTimeout(() => {
          const until = performance.now() + 300;
          while (performance.now() < until);
          resolve((window as unknown as { heartbeat: PageBeat }).heartbeat.read());
        }, 60),
      ),
  );
  expect((await withWork(page, read)).longestWork).toBeGreaterThan(MAX_PAUSE_MS);
});
