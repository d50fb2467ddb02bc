// PGlite's bundled extensions load on demand in the tab's worker (an edited example, /check); one
// PGlite lacks gets a single clear message, and on /check the rest is still checked.
import { expect, test } from '@playwright/test';
import { example, run, setSql } from './live-examples.ts';
import { expectResponsive, startHeartbeat } from './heartbeat.ts';
import { typeInto } from './tool-fields.ts';
import { checkUi } from '../../src/widgets/check/contract.ts';
import { labUi } from '../../src/widgets/prisma-lab/contract.ts';

// @timed: its pulse is measured, so it runs in the one-worker project (playwright.config.ts), not beside another test.
test('an edited example creates pgcrypto and uses it; the page never freezes while the database reopens', { tag: '@timed' }, async ({
  page,
}) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  // The database is started first: the window measured is the extension's load and the reopen alone.
  await setSql(page, ex, 'SELECT 1 AS warm;');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
  await setSql(
    page,
    ex,
    "CREATE EXTENSION pgcrypto;\nSELECT length(gen_random_uuid()::text) AS uuid_length, length(digest('x', 'sha256')) AS digest_bytes;",
  );
  await startHeartbeat(page);
  const output = await run(ex);
  await expectResponsive(page, 'loading pgcrypto and reopening the database');
  await expect(output).toHaveAttribute('data-state', 'ok');
  await expect(output.locator('table tbody tr td')).toHaveText(['36', '32']);
  // The database still serves the next Run, with the extension still loaded.
  await setSql(page, ex, 'CREATE EXTENSION IF NOT EXISTS pgcrypto;\nSELECT gen_random_uuid() IS NOT NULL AS made;');
  const again = await run(ex);
  await expect(again).toHaveAttribute('data-state', 'ok');
  await expect(again.locator('table tbody tr td')).toHaveText(['t']);
});

test('CREATE EXTENSION postgis says once that PGlite lacks it, and nothing else runs', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await setSql(page, ex, 'CREATE EXTENSION postgis;\nCREATE TABLE "Place" ("at" geography(Point, 4326));');
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toContainText('cannot run: extension postgis is not available in PGlite');
  await expect(output).not.toContainText('42704');
  // The next Run works as before.
  await setSql(page, ex, 'SELECT 41 + 1 AS answer;');
  const next = await run(ex);
  await expect(next).toHaveAttribute('data-state', 'ok');
  await expect(next.locator('table tbody tr td')).toHaveText(['42']);
});

test('/check: a pgcrypto migration and one that uses it pass; postgis is named once and what needs it is not a failure', async ({
  page,
}) => {
  await page.goto('/check/');
  await expect(page.locator('[data-page="check"]')).toHaveAttribute('data-ready', '');
  await page.locator('.tool-context summary').click();
  await typeInto(page, 'check-context', 'CREATE EXTENSION IF NOT EXISTS "pgcrypto";');
  await typeInto(
    page,
    'check-sql',
    '-- CreateTable\nCREATE TABLE "Token" ("id" UUID NOT NULL DEFAULT gen_random_uuid(), CONSTRAINT "Token_pkey" PRIMARY KEY ("id"));',
  );
  await page.locator(checkUi.role('check-run')).click();
  const report = page.locator(checkUi.role('check-report'));
  const summary = report.locator(checkUi.role('check-summary'));
  await expect(summary).toHaveAttribute('data-errors', '0', { timeout: 60_000 });
  await expect(report.locator(checkUi.role('check-migration'))).toContainText('Fresh database, statement by statement (Prisma ≥ 7.4): ok');

  await typeInto(page, 'check-context', '');
  await typeInto(
    page,
    'check-sql',
    'CREATE EXTENSION IF NOT EXISTS postgis;\n\n-- CreateTable\nCREATE TABLE "Plain" ("id" SERIAL PRIMARY KEY);',
  );
  await page.locator(checkUi.role('check-run')).click();
  await expect(report.locator(checkUi.role('check-extension'))).toHaveText(/^cannot run: extension postgis is not available in PGlite/, {
    timeout: 60_000,
  });
  await expect(summary).toHaveAttribute('data-errors', '0');
});

test('a lab keeps its state and works after an example loads an extension (the database is reopened under it)', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/guide/recovering-a-failed-migration/');
  const box = page.locator('prisma-lab[data-lab-id="failed-migration"]');
  await box.scrollIntoViewIfNeeded();
  await expect(box).toHaveAttribute('data-ready', '');
  const outputs = box.locator(labUi.role('lab-output'));
  const labStep = async (index: number) => {
    const before = await outputs.count();
    await box.locator(`${labUi.action('lab-step')}[data-index="${index}"]`).click();
    await expect(outputs).toHaveCount(before + 1, { timeout: 90_000 });
    return outputs.last();
  };
  const failed = await labStep(0);
  await expect(failed).toContainText('Error: P3018');

  const ex = example(page, 'failed-what-is-left');
  await setSql(page, ex, "CREATE EXTENSION IF NOT EXISTS citext;\nSELECT 'Ab'::citext = 'aB' AS same;");
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'ok');
  await expect(output.locator('table tbody tr td')).toHaveText(['t']);

  // The lab's failed migration is still recorded in the reopened database: deploy now says P3009.
  const locked = await labStep(1);
  await expect(locked).toHaveAttribute('data-exit-code', '1');
  await expect(locked).toContainText('Error: P3009');
});
