import { expect, test } from '@playwright/test';
import { example, press, setSql } from './live-examples.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';

// The guide's failure/fix scenarios, exercised in the browser as a reader would.

test('backup: pg_dump in the browser, a destructive migration, and the restore brings the data back', async ({ page }) => {
  await page.goto('/guide/backups/');
  const ex = example(page, 'backup-drop-column-restore');
  const state = ex.locator(liveUi.role('db-state'));
  await expect(ex.locator(liveUi.action('restore'))).toBeDisabled();

  // 1. pg_dump: shown in place and downloadable as a real .sql file.
  const output = await press(ex, 'dump');
  await expect(output).toContainText('pg_dump wrote backup.sql');
  const [download] = await Promise.all([page.waitForEvent('download'), output.getByRole('link', { name: 'Download backup.sql' }).click()]);
  expect(download.suggestedFilename()).toBe('backup.sql');
  const dumped = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(dumped).toContain('PostgreSQL database dump');
  expect(dumped).toMatch(/CREATE TABLE public\."Post"/);
  expect(dumped).toContain('Why migrations fail');

  // 2. The destructive migration: the column and its data go; a second Run fails with 42703.
  await expect(await press(ex, 'run')).toHaveAttribute('data-state', 'ok');
  await expect(await press(ex, 'run')).toHaveAttribute('data-sqlstate', '42703');

  // 3. Restore into an empty database; the titles are back.
  await expect(await press(ex, 'restore')).toContainText('Restored backup.sql into an empty database');
  await expect(state).toHaveText('restored from backup.sql');
  await setSql(page, ex, 'SELECT "title" FROM "Post" ORDER BY "id"');
  const restored = await press(ex, 'run');
  await expect(restored.locator('td')).toHaveText(['Hello, world', 'Why migrations fail', 'Notes on indexes']);
  // Reset goes back to the example's own setup, not to the backup.
  await ex.locator(liveUi.action('reset')).click();
  await expect(state).toHaveText('fresh');
  await expect(ex.locator(liveUi.role('output'))).toContainText('Reset to the setup state');
});

test('conflicts: a second ADD CONSTRAINT fails with 42710; the guarded version runs again as a no-op', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const naive = example(page, 'defensive-add-constraint-twice');
  await expect(await press(naive, 'run')).toHaveAttribute('data-state', 'ok');
  await expect(await press(naive, 'run')).toHaveAttribute('data-sqlstate', '42710');
  const guarded = example(page, 'defensive-seed-guard');
  await expect(await press(guarded, 'run')).toHaveAttribute('data-state', 'ok');
  const again = await press(guarded, 'run');
  await expect(again).toHaveAttribute('data-state', 'ok');
  await expect(guarded.locator(liveUi.role('db-state'))).toHaveText('after 2 Runs');
});

test("the seed's guard, examined: checking conname alone skips the FK; scoping it to the table adds it", async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const naive = await press(example(page, 'defensive-seed-guard-name-taken'), 'run');
  await expect(naive).toHaveAttribute('data-state', 'ok');
  // Only the other table carries the name: "MyTable" got no foreign key.
  await expect(naive.locator('tbody tr')).toHaveCount(1);
  await expect(naive.locator('tbody')).not.toContainText('"MyTable"');
  const scoped = await press(example(page, 'defensive-guard-scoped-to-table'), 'run');
  await expect(scoped.locator('tbody tr')).toHaveCount(2);
  await expect(scoped.locator('tbody')).toContainText('"MyTable"');
});

test('transactions: after an error inside BEGIN, later statements get 25P02 and COMMIT rolls back', async ({ page }) => {
  await page.goto('/guide/transactions/');
  const output = await press(example(page, 'tx-aborted-block-continue'), 'run');
  await expect(output).toHaveAttribute('data-sqlstate', '23505');
  await expect(output.locator('.stmt .tag', { hasText: '25P02' }).first()).toBeVisible();
  await expect(output.locator('.stmt .tag', { hasText: /^ROLLBACK$/ })).toHaveCount(1);
  await expect(output.locator('tbody')).not.toContainText('linus@example.com');
});

test('schema drift: the defensive migration passes, and the catalog query shows the column nobody migrated', async ({ page }) => {
  await page.goto('/guide/overview/');
  await expect(await press(example(page, 'overview-drift-hidden-by-guard'), 'run')).toHaveAttribute('data-state', 'ok');
  const check = await press(example(page, 'overview-drift-column-check'), 'run');
  await expect(check.locator('tbody')).toContainText('nickname');
  await expect(check.locator('tbody')).toContainText('extra: no migration created it');
});

test("the guide's error-handling script runs against the example's database; an edit takes the error path", async ({ page }) => {
  await page.goto('/guide/error-handling-scripts/');
  const ex = example(page, 'scripts-seed-apply-migration');
  const output = await press(ex, 'run');
  await expect(output).toHaveAttribute('data-exit-code', '0');
  await expect(output.locator('.transcript')).toHaveText('Starting migration...\nMigration completed successfully\n');
  // The reader's edit: point the ALTER TABLE at a table that does not exist.
  const failing = `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();
async function main() {
  try {
    console.log('Starting migration...');
    await prisma.$executeRaw\`ALTER TABLE "missing_table" ADD COLUMN "new_column" TEXT\`;
    console.log('Migration completed successfully');
  } catch (error) {
    console.error('Migration failed:', error);
    process.exit(1);
  } finally {
    await prisma.$disconnect();
  }
}
main();`;
  await setSql(page, ex, failing);
  const failed = await press(ex, 'run');
  await expect(failed).toHaveAttribute('data-exit-code', '1');
  await expect(failed.locator('.transcript .stderr')).toContainText('Migration failed: error: relation "missing_table" does not exist');
  await expect(failed.locator('.transcript')).not.toContainText('Migration completed successfully');
});
