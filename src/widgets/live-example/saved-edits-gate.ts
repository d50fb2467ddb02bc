/**
 * page.ts puts readers' saved edits in place (restore-edits.ts) while the <live-sql> element may
 * already forward an intent: the controller must read the example's code only after that.
 * A module of its own so both can reach it without importing each other.
 */
let shown: Promise<unknown> = Promise.resolve();

export function showingSavedEdits(done: Promise<unknown>): void {
  shown = done;
}

export function savedEditsShown(): Promise<unknown> {
  return shown.catch(() => undefined);
}
