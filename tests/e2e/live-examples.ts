// How the browser tests drive a live example: through its stable test hooks, as a reader would.
import { expect, type Locator, type Page } from '@playwright/test';
import { liveUi } from '../../src/widgets/live-example/contract.ts';

export const DONE = /^(ok|error)$/;

export function example(page: Page, id: string): Locator {
  return page.locator(`live-sql[id="ex-${id}"]`);
}

/** How many operations (Run, Reset, pg_dump, …) the example has finished: its output's data-done. */
export async function finished(ex: Locator): Promise<number> {
  return Number((await ex.locator(liveUi.role('output')).getAttribute('data-done')) ?? 0);
}

/** Waits until the example has finished more than `before` operations, and returns its output. */
export async function settled(ex: Locator, before: number): Promise<Locator> {
  const output = ex.locator(liveUi.role('output'));
  try {
    await expect.poll(() => finished(ex), { timeout: 45_000 }).toBeGreaterThan(before);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${await whereItStands(ex)}`);
  }
  return output;
}

/**
 * What an operation that never finished left behind: the example's attributes and output, and the
 * marks of every worker on the page (the database's say how far its start and its requests got).
 * A CI log shows only this, so it must say enough to tell a stalled start from a lost click.
 */
async function whereItStands(ex: Locator): Promise<string> {
  const example = await ex
    .evaluate((element, outputSelector) => {
      const output = element.querySelector<HTMLElement>(outputSelector);
      return JSON.stringify({
        example: { ...(element as HTMLElement).dataset },
        output: output
          ? { ...output.dataset, busy: output.getAttribute('aria-busy'), text: (output.textContent ?? '').slice(0, 400) }
          : null,
      });
    }, liveUi.role('output'))
    .catch((error: unknown) => `(the example could not be read: ${String(error)})`);
  const workers = await Promise.all(
    ex
      .page()
      .workers()
      .map((worker) =>
        worker
          .evaluate(
            () =>
              `${self.name || '(unnamed)'}: ${performance
                .getEntriesByType('mark')
                .map((mark) => `${mark.name}@${Math.round(mark.startTime)}`)
                .join(' ')}`,
          )
          .catch((error: unknown) => `(a worker could not be read: ${String(error)})`),
      ),
  );
  return `Where it stands: ${example}\nWorkers (${workers.length}):\n${workers.join('\n')}`;
}

/** Presses a control (run, reset, dump, restore) and waits for the output it produces. */
export async function press(ex: Locator, action: Parameters<typeof liveUi.action>[0]): Promise<Locator> {
  const before = await finished(ex);
  await ex.locator(liveUi.action(action)).click();
  // The first press loads the example's controller; data-ready says it is live.
  await expect(ex).toHaveAttribute('data-ready', { timeout: 45_000 });
  const output = await settled(ex, before);
  await expect(output).toHaveAttribute('data-state', DONE);
  return output;
}

export const run = (ex: Locator): Promise<Locator> => press(ex, 'run');

/** Replaces the example's code the way a reader would: open the editor, select all, type. */
export async function setSql(page: Page, ex: Locator, code: string): Promise<void> {
  await ex.locator(liveUi.action('edit')).click();
  const editor = ex.locator('.monaco-editor');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
  await expect(ex.locator('.view-lines')).toContainText(code.split('\n')[0]!.slice(0, 20).replaceAll(' ', '\u00a0'));
}

/** Selects everything in the focused field and pastes `text` over it as one clipboard paste. */
export async function pasteOverAll(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  // The clipboard's data is made first, in a task of its own: receiving a megabyte from the test
  // took the page 80-108 ms (a trace: "Receive mojo message" of 1,049,320 bytes before the paste
  // event), the test's work, not the page's, which its pulse would count. A reader's paste never pays it.
  await page.evaluate((value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    (window as unknown as { clipboard?: DataTransfer }).clipboard = data;
  }, text);
  await page.evaluate(() => {
    const w = window as unknown as { clipboard?: DataTransfer };
    const data = w.clipboard;
    delete w.clipboard;
    document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data ?? null, bubbles: true, cancelable: true }));
  });
}

/** Puts `text` into the example's editor as one clipboard paste, the way a reader pastes a file. */
export async function pasteSql(page: Page, ex: Locator, text: string): Promise<void> {
  await ex.locator(liveUi.action('edit')).click();
  const editor = ex.locator('.monaco-editor');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await pasteOverAll(page, text);
  await expect(ex.locator('.view-lines')).toContainText(text.split('\n')[0]!.slice(0, 20).replaceAll(' ', '\u00a0'));
}

/**
 * Waits inside the page, on its own mutations, until `holds` is true of `target` (or `timeoutMs`
 * passes: false). For the window a pulse measures: Playwright's own waits (toBeVisible,
 * expect.poll) ask the page again and again, and under Chromium 150, on a main thread that a
 * database fill leaves one core of two, each ask became a task of 90-190 ms of the harness's (a
 * trace: "Receive mojo message" with a forced style and layout), which the pulse counted as the
 * page's. Waited for this way, the same fill's window had no task of 50 ms (5 runs).
 */
async function inPage(target: Locator, holds: 'visible' | { doneAfter: number }, timeoutMs: number): Promise<boolean> {
  return target.evaluate(
    (element, { holds, outputSelector, timeoutMs }) =>
      new Promise<boolean>((resolve) => {
        const output = element.querySelector<HTMLElement>(outputSelector);
        const now = () => (holds === 'visible' ? element.checkVisibility() : Number(output?.dataset.done ?? 0) > holds.doneAfter);
        if (now()) return resolve(true);
        const seen = new MutationObserver(() => now() && finish(true));
        const timer = setTimeout(() => finish(false), timeoutMs);
        const finish = (held: boolean) => {
          seen.disconnect();
          clearTimeout(timer);
          resolve(held);
        };
        seen.observe(element.closest('live-sql') ?? document.body, { attributes: true, childList: true, subtree: true });
      }),
    { holds, outputSelector: liveUi.role('output'), timeoutMs },
  );
}

/** toBeVisible without its polling (inPage says why). */
export async function visibleInPage(target: Locator, timeoutMs = 15_000): Promise<void> {
  if (!(await inPage(target, 'visible', timeoutMs))) throw new Error(`not visible within ${timeoutMs} ms: ${target}`);
}

/** settled() without its polling (inPage says why), with the same report when the operation never finishes. */
export async function settledInPage(ex: Locator, before: number): Promise<Locator> {
  if (!(await inPage(ex, { doneAfter: before }, 45_000))) throw new Error(`the operation never finished\n${await whereItStands(ex)}`);
  return ex.locator(liveUi.role('output'));
}
