import { expect, test, type Locator, type Page } from '@playwright/test';

// The Prisma lab in the browser: the real schema engine in the database worker, driven through
// the lab's test hooks (data-role="lab-command", data-role="lab-output" with data-exit-code).

function lab(page: Page, preset: string): Locator {
  return page.locator(`prisma-lab[data-lab-id="${preset}"]`);
}

/** Clicks a walkthrough step (or types a command) and returns the new output block. */
async function step(box: Locator, which: number | string): Promise<Locator> {
  await expect(box).toHaveAttribute('data-ready', '');
  const outputs = box.locator('[data-role="lab-output"]');
  const before = await outputs.count();
  if (typeof which === 'number') {
    await box.locator(`[data-action="lab-step"][data-index="${which}"]`).click();
  } else {
    await box.locator('[data-role="lab-command"]').fill(which);
    await box.locator('[data-role="lab-command"]').press('Enter');
  }
  await expect(outputs).toHaveCount(before + 1, { timeout: 90_000 });
  return outputs.last();
}

const migrationsRows = (box: Locator) => box.locator('[data-role="lab-state"] table').first().locator('tbody tr');

test('failed migration walkthrough (Prisma 7.4+): P3018 leaves "Post" → P3009 → status → fix → revert → resolve --rolled-back → deploy', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/guide/failed-migrations/');
  const box = lab(page, 'failed-migration');
  await box.scrollIntoViewIfNeeded();

  const failed = await step(box, 0);
  await expect(failed).toHaveAttribute('data-exit-code', '1');
  await expect(failed).toContainText('Applying migration `20240101000000_init`');
  await expect(failed).toContainText('Error: P3018');
  await expect(failed).toContainText('Migration name: 20240102000000_add_post');
  await expect(failed).toContainText('Database error code: 42703');
  await expect(migrationsRows(box)).toHaveCount(2);
  // Statement by statement: CREATE TABLE "Post" committed before the foreign key failed.
  await expect(box.locator('.lab-schema')).toContainText('Post');

  const locked = await step(box, 1);
  await expect(locked).toHaveAttribute('data-exit-code', '1');
  await expect(locked).toContainText('Error: P3009');
  await expect(locked).toContainText('The `20240102000000_add_post` migration started at');

  const status = await step(box, 2);
  await expect(status).toHaveAttribute('data-exit-code', '1');
  await expect(status).toContainText('Following migration have failed:');

  await box.locator('[data-action="lab-step"][data-index="3"]').click(); // put the fix in the file
  const reverted = await step(box, 4);
  await expect(reverted).toHaveAttribute('data-exit-code', '0');
  await expect(reverted).toContainText('Script executed successfully.');
  await expect(box.locator('.lab-schema')).not.toContainText('Post');

  const resolved = await step(box, 5);
  await expect(resolved).toHaveAttribute('data-exit-code', '0');
  await expect(resolved).toContainText('Migration 20240102000000_add_post marked as rolled back.');

  const deployed = await step(box, 6);
  await expect(deployed).toHaveAttribute('data-exit-code', '0');
  await expect(deployed).toContainText('All migrations have been successfully applied.');
  await expect(migrationsRows(box)).toHaveCount(3);
  await expect(box.locator('[data-role="lab-state"]')).toContainText('Post');

  const upToDate = await step(box, 7);
  await expect(upToDate).toHaveAttribute('data-exit-code', '0');
  await expect(upToDate).toContainText('Database schema is up to date!');
});

test('typed commands: --verbose is rejected, history recalls the last command, examples keep working', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/guide/migration-logs/');
  const box = lab(page, 'deploy-logs');
  const rejected = await step(box, 'npx prisma migrate deploy --verbose');
  await expect(rejected).toHaveAttribute('data-exit-code', '1');
  await expect(rejected).toContainText('! unknown or unexpected option: --verbose');
  const unknown = await step(box, 'prisma migrate up');
  await expect(unknown).toContainText('Unknown command "migrate up"');

  const input = box.locator('[data-role="lab-command"]');
  await input.fill('');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('prisma migrate up');
  await input.press('ArrowUp');
  await expect(input).toHaveValue('npx prisma migrate deploy --verbose');

  // A live example on the same page still runs on its own database state after lab commands.
  const example = page.locator('live-sql').first();
  await example.locator('[data-action="run"]').click();
  await expect(example.locator('[data-role="output"]')).toHaveAttribute('data-state', /^(ok|error)$/, { timeout: 45_000 });
  // One-click common commands.
  const outputs = box.locator('[data-role="lab-output"]');
  const count = await outputs.count();
  await box.locator('[data-action="lab-quick"][data-command="npx prisma migrate status"]').click();
  await expect(outputs).toHaveCount(count + 1, { timeout: 90_000 });
  await expect(outputs.last()).toContainText('Following migrations have not yet been applied:');
});

test('Prisma version: 7.4+ leaves the first statement committed, 7.3 leaves nothing', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/guide/failed-migrations/');
  const box = lab(page, 'failed-migration');
  await expect(box).toHaveAttribute('data-ready', '');
  await box.locator('[data-role="lab-mode"]').selectOption('7.4');
  const failed = await step(box, 0);
  await expect(failed).toHaveAttribute('data-exit-code', '1');
  // "Post" was created by the first statement and stays: the schema panel lists it.
  await expect(box.locator('.lab-schema')).toContainText('Post');

  await box.locator('[data-role="lab-mode"]').selectOption('7.3');
  await box.locator('[data-action="lab-start-over"]').click();
  const batch = await step(box, 0);
  await expect(batch).toHaveAttribute('data-exit-code', '1');
  await expect(box.locator('.lab-schema')).not.toContainText('Post');
});

test('files: rename a migration.sql away and Prisma reports P3015; the text is kept', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/guide/failed-migrations/');
  const box = lab(page, 'failed-migration');
  await expect(box).toHaveAttribute('data-ready', '');
  await box.locator('[data-action="lab-open-file"][data-path$="init/migration.sql"]').click();
  await box.locator('[data-action="lab-edit-file"]').click(); // loads the controller and Monaco
  await expect(box.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await box.locator('[data-role="lab-path"]').fill('prisma/migrations/20240101000000_init/init.sql');
  await box.locator('[data-action="lab-rename-file"]').click();
  await expect(box.locator('[data-action="lab-open-file"][data-path="prisma/migrations/20240101000000_init/init.sql"]')).toHaveAttribute('aria-pressed', 'true');
  const result = await step(box, 'npx prisma migrate deploy');
  await expect(result).toHaveAttribute('data-exit-code', '1');
  await expect(result).toContainText('Error: P3015');
  await expect(box.locator('.lab-file[data-selected] .view-lines')).toContainText('CreateTable');

  const duplicate = box.locator('[data-role="lab-path"]');
  await duplicate.fill('prisma/schema.prisma');
  await box.locator('[data-action="lab-add-file"]').click();
  await expect(box.locator('[data-role="lab-status"]')).toHaveText('prisma/schema.prisma already exists.');
});

test('a lab shared by link opens with the same files, runs nothing, and runs the same', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto('/guide/failed-migrations/');
  const box = lab(page, 'failed-migration');
  await expect(box).toHaveAttribute('data-ready', '');
  await box.locator('[data-action="lab-step"][data-index="3"]').click(); // the fix, in the file
  await box.locator('[data-action="lab-share"]').click();
  const status = box.locator('[data-role="lab-status"]');
  await expect(status).toHaveAttribute('data-share-url', /#share=v1\./);
  const url = (await status.getAttribute('data-share-url'))!;

  const other = await browser.newContext();
  const reviewer = await other.newPage();
  await reviewer.goto(url);
  const shared = lab(reviewer, 'failed-migration');
  await expect(shared).toHaveAttribute('data-shared', '');
  await expect(shared.locator('[data-role="lab-status"]')).toContainText('Opened from a shared link (unknown source) — nothing has run yet.');
  await expect(shared.locator('[data-role="lab-output"]')).toHaveCount(0);
  const deployed = await step(shared, 'npx prisma migrate deploy');
  await expect(deployed).toHaveAttribute('data-exit-code', '0');
  await other.close();
});
