// The page's pulse, for browser tests that must prove the page never froze: a 50 ms timer on the
// page, and the longest silence between its beats. A query or a drawing on the main thread stops it
// entirely; on two busy cores it may run late, so the check is on the longest silence, not the rate.
import { expect, test, type Page } from '@playwright/test';

/** No main-thread pause over ~100 ms: a gap is measured between 50 ms beats. */
export const MAX_GAP_MS = 150;

/**
 * Starts the pulse (once per page) and forgets what it measured so far, once the page beats on time:
 * what is left of the previous test (its page's workers still being torn down) would otherwise be
 * measured as this page's pause. It waits for a quiet 300 ms, at most ten times.
 */
export async function startHeartbeat(page: Page): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await resetHeartbeat(page);
    await page.waitForTimeout(300);
    if ((await heartbeat(page)).longestGap < QUIET_GAP_MS) break;
  }
  await resetHeartbeat(page);
}

/** A beat this late means the machine, not the page under test, is busy. */
const QUIET_GAP_MS = 75;

async function resetHeartbeat(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Beat = { last: number; longestGap: number; beats: number; longestTask: number };
    const w = window as unknown as { heartbeat?: Beat };
    if (!w.heartbeat) {
      const beat: Beat = { last: performance.now(), longestGap: 0, beats: 0, longestTask: 0 };
      w.heartbeat = beat;
      setInterval(() => {
        const now = performance.now();
        beat.longestGap = Math.max(beat.longestGap, now - beat.last);
        beat.last = now;
        beat.beats += 1;
      }, 50);
      // The longest main-thread task, reported beside the gap: it tells the page's own work from a
      // machine too busy to schedule the page at all.
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) beat.longestTask = Math.max(beat.longestTask, entry.duration);
      }).observe({ type: 'longtask' });
    }
    w.heartbeat.last = performance.now();
    w.heartbeat.longestGap = 0;
    w.heartbeat.beats = 0;
    w.heartbeat.longestTask = 0;
  });
}

export async function heartbeat(page: Page): Promise<{ longestGap: number; beats: number; longestTask: number }> {
  return page.evaluate(() => {
    const beat = (window as unknown as { heartbeat: { longestGap: number; beats: number; last: number; longestTask: number } }).heartbeat;
    // A gap still open counts too: the page may be frozen right now.
    return { longestGap: Math.max(beat.longestGap, performance.now() - beat.last), beats: beat.beats, longestTask: beat.longestTask };
  });
}

/** The longest gap since startHeartbeat, recorded in the report (for windows measured, not judged). */
export async function recordGap(page: Page, what: string): Promise<number> {
  const { longestGap, longestTask } = await heartbeat(page);
  test
    .info()
    .annotations.push({
      type: 'heartbeat',
      description: `${what}: longest gap ${Math.round(longestGap)} ms, longest task ${Math.round(longestTask)} ms`,
    });
  return longestGap;
}

/** Asserts the page never went silent longer than `maxGapMs` since startHeartbeat. */
export async function expectResponsive(page: Page, what: string, maxGapMs = MAX_GAP_MS): Promise<number> {
  const longestGap = await recordGap(page, what);
  // Soft: the test still fails on a freeze, and the reader-facing checks after it still run and report.
  expect.soft(longestGap, `${what}: the page went silent`).toBeLessThan(maxGapMs);
  return longestGap;
}
