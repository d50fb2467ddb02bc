// Where a cold first Run's CPU goes, thread by thread: a Chrome trace of the click → result of
// bench/cold-trace.mjs's example in a fresh context, summed per thread (busy time, overlaps merged)
// and for the V8 work that dominates it (compiling PGlite's WASM lazily on the worker, tiering it
// up in the background, compiling JavaScript). It answers whether a cold Run waits on the network
// or on the machine's cores (tracing itself slows the Run by ~20%: compare the times with
// bench/cold-trace.mjs, untraced). Usage: `npm run build && node bench/cold-cpu.mjs [repeats]` (medians).
import { cpus, loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/support/chromium.mjs';
import { startDistServer } from '../tests/support/dist-server.mjs';
import { timeRun } from './time-run.mjs';

const repeats = Number(process.argv[2] ?? 3);
const PAGE = '/guide/defensive-sql/';
const SEL = 'live-sql[id="ex-defensive-create-table-if-not-exists"]';
const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.compile'];
// The V8 work named in the table: trace event name → what it is.
const WORK = {
  'wasm.CompileLazy': 'WASM functions compiled on first call',
  'wasm.TopTierCompilation': 'WASM tier-up (TurboFan), background',
  'V8.CompileCode': 'JavaScript compiled on first call',
  'V8.ParseProgram': 'JavaScript parsed',
};

const server = await startDistServer();
const browser = await chromium.launch(chromiumLaunchOptions);

/** Total length of the union of [start, end) intervals, in ms. */
function covered(intervals) {
  let total = 0;
  let reach = -Infinity;
  for (const [start, end] of intervals.sort((a, b) => a[0] - b[0])) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total / 1000;
}

function summarise(events) {
  const threadNames = new Map();
  const processNames = new Map();
  for (const event of events) {
    if (event.ph !== 'M') continue;
    if (event.name === 'thread_name') threadNames.set(`${event.pid}:${event.tid}`, event.args.name);
    if (event.name === 'process_name') processNames.set(event.pid, event.args.name);
  }
  const busy = new Map();
  const work = new Map();
  const add = (map, key, interval) => (map.get(key) ?? map.set(key, []).get(key)).push(interval);
  for (const event of events) {
    if (event.ph !== 'X' || !event.dur) continue;
    const thread = threadNames.get(`${event.pid}:${event.tid}`) ?? '?';
    const group =
      processNames.get(event.pid) !== 'Renderer'
        ? 'browser and network'
        : thread === 'CrRendererMain'
          ? 'page (main thread)'
          : thread === 'DedicatedWorker thread'
            ? 'database worker'
            : thread.startsWith('ThreadPool')
              ? 'renderer background (V8 compilers)'
              : 'renderer, other';
    const interval = [event.ts, event.ts + event.dur];
    if (/^(ThreadControllerImpl::RunTask|ThreadPool_RunTask)$/.test(event.name)) {
      add(busy, `${group}\u0000${event.pid}:${event.tid}`, interval);
    }
    if (event.name in WORK) {
      add(work, `${event.name}\u0000${event.pid}:${event.tid}`, interval);
    }
  }
  const sum = (map) => {
    const totals = {};
    for (const [key, intervals] of map) {
      const name = key.split('\u0000')[0];
      totals[name] = (totals[name] ?? 0) + covered(intervals);
    }
    return totals;
  };
  return { busy: sum(busy), work: sum(work) };
}

const runs = [];
for (let i = 0; i < repeats; i += 1) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(server.base + PAGE, { waitUntil: 'load' });
  await browser.startTracing(page, { categories: CATEGORIES });
  const ms = await timeRun(page, SEL);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  runs.push({ ms, ...summarise(trace.traceEvents ?? trace) });
  await context.close();
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const row = (label, values) =>
  console.log(`  ${label.padEnd(64)} ${String(Math.round(median(values))).padStart(6)} ms  (${values.map(Math.round).join(', ')})`);
console.log(
  `cold first Run, ${repeats} runs, ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
row(
  'click → result',
  runs.map((r) => r.ms),
);
console.log('CPU busy while traced (from just before the click to the result), by thread:');
for (const group of [...new Set(runs.flatMap((r) => Object.keys(r.busy)))].sort())
  row(
    group,
    runs.map((r) => r.busy[group] ?? 0),
  );
console.log('of which:');
for (const [name, label] of Object.entries(WORK))
  row(
    `  ${label}`,
    runs.map((r) => r.work[name] ?? 0),
  );
await browser.close();
server.stop();
