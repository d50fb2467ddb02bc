// Hostile input for examples run as Prisma runs them: sqlparser's first load and a very long
// migration, judged by the page's pulse (run alone, in the hostile project: see playwright.config).
import { expect, test } from '@playwright/test';
import { example, pasteSql, run } from './live-examples.ts';
import { expectResponsive, startHeartbeat } from './heartbeat.ts';
import { reset } from './example-reset.ts';

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
  await expectResponsive(page, 'sqlparser loaded and a DO-block file ran');
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toContainText('sqlparser 0.62 cannot parse line 2 (`DO $$`): Prisma sends this file as one batch');
  await expect(output).toContainText('0 statements stayed committed');
  // The second Run fails where the first did: nothing stayed.
  await expect(await run(ex)).toContainText('42P01');
});

test('hostile: a pasted migration of 1,000 statements runs as 7.4+ statement by statement; the page keeps its pulse', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/guide/transactions/');
  const ex = example(page, 'tx-prisma-concurrently');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok'); // the database and sqlparser are warm
  const big =
    Array.from({ length: 1000 }, (_, i) => `CREATE TABLE "big_${i}" (id int, note text NOT NULL DEFAULT 'x');`).join('\n') +
    '\nCREATE TABLE "big_0" (id int);\n';
  await pasteSql(page, ex, big);
  await startHeartbeat(page);
  const started = Date.now();
  const output = await run(ex);
  await expectResponsive(page, `a 1,001-statement migration run as 7.4+ (${Date.now() - started} ms)`);
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toContainText(
    '1001 statements, each sent as its own query and committed on its own. It failed at line 1001 with 42P07; 1000 statements stayed committed.',
  );
});
