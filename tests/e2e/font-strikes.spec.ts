// A widget's results draw only in font strikes the page laid out before any engine started (src/lib/dom/font-strikes.ts):
// a strike first met in the frame that draws a result makes Chromium on Linux wait for its browser
// process, which on two busy cores held /check's first report still for 120–260 ms.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkUi } from '../../src/widgets/check/contract.ts';
import { labUi } from '../../src/widgets/prisma-lab/contract.ts';
import { playgroundUi } from '../../src/widgets/playground/contract.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';
import { example, run, setSql } from './live-examples.ts';
import { typeInto } from './tool-fields.ts';
import { strikeKey, type FontStrike } from '../../src/lib/dom/font-strikes.ts';
import { OUTPUT_STRIKES } from '../../src/widgets/parts/output-strikes.ts';
import { LAB_STRIKES } from '../../src/widgets/prisma-lab/lab-strikes.ts';
import { REPORT_STRIKES } from '../../src/widgets/check/report-strikes.ts';

/** Every strike (first family, computed size, weight, style) that text under `selector` is laid out in. */
function strikesIn(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const found = new Set<string>();
    for (const root of document.querySelectorAll(selector))
      for (const element of [root, ...root.querySelectorAll('*')]) {
        const hasText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim());
        if (!hasText || element.getClientRects().length === 0) continue;
        const style = getComputedStyle(element);
        found.add(`${style.fontFamily.split(',')[0]} ${style.fontSize} ${style.fontWeight} ${style.fontStyle}`);
      }
    return [...found].sort();
  }, selector);
}

/** The strikes the page has laid out once the widget's own are: what it shows, and its hidden words. */
async function strikesLaidOut(page: Page, widget: readonly FontStrike[]): Promise<string[]> {
  for (const strike of widget)
    await expect(page.locator(`[data-font-strikes] > [data-strike="${strikeKey(strike)}"]`).first()).toBeAttached();
  return strikesIn(page, 'body');
}

function expectKnown(drawn: string[], known: string[]): void {
  expect(
    drawn.filter((strike) => !known.includes(strike)),
    'strikes first laid out with a result',
  ).toEqual([]);
}

test('/check: the report of a folder (file problems, findings, runs, locks) draws in strikes laid out when the page was ready', async ({
  page,
}) => {
  const migrations = join(mkdtempSync(join(tmpdir(), 'mfg-strikes-')), 'migrations');
  const put = (name: string, text: string | Buffer) => {
    mkdirSync(join(migrations, name), { recursive: true });
    writeFileSync(join(migrations, name, 'migration.sql'), text);
  };
  put('20240101000000_init', 'CREATE TABLE "User" ("id" SERIAL PRIMARY KEY, "email" TEXT);\n');
  put(
    '20240102000000_handle',
    'ALTER TABLE "User" ADD COLUMN "handle" TEXT NOT NULL;\nCREATE UNIQUE INDEX "User_handle_key" ON "User"("handle");\n',
  );
  put('20240103000000_binary', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]));
  await page.goto('/check/');
  await expect(page.locator('[data-page="check"]')).toHaveAttribute('data-ready', '');
  const known = await strikesLaidOut(page, REPORT_STRIKES);
  await page.locator(checkUi.role('check-folder')).setInputFiles(migrations);
  await expect(page.locator(checkUi.role('check-migration'))).toHaveCount(2, { timeout: 60_000 });
  await expect(page.locator(checkUi.role('check-file-problem'))).toHaveCount(1);
  expectKnown(await strikesIn(page, checkUi.role('check-report')), known);
});

test('/playground: a result table, a notice and an error draw in strikes laid out when the page was ready', async ({ page }) => {
  await page.goto('/playground/');
  await expect(page.locator('[data-page="playground"]')).toHaveAttribute('data-ready', '');
  const known = await strikesLaidOut(page, OUTPUT_STRIKES);
  await typeInto(
    page,
    'playground-sql',
    "SELECT 1 AS one, 'two' AS two;\nDO $$ BEGIN RAISE NOTICE 'a notice'; END $$;\nSELECT * FROM missing;",
  );
  await page.locator(playgroundUi.action('playground-run')).click();
  const output = page.locator(`[data-page="playground"] > ${labUi.role('output')}`);
  await expect(output).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(output).toContainText('42P01');
  expectKnown(await strikesIn(page, `[data-page="playground"] > ${labUi.role('output')}`), known);
});

test("a chapter: an example's output (a table, a notice, an error) draws in strikes laid out before its database started", async ({
  page,
}) => {
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await ex.hover();
  const known = await strikesLaidOut(page, OUTPUT_STRIKES);
  await setSql(page, ex, "SELECT 1 AS one, 'two' AS two;\nDO $$ BEGIN RAISE NOTICE 'a notice'; END $$;\nSELECT * FROM missing;");
  const output = await run(ex);
  await expect(output).toContainText('42P01');
  expectKnown(await strikesIn(page, `live-sql[id="ex-defensive-create-table-naive"] ${liveUi.role('output')}`), known);
});

test("a lab: a command's output and the state it leaves draw in strikes laid out before the engine started", async ({ page }) => {
  await page.goto('/guide/recovering-a-failed-migration/');
  const box = page.locator('prisma-lab[data-lab-id="failed-migration"]');
  await expect(box).toHaveAttribute('data-ready', '');
  await box.hover();
  const known = await strikesLaidOut(page, LAB_STRIKES);
  await box.locator(labUi.role('lab-command')).fill('npx prisma migrate deploy');
  await box.locator(labUi.role('lab-command')).press('Enter');
  await expect(box.locator(labUi.role('lab-output'))).toHaveCount(1, { timeout: 90_000 });
  await expect(box.locator(labUi.role('lab-output'))).toContainText('P3018');
  expectKnown(await strikesIn(page, 'prisma-lab[data-lab-id="failed-migration"]'), known);
});

test('after the router swaps in another chapter, its examples lay their strikes out again', async ({ page }) => {
  await page.goto('/guide/defensive-sql/');
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await example(page, 'defensive-create-table-naive').hover();
  await strikesLaidOut(page, OUTPUT_STRIKES);
  const link = page.locator('nav.sidebar a', { hasText: '8. Use Transactions for Complex Migrations' });
  await link.hover();
  await link.click();
  await expect(page.locator('h1')).toHaveText('8. Use Transactions for Complex Migrations');
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  const ex = example(page, 'tx-seed-begin-commit');
  await ex.hover();
  const known = await strikesLaidOut(page, OUTPUT_STRIKES);
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', /^(ok|error)$/);
  expectKnown(await strikesIn(page, `live-sql[id="ex-tx-seed-begin-commit"] ${liveUi.role('output')}`), known);
});
