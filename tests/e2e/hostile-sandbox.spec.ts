import { expect, test, type Locator, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { example, press, setSql } from './live-examples.ts';
import { expectResponsive, startHeartbeat } from './heartbeat.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';
import { watchNetwork } from './network-quiet.ts';

// The guide's JavaScript example under attack: every known way out of the script sandbox fails with
// a visible error, and no request reaches the server. The witness is the server itself: these tests
// run against their own instance of the static server, which logs every path it serves, so a
// request from any context (page, database worker, the nested sandbox worker) is seen.

const PAGE = '/guide/error-handling-scripts/';
const ID = 'scripts-seed-apply-migration';
const PORT = Number(process.env.TEST_PORT ?? 4329) + 100;
const PROBE = '__probe';

let server: ChildProcess;
let log: string;

test.use({ baseURL: `http://127.0.0.1:${PORT}` });

test.beforeAll(async () => {
  log = join(mkdtempSync(join(tmpdir(), 'sandbox-')), 'requests.log');
  writeFileSync(log, '');
  server = spawn(process.execPath, ['tests/support/serve-dist.mjs', '--port', String(PORT), '--log', log], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Serving') && resolve());
    server.on('exit', (code) => reject(new Error(`serve-dist exited with ${code}`)));
  });
});

test.afterAll(() => {
  server.kill();
});

/** Paths the server has served since the log was last read (written when each response finishes). */
function served(): string[] {
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t')[0]!);
}
const probes = () => served().filter((path) => path.includes(PROBE));

/** Reset waits for the database to start: the heartbeat then measures the Run, not a cold start. */
async function warm(ex: Locator): Promise<void> {
  await ex.locator(liveUi.action('reset')).click();
  await expect(ex.locator(liveUi.role('output'))).toContainText('Reset to the setup state', { timeout: 45_000 });
}

// One statement a line: the editor auto-closes brackets while text is typed into it.
const HONEST = `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
prisma.$queryRaw\`SELECT 6 * 7 AS answer\`.then((rows) => console.log('answer', rows[0].answer));`;

/** The next Run after an attack: a plain script, whose output must be the database's real answer. */
async function nextRunTellsTheTruth(page: Page, ex: Locator): Promise<void> {
  await setSql(page, ex, HONEST);
  const output = await press(ex, 'run');
  await expect(output).toHaveAttribute('data-exit-code', '0');
  await expect(output.locator('.transcript')).toHaveText('answer 42\n');
}

interface Attack {
  code: string;
  /** What the reader must see in the script's stderr (none: the script only exits with 1). */
  error?: string | RegExp;
  /** Lines the script printed before failing, when the case checks what it could see. */
  stdout?: string;
  /** More checks on the attack's output, before the next Run replaces it. */
  also?: (output: Locator) => Promise<void>;
}

async function attack(page: Page, { code, error, stdout, also }: Attack): Promise<void> {
  await page.goto(PAGE);
  const ex = example(page, ID);
  await setSql(page, ex, code);
  await warm(ex);
  const before = probes().length;
  const servedBefore = served().length;
  await startHeartbeat(page);
  const output = await press(ex, 'run');
  await expectResponsive(page, 'the script');
  await expect(output).toHaveAttribute('data-exit-code', '1');
  await expect(output.locator('.summary')).toContainText('exited with code 1');
  const text = async (stream: string) => (await output.locator(`.transcript .${stream}`).allTextContents()).join('');
  if (error !== undefined) expect(await text('stderr')).toMatch(error);
  if (stdout !== undefined) expect(await text('stdout')).toBe(stdout);
  await also?.(output);
  // The script really ran in its own worker (the witness sees requests from nested workers) …
  expect(
    served()
      .slice(servedBefore)
      .some((path) => /script-sandbox-worker-.*\.js$/.test(path)),
  ).toBe(true);
  // … and nothing it tried reached the server.
  expect(probes().slice(before)).toEqual([]);
  // Nothing typed is lost: the attack is still in the editor, saved as the reader's edit.
  await expect(ex.locator('.view-lines')).toContainText(code.split('\n')[0]!.slice(0, 20).replaceAll(' ', '\u00a0'));
  await expect(ex).toHaveAttribute('data-edited', 'saved');
  await nextRunTellsTheTruth(page, ex);
  // A request still on its way during the first check has arrived by now.
  expect(probes().slice(before)).toEqual([]);
}

test('the witness works: a request for a probe path from the page is logged by the server', async ({ page }) => {
  await page.goto(PAGE);
  const before = probes().length;
  await page.evaluate((probe) => fetch(`/${probe}/control`), PROBE);
  await expect.poll(() => probes().slice(before)).toEqual([`/${PROBE}/control`]);
});

test("hostile: Function('return this')() reaches no global and no fetch", async ({ page }) => {
  await attack(page, { code: `Function('return this')().fetch('/${PROBE}/function');`, error: 'Function is not available here' });
});

test('hostile: constructor chains cannot build code from strings', async ({ page }) => {
  await attack(page, {
    code: `try { [].constructor.constructor('return this')().fetch('/${PROBE}/chain'); } catch (e) { console.error(String(e)); }
try { (async () => {}).constructor('return fetch')()('/${PROBE}/async'); } catch (e) { console.error(String(e)); }
(function* () {}).constructor('yield fetch')().next().value('/${PROBE}/generator');`,
    error: /Function is not available here[\s\S]*AsyncFunction is not available here[\s\S]*GeneratorFunction is not available here/,
  });
});

test("hostile: the real global scope (a timer's this) and its prototype chain have no network, workers or storage", async ({ page }) => {
  const names = [
    'fetch',
    'XMLHttpRequest',
    'WebSocket',
    'EventSource',
    'importScripts',
    'indexedDB',
    'caches',
    'Worker',
    'SharedWorker',
    'BroadcastChannel',
    'navigator',
    'WebTransport',
    'RTCPeerConnection',
    'FontFace',
    'postMessage',
    'eval',
  ];
  await attack(page, {
    code: `const names = ${JSON.stringify(names)};
function look() { const g = this; const proto = Object.getPrototypeOf(g); console.log(names.filter((name) => g[name] !== undefined || proto[name] !== undefined || proto.constructor.prototype[name] !== undefined).join(',') || 'none reachable'); g.fetch('/${PROBE}/global'); }
setTimeout(look, 0);`,
    stdout: 'none reachable\n',
    error: 'Uncaught TypeError: g.fetch is not a function',
  });
});

test('hostile: dynamic import() is refused before anything runs', async ({ page }) => {
  await attack(page, {
    code: `console.log('this line must not run');\nimport('/${PROBE}/import.js').then((m) => console.log(m));`,
    error: /^Uncaught ScriptRefused: import is not available here \(line 2\)/,
    stdout: '',
  });
});

test('hostile: eval and string timers do not run code', async ({ page }) => {
  await attack(page, {
    code: `try { eval("fetch('/${PROBE}/eval')"); } catch (e) { console.error(String(e)); }
setTimeout("fetch('/${PROBE}/timer')", 0);`,
    error: /eval is not defined[\s\S]*setTimeout takes a function here/,
  });
});

test('hostile: importScripts is not there', async ({ page }) => {
  await attack(page, { code: `importScripts('/${PROBE}/classic.js');`, error: 'importScripts is not a function' });
});

test('hostile: XMLHttpRequest is not there', async ({ page }) => {
  await attack(page, {
    code: `const xhr = new XMLHttpRequest(); xhr.open('GET', '/${PROBE}/xhr'); xhr.send();`,
    error: 'XMLHttpRequest is not a constructor',
  });
});

test('hostile: WebSocket and EventSource are not there', async ({ page }) => {
  await attack(page, {
    code: `try { new WebSocket('ws://127.0.0.1:${PORT}/${PROBE}/ws'); } catch (e) { console.error(String(e)); }
new EventSource('/${PROBE}/sse');`,
    error: /WebSocket is not a constructor[\s\S]*EventSource is not a constructor/,
  });
});

test('hostile: there is no document or window to write into', async ({ page }) => {
  await attack(page, {
    code: `console.log(typeof document, typeof window);\ndocument.body.innerHTML = '<img src="/${PROBE}/dom">';`,
    stdout: 'undefined undefined\n',
    error: "Cannot read properties of undefined (reading 'body')",
  });
});

test('hostile: an endless loop is stopped by the time limit; the page stays responsive and the next Run works', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(PAGE);
  const ex = example(page, ID);
  await setSql(page, ex, "console.log('looping');\nwhile (true) {}");
  await warm(ex);
  await startHeartbeat(page);
  const output = await press(ex, 'run');
  await expectResponsive(page, 'the script');
  await expect(output).toHaveAttribute('data-exit-code', '1');
  await expect(output.locator('.transcript .stdout')).toHaveText('looping\n');
  await expect(output.locator('.transcript .stderr')).toContainText("the script's time limit");
  // The sandbox stopped it (its own message, a normal script result), not the page's limit, which
  // would have restarted the database and marked the output data-stopped.
  await expect(output).not.toHaveAttribute('data-stopped', /.*/);
  await expect(ex.locator('.view-lines')).toContainText('looping');
  await nextRunTellsTheTruth(page, ex);
});

test('hostile: a script opened from a shared link runs nothing before Run', async ({ page, browser }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  await setSql(page, ex, "console.log('ran only on Run');");
  await expect(ex.locator(liveUi.role('edit-note'))).toContainText('Your edit, saved in this browser', { timeout: 10_000 });
  await ex.locator(liveUi.action('share')).click();
  const status = ex.locator(liveUi.role('edit-status'));
  await expect(status).toHaveAttribute('data-share-url', /#share=v1\./);
  const url = new URL((await status.getAttribute('data-share-url'))!);

  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${PORT}` });
  const reviewer = await context.newPage();
  const requested: string[] = [];
  reviewer.on('request', (request) => requested.push(request.url()));
  const network = watchNetwork(reviewer);
  await reviewer.goto(`${url.pathname}${url.hash}`);
  const shared = example(reviewer, ID);
  await expect(shared.locator(liveUi.role('edit-note'))).toContainText('not run yet');
  // Let the page do all it does on its own (it may prewarm the database), then look.
  await network.quiet();
  await expect(shared.locator(liveUi.role('output'))).toHaveAttribute('data-state', 'idle');
  expect(requested.filter((request) => /script-sandbox-worker/.test(request))).toEqual([]);
  const output = await press(shared, 'run');
  await expect(output.locator('.transcript')).toHaveText('ran only on Run\n');
  await context.close();
});

test('hostile: markup in printed values and database values stays text, and no injected script runs', async ({ page }) => {
  const violations: string[] = [];
  page.on(
    'console',
    (message) => message.type() === 'error' && /Content.Security.Policy/i.test(message.text()) && violations.push(message.text()),
  );
  await attack(page, {
    code: `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
console.log('<img src="/${PROBE}/img" onerror="fetch(\\'/${PROBE}/onerror\\')">');
prisma.$queryRaw\`SELECT '<script>fetch("/${PROBE}/script")</script>' AS v\`.then((rows) => { console.log(rows[0].v); process.exit(1); });`,
    stdout: `<img src="/${PROBE}/img" onerror="fetch('/${PROBE}/onerror')">\n<script>fetch("/${PROBE}/script")</script>\n`,
    also: async (output) => {
      await expect(output.locator('script, img')).toHaveCount(0);
    },
  });
  expect(violations).toEqual([]);
});

test('hostile: a script that prints without end is cut at the output limit; the page stays responsive', async ({ page }) => {
  await attack(page, {
    code: 'for (let i = 0; i < 400000; i++) console.log(i);\nprocess.exit(1);',
    error: 'output cut',
    also: async (output) => {
      await expect(output.locator('.transcript .stdout').first()).toHaveText('0\n');
    },
  });
});

test('hostile: a script stopped by the time limit inside its own BEGIN leaves no open transaction behind', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(PAGE);
  const ex = example(page, ID);
  await setSql(
    page,
    ex,
    `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
prisma.$executeRaw\`BEGIN\`.then(() => prisma.$executeRaw\`CREATE TABLE leftover (id int)\`).then(() => { console.log('in transaction'); for (;;) {} });`,
  );
  await warm(ex);
  await startHeartbeat(page);
  const output = await press(ex, 'run');
  await expectResponsive(page, 'the script');
  await expect(output).toHaveAttribute('data-exit-code', '1');
  await expect(output.locator('.transcript .stdout')).toHaveText('in transaction\n');
  await expect(output.locator('.transcript .stderr')).toContainText("the script's time limit");
  await setSql(
    page,
    ex,
    `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
prisma.$queryRaw\`SELECT to_regclass('leftover')::text AS t, pg_current_xact_id_if_assigned() IS NULL AS own_transaction\`.then((rows) => console.log(rows[0].t, rows[0].own_transaction));`,
  );
  const next = await press(ex, 'run');
  await expect(next).toHaveAttribute('data-exit-code', '0');
  // No table from the stopped transaction, and this query ran in a transaction of its own (one that
  // has written nothing: no transaction id; inside the stopped one, CREATE TABLE would have taken one).
  await expect(next.locator('.transcript')).toHaveText('null true\n');
});

test('hostile: a timer that never stops keeps the script alive only until its time limit', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(PAGE);
  const ex = example(page, ID);
  await setSql(page, ex, "let ticks = 0;\nsetInterval(() => { ticks += 1; if (ticks === 3) console.log('ticking'); }, 100);");
  await warm(ex);
  await startHeartbeat(page);
  const output = await press(ex, 'run');
  await expectResponsive(page, 'the script');
  await expect(output).toHaveAttribute('data-exit-code', '1');
  await expect(output.locator('.transcript .stdout')).toHaveText('ticking\n');
  await expect(output.locator('.transcript .stderr')).toContainText("the script's time limit");
  await expect(ex).toHaveAttribute('data-edited', 'saved');
  await nextRunTellsTheTruth(page, ex);
});
