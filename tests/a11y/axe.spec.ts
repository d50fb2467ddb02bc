import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { sitePages, withDataSaver } from '../e2e/site-pages.ts';

// Every built page, in both color themes: no serious or critical WCAG violations. No ignore list.
for (const theme of ['light', 'dark'] as const) {
  for (const url of sitePages()) {
    test(`${url} in the ${theme} theme has no serious accessibility violations`, async ({ page }) => {
      await withDataSaver(page);
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(url);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map(
          (violation) =>
            `${violation.id}: ${violation.nodes
              .map((node) => node.target.join(' '))
              .slice(0, 5)
              .join(' | ')}`,
        );
      expect(serious).toEqual([]);
    });
  }
}

test('an upgraded example with results and the editor open has no serious violations', async ({ page }) => {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/guide/defensive-sql/');
    const example = page.locator('live-sql').first();
    await example.locator('[data-action="run"]').click();
    await expect(example.locator('[data-role="output"]')).toHaveAttribute('data-state', /ok|error/, { timeout: 30_000 });
    await example.locator('[data-action="edit"]').click();
    await expect(example.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
    const results = await new AxeBuilder({ page }).include('live-sql').withTags(['wcag2a', 'wcag2aa']).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes[0]?.target}`);
    expect(serious, theme).toEqual([]);
  }
});

test('a Prisma lab after commands (output, state tables, file tools, editor) has no serious violations', async ({ page }) => {
  test.setTimeout(120_000);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto('/guide/recovering-a-failed-migration/');
    const lab = page.locator('prisma-lab[data-lab-id="failed-migration"]');
    await lab.locator('[data-action="lab-step"][data-index="0"]').click();
    await expect(lab.locator('[data-role="lab-output"]')).toHaveCount(1, { timeout: 90_000 });
    await lab.locator('[data-action="lab-edit-file"]').click();
    await expect(lab.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
    const results = await new AxeBuilder({ page })
      .include('prisma-lab[data-lab-id="failed-migration"]')
      .withTags(['wcag2a', 'wcag2aa'])
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes[0]?.target}`);
    expect(serious, theme).toEqual([]);
  }
});
