// The page's pulse, for browser tests that must prove the page never froze. Two measures, taken in
// the page itself:
// - its pause: the longest task the page's main thread ran (the Long Tasks API reports each one of
//   50 ms or more). A query, a drawing or a synchronous call on the main thread shows up here, and a
//   reader's click waits at most that long. This is the bar: no pause over ~100 ms.
// - its silence: the longest gap between the beats of a 50 ms timer. It also grows when the machine
//   does not schedule the page at all: on a two-core VM whose memory was slow to touch, silences of
//   110–175 ms came with no task of 50 ms in them (the annotations of the timed tests, 2026-12-01).
//   So a silence is judged against a ceiling any reader would call a freeze, whoever caused it.
import { expect, test, type Page } from '@playwright/test';

/** The beat's period: a silence is at least this long. */
const BEAT_MS = 50;

/** The longest main-thread task a test accepts: the ~100 ms the issues set as "never froze". */
export const MAX_PAUSE_MS = 100;

/** A silence this long is a freeze even if no task of the page's explains it. */
export const MAX_SILENCE_MS = 500;

/** A beat this late means the machine, not the page under test, is busy. */
const QUIET_GAP_MS = 75;

export interface Pulse {
  /** The longest gap between two beats (or since the last one), in ms. */
  longestGap: number;
  /** The longest task of the page's main thread, in ms; 0 when none reached 50 ms. */
  longestTask: number;
  beats: number;
}

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

/** What the page keeps of its pulse (window.heartbeat); `read` is the pulse so far. */
export interface PageBeat {
  last: number;
  longestGap: number;
  beats: number;
  longestTask: number;
  tasks: PerformanceObserver;
  read(): Pulse;
}

async function resetHeartbeat(page: Page): Promise<void> {
  await page.evaluate((beatMs) => {
    const w = window as unknown as { heartbeat?: PageBeat };
    if (!w.heartbeat) {
      const beat: PageBeat = {
        last: performance.now(),
        longestGap: 0,
        beats: 0,
        longestTask: 0,
        tasks: new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) beat.longestTask = Math.max(beat.longestTask, entry.duration);
        }),
        read() {
          // A task that just ended may not have reached the observer's callback yet.
          for (const entry of beat.tasks.takeRecords()) beat.longestTask = Math.max(beat.longestTask, entry.duration);
          // A gap still open counts too: the page may be frozen right now.
          return { longestGap: Math.max(beat.longestGap, performance.now() - beat.last), beats: beat.beats, longestTask: beat.longestTask };
        },
      };
      w.heartbeat = beat;
      setInterval(() => {
        const now = performance.now();
        beat.longestGap = Math.max(beat.longestGap, now - beat.last);
        beat.last = now;
        beat.beats += 1;
      }, beatMs);
      beat.tasks.observe({ type: 'longtask' });
    }
    // Tasks before this moment are not this window's.
    w.heartbeat.tasks.takeRecords();
    w.heartbeat.last = performance.now();
    w.heartbeat.longestGap = 0;
    w.heartbeat.beats = 0;
    w.heartbeat.longestTask = 0;
  }, BEAT_MS);
}

export async function heartbeat(page: Page): Promise<Pulse> {
  return page.evaluate(() => (window as unknown as { heartbeat: PageBeat }).heartbeat.read());
}

/** Records a pulse in the test's report: its figures show in every run, passed or failed. */
export function annotatePulse(pulse: Pulse, what: string): Pulse {
  test.info().annotations.push({
    type: 'heartbeat',
    description: `${what}: longest task ${Math.round(pulse.longestTask)} ms, longest gap ${Math.round(pulse.longestGap)} ms`,
  });
  return pulse;
}

/**
 * Asserts the page never paused longer than `maxPauseMs` since startHeartbeat, and never went
 * silent for `MAX_SILENCE_MS`. Soft: the test still fails, and the reader-facing checks after it
 * still run and report.
 */
export async function expectResponsive(page: Page, what: string, maxPauseMs = MAX_PAUSE_MS): Promise<Pulse> {
  const pulse = annotatePulse(await heartbeat(page), what);
  expectPulse(pulse, what, maxPauseMs);
  return pulse;
}

/** The same judgement, on a pulse taken some other way (inside the page at a given moment). */
export function expectPulse(pulse: Pulse, what: string, maxPauseMs = MAX_PAUSE_MS): void {
  expect.soft(pulse.longestTask, `${what}: the page paused (its longest task)`).toBeLessThan(maxPauseMs);
  expect
    .soft(pulse.longestGap, `${what}: the page went silent (its longest gap)`)
    .toBeLessThan(Math.max(MAX_SILENCE_MS, maxPauseMs + BEAT_MS));
}
