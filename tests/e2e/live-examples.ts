// How the browser tests drive a live example: through its stable test hooks, as a reader would.
import { expect, test, type Locator, type Page } from '@playwright/test';

export const DONE = /^(ok|error)$/;

export function example(page: Page, id: string): Locator {
  return page.locator(`[data-example-id="${id}"]`);
}

/** How many operations (Run, Reset, pg_dump, …) the example has finished: its output's data-done. */
export async function finished(ex: Locator): Promise<number> {
  return Number((await ex.locator('[data-role="output"]').getAttribute('data-done')) ?? 0);
}

/** Waits until the example has finished more than `before` operations, and returns its output. */
export async function settled(ex: Locator, before: number): Promise<Locator> {
  const output = ex.locator('[data-role="output"]');
  await expect.poll(() => finished(ex), { timeout: 45_000 }).toBeGreaterThan(before);
  return output;
}

/** Presses a control (run, reset, dump, restore) and waits for the output it produces. */
export async function press(ex: Locator, action: string): Promise<Locator> {
  const before = await finished(ex);
  await ex.locator(`[data-action="${action}"]`).click();
  // The first press loads the example's controller; data-ready says it is live.
  await expect(ex).toHaveAttribute('data-ready', { timeout: 45_000 });
  const output = await settled(ex, before);
  await expect(output).toHaveAttribute('data-state', DONE);
  return output;
}

export const run = (ex: Locator): Promise<Locator> => press(ex, 'run');

/** Replaces the example's code the way a reader would: open the editor, select all, type. */
export async function setSql(page: Page, ex: Locator, code: string): Promise<void> {
  await ex.locator('[data-action="edit"]').click();
  const editor = ex.locator('.monaco-editor');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
  await expect(ex.locator('.view-lines')).toContainText(code.split('\n')[0]!.slice(0, 20).replaceAll(' ', '\u00a0'));
}

/**
 * Heartbeat: a 50 ms timer on the page. Anything hogging the main thread delays it; the longest
 * silence since the last reset is what a reader would feel as a freeze.
 */
export async function startHeartbeat(page: Page): Promise<void> {
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

/** Asserts the page never went silent longer than `maxGapMs`, naming the longest task if it did. */
export async function expectResponsive(page: Page, maxGapMs: number, what: string): Promise<number> {
  const { longestGap, longestTask } = await heartbeat(page);
  test.info().annotations.push({ type: 'heartbeat', description: `${what}: longest gap ${Math.round(longestGap)} ms, longest task ${Math.round(longestTask)} ms` });
  // Soft: the test still fails on a freeze, and the reader-facing checks after it still run and report.
  expect.soft(longestGap, `${what}: the page went silent (longest main-thread task ${Math.round(longestTask)} ms)`).toBeLessThan(maxGapMs);
  return longestGap;
}

/** Puts `text` into the example's editor as one clipboard paste, the way a reader pastes a file. */
export async function pasteSql(page: Page, ex: Locator, text: string): Promise<void> {
  await ex.locator('[data-action="edit"]').click();
  const editor = ex.locator('.monaco-editor');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  await expect(ex.locator('.view-lines')).toContainText(text.split('\n')[0]!.slice(0, 20).replaceAll(' ', '\u00a0'));
}
