// The page's pulse, for browser tests that must prove the page never froze. Three measures:
// - its work: the CPU time of the longest task its main thread ran, from a Chromium trace of the
//   window. A query, a drawing or a synchronous call on the main thread shows up here, and a reader's
//   click may wait that long. This is the bar: no task of over ~100 ms of the page's own work.
// - its pause: the wall time of its longest task (the Long Tasks API reports each one of 50 ms or more).
//   Recorded, not judged: on a two-core VM running the page's database beside it, the main thread
//   waits for a core. Traced, tasks of 45-81 ms of wall time held 2-25 ms of CPU (the enum example's
//   two Runs, 2026-12-02), and CI measured the same window at 221 ms.
// - its silence: the longest gap between the beats of a 50 ms timer. It also grows when the machine
//   does not schedule the page at all: on a two-core VM whose memory was slow to touch, silences of
//   110–175 ms came with no task of 50 ms in them (the annotations of the timed tests, 2026-12-01).
//   So a silence is judged against a ceiling any reader would call a freeze, whoever caused it.
import { expect, test, type Browser, type Page } from '@playwright/test';

/** The beat's period: a silence is at least this long. */
const BEAT_MS = 50;

/** The most CPU time one main-thread task may take: the ~100 ms the issues set as "never froze". */
export const MAX_PAUSE_MS = 100;

/** A silence this long is a freeze even if no task of the page's explains it. */
export const MAX_SILENCE_MS = 500;

/** A beat this late means the machine, not the page under test, is busy. */
const QUIET_GAP_MS = 75;

export interface Pulse {
  /** The longest gap between two beats (or since the last one), in ms. */
  longestGap: number;
  /** The longest task of the page's main thread, in ms of wall time; 0 when none reached 50 ms. */
  longestTask: number;
  /** The CPU time of the page's longest main-thread task, in ms (from the trace; see pageWork). */
  longestWork: number;
  /**
   * Where that task was posted from, as Chromium names it (a timer, a worker's message, a frame, a
   * garbage collection job): what a failure on a machine one cannot watch needs to be explained.
   */
  longestWorkFrom?: string;
  beats: number;
}

/** The pulse as the page reads it: everything but the work, and the user-timing mark that ends its window. */
export type PagePulse = Omit<Pulse, 'longestWork' | 'longestWorkFrom'> & { mark: string };

/**
 * Starts the pulse (once per page) and forgets what it measured so far, once the page beats on time:
 * what is left of the previous test (its page's workers still being torn down) would otherwise be
 * measured as this page's pause. It waits for a quiet 300 ms, at most ten times. Then the trace of
 * the page's work starts, and the window opens.
 */
export async function startHeartbeat(page: Page): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await resetHeartbeat(page);
    await page.waitForTimeout(300);
    if ((await pagePulse(page)).longestGap < QUIET_GAP_MS) break;
  }
  await startTrace(page);
  await resetHeartbeat(page);
}

/** What the page keeps of its pulse (window.heartbeat); `read` is the pulse so far. */
export interface PageBeat {
  last: number;
  longestGap: number;
  beats: number;
  longestTask: number;
  reads: number;
  tasks: PerformanceObserver;
  read(): PagePulse;
}

async function resetHeartbeat(page: Page): Promise<void> {
  await page.evaluate(
    ({ beatMs, startMark }) => {
      const w = window as unknown as { heartbeat?: PageBeat };
      if (!w.heartbeat) {
        const beat: PageBeat = {
          last: performance.now(),
          longestGap: 0,
          beats: 0,
          longestTask: 0,
          reads: 0,
          tasks: new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) beat.longestTask = Math.max(beat.longestTask, entry.duration);
          }),
          read() {
            // A task that just ended may not have reached the observer's callback yet.
            for (const entry of beat.tasks.takeRecords()) beat.longestTask = Math.max(beat.longestTask, entry.duration);
            // The trace's end of this window: tasks that ended before this mark are in it.
            beat.reads += 1;
            const mark = `heartbeat:read:${beat.reads}`;
            performance.mark(mark);
            // A gap still open counts too: the page may be frozen right now.
            return {
              longestGap: Math.max(beat.longestGap, performance.now() - beat.last),
              beats: beat.beats,
              longestTask: beat.longestTask,
              mark,
            };
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
      performance.mark(startMark);
    },
    { beatMs: BEAT_MS, startMark: START_MARK },
  );
}

function pagePulse(page: Page): Promise<PagePulse> {
  return page.evaluate(() => (window as unknown as { heartbeat: PageBeat }).heartbeat.read());
}

/** The pulse since startHeartbeat, its work included. */
export async function heartbeat(page: Page): Promise<Pulse> {
  return withWork(page, await pagePulse(page));
}

/** Adds the work to a pulse the page read itself (window.heartbeat.read(), at a moment of its choosing). */
export async function withWork(page: Page, pulse: PagePulse): Promise<Pulse> {
  const { mark, ...rest } = pulse;
  const { ms, from } = await pageWork(page, mark);
  return { ...rest, longestWork: ms, ...(from ? { longestWorkFrom: from } : {}) };
}

// The work: each renderer main thread's tasks, with their CPU time (a trace's `tdur`), between the
// window's start mark and its read's mark. Tracing is the browser's, one trace at a time: each
// browser (one per Playwright worker, whose tests run one after another) traces the open window
// and stops at its read, so that no trace runs on through later tests (with one left running
// through six of them, the next window's test ran out of its 60 s). The browser's session traces,
// not the page's: a page closed while traced would leave Playwright recording for good.
const START_MARK = 'heartbeat:start';
const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing'];

/** The page whose window each browser is tracing. */
const traces = new WeakMap<Browser, Page>();

function browserOf(page: Page): Browser {
  const browser = page.context().browser();
  if (!browser) throw new Error('the pulse traces the page through its browser, and this page has none');
  return browser;
}

async function startTrace(page: Page): Promise<void> {
  const browser = browserOf(page);
  // A window opened and never read.
  if (traces.has(browser)) await browser.stopTracing();
  await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
  traces.set(browser, page);
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; src_file?: string; src_func?: string };
}

/** The page's longest task in the window: its CPU time and where it was posted from. */
async function pageWork(page: Page, readMark: string): Promise<{ ms: number; from?: string }> {
  const browser = browserOf(page);
  if (traces.get(browser) !== page) throw new Error('a pulse is read once per window: startHeartbeat opens the next one');
  traces.delete(browser);
  const parsed = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mainThreads = new Set(
    events
      .filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const mark = (name: string) => events.filter((event) => event.name === name && mainThreads.has(`${event.pid}:${event.tid}`)).at(-1);
  const [start, end] = [mark(START_MARK), mark(readMark)];
  // A window whose ends the trace lost would measure nothing and pass: that is an error, not a pulse.
  if (!start || !end) throw new Error(`the trace of the page's work lacks ${start ? readMark : START_MARK}: its window cannot be judged`);
  let longest: TraceEvent | undefined;
  for (const event of events) {
    if (event.ph !== 'X' || event.name !== 'ThreadControllerImpl::RunTask' || event.tdur === undefined) continue;
    if (!mainThreads.has(`${event.pid}:${event.tid}`)) continue;
    // The task that read the pulse counts: read inside the page, it may be the page's own drawing.
    if (event.ts < start.ts || event.ts > end.ts) continue;
    if (event.tdur > (longest?.tdur ?? 0)) longest = event;
  }
  if (!longest) return { ms: 0 };
  const { src_func, src_file } = longest.args ?? {};
  return { ms: longest.tdur! / 1000, ...(src_file ? { from: `${src_func ?? '?'} (${src_file})` } : {}) };
}

/** Records a pulse in the test's report: its figures show in every run, passed or failed. */
export function annotatePulse(pulse: Pulse, what: string): Pulse {
  test.info().annotations.push({
    type: 'heartbeat',
    description: `${what}: longest work ${Math.round(pulse.longestWork)} ms of CPU${pulse.longestWorkFrom ? `, posted from ${pulse.longestWorkFrom}` : ''} (longest task ${Math.round(pulse.longestTask)} ms), longest gap ${Math.round(pulse.longestGap)} ms`,
  });
  return pulse;
}

/**
 * Asserts the page's main thread never worked longer than `maxPauseMs` in one task since
 * startHeartbeat, and never went silent for `MAX_SILENCE_MS`. Soft: the test still fails, and the
 * reader-facing checks after it still run and report.
 */
export async function expectResponsive(page: Page, what: string, maxPauseMs = MAX_PAUSE_MS): Promise<Pulse> {
  const pulse = annotatePulse(await heartbeat(page), what);
  expectPulse(pulse, what, maxPauseMs);
  return pulse;
}

/** The same judgement, on a pulse taken some other way (inside the page at a given moment). */
export function expectPulse(pulse: Pulse, what: string, maxPauseMs = MAX_PAUSE_MS): void {
  const from = pulse.longestWorkFrom ? `, a task posted from ${pulse.longestWorkFrom}` : '';
  expect.soft(pulse.longestWork, `${what}: the page paused (its longest task's CPU time${from})`).toBeLessThan(maxPauseMs);
  expect
    .soft(pulse.longestGap, `${what}: the page went silent (its longest gap)`)
    .toBeLessThan(Math.max(MAX_SILENCE_MS, maxPauseMs + BEAT_MS));
}
