// What the reader sees, kept as committed baselines: the home page, a chapter with an example
// (idle, after an ok Run, after a failed Run), a lab after a failed deploy and /check with findings,
// each at a phone and a desktop width, light and dark. Each view is brought to its state once and
// then photographed in the four looks, so a lab's engine starts once per view, not four times.
// What changes between two honest runs (timings, dates, UUIDs) is masked; nothing else is.
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { example, run } from './live-examples.ts';
import { withDataSaver } from './site-pages.ts';
import { typeInto } from './tool-fields.ts';
import { checkUi } from '../../src/widgets/check/contract.ts';
import { labUi } from '../../src/widgets/prisma-lab/contract.ts';

const LOOKS = [
  { width: 390, height: 844, theme: 'light' },
  { width: 390, height: 844, theme: 'dark' },
  { width: 1280, height: 800, theme: 'light' },
  { width: 1280, height: 800, theme: 'dark' },
] as const;

// A pixel in a thousand may differ (anti-aliasing of a glyph edge); a changed word or colour is more.
const SHOT = { maxDiffPixelRatio: 0.001, animations: 'disabled', caret: 'hide' } as const;
const ELEMENT_SHOT = { ...SHOT, stylePath: join(import.meta.dirname, 'screens.css') };

/** Photographs `target` (an element, or the page's first screen) in every look. */
async function inEveryLook(
  page: Page,
  name: string,
  target: () => Locator | Page,
  mask: (page: Page) => Locator[] = () => [],
): Promise<void> {
  for (const look of LOOKS) {
    await page.setViewportSize({ width: look.width, height: look.height });
    await page.emulateMedia({ colorScheme: look.theme, reducedMotion: 'reduce' });
    const subject = target();
    const masks = [...mask(page), page.locator('.page-meta time')];
    if ('scrollIntoViewIfNeeded' in subject) {
      await subject.scrollIntoViewIfNeeded();
      await expect(subject).toHaveScreenshot(`${name}-${look.width}-${look.theme}.png`, { ...ELEMENT_SHOT, mask: masks });
    } else {
      await expect(subject).toHaveScreenshot(`${name}-${look.width}-${look.theme}.png`, { ...SHOT, mask: masks });
    }
  }
}

test.describe.configure({ mode: 'serial' });

test('home page', async ({ page }) => {
  await withDataSaver(page);
  await page.goto('/');
  await inEveryLook(page, 'home', () => page);
});

test('a chapter and its examples: idle, ok, error', async ({ page }) => {
  test.setTimeout(120_000);
  // No database start in the background: the first Run always starts it (and says so), the next never.
  await withDataSaver(page);
  await page.goto('/guide/defensive-sql/');
  await inEveryLook(page, 'chapter', () => page);
  const ok = example(page, 'defensive-create-table-if-not-exists');
  await inEveryLook(page, 'example-idle', () => ok);
  const okOutput = await run(ok);
  await expect(okOutput).toHaveAttribute('data-state', 'ok');
  // The lock trace follows the result: photographed before it ends, the output says "Tracing locks…"
  // (a failure in a loaded CI run, 270 pixels).
  await expect(okOutput).toHaveAttribute('data-trace', /^(done|unavailable)$/, { timeout: 60_000 });
  const timings = (p: Page) => [
    p.locator('live-sql .elapsed, live-sql .lock-time, live-sql .lock-trace, live-sql .fill-note'),
    p.locator('live-sql p.meta', { hasText: 'later Runs reuse it' }),
  ];
  await inEveryLook(page, 'example-ok', () => ok, timings);
  // Run twice, as the example says: the second CREATE TABLE fails with 42P07.
  const failing = example(page, 'defensive-create-table-naive');
  await expect(await run(failing)).toHaveAttribute('data-state', 'ok');
  const failed = await run(failing);
  await expect(failed).toHaveAttribute('data-state', 'error');
  await expect(failed).toHaveAttribute('data-trace', /^(done|unavailable)$/, { timeout: 60_000 });
  await inEveryLook(page, 'example-error', () => failing, timings);
});

test('a lab after a failed deploy', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/guide/recovering-a-failed-migration/');
  const lab = page.locator('prisma-lab[data-lab-id="failed-migration"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-ready', '');
  await lab.locator(`${labUi.action('lab-step')}[data-index="0"]`).click();
  const output = lab.locator(labUi.role('lab-output'));
  await expect(output).toHaveCount(1, { timeout: 90_000 });
  await expect(output).toHaveAttribute('data-exit-code', '1');
  await expect(lab.locator(labUi.role('lab-state'))).toContainText('20240102000000_add_post');
  await inEveryLook(
    page,
    'lab-failed-deploy',
    () => lab,
    (p) => [p.locator(`prisma-lab .elapsed, prisma-lab time, prisma-lab ${labUi.role('lab-status')}`)],
  );
});

test('/check with findings', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/check/');
  await expect(page.locator('[data-page="check"]')).toHaveAttribute('data-ready', '');
  await typeInto(
    page,
    'check-sql',
    '-- AlterTable\nALTER TABLE "Post" ADD COLUMN "slug" TEXT NOT NULL;\n\n-- CreateIndex\nCREATE UNIQUE INDEX "Post_slug_key" ON "Post"("slug");\n',
  );
  await page.locator('.tool-context summary').click();
  await typeInto(
    page,
    'check-context',
    'CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" TEXT NOT NULL);\nINSERT INTO "Post" ("title") VALUES (\'a\');',
  );
  await page.locator(checkUi.role('check-run')).click();
  const report = page.locator(checkUi.role('check-report'));
  await expect(report.locator(checkUi.role('check-migration'))).toHaveCount(1, { timeout: 60_000 });
  await expect(page.locator(checkUi.role('check-status'))).toContainText('Checked:');
  await inEveryLook(page, 'check-report', () => report);
});
