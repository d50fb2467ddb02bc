import { expect, test } from '@playwright/test';
import { chapterPages, sitePages, withDataSaver } from './site-pages.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';
import { partsUi } from '../../src/widgets/parts/contract.ts';
import { watchNetwork } from './network-quiet.ts';

test.beforeEach(({ page }) => withDataSaver(page));

test.describe('every page', () => {
  for (const url of sitePages()) {
    test(`${url} loads without console errors`, async ({ page }) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      const network = watchNetwork(page);
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      await network.quiet();
      expect(errors).toEqual([]);
    });
  }
});

test('the sidebar lists the chapters in reading order and marks the current one', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  const links = page.locator('nav.sidebar ol a');
  await expect(links).toHaveCount(chapterPages().length);
  await expect(links.first()).toHaveText('Prisma Migration Best Practices');
  await expect(links.nth(1)).toHaveText('1. Use Defensive SQL in Migrations');
  await expect(page.locator('nav.sidebar a[aria-current="page"]')).toHaveText('1. Use Defensive SQL in Migrations');
});

test('previous and next links walk the chapters', async ({ page }) => {
  await page.goto('/guide/overview/');
  await expect(page.locator('.pagination .prev')).toHaveCount(0);
  await page.locator('.pagination .next').click();
  await expect(page).toHaveURL(/\/guide\/defensive-sql\/$/);
  await expect(page.locator('h1')).toHaveText('1. Use Defensive SQL in Migrations');
  await page.locator('.pagination .prev').click();
  await expect(page).toHaveURL(/\/guide\/overview\/$/);
});

test('the on-page table of contents links to every section heading', async ({ page }) => {
  await page.goto('/guide/overview/');
  const toc = page.locator('nav.toc a');
  await expect(toc.first()).toBeVisible();
  for (const href of await toc.evaluateAll((links) => links.map((link) => link.getAttribute('href')))) {
    await expect(page.locator(`[id="${href!.slice(1)}"]`)).toHaveCount(1);
  }
});

test('every heading has a visible link anchor to itself', async ({ page }) => {
  await page.goto('/guide/overview/');
  const heading = page.locator('h2#common-migration-issues');
  await heading.hover();
  const anchor = heading.locator('a.heading-anchor');
  await expect(anchor).toBeVisible();
  await expect(anchor).toHaveAttribute('href', '#common-migration-issues');
  await expect(anchor).toHaveAccessibleName('Link to section: Common Migration Issues');
});

test('the theme follows the system, and a chosen theme is remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/guide/overview/');
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(await background()).toBe('rgb(11, 15, 20)');
  const toggle = page.locator(partsUi.action('toggle-theme'));
  await expect(toggle).toHaveText(/Auto/);
  // As built, before the script knows the system's theme; then its full name, at the reader's first sign.
  await expect(toggle).toHaveAccessibleName('Auto color theme (as the system). Switch theme');
  await toggle.hover();
  await expect(toggle).toHaveAccessibleName('Auto color theme (dark, as the system). Switch to light');
  await toggle.click(); // system → light
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(toggle).toHaveText(/Light/);
  expect(await background()).toBe('rgb(255, 255, 255)');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.locator(partsUi.action('toggle-theme')).click(); // light → dark
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator(partsUi.action('toggle-theme'))).toHaveText(/Dark/);
  await page.locator(partsUi.action('toggle-theme')).click(); // dark → system
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await expect(page.locator(partsUi.action('toggle-theme'))).toHaveText(/Auto/);
});

test('on a light system the first press of the theme button changes what the reader sees', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/guide/overview/');
  const toggle = page.locator(partsUi.action('toggle-theme'));
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveText(/Dark/);
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(11, 15, 20)');
});

test('"On this page" marks the section being read, and folds above the page where there is no room beside it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/guide/transactions/');
  const toc = page.locator('nav.toc');
  await page.evaluate(() => document.getElementById('create-index-concurrently')!.scrollIntoView());
  await expect(toc.locator('a[aria-current="location"]')).toHaveText('CREATE INDEX CONCURRENTLY');
  await expect(toc.locator('summary')).toBeHidden();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/guide/transactions/');
  const summary = toc.locator('summary');
  await expect(summary).toBeVisible();
  await expect(toc.locator('a').first()).toBeHidden();
  // Above the chapter, not after it.
  const [tocTop, h1Top] = await Promise.all([toc.boundingBox(), page.locator('h1').boundingBox()]);
  expect(tocTop!.y).toBeLessThan(h1Top!.y);
  await summary.click();
  await toc.locator('a', { hasText: 'CREATE INDEX CONCURRENTLY' }).click();
  await expect(page).toHaveURL(/#create-index-concurrently$/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('a chapter reads completely without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/guide/defensive-sql/');
  await expect(page.locator('h1')).toHaveText('1. Use Defensive SQL in Migrations');
  await expect(page.locator(`live-sql ${liveUi.role('code')} pre`).first()).toContainText('CREATE TABLE IF NOT EXISTS "MyTable"');
  await expect(page.locator('.ex-expect').first()).toBeVisible();
  // Controls that need the script are not offered.
  await expect(page.locator(liveUi.action('run')).first()).toBeHidden();
  await expect(page.locator(partsUi.action('toggle-theme'))).toBeHidden();
  await expect(page.locator('nav.sidebar')).toBeVisible();
  await context.close();
});

test('an unknown address shows the 404 page', async ({ page }) => {
  const response = await page.goto('/guide/no-such-chapter/');
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Page not found');
});

for (const width of [360, 768, 1440]) {
  test(`the layout fits a ${width}px wide screen without sideways scrolling`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    for (const url of ['/guide/defensive-sql/', '/guide/transactions/', '/']) {
      await page.goto(url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
  });
}

test('printing hides the navigation and keeps the content', async ({ page }) => {
  await page.goto('/guide/all/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('nav.sidebar')).toBeHidden();
  await expect(page.locator('.ex-bar').first()).toBeHidden();
  await expect(page.locator('h1', { hasText: 'Handling Failed Migrations' })).toBeVisible();
  await expect(page.locator(`live-sql ${liveUi.role('code')} pre`).first()).toBeVisible();
});

test('code blocks have a copy button', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/guide/test-locally/');
  // Before any interaction the page draws no buttons (they load with the reader's first move).
  await expect(page.locator('.copy-code')).toHaveCount(0);
  await page.locator('h1').hover();
  const block = page.locator('.code-block').first();
  await block.getByRole('button', { name: 'Copy code to clipboard' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('npx prisma migrate dev --name my_migration');
});

test('search finds "shadow database" and lands on the section', async ({ page }) => {
  const network = watchNetwork(page);
  await page.goto('/guide/overview/');
  const searchRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/pagefind/')) searchRequests.push(request.url());
  });
  await network.quiet();
  expect(searchRequests, 'search loads only when used').toEqual([]);
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the guide' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Search the guide').fill('shadow database');
  const first = dialog.locator('.search-results a').first();
  await expect(first).toHaveAttribute('href', /\/guide\/shadow-database\//);
  await first.click();
  await expect(page).toHaveURL(/\/guide\/shadow-database\//);
  await expect(page.locator('h1')).toHaveText('3. Use Shadow Database for Safer Migrations');
});

test('search results are reached with the arrow keys, and the input does not move when they appear', async ({ page }) => {
  await page.goto('/guide/overview/');
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the guide' });
  const input = dialog.getByLabel('Search the guide');
  const before = await input.boundingBox();
  await input.fill('shadow database');
  const links = dialog.locator('.search-results a');
  await expect(links.nth(1)).toBeVisible();
  expect((await input.boundingBox())!.y).toBe(before!.y);
  await page.keyboard.press('ArrowDown');
  await expect(links.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(links.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(input).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const href = await links.first().getAttribute('href');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(href!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});

test('moving between chapters keeps the document, and Back and Forward work', async ({ page }) => {
  await page.goto('/guide/overview/');
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  const link = page.locator('nav.sidebar a', { hasText: '8. Use Transactions for Complex Migrations' });
  await link.hover();
  await expect
    .poll(() => page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /\/router\.[\w-]+\.js$/.test(entry.name))))
    .toBe(true);
  await link.click();
  await expect(page.locator('h1')).toHaveText('8. Use Transactions for Complex Migrations');
  await expect(page).toHaveTitle(/8\. Use Transactions/);
  await expect(page.locator('nav.sidebar a[aria-current="page"]')).toHaveText('8. Use Transactions for Complex Migrations');
  await page.goBack();
  await expect(page.locator('h1')).toHaveText('Prisma Migration Best Practices');
  await page.goForward();
  await expect(page.locator('h1')).toHaveText('8. Use Transactions for Complex Migrations');
  // A link to a section of another chapter lands on that section.
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '/guide/overview/#common-migration-issues';
    a.textContent = 'jump';
    a.id = 'jump';
    document.querySelector('main')!.prepend(a);
  });
  await page.locator('#jump').click();
  await expect(page).toHaveURL(/\/guide\/overview\/#common-migration-issues$/);
  await expect(page.locator('#common-migration-issues')).toBeInViewport();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
});

test('on a phone the chapter list starts folded and opens on demand; on a wide screen it is a plain list', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/guide/transactions/');
  const fold = page.locator('details.sidebar-fold');
  await expect(fold).not.toHaveAttribute('open', '');
  await expect(page.locator('nav.sidebar ol')).toBeHidden();
  await page.locator('details.sidebar-fold > summary').click();
  await expect(page.locator('nav.sidebar ol')).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/guide/transactions/');
  await expect(page.locator('nav.sidebar ol')).toBeVisible();
  await expect(page.locator('details.sidebar-fold > summary')).toBeHidden();
});
