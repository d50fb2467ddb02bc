// Hostile input against the runtime in the browser: the page stays responsive, the reader is told,
// nothing typed is lost, and the next Run reports the truth.
import { expect, test } from '@playwright/test';
import { example, run, setSql } from './live-examples.ts';
import { expectResponsive, startHeartbeat } from './heartbeat.ts';

test('hostile: infinite SQL recursion (PANIC) is reported as a crash, never as a success, and the next Run tells the truth', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  const first = await run(ex);
  await expect(first).toHaveAttribute('data-state', 'ok');
  await expect(first).toContainText(/PostgreSQL \d+\.\d+/);
  const sql = 'CREATE FUNCTION f(n int) RETURNS int LANGUAGE sql AS $$ SELECT f(n+1) $$;\nSELECT f(1);';
  await setSql(page, ex, sql);
  await startHeartbeat(page);
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toHaveAttribute('data-stopped', 'crashed');
  await expect(output).toContainText('PostgreSQL stopped working');
  await expect(output).toContainText('nothing it reported can be trusted');
  await expectResponsive(page, 'the worker replaced');
  await expect(ex.locator('.view-lines')).toContainText('SELECT\u00a0f(n+1)');
  await setSql(page, ex, 'SELECT 40 + 2 AS answer');
  await expect((await run(ex)).locator('td')).toHaveText('42');
  await setSql(page, ex, 'SELECT 1/0;');
  await expect(await run(ex)).toHaveAttribute('data-sqlstate', '22012');
});

test('hostile: COPY … FROM STDIN gets the clear message instead of "[object Object]", and the next Run works', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok'); // the database is warm
  await setSql(page, ex, 'CREATE TABLE t (a int);\nCOPY t FROM STDIN;');
  await startHeartbeat(page);
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toContainText("COPY FROM STDIN needs a client that sends the data (psql's \\copy); this page cannot.");
  await expect(output).not.toContainText('[object Object]');
  await expect(ex.locator('.view-lines')).toContainText('COPY\u00a0t\u00a0FROM\u00a0STDIN');
  await setSql(page, ex, "SELECT to_regclass('t') IS NULL AS nothing_ran");
  await expect((await run(ex)).locator('td')).toHaveText('t');
  await expectResponsive(page, 'the Run');
});

test('hostile: an event trigger that blocks all DDL is removed after its Run and does not break the next example', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok'); // the database is warm
  await setSql(
    page,
    ex,
    "CREATE FUNCTION no_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no DDL'; END $$;\nCREATE EVENT TRIGGER block_ddl ON ddl_command_start EXECUTE FUNCTION no_ddl();",
  );
  await startHeartbeat(page);
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'ok');
  await expect(output).toContainText('removed event triggers');
  await setSql(page, ex, 'CREATE TABLE after_trigger (id int);');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
  await expectResponsive(page, 'the Run');
});
