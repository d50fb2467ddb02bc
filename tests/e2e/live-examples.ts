// How the browser tests drive a live example: through its stable test hooks, as a reader would.
import { expect, type Locator, type Page } from '@playwright/test';

export const DONE = /^(ok|error)$/;

export function example(page: Page, id: string): Locator {
  return page.locator(`[data-example-id="${id}"]`);
}

/** Presses a control (run, reset, dump, restore) and waits for the output it produces. */
export async function press(ex: Locator, action: string): Promise<Locator> {
  const output = ex.locator('[data-role="output"]');
  const before = (await output.textContent()) ?? '';
  await ex.locator(`[data-action="${action}"]`).click();
  await expect(output).not.toHaveText(before, { timeout: 45_000 });
  await expect(output).toHaveAttribute('data-state', DONE, { timeout: 45_000 });
  return output;
}

export const run = (ex: Locator): Promise<Locator> => press(ex, 'run');

/** Replaces the example's code the way a reader would: open the editor, select all, type. */
export async function setSql(page: Page, ex: Locator, code: string): Promise<void> {
  await ex.locator('[data-action="edit"]').click();
  const editor = ex.locator('.monaco-editor');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
  await expect(ex.locator('.view-lines')).toContainText(code.split('\n')[0]!.slice(0, 20).replaceAll(' ', '\u00a0'));
}
