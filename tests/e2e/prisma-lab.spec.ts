import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectResponsive, startHeartbeat } from './heartbeat.ts';

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

test('failed migration walkthrough (Prisma 7.4+): P3018 leaves "Post" → P3009 → status → fix → revert → resolve --rolled-back → deploy', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/guide/recovering-a-failed-migration/');
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
  await page.goto('/guide/recovering-a-failed-migration/');
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
  await page.goto('/guide/recovering-a-failed-migration/');
  const box = lab(page, 'failed-migration');
  await expect(box).toHaveAttribute('data-ready', '');
  await box.locator('[data-action="lab-open-file"][data-path$="init/migration.sql"]').click();
  await box.locator('[data-action="lab-edit-file"]').click(); // loads the controller and Monaco
  await expect(box.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await box.locator('[data-role="lab-path"]').fill('prisma/migrations/20240101000000_init/init.sql');
  await box.locator('[data-action="lab-rename-file"]').click();
  await expect(box.locator('[data-action="lab-open-file"][data-path="prisma/migrations/20240101000000_init/init.sql"]')).toHaveAttribute(
    'aria-pressed',
    'true',
  );
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
  await page.goto('/guide/recovering-a-failed-migration/');
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
  await expect(shared.locator('[data-role="lab-status"]')).toContainText(
    'Opened from a shared link (unknown source) — nothing has run yet.',
  );
  await expect(shared.locator('[data-role="lab-output"]')).toHaveCount(0);
  const deployed = await step(shared, 'npx prisma migrate deploy');
  await expect(deployed).toHaveAttribute('data-exit-code', '0');
  await other.close();
});

test('migrate dev that would lose data asks y/N in the command line: N cancels (130), y creates and applies', { tag: '@timed' }, async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { encodeShare } = await import('../../src/lib/share/share-link.ts');
  const { readFileSync } = await import('node:fs');
  const shared = (file: string) => readFileSync(new URL(`../../content/labs/_shared/${file}`, import.meta.url), 'utf8');
  // The schema no longer has User.email, while the database (init) has it, with a row in it.
  const schema = shared('schema.prisma').replace(/\n\s*email\s+String @unique/, '');
  const files = [
    { path: 'prisma/schema.prisma', content: schema },
    { path: 'prisma/migrations/20240101000000_init/migration.sql', content: shared('init.sql') },
    { path: 'prisma/seed.sql', content: 'INSERT INTO "User" ("email") VALUES (\'ada@example.com\');\n' },
  ];
  await page.goto(`/guide/recovering-a-failed-migration/${await encodeShare({ kind: 'lab', id: 'failed-migration', files })}`);
  const box = lab(page, 'failed-migration');
  await expect(box).toHaveAttribute('data-shared', '');
  await expect(await step(box, 'npx prisma migrate deploy')).toHaveAttribute('data-exit-code', '0');
  await expect(await step(box, 'npx prisma db execute --file prisma/seed.sql')).toHaveAttribute('data-exit-code', '0');
  await startHeartbeat(page);

  const asked = await step(box, 'npx prisma migrate dev --name drop_email');
  await expect(asked).toHaveAttribute('data-question', 'Are you sure you want to create and apply this migration?');
  await expect(asked).toContainText('⚠️  Warnings for the current datasource:');
  await expect(asked).toContainText(
    'You are about to drop the column `email` on the `User` table, which still contains 1 non-null values.',
  );
  await expect(asked).toContainText('? Are you sure you want to create and apply this migration? › (y/N)');
  await expect(box).toHaveAttribute('data-waiting', '');
  await expect(box.locator('[data-role="lab-command"]')).toHaveValue('');

  const cancelled = await step(box, 'n');
  await expect(cancelled).toHaveAttribute('data-exit-code', '130');
  await expect(cancelled).toContainText('✖ Are you sure you want to create and apply this migration? … no');
  await expect(cancelled).toContainText('Migration cancelled.');
  await expect(box).not.toHaveAttribute('data-waiting', '');
  await expect(box.locator('[data-action="lab-open-file"][data-path$="_drop_email/migration.sql"]')).toHaveCount(0);

  await expect(await step(box, 'npx prisma migrate dev --name drop_email')).toHaveAttribute('data-question', /create and apply/);
  const applied = await step(box, 'y');
  await expect(applied).toHaveAttribute('data-exit-code', '0');
  await expect(applied).toContainText('✔ Are you sure you want to create and apply this migration? … yes');
  await expect(applied).toContainText('Your database is now in sync with your schema.');
  await expect(box.locator('[data-action="lab-open-file"][data-path$="_drop_email/migration.sql"]')).toHaveCount(1);
  await expectResponsive(page, 'asking and answering in the lab');
});

test("validate, format and --version run in the worker (Prisma's schema WASM loads only for them)", { tag: '@timed' }, async ({ page }) => {
  test.setTimeout(120_000);
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  await page.goto('/guide/recovering-a-failed-migration/');
  const box = lab(page, 'failed-migration');
  await expect(await step(box, 'npx prisma migrate status')).toHaveAttribute('data-exit-code', '1');
  expect(
    fetched.some((url) => url.includes('prisma_schema_build')),
    'the schema WASM is not loaded for other commands',
  ).toBe(false);
  await startHeartbeat(page);
  const valid = await step(box, 'npx prisma validate');
  await expect(valid).toHaveAttribute('data-exit-code', '0');
  await expect(valid).toContainText('The schema at prisma/schema.prisma is valid 🚀');
  expect(fetched.some((url) => url.includes('prisma_schema_build'))).toBe(true);
  const formatted = await step(box, 'npx prisma format');
  await expect(formatted).toHaveAttribute('data-exit-code', '0');
  await expect(formatted).toContainText(/Formatted prisma\/schema\.prisma in \d+ms 🚀/);
  const version = await step(box, 'npx prisma --version');
  await expect(version).toContainText(/prisma\s+: 7\.10\.1/);
  await expect(version).toContainText(/Schema Engine : schema-engine-wasm [0-9a-f]{40}/);
  await expect(version).toContainText(/PGlite \d+\.\d+\.\d+ \(PostgreSQL 18\.\d+/);
  await expectResponsive(page, 'validate, format, --version');
});
