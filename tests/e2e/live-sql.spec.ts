import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { DONE, example, run, setSql } from './live-examples.ts';
import { heartbeat, startHeartbeat } from './heartbeat.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';

const HEAVY = /pglite|\.wasm|\.data|pgdata|sql-editor|monaco-|editor\.worker|live-example|worker-/;

test('no editor or database bytes before intent; each loads on its own signal', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 700 });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto('/guide/overview/');
  await page.waitForTimeout(1500);
  expect(requests.filter((url) => HEAVY.test(url))).toEqual([]);
  expect(await page.evaluate(() => document.head.innerHTML.includes('monaco'))).toBe(false);

  // Interest (hover) starts the database in the background, but not the editor.
  const ex = page.locator('live-sql').first();
  await ex.scrollIntoViewIfNeeded();
  await ex.hover();
  await expect.poll(() => requests.some((url) => /pgdata-.*\.tar\.gz/.test(url))).toBe(true);
  expect(requests.filter((url) => /sql-editor|monaco-|editor\.worker/.test(url))).toEqual([]);

  await ex.locator(liveUi.action('edit')).click();
  await expect(ex.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  // Monaco's three layers (vite-monaco-chunks.ts), each asked for beside the editor's own chunk.
  for (const chunk of [/sql-editor\./, /monaco-base\./, /monaco-platform\./, /monaco-editor\./])
    expect(requests.some((url) => chunk.test(url))).toBe(true);
});

test('upgrading to the editor does not move the page', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await ex.scrollIntoViewIfNeeded();
  const bar = ex.locator('.ex-bar');
  const before = await bar.boundingBox();
  await ex.locator(liveUi.action('edit')).click();
  await expect(ex.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  const after = await bar.boundingBox();
  expect(Math.abs(after!.y - before!.y)).toBeLessThanOrEqual(2);
});

test('Run renders a result table, with NULL shown distinctly', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await setSql(page, ex, "SELECT 1 AS id, NULL AS note, 'x' AS label UNION ALL SELECT 2, 'kept', 'y'");
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'ok');
  const table = output.locator('table');
  await expect(table.locator('th')).toHaveText(['id', 'note', 'label']);
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('td.null')).toHaveText('NULL');
  await expect(output).toContainText('SELECT 2');
});

test('a syntax error shows 42601 and a marker on the failing line', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await setSql(page, ex, 'SELECT 1;\nSELEC 2;\nSELECT 3;');
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-sqlstate', '42601');
  await expect(output).toContainText('syntax error at or near "SELEC"');
  await expect(output).toContainText('LINE 2: SELEC 2;');
  const marker = ex.locator('.squiggly-error');
  await expect(marker).toHaveCount(1);
  const line = ex.locator('.view-line', { hasText: 'SELEC\u00a02;' });
  const [markerBox, lineBox] = [await marker.boundingBox(), await line.boundingBox()];
  expect(markerBox!.y).toBeGreaterThanOrEqual(lineBox!.y - 1);
  expect(markerBox!.y + markerBox!.height).toBeLessThanOrEqual(lineBox!.y + lineBox!.height + 1);
  // The marker explains itself at the end of its line, with no pointer needed.
  await expect(line.locator('.editor-error-note')).toHaveText('42601: syntax error at or near "SELEC"');
});

test('running a CREATE TABLE twice fails with 42P07, and Reset makes it pass again', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  const state = ex.locator(liveUi.role('db-state'));
  await expect(state).toHaveText('fresh');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
  await expect(state).toHaveText('after 1 Run');
  const second = await run(ex);
  await expect(second).toHaveAttribute('data-sqlstate', '42P07');
  await expect(state).toHaveText('after 2 Runs');
  await ex.locator(liveUi.action('reset')).click();
  await expect(state).toHaveText('fresh');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
});

test('examples are isolated: one example never sees another one’s tables', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const a = example(page, 'defensive-create-table-naive');
  const b = example(page, 'defensive-create-table-if-not-exists');
  await setSql(page, a, 'CREATE TABLE leak_probe (id int);');
  await expect(await run(a)).toHaveAttribute('data-state', 'ok');
  await setSql(page, b, "SELECT count(*) AS n FROM pg_class WHERE relname = 'leak_probe'");
  const outputB = await run(b);
  await expect(outputB.locator('td')).toHaveText('0');
  // Back in the first example, its own earlier Run is still there.
  await setSql(page, a, "SELECT count(*) AS n FROM pg_class WHERE relname = 'leak_probe'");
  await expect((await run(a)).locator('td')).toHaveText('1');
});

test('batch and statement-by-statement modes differ visibly on a failing script', async ({ page }) => {
  await page.goto('/guide/transactions/');
  const ex = example(page, 'tx-batch-partial-failure');
  await setSql(page, ex, 'CREATE TABLE t1 (id int);\nCREATE TABLE t2 (id int);\nSELECT * FROM missing_table;\nCREATE TABLE t3 (id int);');
  const mode = ex.locator(liveUi.role('mode'));
  await mode.locator('input[value="batch"]').check();
  let output = await run(ex);
  await expect(output).toHaveAttribute('data-sqlstate', '42P01');
  await expect(output.locator('.commit-summary')).toHaveText('Nothing was committed. Not committed: 1–4.');
  await expect(output.locator('.stmt[data-status="rolled-back"]')).toHaveCount(2);

  await ex.locator(liveUi.action('reset')).click();
  await expect(ex.locator(liveUi.role('db-state'))).toHaveText('fresh');
  await mode.locator('input[value="statements"]').check();
  output = await run(ex);
  await expect(output.locator('.commit-summary')).toHaveText('Committed: statements 1, 2. Not committed: 3, 4.');
  await expect(output.locator('.stmt[data-status="ok"]')).toHaveCount(2);
  await expect(output.locator('.stmt[data-status="not-run"]')).toHaveCount(1);
});

test('an endless loop is stopped, the page stays responsive, and the next Run works', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok'); // the database is warm
  await setSql(page, ex, 'DO $$ BEGIN LOOP END LOOP; END $$;');
  await startHeartbeat(page);
  await ex.locator(liveUi.action('run')).click();
  const stop = ex.locator(liveUi.action('stop'));
  await expect(stop).toBeVisible({ timeout: 3000 });
  await page.waitForTimeout(2000);
  const { beats, longestGap } = await heartbeat(page);
  expect(beats, 'main thread kept running while the query loops').toBeGreaterThanOrEqual(5);
  expect(longestGap, 'no freeze of a second or more while the query loops').toBeLessThan(1000);
  await stop.click();
  const output = ex.locator(liveUi.role('output'));
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toContainText('Stopped');
  await expect(output).toContainText('back at its setup state');
  await expect(ex.locator(liveUi.role('db-state'))).toHaveText('fresh');
  // The database came back from the snapshot; the example's own setup state is there.
  await setSql(page, ex, 'SELECT 42 AS answer');
  await expect((await run(ex)).locator('td')).toHaveText('42');
});

test('the time limit ends a runaway query by itself', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await setSql(page, ex, 'SELECT pg_sleep(60);');
  await ex.locator(liveUi.action('run')).click();
  const output = ex.locator(liveUi.role('output'));
  await expect(output).toHaveAttribute('data-stopped', 'timeout', { timeout: 30_000 });
  await expect(output).toContainText('time limit');
  await setSql(page, ex, 'SELECT 1 AS one');
  await expect((await run(ex)).locator('td')).toHaveText('1');
});

test('markup in values, column names and error messages stays text', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  const payload = `<img src=x onerror="window.__xss=1">`;
  await setSql(
    page,
    ex,
    `SELECT '${payload}' AS "<b onmouseover=window.__xss=2>col</b>";\nSELECT * FROM "<script>window.__xss=3</script>";`,
  );
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-sqlstate', '42P01');
  await expect(output.locator('td').first()).toHaveText(payload);
  await expect(output.locator('th').first()).toHaveText('<b onmouseover=window.__xss=2>col</b>');
  await expect(output).toContainText('relation "<script>window.__xss=3</script>" does not exist');
  expect(await output.locator('img, b, script').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test('notices and the full error report are shown', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await setSql(
    page,
    ex,
    "DO $$ BEGIN RAISE NOTICE 'checked % rows', 3; RAISE EXCEPTION 'boom' USING DETAIL = 'the detail', HINT = 'the hint', ERRCODE = 'P0001'; END $$;",
  );
  const output = await run(ex);
  await expect(output.locator('.notice')).toHaveText('NOTICE:  checked 3 rows');
  await expect(output.locator(liveUi.role('error'))).toContainText('ERROR:  P0001: boom');
  await expect(output.locator(liveUi.role('error'))).toContainText('DETAIL:  the detail');
  await expect(output.locator(liveUi.role('error'))).toContainText('HINT:  the hint');
});

test('huge results are capped with the total shown', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await setSql(page, ex, 'SELECT g FROM generate_series(1, 100000) g');
  const output = await run(ex);
  await expect(output.locator('tbody tr')).toHaveCount(500);
  await expect(output).toContainText('Showing the first 500 of 100,000 rows.');
});

test('Ctrl+Enter runs from the static code and from the editor; controls are named; results are announced', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await expect(ex.getByRole('button', { name: 'Run' })).toBeVisible();
  await expect(ex.getByRole('button', { name: 'Reset' })).toBeVisible();
  await expect(ex.getByRole('radiogroup', { name: 'Execution mode' })).toBeVisible();
  await expect(ex.locator(liveUi.role('output'))).toHaveAttribute('aria-live', 'polite');
  await ex.locator('pre').focus();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(ex.locator(liveUi.role('output'))).toHaveAttribute('data-state', 'ok', { timeout: 45_000 });
  await expect(ex.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await ex.locator('.monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(ex.locator(liveUi.role('output'))).toHaveAttribute('data-sqlstate', '42P07');
});

test('Tab leaves the editor: keyboard focus is never trapped', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await ex.locator(liveUi.action('edit')).click();
  await expect(ex.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await ex.locator('.monaco-editor').click();
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.closest('.monaco-editor') === null);
  expect(focused).toBe(true);
});

test('one database per tab, kept when moving to the next chapter', async ({ page }) => {
  await page.addInitScript(() => {
    const Native = window.Worker;
    const w = window as unknown as { databaseWorkers: number };
    w.databaseWorkers = 0;
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (options?.name === 'database') w.databaseWorkers += 1;
      }
    };
  });
  await page.goto('/guide/defensive-sql/');
  await expect(await run(example(page, 'defensive-create-table-naive'))).toHaveAttribute('data-state', 'ok');
  await expect(await run(example(page, 'defensive-add-column-twice'))).toHaveAttribute('data-state', 'ok');
  // Same document afterwards (not a reload): the router swapped the page in.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  const next = page.locator('.pagination .next');
  await next.hover();
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /\/router\.[\w-]+\.js$/.test(entry.name))))
    .toBe(true);
  await next.click();
  await expect(page.locator('h1')).toHaveText('2. Test Migrations Locally Before Deploying');
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  const ex = page.locator('live-sql').first();
  const started = Date.now();
  await expect(await run(ex)).toHaveAttribute('data-state', DONE);
  expect(Date.now() - started).toBeLessThan(3000);
  expect(await page.evaluate(() => (window as unknown as { databaseWorkers: number }).databaseWorkers)).toBe(1);
});

test('the execution mode is a radio group the keyboard can change; Setup shows its SQL once opened', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-seed-guard-name-taken');
  const batch = ex.getByRole('radio', { name: 'One batch' });
  await expect(batch).toBeChecked();
  await batch.focus();
  await page.keyboard.press('ArrowRight');
  await expect(ex.getByRole('radio', { name: 'Statement by statement' })).toBeChecked();
  await expect(batch).not.toBeChecked();

  // The setup's SQL is not in the page's HTML: opening the section brings it, both named fixtures joined.
  const setup = ex.locator('.ex-setup');
  await setup.locator('summary').click();
  const fixture = (name: string) => readFileSync(`content/fixtures/${name}.sql`, 'utf8').trimEnd();
  await expect(setup.locator('pre')).toHaveText(`${fixture('defensive-tables')}\n${fixture('constraint-name-taken')}`);
  // The mode chosen before the controller arrived is the one it runs with.
  await expect(ex.getByRole('radio', { name: 'Statement by statement' })).toBeChecked();
});
