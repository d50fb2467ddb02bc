import { expect, test } from '@playwright/test';
import { sitePages, withDataSaver } from '../e2e/site-pages.ts';
import { labUi } from '../../src/widgets/prisma-lab/contract.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';
import { seriousViolations } from './serious.ts';

// Every built page, in both color themes: no serious or critical WCAG violations. No ignore list.
for (const theme of ['light', 'dark'] as const) {
  for (const url of sitePages()) {
    test(`${url} in the ${theme} theme has no serious accessibility violations`, async ({ page }) => {
      // /guide/all/ is every chapter on one page: axe took up to 49 s of the default 60 under CI's load.
      if (url === '/guide/all/') test.setTimeout(120_000);
      await withDataSaver(page);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(url);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
}

test('an upgraded example with results and the editor open has no serious violations', async ({ page }) => {
  // Two cold starts of the database and the editor, one per theme: up to 44 s under CI's load.
  test.setTimeout(120_000);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/guide/defensive-sql/');
    const example = page.locator('live-sql').first();
    await example.locator(liveUi.action('run')).click();
    await expect(example.locator(labUi.role('output'))).toHaveAttribute('data-state', /ok|error/, { timeout: 30_000 });
    await example.locator(liveUi.action('edit')).click();
    await expect(example.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
    expect(await seriousViolations(page, 'live-sql'), theme).toEqual([]);
  }
});

test('a Prisma lab after commands (output, state tables, file tools, editor) has no serious violations', async ({ page }) => {
  test.setTimeout(120_000);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/guide/recovering-a-failed-migration/');
    const lab = page.locator('prisma-lab[data-lab-id="failed-migration"]');
    await lab.locator(`${labUi.action('lab-step')}[data-index="0"]`).click();
    await expect(lab.locator(labUi.role('lab-output'))).toHaveCount(1, { timeout: 90_000 });
    await lab.locator(labUi.action('lab-edit-file')).click();
    await expect(lab.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
    expect(await seriousViolations(page, 'prisma-lab[data-lab-id="failed-migration"]'), theme).toEqual([]);
  }
});
