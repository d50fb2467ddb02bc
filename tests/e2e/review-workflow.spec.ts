import { expect, test, type Locator, type Page } from '@playwright/test';
import { example, pasteSql, run, setSql } from './live-examples.ts';
import { typeInto } from './tool-fields.ts';
import { checkUi } from '../../src/widgets/check/contract.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';
import { partsUi } from '../../src/widgets/parts/contract.ts';
import { playgroundUi } from '../../src/widgets/playground/contract.ts';

// Made for code review: edits that persist, links that reproduce an edit exactly, and links that
// break in every way a pasted link can break, without breaking the page.

const PAGE = '/guide/defensive-sql/';
const ID = 'defensive-create-table-naive';
const shownCode = (ex: Locator) => ex.locator(liveUi.role('code'));

async function editAndWaitForSave(page: Page, ex: Locator, sql: string): Promise<void> {
  await setSql(page, ex, sql);
  await expect(ex.locator(liveUi.role('edit-note'))).toContainText('Your edit, saved in this browser', { timeout: 10_000 });
}

async function shareLink(ex: Locator): Promise<string> {
  await ex.locator(liveUi.action('share')).click();
  const status = ex.locator(liveUi.role('edit-status'));
  await expect(status).toHaveAttribute('data-share-url', /#share=v1\./);
  return (await status.getAttribute('data-share-url'))!;
}

test("an edit survives a reload, and Restore original SQL puts the guide's SQL back", async ({ page }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  const original = (await shownCode(ex).textContent())!.trim();
  await editAndWaitForSave(page, ex, 'SELECT 40 + 2 AS answer;');

  await page.reload();
  await expect(ex).toHaveAttribute('data-edited', 'saved');
  await expect(shownCode(ex)).toContainText('SELECT 40 + 2 AS answer;');
  const output = await run(ex);
  await expect(output).toContainText('42');

  await ex.locator(liveUi.action('restore-original')).click();
  await expect(shownCode(ex)).toContainText(original.split('\n')[0]!.trim());
  await page.reload();
  await expect(ex).not.toHaveAttribute('data-edited', /.*/);
  await expect(ex.locator(liveUi.role('edit-note'))).toHaveCount(0);
});

test('copy link → a fresh browser opens the same edited SQL, scrolled to, not run; Run gives the same result', async ({
  page,
  browser,
}) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  await editAndWaitForSave(page, ex, "SELECT 'shared' AS source, 6 * 7 AS answer;");
  await ex.locator(`${liveUi.role('mode')} input[value="statements"]`).check();
  const mine = await run(ex);
  const url = await shareLink(ex);

  const other = await browser.newContext();
  const reviewer = await other.newPage();
  await reviewer.goto(url);
  const shared = example(reviewer, ID);
  await expect(shared).toHaveAttribute('data-shared', '');
  await expect(shared).toBeInViewport();
  await expect(shownCode(shared)).toContainText("SELECT 'shared' AS source, 6 * 7 AS answer;");
  await expect(shared.locator(liveUi.role('edit-note'))).toContainText('Shared edit from the link you opened, not run yet.');
  await expect(shared.locator(checkUi.role('output'))).toHaveAttribute('data-state', 'idle');
  await expect(shared.locator(`${liveUi.role('mode')} input[value="statements"]`)).toBeChecked();
  const theirs = await run(shared);
  await expect(theirs.locator('table')).toHaveText((await mine.locator('table').textContent())!);

  // "Show original" swaps the view to the guide's SQL and back.
  await shared.locator(liveUi.action('show-original')).click();
  await expect(shownCode(shared)).toContainText('CREATE TABLE');
  await shared.locator(liveUi.action('show-original')).click();
  await expect(shownCode(shared)).toContainText("'shared'");
  await other.close();
});

test('malformed, truncated and unknown links say so, and the page keeps working', async ({ page }) => {
  await page.goto(PAGE);
  const url = await (async () => {
    const ex = example(page, ID);
    await editAndWaitForSave(page, ex, 'SELECT 1;');
    return shareLink(ex);
  })();
  const cases: [string, RegExp][] = [
    [`${PAGE}#share=v1.%%%`, /characters a shared link never has/],
    [`${PAGE}${url.slice(url.indexOf('#'), url.length - 10)}`, /damaged or cut off/],
    [`${PAGE}#share=v7.abcdef`, /newer version of the guide/],
  ];
  for (const [target, message] of cases) {
    await page.goto('about:blank');
    await page.goto(target);
    await expect(page.locator(partsUi.role('page-alert'))).toContainText(message);
  }
  // A link to an example that is not on this page.
  await page.goto(`/guide/overview/${url.slice(url.indexOf('#'))}`);
  await expect(page.locator(partsUi.role('page-alert'))).toContainText(`"${ID}" is not on this page`);
  // The page works: an example runs.
  const output = await run(page.locator('live-sql').first());
  await expect(output).toHaveAttribute('data-state', /ok|error/);
});

test('an edit too large for a link is refused with a reason, and kept', async ({ page }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  // Text that does not compress: a long list of distinct pseudo-random numbers.
  let seed = 7;
  const numbers = Array.from({ length: 1500 }, () => (seed = (seed * 48271) % 2147483647));
  // Pasted, as a reader brings 16 KB. Typed, Monaco takes each character as a keystroke (auto-closing
  // and indenting on one line that keeps growing): 18.7 s for the insert alone, and the test took
  // 40-58 s of its 60 s in CI.
  await pasteSql(page, ex, `SELECT unnest(ARRAY[${numbers.join(',')}]);`);
  await expect(ex.locator(liveUi.role('edit-note'))).toContainText('Your edit, saved in this browser', { timeout: 10_000 });
  await ex.locator(liveUi.action('share')).click();
  await expect(ex.locator(liveUi.role('edit-status'))).toContainText('too large for a link');
  await page.reload();
  await expect(shownCode(ex)).toContainText(String(numbers[1499]));
});

test('markup inside shared SQL stays text: in the code, in results, in column names', async ({ page, browser }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  const payload = `SELECT '<img src=x onerror="window.__xss=1">' AS "<b onmouseover=alert(1)>col</b>";`;
  await editAndWaitForSave(page, ex, payload);
  const url = await shareLink(ex);

  const other = await browser.newContext();
  const reviewer = await other.newPage();
  await reviewer.goto(url);
  const shared = example(reviewer, ID);
  await expect(shownCode(shared)).toContainText('<img src=x onerror="window.__xss=1">');
  await run(shared);
  await expect(shared.locator(`${checkUi.role('output')} table`)).toContainText('<img src=x onerror="window.__xss=1">');
  await expect(shared.locator(`${checkUi.role('output')} th`)).toHaveText('<b onmouseover=alert(1)>col</b>');
  expect(await shared.locator('img, b').count()).toBe(0);
  expect(await reviewer.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  await other.close();
});

test("a shared link never silently replaces the reader's own saved edit", async ({ page, browser }) => {
  // Someone else's edit, as a link.
  const other = await browser.newContext();
  const colleague = await other.newPage();
  await colleague.goto(PAGE);
  await editAndWaitForSave(colleague, example(colleague, ID), "SELECT 'theirs';");
  const url = await shareLink(example(colleague, ID));
  await other.close();

  // My own saved edit of the same example, then their link.
  await page.goto(PAGE);
  const ex = example(page, ID);
  await editAndWaitForSave(page, ex, "SELECT 'mine';");
  await page.goto('about:blank');
  await page.goto(url);
  await expect(shownCode(ex)).toContainText("'theirs'");
  await expect(ex.locator(liveUi.role('edit-note'))).toContainText('You have your own saved edit of this example');
  expect(await page.evaluate((id) => localStorage.getItem(`mfg:edit:${id}`), ID)).toContain("'mine'");

  await ex.locator(checkUi.action('keep-mine')).click();
  await expect(shownCode(ex)).toContainText("'mine'");
  await page.goto('about:blank');
  await page.goto(url);
  await ex.locator(liveUi.action('use-shared')).click();
  await expect.poll(() => page.evaluate((id) => localStorage.getItem(`mfg:edit:${id}`), ID)).toContain("'theirs'");
});

test('with storage unavailable the examples still run and the reader is told edits will not persist', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
  });
  await page.goto(PAGE);
  const ex = example(page, ID);
  await setSql(page, ex, 'SELECT 2 + 2 AS four;');
  await expect(ex.locator(liveUi.role('edit-note'))).toContainText('Edits will not be kept after you leave', { timeout: 10_000 });
  await expect(await run(ex)).toContainText('4');
});

test('/check: a migration with CONCURRENTLY beside other statements, checked, then shared as a report', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto('/check/');
  await expect(page.locator('[data-page="check"]')).toHaveAttribute('data-ready', '');
  const sql = 'ALTER TABLE "Post" ADD COLUMN IF NOT EXISTS "slug" TEXT;\nCREATE INDEX CONCURRENTLY "Post_slug_idx" ON "Post"("slug");';
  await typeInto(page, 'check-sql', sql);
  await page.locator(checkUi.role('check-run')).click();
  const report = page.locator(checkUi.role('check-report'));
  await expect(report.locator(checkUi.role('check-migration'))).toHaveCount(1, { timeout: 60_000 });
  // A fresh database has no "Post": the run fails on line 1; the lint finds CONCURRENTLY on line 2.
  await expect(report).toContainText('42P01');
  await expect(report.locator('[data-rule="concurrently-in-transaction"][data-line="2"]')).toHaveCount(1);
  await expect(report.locator('[data-rule="concurrently-in-transaction"] a').first()).toHaveAttribute(
    'href',
    '/guide/transactions/#create-index-concurrently',
  );

  await page.locator(checkUi.action('check-share')).click();
  const status = page.locator(checkUi.role('check-status'));
  await expect(status).toContainText(/Link copied|Copy this link/);
  const link = (await status.getAttribute('data-share-url'))!;
  const other = await browser.newContext();
  const reviewer = await other.newPage();
  await reviewer.goto(link);
  await expect(reviewer.locator('[data-page="check"]')).toHaveAttribute('data-ready', '');
  await expect(reviewer.locator(checkUi.role('check-sql'))).toHaveValue(sql);
  // Consent first: the link's migration is shown, and nothing runs until Check.
  await expect(reviewer.locator(checkUi.role('draft-note'))).toContainText('nothing has run yet');
  await expect(reviewer.locator(checkUi.role('check-migration'))).toHaveCount(0);
  await reviewer.locator(checkUi.role('check-run')).click();
  await expect(reviewer.locator('[data-rule="concurrently-in-transaction"][data-line="2"]')).toHaveCount(1, { timeout: 60_000 });
  await other.close();
});

test('/check: a pasted migration with and without its context, for each Prisma target', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/check/');
  await expect(page.locator('[data-page="check"]')).toHaveAttribute('data-ready', '');
  const sql = 'ALTER TABLE "Post" ADD COLUMN IF NOT EXISTS "slug" TEXT;\nCREATE INDEX CONCURRENTLY "Post_slug_idx" ON "Post"("slug");';
  const report = page.locator(checkUi.role('check-report'));
  const summary = report.locator(checkUi.role('check-summary'));
  await typeInto(page, 'check-sql', sql);

  // Alone: "Post" is missing because nothing says it exists; said so, and only the lint's error counts.
  await page.locator(checkUi.role('check-run')).click();
  await expect(report.locator(`${checkUi.role('check-migration')}[data-missing-context]`)).toHaveCount(1, { timeout: 60_000 });
  await expect(report.locator(checkUi.role('check-missing-context'))).toContainText('no context was given');
  await expect(summary).toHaveAttribute('data-errors', '1');

  // With the schema it starts from: it runs statement by statement (Prisma 7.4), CONCURRENTLY included.
  await page.locator('.tool-context summary').click();
  await typeInto(page, 'check-context', 'CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" TEXT NOT NULL);');
  await page.locator(checkUi.role('check-run')).click();
  await expect(report.locator(`${checkUi.role('check-migration')}[data-missing-context]`)).toHaveCount(0, { timeout: 60_000 });
  await expect(summary).toContainText('statement by statement');
  await expect(report.locator(checkUi.role('check-migration'))).toContainText('statement by statement (Prisma ≥ 7.4): ok');
  await expect(summary).toHaveAttribute('data-errors', '1');

  // Prisma 7.3 sends one batch: 25001, and now the run counts too.
  await page.locator(checkUi.role('check-target')).selectOption('7.3');
  await page.locator(checkUi.role('check-run')).click();
  await expect(summary).toContainText('one batch', { timeout: 60_000 });
  await expect(report.locator(checkUi.role('check-migration'))).toContainText('25001');
  await expect(summary).toHaveAttribute('data-errors', '2');
});

test('/playground: setup + migration, Run and Run again, kept across reloads and shared by link', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await page.goto('/playground/');
  await expect(page.locator('[data-page="playground"]')).toHaveAttribute('data-ready', '');
  await typeInto(page, 'playground-setup', 'CREATE TABLE t (id int);');
  await typeInto(page, 'playground-sql', 'ALTER TABLE t ADD COLUMN x int;');
  await page.locator(playgroundUi.action('playground-run')).click();
  const output = page.locator(`[data-page="playground"] > ${checkUi.role('output')}`);
  await expect(output).toHaveAttribute('data-state', 'ok', { timeout: 45_000 });
  await page.locator(playgroundUi.action('playground-again')).click();
  await expect(output).toHaveAttribute('data-sqlstate', '42701', { timeout: 45_000 });

  await page.reload();
  await expect(page.locator('[data-page="playground"]')).toHaveAttribute('data-ready', '');
  await expect(page.locator(playgroundUi.role('playground-sql'))).toHaveValue('ALTER TABLE t ADD COLUMN x int;');
  await page.locator(playgroundUi.action('playground-share')).click();
  const status = page.locator(playgroundUi.role('playground-status'));
  await expect(status).toContainText(/Link copied|Copy this link/);
  const link = (await status.getAttribute('data-share-url'))!;
  const other = await browser.newContext();
  const reviewer = await other.newPage();
  await reviewer.goto(link);
  await expect(reviewer.locator('[data-page="playground"]')).toHaveAttribute('data-ready', '');
  await expect(reviewer.locator(playgroundUi.role('playground-setup'))).toHaveValue('CREATE TABLE t (id int);');
  await expect(reviewer.locator(playgroundUi.role('playground-sql'))).toHaveValue('ALTER TABLE t ADD COLUMN x int;');
  await expect(reviewer.locator(`[data-page="playground"] > ${checkUi.role('output')}`)).toHaveAttribute('data-state', 'idle');
  await other.close();
});
