// At 360 px (the narrowest phone the guide supports) nothing makes the page scroll sideways: not a
// chapter, not /check, not a lab whose terminal holds several commands' output and a failed row.
import { expect, test, type Page } from '@playwright/test';
import { sitePages, withDataSaver } from './site-pages.ts';
import { labUi } from '../../src/widgets/prisma-lab/contract.ts';

const NARROW = { width: 360, height: 740 };

/** How far the page reaches past the window's right edge, and the widest elements doing it. */
async function overflow(page: Page): Promise<{ excess: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const excess = root.scrollWidth - root.clientWidth;
    const culprits = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 0.5)
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
    return { excess, culprits };
  });
}

test.use({ viewport: NARROW });

test('no page scrolls sideways at 360 px', async ({ page }) => {
  test.setTimeout(120_000);
  await withDataSaver(page);
  const wide: string[] = [];
  for (const url of sitePages()) {
    await page.goto(url);
    const { excess, culprits } = await overflow(page);
    if (excess > 0) wide.push(`${url}: ${excess}px (${culprits.join(', ')})`);
  }
  expect(wide).toEqual([]);
});

test('a lab after several commands does not scroll sideways at 360 px', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/guide/recovering-a-failed-migration/');
  const lab = page.locator('prisma-lab[data-lab-id="failed-migration"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-ready', '');
  const outputs = lab.locator(labUi.role('lab-output'));
  for (const index of [0, 1, 2]) {
    await lab.locator(`${labUi.action('lab-step')}[data-index="${index}"]`).click();
    await expect(outputs).toHaveCount(index + 1, { timeout: 90_000 });
  }
  // The failed row's logs and the raw table open too: the widest things a lab can show.
  await lab.locator('.lab-migration-logs summary').first().click();
  await lab.locator('.lab-raw > summary').click();
  await lab.locator('.lab-run:not([open]) > summary').first().click();
  const { excess, culprits } = await overflow(page);
  expect(excess, culprits.join(', ')).toBeLessThanOrEqual(0);
});
