// The editor that replaces /check's and /playground's textareas on focus, under hostile input: a
// paste twice the checker's limit, and a reader who types before the editor has arrived.
import { expect, test } from '@playwright/test';
import { MAX_FILE_BYTES } from '../../src/lib/sql-runtime/limits.ts';
import { expectResponsive, startHeartbeat } from './heartbeat.ts';
import { pasteInto, typeInto } from './tool-fields.ts';
import { checkUi } from '../../src/widgets/check/contract.ts';
import { playgroundUi } from '../../src/widgets/playground/contract.ts';

/** The page's pause through one paste of twice the size limit (see below): not the 100 ms of a Run. */
const PASTE_PAUSE_MS = 350;

test("hostile: a paste twice the size limit into /check's editor is kept, refused by Check with a reason, and the page keeps beating", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/check/');
  await expect(page.locator('[data-page="check"]')).toHaveAttribute('data-ready', '');
  await typeInto(page, 'check-sql', '-- first');
  const line = 'SELECT 1 AS pasted;\n';
  const huge = line.repeat(Math.ceil((2 * MAX_FILE_BYTES) / line.length));
  await startHeartbeat(page);
  await pasteInto(page, 'check-sql', huge);
  const field = page.locator(checkUi.role('check-sql'));
  await expect.poll(() => field.evaluate((area) => (area as HTMLTextAreaElement).value.length)).toBe(huge.length);
  // Monaco takes a pasted megabyte in one task (measured: longest task 141-169 ms on a 2-core machine,
  // ~200-280 ms on one whose memory was slow to touch; before the editor read its text lazily it
  // froze the page 1.3 s). Its own limit, stated here and in the closing note, still fails any freeze of that kind.
  await expectResponsive(page, 'the paste', PASTE_PAUSE_MS);
  await startHeartbeat(page);
  await page.locator(checkUi.role('check-run')).click();
  await expect(page.locator(checkUi.role('check-status'))).toContainText(`over ${MAX_FILE_BYTES / 1024} KB`);
  await expectResponsive(page, 'Check');

  // The page still checks what the reader types next, for real: a fresh database has no "Post".
  await typeInto(page, 'check-sql', 'ALTER TABLE "Post" ADD COLUMN "slug" TEXT;');
  await page.locator(checkUi.role('check-run')).click();
  await expect(page.locator(checkUi.role('check-migration'))).toContainText('42P01', { timeout: 60_000 });
});

test('hostile: text typed into /playground before its editor arrives is kept, caret included, and runs', async ({ page }) => {
  test.setTimeout(120_000);
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  // The editor's code is held back, so the reader's typing lands in the textarea first.
  await page.route(/\/_astro\/textarea-editor\./, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/playground/');
  await expect(page.locator('[data-page="playground"]')).toHaveAttribute('data-ready', '');
  const field = page.locator(playgroundUi.role('playground-sql'));
  await field.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('SELECT 7 AS early');
  release();
  const editor = page.locator(`${playgroundUi.role('playground-sql')} + .textarea-editor .monaco-editor`);
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await expect(field).toBeHidden();
  // The caret came along: what is typed now goes after what was typed before.
  await page.keyboard.type(', 8 AS late;');
  await expect(field).toHaveValue('SELECT 7 AS early, 8 AS late;');
  await page.locator(playgroundUi.action('playground-run')).click();
  const output = page.locator(`[data-page="playground"] > ${checkUi.role('output')}`);
  await expect(output).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
  await expect(output).toContainText('early');
  await expect(output).toContainText('late');
});

test('hostile: the editor chunk fails to load on /playground; the textarea keeps working, and the next focus brings the editor', async ({
  page,
}) => {
  test.setTimeout(120_000);
  let fail = true;
  await page.route(/\/_astro\/sql-editor\.[\w-]+\.js/, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
  await page.goto('/playground/');
  await expect(page.locator('[data-page="playground"]')).toHaveAttribute('data-ready', '');
  const field = page.locator(playgroundUi.role('playground-sql'));
  const editor = page.locator(`${playgroundUi.role('playground-sql')} + .textarea-editor .monaco-editor`);
  const failed = page.waitForEvent('requestfailed', (request) => /\/sql-editor\./.test(request.url()));
  await field.click();
  await failed;
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('SELECT 9 AS typed_in_the_textarea;');
  await expect(field).toHaveValue('SELECT 9 AS typed_in_the_textarea;');
  await expect(editor).toHaveCount(0);
  fail = false;
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await field.click();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await expect(field).toHaveValue('SELECT 9 AS typed_in_the_textarea;');
  await page.locator(playgroundUi.action('playground-run')).click();
  const output = page.locator(`[data-page="playground"] > ${checkUi.role('output')}`);
  await expect(output).toHaveAttribute('data-state', 'ok', { timeout: 60_000 });
  await expect(output).toContainText('typed_in_the_textarea');
});
