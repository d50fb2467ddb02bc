// Examples run as Prisma runs a migration: the version switch, what each version leaves behind,
// and the reason a file goes as one batch, all from real Runs in the page's database worker.
import { expect, test } from '@playwright/test';
import { example, run } from './live-examples.ts';
import { reset } from './example-reset.ts';

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
  await expect(output).toContainText(
    'Ran as Prisma 7.4+ (7.10) runs a migration: 3 statements, each sent as its own query and committed on its own. It failed at line 12 with 42P01; 2 statements stayed committed.',
  );
  output = await run(ex);
  await expect(output).toContainText('42P07');

  await version.selectOption('prisma-7.3');
  await reset(ex);
  output = await run(ex);
  await expect(output).toContainText(
    'Ran as Prisma ≤ 7.3 runs a migration: the whole file as one query: one implicit transaction. It failed at line 12 with 42P01; 0 statements stayed committed.',
  );
  output = await run(ex);
  await expect(output).toContainText('42P01');
  await expect(output).not.toContainText('42P07');
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
