// The chapters beyond the original notes: each renders with its examples and labs, an example whose
// outcome differs by PostgreSQL major says so and runs as this page's version declares, and the home
// page's cards count what the chapters really hold.
import { expect, test } from '@playwright/test';
import { example, finished, run, settled } from './live-examples.ts';
import { expectResponsive, startHeartbeat } from './heartbeat.ts';
import { withDataSaver } from './site-pages.ts';
import { labUi } from '../../src/widgets/prisma-lab/contract.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';

const CHAPTERS = [
  { url: '/guide/locks-and-zero-downtime/', title: 'Locks and Zero-Downtime Changes', labs: 0 },
  { url: '/guide/rewrites-and-renames/', title: 'Rewrites and Renames', labs: 1 },
  { url: '/guide/enums/', title: 'Enums', labs: 1 },
  { url: '/guide/baselining/', title: 'Baselining an Existing Database', labs: 1 },
  { url: '/guide/squashing-and-down-migrations/', title: 'Squashing and Down Migrations', labs: 1 },
  { url: '/guide/team-workflow/', title: 'Working as a Team', labs: 1 },
  { url: '/guide/deploying-from-ci/', title: 'Deploying from CI/CD', labs: 1 },
];

for (const chapter of CHAPTERS) {
  test(`${chapter.url} renders its examples and labs`, async ({ page }) => {
    await withDataSaver(page);
    await page.goto(chapter.url);
    await expect(page.locator('h1')).toHaveText(chapter.title);
    expect(await page.locator('live-sql').count()).toBeGreaterThan(0);
    await expect(page.locator('prisma-lab')).toHaveCount(chapter.labs);
  });
}

test('an example that differs by version shows both outcomes and runs as PostgreSQL 18 declares', { tag: '@timed' }, async ({ page }) => {
  await page.goto('/guide/enums/');
  const ex = example(page, 'enum-created-same-transaction');
  await expect(ex.locator(liveUi.role('versions'))).toHaveText('PostgreSQL 15: 55P04, 55P04 · PostgreSQL 18 (this page): ok, 42710');
  await ex.scrollIntoViewIfNeeded();
  // Warm (the database and the example's controller loaded), then back to the setup state: the
  // pause measured below is this example's Runs, not the first start of the database.
  await run(ex);
  const done = await finished(ex);
  await ex.locator(liveUi.action('reset')).click();
  await settled(ex, done);
  await expect(ex.locator(liveUi.role('db-state'))).toHaveText('fresh');
  await startHeartbeat(page);
  const first = await run(ex);
  await expect(first).toHaveAttribute('data-state', 'ok');
  const second = await run(ex);
  await expect(second).toHaveAttribute('data-sqlstate', '42710');
  await expectResponsive(page, 'two Runs of the enum example');
});

test('a command quoted from the original notes is marked and offers no Copy', async ({ page }) => {
  await page.goto('/guide/migration-logs/');
  const original = page.locator('[data-original]');
  await expect(original).toHaveCount(1);
  await expect(original.locator('figcaption')).toContainText('As the original notes have it');
  await expect(original).toContainText('--verbose');
  // Copy buttons come with the reader's first move; ordinary code blocks on the same page get theirs,
  // so the buttons have been drawn by the time the quoted one is checked for none.
  await page.locator('h1').hover();
  await expect(page.locator('.code-block .copy-code').first()).toBeVisible();
  await expect(original.locator('.copy-code')).toHaveCount(0);
});

test('the home page numbers each chapter once and its cards count what the chapters hold', async ({ page }) => {
  await withDataSaver(page);
  await page.goto('/');
  const cards = page.locator('.chapter-card');
  await expect(cards).toHaveCount(20);
  await expect(cards.nth(1).locator('a')).toHaveText('Practice 1 · Use Defensive SQL in Migrations');
  const enums = cards.filter({ hasText: 'Enums' }).locator('.chapter-meta');
  await page.goto('/guide/enums/');
  const examples = await page.locator('live-sql').count();
  const labs = await page.locator('prisma-lab').count();
  await page.goto('/');
  await expect(enums).toContainText(`${examples} live examples · ${labs} lab`);
});

test('the baselining lab in the browser: P3005 on a database with tables, then resolve --applied and a clean deploy', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/guide/baselining/');
  const box = page.locator('prisma-lab[data-lab-id="baseline"]');
  await box.scrollIntoViewIfNeeded();
  await expect(box).toHaveAttribute('data-ready', '');
  const outputs = box.locator(labUi.role('lab-output'));
  const step = async (index: number) => {
    const before = await outputs.count();
    await box.locator(`${labUi.action('lab-step')}[data-index="${index}"]`).click();
    await expect(outputs).toHaveCount(before + 1, { timeout: 90_000 });
    return outputs.last();
  };
  await expect(await step(0)).toHaveAttribute('data-exit-code', '0');
  await expect(await step(1)).toHaveAttribute('data-exit-code', '0');
  const refused = await step(2);
  await expect(refused).toHaveAttribute('data-exit-code', '1');
  await expect(refused).toContainText('P3005');
  await expect(await step(3)).toContainText('Migration 0_init marked as applied.');
  const deployed = await step(4);
  await expect(deployed).toHaveAttribute('data-exit-code', '0');
  await expect(deployed).toContainText('No pending migrations to apply.');
});

test('an old link to a section of Handling Failed Migrations that moved to the next chapter follows it there; the others stay', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await withDataSaver(page);
  const anchors = 'article h2[id], article h3[id], article [id^="ex-"], article [id^="lab-"]';
  await page.goto('/guide/recovering-a-failed-migration/');
  const moved = await page.locator(anchors).evaluateAll((els) => els.map((el) => el.id));
  expect(moved).toEqual(
    expect.arrayContaining(['the-recommended-order', 'ex-failed-revert-partial', 'lab-failed-migration', 'conclusion']),
  );
  for (const id of moved) {
    await page.goto(`/guide/failed-migrations/#${id}`);
    await expect(page, id).toHaveURL(new RegExp(`/guide/recovering-a-failed-migration/#${id}$`));
    await expect(page.locator(`[id="${id}"]`)).toBeAttached();
  }
  await page.goto('/guide/failed-migrations/');
  const stayed = await page.locator(anchors).evaluateAll((els) => els.map((el) => el.id));
  expect(stayed).toEqual(expect.arrayContaining(['step-3-clean-up-the-failed-record', 'lab-hand-edited-history']));
  for (const id of stayed) {
    // From another document, so the page loads afresh as it does from a link (a same-page hash change runs no script).
    await page.goto('about:blank');
    await page.goto(`/guide/failed-migrations/#${id}`);
    await expect(page.locator(`[id="${id}"]`)).toBeAttached();
    expect(new URL(page.url()).pathname, id).toBe('/guide/failed-migrations/');
  }
});
