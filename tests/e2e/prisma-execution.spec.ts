// Examples run as Prisma runs a migration: the version switch, what each version leaves behind,
// and the reason a file goes as one batch, all from real Runs in the page's database worker.
import { expect, test, type Locator } from '@playwright/test';
import { example, finished, pasteSql, run, settled } from './live-examples.ts';
import { heartbeat, MAX_GAP_MS, startHeartbeat } from './heartbeat.ts';

/** Back to the example's setup state (Reset draws no result: data-done says it finished). */
async function reset(ex: Locator): Promise<void> {
  const before = await finished(ex);
  await ex.locator('[data-action="reset"]').click();
  await settled(ex, before);
}

test('as Prisma 7.4+ a failed migration leaves its first statements; as Prisma ≤ 7.3 nothing', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/guide/transactions/');
  const ex = example(page, 'tx-prisma-partial-failure');
  const version = ex.locator('[data-role="mode"]');
  await expect(version).toHaveValue('prisma-7.4');
  await expect(ex.locator('[data-role="expect"]')).toContainText('Prisma 7.4+ (7.10): 1st Run fails with 42P01; 2nd Run fails with 42P07');

  let output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toContainText('42P01');
  await expect(output).toContainText('Ran as Prisma 7.4+ (7.10) runs a migration: 3 statements, each sent as its own query and committed on its own. It failed at line 12 with 42P01; 2 statements stayed committed.');
  output = await run(ex);
  await expect(output).toContainText('42P07');

  await version.selectOption('prisma-7.3');
  await reset(ex);
  output = await run(ex);
  await expect(output).toContainText('Ran as Prisma ≤ 7.3 runs a migration: the whole file as one query: one implicit transaction. It failed at line 12 with 42P01; 0 statements stayed committed.');
  output = await run(ex);
  await expect(output).toContainText('42P01');
  await expect(output).not.toContainText('42P07');
});

test('a DO block sends the file as one batch under Prisma 7.4+, and the output says why; the page never stalls', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/guide/transactions/');
  const ex = example(page, 'tx-prisma-do-block-batch');
  await ex.scrollIntoViewIfNeeded();
  // Warm the database as ≤ 7.3 (no parser needed), so what is measured is sqlparser's first load.
  const version = ex.locator('[data-role="mode"]');
  await version.selectOption('prisma-7.3');
  await expect(await run(ex)).toContainText('the whole file as one query');
  await reset(ex);
  await version.selectOption('prisma-7.4');
  await startHeartbeat(page);
  const output = await run(ex);
  const { longestGap } = await heartbeat(page);
  test.info().annotations.push({ type: 'heartbeat', description: `longest gap ${Math.round(longestGap)} ms` });
  console.log(`heartbeat longest gap while sqlparser loaded and ran: ${Math.round(longestGap)} ms`);
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toContainText('sqlparser 0.62 cannot parse line 2 (`DO $$`): Prisma sends this file as one batch');
  await expect(output).toContainText('0 statements stayed committed');
  expect(longestGap, 'main-thread pause while sqlparser loaded and the Run ran').toBeLessThan(MAX_GAP_MS);
  // The second Run fails where the first did: nothing stayed.
  await expect(await run(ex)).toContainText('42P01');
});

test('CREATE INDEX CONCURRENTLY beside another statement: fine as 7.4+, 25001 as ≤ 7.3', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/guide/transactions/');
  const ex = example(page, 'tx-prisma-concurrently');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
  await ex.locator('[data-role="mode"]').selectOption('prisma-7.3');
  await reset(ex);
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toContainText('25001');
});

test('hostile: a pasted migration of 1,000 statements runs as 7.4+ statement by statement; the page keeps its pulse', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/guide/transactions/');
  const ex = example(page, 'tx-prisma-concurrently');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok'); // the database and sqlparser are warm
  const big = Array.from({ length: 1000 }, (_, i) => `CREATE TABLE "big_${i}" (id int, note text NOT NULL DEFAULT 'x');`).join('\n') + '\nCREATE TABLE "big_0" (id int);\n';
  await pasteSql(page, ex, big);
  await startHeartbeat(page);
  const started = Date.now();
  const output = await run(ex);
  const { longestGap } = await heartbeat(page);
  test.info().annotations.push({ type: 'heartbeat', description: `longest gap ${Math.round(longestGap)} ms, Run ${Date.now() - started} ms` });
  console.log(`1,000-statement migration: longest gap ${Math.round(longestGap)} ms, Run took ${Date.now() - started} ms`);
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toContainText('1001 statements, each sent as its own query and committed on its own. It failed at line 1001 with 42P07; 1000 statements stayed committed.');
  expect(longestGap, 'main-thread pause while 1,001 statements ran and were drawn').toBeLessThan(MAX_GAP_MS);
});
