import { lazyModule } from '../dom/lazy-module.ts';
import { isNetworkFailure, loadFailureMessage } from '../dom/load-failure.ts';

/**
 * Monaco's chunk, one load per page for whoever asks first: the <live-sql> element at an Edit, an
 * example's controller, a lab's file. A failed load is asked for again at the next Edit under a
 * fresh URL (lazy-module.ts): Chromium 150 still answers a second plain import() of a chunk whose
 * fetch failed with the same failure, without asking the network, so each caller's own import()
 * made a failed Edit fail for the page's lifetime.
 */
export const loadSqlEditor = lazyModule(() => import('./sql-editor.ts'));

/** What a reader is told when an editor could not be opened: its chunk did not arrive, or Monaco failed. */
export function editorFailureMessage(error: unknown): string {
  return isNetworkFailure(error)
    ? loadFailureMessage('the editor', 'Edit')
    : `Could not open the editor: ${error instanceof Error ? error.message : String(error)}.`;
}
