import { expect, test, type Page } from '@playwright/test';
import { checkUi } from '../../src/widgets/check/contract.ts';
import { labUi } from '../../src/widgets/prisma-lab/contract.ts';
import { seriousViolations } from './serious.ts';

// The views the design added after interaction: /check's report cards and a lab's terminal and
// status view (with the raw table and a failed row's logs open), in both themes.
const serious = (page: Page, include: string) => seriousViolations(page, include);

test('/check report cards with findings have no serious violations in either theme', async ({ page }) => {
  await page.goto('/check/');
  await expect(page.locator('[data-page="check"]')).toHaveAttribute('data-ready', '');
  await page.locator(checkUi.action('check-sample')).click();
  await page.locator(checkUi.role('check-run')).click();
  await expect(page.locator(`${checkUi.role('check-report')} .finding`).first()).toBeVisible({ timeout: 60_000 });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    expect(await serious(page, 'article.tool'), theme).toEqual([]);
  }
});

test('a lab terminal and its _prisma_migrations status view have no serious violations in either theme', async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('/guide/recovering-a-failed-migration/');
  const lab = page.locator('prisma-lab[data-lab-id="failed-migration"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-ready', '');
  const outputs = lab.locator(labUi.role('lab-output'));
  for (const index of [0, 1]) {
    await lab.locator(`${labUi.action('lab-step')}[data-index="${index}"]`).click();
    await expect(outputs).toHaveCount(index + 1, { timeout: 90_000 });
  }
  await lab.locator('.lab-migration-logs summary').first().click();
  await lab.locator('.lab-raw > summary').click();
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    expect(await serious(page, 'prisma-lab[data-lab-id="failed-migration"]'), theme).toEqual([]);
  }
});
