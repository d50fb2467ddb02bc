import { importAfresh } from '../dom/lazy-module.ts';
import { isNetworkFailure, loadFailureMessage } from '../dom/load-failure.ts';
import { RETRY_DIR } from './retry-dir.ts';

type SqlEditorModule = typeof import('./sql-editor.ts');

const load = () => import('./sql-editor.ts');
/** The chunk's copy in RETRY_DIR, whose imports of Monaco's layers are URLs never asked for (integration/vite-monaco-chunks.ts). */
const copy = (url: string) => url.replace(/\/([^/]+\.js)$/, `/${RETRY_DIR}/$1`);

let loading: Promise<SqlEditorModule> | undefined;
let failed = false;

/**
 * Monaco's chunk, one load per page for whoever asks first: the <live-sql> element at an Edit, an
 * example's controller, a lab's file. Chromium 150 answers a second import() of a module whose fetch
 * failed with the same failure, without asking the network, and Monaco's layers are imported by
 * URLs written inside its chunk, so a failed load is tried again at the reader's next Edit from the
 * copy (lazy-module.ts's importAfresh), and only then: tried again at once, while the network that
 * just failed likely still fails, the copy's unspoiled URLs would be spent for nothing. An Edit asks
 * twice, early (`prefetch`, the element) and once its controller is there; both are one try, so a
 * failure is forgotten only when a caller that needs the editor has seen it. Not lazyModule with
 * options: those rules in lazy-module.ts, which every page's first script carries, put
 * /guide/transactions/ over its 15 KB before interaction (53 B gz more; importAfresh alone, 3 B).
 */
export function loadSqlEditor({ prefetch = false } = {}): Promise<SqlEditorModule> {
  const attempt = (loading ??= (failed ? importAfresh(load, copy) : load()).catch((error: unknown) => {
    failed = true;
    throw error;
  }));
  if (!prefetch)
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
  return attempt;
}

/** What a reader is told when an editor could not be opened: its chunk did not arrive, or Monaco failed. */
export function editorFailureMessage(error: unknown): string {
  return isNetworkFailure(error)
    ? loadFailureMessage('the editor', 'Edit')
    : `Could not open the editor: ${error instanceof Error ? error.message : String(error)}.`;
}
