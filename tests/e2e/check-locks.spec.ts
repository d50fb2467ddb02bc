// /check shows what each statement of a migration locks and rewrites, observed on the state the
// migration starts from, with the same badges and hooks as a live example's output.
import { expect, test } from '@playwright/test';

test("/check shows each statement's locks and rewrites, with the live examples' hooks", async ({ page }) => {
  await page.goto('/check/');
  await expect(page.locator('[data-page="check"]')).toHaveAttribute('data-ready', '');
  await page.locator('.tool-context summary').click();
  await page
    .locator('[data-role="check-context"]')
    .fill(
      'CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" TEXT NOT NULL);\nINSERT INTO "Post" ("title") SELECT \'t\' || g FROM generate_series(1, 100) g;',
    );
  await page
    .locator('[data-role="check-sql"]')
    .fill(
      '-- AlterTable\nALTER TABLE "Post" ADD COLUMN "score" INTEGER NOT NULL DEFAULT floor(random() * 10);\n\n-- CreateIndex\nCREATE INDEX "Post_title_idx" ON "Post"("title");',
    );
  await page.locator('[data-role="check-run"]').click();
  const report = page.locator('[data-role="check-report"]');
  await expect(report.locator('[data-role="check-migration"]')).toHaveCount(1, { timeout: 60_000 });
  const statements = report.locator('[data-role="check-locks"] [data-role="statement"]');
  await expect(statements).toHaveCount(2);
  await report.locator('.report-locks-box summary').click();

  // The volatile default: ACCESS EXCLUSIVE, blocks reads and writes, the table rewritten.
  const alter = statements.nth(0);
  await expect(alter.locator('[data-role="lock"][data-relation="Post"]')).toHaveAttribute('data-mode', 'AccessExclusiveLock');
  await expect(alter.locator('[data-role="lock"][data-relation="Post"]')).toHaveAttribute('data-blocks', 'reads,writes');
  await expect(alter).toHaveAttribute('data-rewrite', /(^|,)Post(,|$)/);
  await expect(alter.locator('[data-role="lock"][data-relation="Post"]')).toContainText('blocks reads and writes');

  // The plain index: SHARE, blocks writes, nothing rewritten.
  const index = statements.nth(1);
  await expect(index.locator('[data-role="lock"][data-relation="Post"]')).toHaveAttribute('data-mode', 'ShareLock');
  await expect(index.locator('[data-role="lock"][data-relation="Post"]')).toHaveAttribute('data-blocks', 'writes');
  await expect(index).not.toHaveAttribute('data-rewrite', /./);
  await index.getByRole('button', { name: 'Lock details' }).click();
  await expect(index.locator('[data-role="lock-detail"]').first()).toBeVisible();
});
