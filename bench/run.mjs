// `npm run bench`: one server, one browser, one run against the production build (dist/).
// Prints a table and writes bench/results/latest.json. Times are wall-clock in a real Chromium;
// bytes are what the server put on the wire (gzip, as a typical static host sends), counted on the
// server side so requests made by workers are included.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/support/chromium.mjs';
import { startDistServer } from '../tests/support/dist-server.mjs';
import { measureReturningReader } from './returning-reader.mjs';
import { timeRun } from './time-run.mjs';
import { builtPageUrls, measurePages } from './page-bytes.mjs';
import { byteLog } from './byte-log.mjs';
import { measureMachine } from './machine.mjs';

const DIST = 'dist';
if (!existsSync(join(DIST, 'index.html'))) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(1);
}

const DONE = (selector) => `document.querySelector('${selector} [data-role="output"]')?.dataset.state?.match(/^(ok|error)$/)`;

const work = mkdtempSync(join(tmpdir(), 'mfg-bench-'));
const log = join(work, 'bytes.log');
writeFileSync(log, '');
const server = await startDistServer({ dist: DIST, log });
const { base } = server;

const { logOffset, bytesSince } = byteLog(log);
const settle = () => new Promise((r) => setTimeout(r, 300));

const browser = await chromium.launch(chromiumLaunchOptions);
// The service worker is measured on its own (bench/returning-reader.mjs): elsewhere it would add its
// background precache to "bytes before interaction" and serve a warm cache to a "cold" start.
const fresh = async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  return { context, page: await context.newPage() };
};

/**
 * A Run and its lock trace, from one click: the result (as timeRun), then the trace drawn beside
 * it; `workerMs` is the trace request's own time in the worker (rebuild, trace, leaving the Run's state).
 */
async function timeRunAndTrace(page, selector) {
  const runMs = await timeRun(page, selector);
  const started = Date.now();
  await page.waitForFunction(
    (sel) => /^(done|unavailable)$/.test(document.querySelector(`${sel} [data-role="output"]`)?.dataset.trace ?? ''),
    selector,
    { timeout: 600_000, polling: 10 },
  );
  const output = await page.evaluate((sel) => ({ ...document.querySelector(`${sel} [data-role="output"]`).dataset }), selector);
  if (output.trace !== 'done') throw new Error(`no lock trace for ${selector}`);
  return { runMs, traceAfterResultMs: Date.now() - started, workerMs: Number(output.traceMs) };
}

async function timeReset(page, selector) {
  return page.evaluate(
    (sel) =>
      new Promise((resolve) => {
        const example = document.querySelector(sel);
        const output = example.querySelector('[data-role="output"]');
        output.textContent = '';
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (output.textContent.startsWith('Reset to the setup state')) {
            observer.disconnect();
            resolve(Math.round(performance.now() - started));
          }
        });
        observer.observe(output, { childList: true, subtree: true, characterData: true });
        example.querySelector('[data-action="reset"]').click();
      }),
    selector,
  );
}

const examples = JSON.parse(readFileSync(join(DIST, 'examples.json'), 'utf8')).examples;
const results = {
  date: new Date().toISOString(),
  chromium: browser.version(),
  // Before the browser's work: what this machine charges for new memory, which every start pays.
  machine: measureMachine(),
  pages: {},
  timings: {},
  memory: {},
};

// 1. Bytes a page needs before any interaction: load it, wait past the load event, stay still.
// bench/page-bytes.mjs does it (its own logging server), the same way tests/e2e/page-bytes.spec.ts checks the budget.
for (const { url, bytes } of await measurePages(browser, builtPageUrls(DIST), DIST)) results.pages[url] = { bytesBeforeInteraction: bytes };

// 2. Cold click → first result: fresh cache, Run pressed right after the page loads.
const firstExample = examples.find((example) => example.page === '/guide/defensive-sql/');
const sel = `live-sql[id="ex-${firstExample.id}"]`;
{
  const { context, page } = await fresh();
  await page.goto(base + firstExample.page, { waitUntil: 'load' });
  const offset = logOffset();
  results.timings.coldClickToFirstResultMs = await timeRun(page, sel);
  results.timings.coldWorkerStartup = await page.evaluate((s) => ({ ...document.querySelector(`${s} [data-role="output"]`).dataset }), sel);
  await settle();
  results.memory.bytesForFirstRun = bytesSince(offset);
  // Warm Runs of an idempotent example, then Reset.
  const idem = `live-sql[id="ex-defensive-create-table-if-not-exists"]`;
  await timeRun(page, idem);
  const warm = [];
  for (let i = 0; i < 7; i += 1) warm.push(await timeRun(page, idem));
  warm.sort((a, b) => a - b);
  results.timings.warmRunMedianMs = warm[3];
  const resets = [];
  for (let i = 0; i < 5; i += 1) resets.push(await timeReset(page, idem));
  resets.sort((a, b) => a - b);
  results.timings.resetMedianMs = resets[2];
  // Next chapter, first Run: the worker and its database survive the navigation.
  // As a reader does: the pointer reaches the link (which loads the router) before the click.
  await page.hover('.pagination .next');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => /\/router\.[\w-]+\.js$/.test(entry.name)));
  await page.click('.pagination .next');
  // A function, not a string: the page's Content-Security-Policy refuses eval of a string predicate.
  await page.waitForFunction((from) => location.pathname !== from, firstExample.page);
  await page.waitForSelector('live-sql');
  const nextId = await page.evaluate(() => document.querySelector('live-sql')?.id.slice(3));
  results.timings.nextChapterFirstRunMs = await timeRun(page, `live-sql[id="ex-${nextId}"]`);
  await context.close();
}

// 3. After the example has been on screen for 5 s (the dwell prewarm has started the database).
{
  const { context, page } = await fresh();
  await page.goto(base + firstExample.page, { waitUntil: 'load' });
  await page.locator(sel).scrollIntoViewIfNeeded();
  // The pointer over the page is the reader's first sign: dwelling counts from then on.
  await page.mouse.move(20, 20);
  await page.waitForTimeout(5000);
  results.timings.afterFiveSecondsOnScreenMs = await timeRun(page, sel);
  await context.close();
}

// 4. Editor: click Edit → Monaco ready, cold cache; the median of three readers (one sample swung
//    by ±150 ms between runs: the database's start shares the two cores with Monaco's).
{
  const times = [];
  const withHarness = [];
  for (let i = 0; i < 3; i += 1) {
    const { context, page } = await fresh();
    await page.goto(base + firstExample.page, { waitUntil: 'load' });
    const offset = logOffset();
    // Timed inside the page, as timeRun does: from the reader's pointerdown on Edit to the editor's
    // lines in the page. Playwright's click first waits for the button to be stable and hit-testable,
    // which took ~250 ms here before any event reached the page; that wait is kept apart.
    await page.evaluate((selector) => {
      const example = document.querySelector(selector);
      const marks = {};
      window.__editMarks = marks;
      document.addEventListener('pointerdown', (event) => (marks.pressed ??= event.timeStamp), { capture: true });
      new MutationObserver((_, observer) => {
        if (!example.querySelector('.monaco-editor .view-lines')) return;
        marks.ready = performance.now();
        observer.disconnect();
      }).observe(example, { childList: true, subtree: true });
    }, sel);
    const started = Date.now();
    await page.click(`${sel} [data-action="edit"]`);
    await page.waitForSelector(`${sel} .monaco-editor .view-lines`, { timeout: 60_000 });
    const withHarnessMs = Date.now() - started;
    const marks = await page.evaluate(() => window.__editMarks);
    times.push(Math.round(marks.ready - marks.pressed));
    withHarness.push(withHarnessMs);
    await settle();
    // Only the editor's own files: the dwell prewarm may be starting the database meanwhile.
    results.memory.bytesForEditor = bytesSince(offset, /sql-editor|monaco-|editor\.worker|codicon|pgsql/);
    await context.close();
  }
  results.timings.editorReadyRunsMs = times;
  results.timings.editorReadyMs = [...times].sort((a, b) => a - b)[1];
  results.timings.editorReadyWithHarnessRunsMs = withHarness;
}

// 5. The naive reference: PGlite in a plain worker, no snapshot, same server, same run.
{
  const { context, page } = await fresh();
  await page.goto(`${base}/bench/naive/`, { waitUntil: 'load' });
  results.timings.naiveColdClickToFirstResultMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const output = document.getElementById('result');
        const begun = performance.now();
        new MutationObserver(() => output.textContent === '42' && resolve(Math.round(performance.now() - begun))).observe(output, {
          childList: true,
        });
        document.getElementById('run').click();
      }),
  );
  await context.close();
}
results.timings.coldVsNaiveRatio = +(results.timings.coldClickToFirstResultMs / results.timings.naiveColdClickToFirstResultMs).toFixed(3);

// 6. Memory with every example of the longest chapter run (a persistent profile so the browser's
//    processes can be found and their RSS summed).
{
  const counts = new Map();
  for (const example of examples) counts.set(example.page, (counts.get(example.page) ?? 0) + 1);
  const [longest, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  const profile = join(work, 'profile');
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(base + longest, { waitUntil: 'load' });
  for (const example of examples.filter((e) => e.page === longest)) await timeRun(page, `live-sql[id="ex-${example.id}"]`);
  const measured = await page.evaluate(async () => {
    const result = { jsHeapUsedBytes: performance.memory?.usedJSHeapSize ?? null, userAgentSpecificBytes: null };
    if (crossOriginIsolated && performance.measureUserAgentSpecificMemory) {
      result.userAgentSpecificBytes = (await performance.measureUserAgentSpecificMemory()).bytes;
    }
    return result;
  });
  const rssKb = execFileSync('ps', ['-eo', 'rss=,args='])
    .toString()
    .split('\n')
    .filter((line) => line.includes(profile))
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0] || 0), 0);
  results.memory = { ...results.memory, chapter: longest, examplesRun: count, ...measured, browserProcessesRssBytes: rssKb * 1024 };
  await context.close();
}

// 7. The Prisma lab: time from the first lab command to its output (cold: nothing started yet;
//    warm: the database worker already open), the bytes the lab adds, and memory while a shadow
//    database is alive (RSS sampled during `migrate dev`, which opens one).
async function timeLabStep(page, preset, index) {
  // The lab's controls stay disabled until its element loads (a few ms after the page).
  await page.waitForSelector(`prisma-lab[data-lab-id="${preset}"] [data-action="lab-step"][data-index="${index}"]:not([disabled])`);
  return page.evaluate(
    ({ preset, index }) =>
      new Promise((resolve) => {
        const lab = document.querySelector(`prisma-lab[data-lab-id="${preset}"]`);
        const log = lab.querySelector('[data-role="lab-log"]');
        const before = log.querySelectorAll('[data-role="lab-output"]').length;
        const begun = performance.now();
        new MutationObserver((_, observer) => {
          if (log.querySelectorAll('[data-role="lab-output"]').length > before) {
            observer.disconnect();
            resolve(Math.round(performance.now() - begun));
          }
        }).observe(log, { childList: true });
        lab.querySelector(`[data-action="lab-step"][data-index="${index}"]`).click();
      }),
    { preset, index },
  );
}
{
  const { context, page } = await fresh();
  await page.goto(`${base}/guide/recovering-a-failed-migration/`, { waitUntil: 'load' });
  const offset = logOffset();
  results.timings.labColdFirstCommandMs = await timeLabStep(page, 'failed-migration', 0);
  await settle();
  results.memory.bytesForLabCold = bytesSince(offset);
  results.memory.bytesForLabOnly = bytesSince(offset, /lab-controller|worker-lab|schema_engine|live-example/);
  results.timings.labNextCommandMs = await timeLabStep(page, 'failed-migration', 1);
  await context.close();
}
{
  const { context, page } = await fresh();
  await page.goto(`${base}/guide/recovering-a-failed-migration/`, { waitUntil: 'load' });
  await timeRun(page, 'live-sql[id="ex-failed-revert-partial"]');
  results.timings.labWarmFirstCommandMs = await timeLabStep(page, 'failed-migration', 0);
  await context.close();
}
{
  const profile = join(work, 'lab-profile');
  const context = await chromium.launchPersistentContext(profile, {
    ...chromiumLaunchOptions,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const rss = () =>
    execFileSync('ps', ['-eo', 'rss=,args='])
      .toString()
      .split('\n')
      .filter((line) => line.includes(profile))
      .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0] || 0), 0) * 1024;
  await page.goto(`${base}/guide/shadow-database/`, { waitUntil: 'load' });
  await timeLabStep(page, 'shadow-drift', 0);
  await timeLabStep(page, 'shadow-drift', 1);
  await settle();
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 100);
  results.timings.labShadowCommandMs = await timeLabStep(page, 'shadow-drift', 2);
  clearInterval(sampler);
  await settle();
  results.memory.labRssBeforeShadowBytes = before;
  results.memory.labRssPeakWithShadowBytes = peak;
  results.memory.labRssAfterShadowBytes = rss();
  await context.close();
}

// 8. Locks: the trace after a warm Run (the result never waits for it), and "with N rows".
{
  const { context, page } = await fresh();
  await page.goto(`${base}/guide/test-locally/`, { waitUntil: 'load' });
  const backfill = 'live-sql[id="ex-local-not-null-backfill"]';
  await timeRunAndTrace(page, backfill);
  const samples = [];
  for (let i = 0; i < 5; i += 1) {
    await page.click(`${backfill} [data-action="reset"]`);
    await page.waitForFunction(
      (sel) => document.querySelector(`${sel} [data-role="output"]`)?.textContent?.startsWith('Reset to the setup state'),
      backfill,
    );
    samples.push(await timeRunAndTrace(page, backfill));
  }
  const median = (key) => samples.map((s) => s[key]).sort((a, b) => a - b)[2];
  results.locks = {
    warm: { runMs: median('runMs'), traceAfterResultMs: median('traceAfterResultMs'), traceWorkerMs: median('workerMs') },
    rows: [],
  };
  for (const rows of [10_000, 100_000]) {
    await page.selectOption(`${backfill} [data-role="rows"]`, String(rows));
    const first = await timeRunAndTrace(page, backfill);
    results.locks.rows.push({ rows, firstRunWithFillMs: first.runMs, traceWorkerMs: first.workerMs });
  }
  await context.close();
}

Object.assign(results.timings, await measureReturningReader(base, { timeRun, bytesSince, logOffset, settle }));

await browser.close();
server.stop();
rmSync(work, { recursive: true, force: true });

mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2));

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => (bytes == null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
console.log('\nBytes before interaction (gzip, on the wire)');
for (const [url, { bytesBeforeInteraction }] of Object.entries(results.pages))
  console.log(`  ${url.padEnd(34)} ${kb(bytesBeforeInteraction)}`);
const t = results.timings;
console.log('\nTimings');
console.log(
  `  (machine: a first touch of memory ${results.machine.touchMicrosPerPage} µs per 4 KB page, load average ${results.machine.loadAverage.toFixed(1)} at the start)`,
);
const rows = [
  ['cold click → first result', `${t.coldClickToFirstResultMs} ms`],
  ['naive reference, cold click → first result', `${t.naiveColdClickToFirstResultMs} ms`],
  ['cold / naive', `${t.coldVsNaiveRatio}x`],
  ['first result after 5 s on screen', `${t.afterFiveSecondsOnScreenMs} ms`],
  ['warm Run (median of 7)', `${t.warmRunMedianMs} ms`],
  ['Reset (median of 5)', `${t.resetMedianMs} ms`],
  ['next chapter, first Run', `${t.nextChapterFirstRunMs} ms`],
  ['Edit → editor ready (cold, median of 3)', `${t.editorReadyMs} ms (${t.editorReadyRunsMs.join(', ')})`],
  ['  the same with Playwright’s click wait', `${t.editorReadyWithHarnessRunsMs.join(', ')} ms`],
  ['lab: first command, cold', `${t.labColdFirstCommandMs} ms`],
  ['lab: first command, database already open', `${t.labWarmFirstCommandMs} ms`],
  ['lab: next command (deploy)', `${t.labNextCommandMs} ms`],
  ['lab: migrate dev with a shadow database', `${t.labShadowCommandMs} ms`],
  ['first visit, page + service worker precache (gzip)', `${kb(t.precacheBytes)}`],
  ['returning reader, first Run (new tab, cached)', `${t.returningFirstRunMs} ms (cold, no cache: ${t.returningColdReferenceMs} ms)`],
  [
    'returning reader, Run 1 s after load',
    `${t.returningAfterOneSecondMs} ms (built files over the network, both visits: ${kb(t.returningNetworkBytes)})`,
  ],
  ['offline: chapter reads, example runs', `${t.offlineReads ? 'yes' : 'NO'}, ${t.offlineRunState} (${t.offlineFirstRunMs} ms)`],
];
for (const [name, value] of rows) console.log(`  ${name.padEnd(44)} ${value}`);
const m = results.memory;
console.log('\nBytes and memory');
console.log(`  ${'bytes for the first Run (database)'.padEnd(44)} ${mb(m.bytesForFirstRun)}`);
console.log(`  ${'bytes for the editor'.padEnd(44)} ${kb(m.bytesForEditor)}`);
console.log(
  `  ${`memory, all ${m.examplesRun} examples of ${m.chapter} run`.padEnd(44)} JS heap ${mb(m.jsHeapUsedBytes)}, page+workers ${mb(m.userAgentSpecificBytes)}, browser RSS ${mb(m.browserProcessesRssBytes)}`,
);
console.log(`  ${'bytes the lab adds (cold: + database)'.padEnd(44)} lab ${kb(m.bytesForLabOnly)}, all ${mb(m.bytesForLabCold)}`);
console.log(
  `  ${'memory around migrate dev (shadow alive)'.padEnd(44)} RSS before ${mb(m.labRssBeforeShadowBytes)}, peak ${mb(m.labRssPeakWithShadowBytes)}, after ${mb(m.labRssAfterShadowBytes)}`,
);
const l = results.locks;
console.log('\nLocks (local-not-null-backfill: 3 statements, one batch)');
console.log(`  ${'warm Run → result (median of 5)'.padEnd(44)} ${l.warm.runMs} ms`);
console.log(
  `  ${'then the trace drawn (after the result)'.padEnd(44)} ${l.warm.traceAfterResultMs} ms (worker: ${l.warm.traceWorkerMs} ms)`,
);
for (const r of l.rows)
  console.log(
    `  ${`+${r.rows.toLocaleString('en')} rows: first Run (fills) / trace`.padEnd(44)} ${r.firstRunWithFillMs} ms / ${r.traceWorkerMs} ms`,
  );
console.log('  per-statement times at 10k / 100k / 1M rows: node bench/locks.mjs');
console.log('\nWrote bench/results/latest.json');

await import('./checker.mjs');
