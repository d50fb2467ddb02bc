// Where a cold first Run's time goes: one fresh browser context, Run clicked right after load, then
// every request (the page's and the database worker's) and the worker's phase marks
// (worker.ts: database:downloaded / opened / warmed, request:<type>:received / answered; a Run also request:run:settled, once the database is put back) placed on one clock, from the click.
// Usage: `npm run build && node bench/cold-trace.mjs [repeats] [--returning | --edit]` (medians per row;
// NO_DATABASE=1 blocks the database worker, to see what its start costs a concurrent Edit; DIST=dir
// serves another build, for an A/B of two builds).
// --returning: the reader has been here before (service worker on, its caches filled, a profile on
// disk), as in bench/returning-reader.mjs.
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../tests/support/chromium.mjs';
import { startDistServer } from '../tests/support/dist-server.mjs';
import { launchReaderProfile } from './returning-reader.mjs';

const repeats = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 3);
const returning = process.argv.includes('--returning');
// --edit: the same waterfall for Edit → editor ready (Monaco's text drawn), cold.
const editing = process.argv.includes('--edit');
const PAGE = '/guide/defensive-sql/';
const SEL = 'live-sql[id="ex-defensive-create-table-if-not-exists"]';

const server = await startDistServer({ dist: process.env.DIST ?? 'dist' });
const { base } = server;
const browser = await chromium.launch(chromiumLaunchOptions);

const short = (url) => new URL(url).pathname.replace(/^\/(_astro|generated)\//, '').replace(/\.[\w-]{8,}\./, '.');

function clickEdit(page) {
  return page.evaluate(
    (sel) =>
      new Promise((resolve) => {
        const example = document.querySelector(sel);
        const at = performance.timeOrigin + performance.now();
        const seen = () =>
          example.querySelector('.monaco-editor .view-lines .view-line') &&
          resolve({ at, result: performance.timeOrigin + performance.now() });
        new MutationObserver(seen).observe(example, { childList: true, subtree: true });
        const edit = example.querySelector('[data-action="edit"]');
        for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup'])
          edit.dispatchEvent(new PointerEvent(type, { bubbles: true }));
        edit.click();
      }),
    SEL,
  );
}

async function once() {
  // A returning reader is a profile on disk (bench/returning-reader.mjs says why).
  const reader = returning ? await launchReaderProfile() : undefined;
  const context = reader ? reader.context : await browser.newContext({ serviceWorkers: 'block' });
  let page = await context.newPage();
  if (process.env.NO_DATABASE) await context.route(/\/_astro\/worker-[\w-]+\.js$/, (route) => route.abort());
  if (returning) {
    await page.goto(base + PAGE, { waitUntil: 'load' });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.locator(`${SEL} [data-action="run"]`).click();
    // waitForFunction does not await an async predicate (a promise is truthy): poll it from here.
    for (
      let waited = 0;
      !(await page.evaluate(async () => {
        const listed = JSON.parse(localStorage.getItem('migration-field-guide:database-assets') ?? 'null');
        return Array.isArray(listed) && (await Promise.all(listed.map((url) => caches.match(url, { ignoreSearch: true })))).every(Boolean);
      }));
      waited += 100
    ) {
      if (waited > 60_000) throw new Error('the database files never reached the cache');
      await new Promise((r) => setTimeout(r, 100));
    }
    await page.close();
    page = await context.newPage();
  }
  await page.goto(base + PAGE, { waitUntil: 'load' });
  const clicked = editing
    ? await clickEdit(page)
    : await page.evaluate(
        (sel) =>
          new Promise((resolve) => {
            const output = document.querySelector(`${sel} [data-role="output"]`);
            const at = performance.timeOrigin + performance.now();
            let running = false;
            new MutationObserver(() => {
              if (output.dataset.state === 'running') running = true;
              else if (running && /^(ok|error)$/.test(output.dataset.state ?? ''))
                resolve({ at, result: performance.timeOrigin + performance.now() });
            }).observe(output, { attributes: true, attributeFilter: ['data-state'] });
            document.querySelector(`${sel} [data-action="run"]`).click();
          }),
        SEL,
      );
  const rows = [];
  const collect = (origin, entries, who) => {
    for (const entry of entries) {
      const start = origin + entry.startTime - clicked.at;
      if (entry.entryType === 'resource') rows.push([`${who} ${short(entry.name)}`, start, origin + entry.responseEnd - clicked.at]);
      else if (entry.entryType === 'mark') rows.push([`${who} mark ${entry.name}`, start, start]);
    }
  };
  const fromPage = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    entries: performance.getEntries().map((e) => e.toJSON()),
  }));
  collect(fromPage.origin, fromPage.entries, 'page');
  const worker = page.workers().find((w) => /worker/.test(w.url()));
  if (worker) {
    const inside = await worker.evaluate(() => ({
      origin: performance.timeOrigin,
      entries: performance.getEntries().map((e) => e.toJSON()),
    }));
    rows.push(['worker script started', fromPage.origin - clicked.at + (inside.origin - fromPage.origin), inside.origin - clicked.at]);
    collect(inside.origin, inside.entries, 'worker');
  }
  rows.push(['result drawn', clicked.result - clicked.at, clicked.result - clicked.at]);
  await (reader ? reader.close() : context.close());
  return rows.filter(([, , end]) => end >= -5);
}

const runs = [];
for (let i = 0; i < repeats; i += 1) runs.push(await once());
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const names = [...new Set(runs.flatMap((rows) => rows.map(([name]) => name)))];
const table = names.map((name) => {
  const found = runs.map((rows) => rows.find(([n]) => n === name)).filter(Boolean);
  return [name, median(found.map(([, s]) => s)), median(found.map(([, , e]) => e)), found.length];
});
table.sort((a, b) => a[1] - b[1]);
console.log(
  `${editing ? 'Edit → editor ready' : returning ? 'returning first Run' : 'cold first Run'}, ${repeats} runs, load ${(
    await import('node:os')
  )
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; ms from the click (median start → end)`,
);
for (const [name, start, end, n] of table)
  console.log(
    `  ${name.padEnd(60)} ${String(Math.round(start)).padStart(6)} → ${String(Math.round(end)).padStart(6)}${n < repeats ? ` (${n}/${repeats})` : ''}`,
  );
await browser.close();
server.stop();
