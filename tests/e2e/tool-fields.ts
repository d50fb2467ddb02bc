import { expect, type Page } from '@playwright/test';
import { checkUi } from '../../src/widgets/check/contract.ts';
import { playgroundUi } from '../../src/widgets/playground/contract.ts';
import { pasteOverAll } from './live-examples.ts';

/** A text field of /check or /playground, by its role in that page's contract. */
export type FieldRole = Parameters<typeof checkUi.role>[0] | Parameters<typeof playgroundUi.role>[0];
export const fieldSelector = (role: FieldRole): string =>
  checkUi.roles.has(role)
    ? checkUi.role(role as Parameters<typeof checkUi.role>[0])
    : playgroundUi.role(role as Parameters<typeof playgroundUi.role>[0]);

/**
 * The text fields of /check and /playground as a reader uses them: a press on the textarea brings
 * the editor (lib/editor/editor-on-focus.ts), and the text is typed there. The textarea, hidden
 * then, still holds the value the page reads, so assertions keep using toHaveValue on it.
 */
async function editorOf(page: Page, role: FieldRole) {
  const field = page.locator(fieldSelector(role));
  const editor = page.locator(`${fieldSelector(role)} + .textarea-editor .monaco-editor`);
  if (await field.isVisible()) await field.focus();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.locator('.view-lines').click();
  return { field, editor };
}

/** Replaces the field's text. */
export async function typeInto(page: Page, role: FieldRole, text: string): Promise<void> {
  const { field } = await editorOf(page, role);
  await page.keyboard.press('ControlOrMeta+A');
  if (text) await page.keyboard.insertText(text);
  else await page.keyboard.press('Delete');
  await expect(field).toHaveValue(text);
}

/** Adds text at the end of the field's text. */
export async function appendTo(page: Page, role: FieldRole, text: string): Promise<void> {
  const { field } = await editorOf(page, role);
  const before = await field.inputValue();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.insertText(text);
  await expect(field).toHaveValue(before + text);
}

/** Replaces the field's text with one clipboard paste, the way a reader pastes a file. */
export async function pasteInto(page: Page, role: FieldRole, text: string): Promise<void> {
  await editorOf(page, role);
  await pasteOverAll(page, text);
}
