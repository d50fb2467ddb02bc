/**
 * The /playground page: a setup and a migration, run in the tab's database worker on a fresh
 * database, once or again on the result. Kept in this browser as typed, shareable as a link.
 */
import { tabDatabase } from '../../lib/sql-runtime/tab-database.ts';
import { WorkerStoppedError } from '../../lib/sql-runtime/client.ts';
import type { ExecutionMode, ScriptRun, StateSpec } from '../../lib/sql-runtime/protocol.ts';
import { copyShareLink, decodeShare } from '../../lib/share/share-link.ts';
import { editKey } from '../../lib/share/saved-edits.ts';
import { DraftKeeper } from '../../lib/share/draft-keeper.ts';
import { injectStyle } from '../../lib/dom/inject-style.ts';
import { el } from '../../lib/dom/el.ts';
import { warmFontStrikes } from '../../lib/dom/font-strikes.ts';
import { OUTPUT_STRIKES } from '../parts/output-strikes.ts';
import { required } from '../../lib/dom/required.ts';
import { MAX_ROWS } from '../../lib/sql-runtime/limits.ts';
import { editorOnFocus } from '../../lib/editor/editor-on-focus.ts';

const TIMEOUT_MS = 10_000;
const STORAGE_ID = 'playground';

interface Draft {
  setup: string;
  sql: string;
  mode: ExecutionMode;
}

let sessions = 0;
const live = new WeakSet<HTMLElement>();

/** The saved draft, if it is one: anything else (an older format, a hand edit) is ignored. */
function parseDraft(text: string): Draft | undefined {
  try {
    const value = JSON.parse(text) as Partial<Draft> | null;
    if (!value || typeof value.setup !== 'string' || typeof value.sql !== 'string') return undefined;
    return { setup: value.setup, sql: value.sql, mode: value.mode === 'statements' ? 'statements' : 'batch' };
  } catch {
    return undefined;
  }
}

type OutputView = typeof import('../parts/render-output.ts');
let outputView: Promise<OutputView> | undefined;
/** The result's drawing and its CSS come with the first Run, not with the page (bytes before interaction). */
function loadOutputView(): Promise<OutputView> {
  outputView ??= Promise.all([import('../parts/render-output.ts'), import('../parts/output.css?inline')]).then(
    ([view, css]) => {
      injectStyle('live-example', css.default);
      return view;
    },
    (error: unknown) => {
      outputView = undefined;
      throw error;
    },
  );
  return outputView;
}

export function setUpPlayground(): void {
  const page = required<HTMLElement>(document, '[data-page="playground"]', 'playground');
  if (live.has(page)) return;
  live.add(page);
  const setup = required<HTMLTextAreaElement>(document, '[data-role="playground-setup"]', 'playground');
  const sql = required<HTMLTextAreaElement>(document, '[data-role="playground-sql"]', 'playground');
  const mode = required<HTMLSelectElement>(document, '[data-role="playground-mode"]', 'playground');
  const status = required<HTMLElement>(document, '[data-role="playground-status"]', 'playground');
  const output = required<HTMLElement>(document, '[data-page="playground"] > [data-role="output"]', 'playground');
  for (const control of page.querySelectorAll<HTMLElement & { disabled: boolean }>('form [disabled]')) control.disabled = false;
  // The sample is what the HTML was built with; the fields may already hold what the reader typed.
  const sample: Draft = { setup: setup.defaultValue, sql: sql.defaultValue, mode: 'batch' };
  const draft = (): Draft => ({ setup: setup.value, sql: sql.value, mode: mode.value === 'statements' ? 'statements' : 'batch' });
  const show = (d: Draft) => {
    setup.value = d.setup;
    sql.value = d.sql;
    mode.value = d.mode;
  };
  const note = el('div', 'draft-note');
  note.dataset.role = 'draft-note';
  note.setAttribute('role', 'status');
  note.hidden = true;
  required<HTMLFormElement>(document, '[data-role="playground-form"]', 'playground').after(note);
  const drafts = new DraftKeeper({
    key: editKey(STORAGE_ID),
    read: () => JSON.stringify(draft()),
    write: (text) => show(parseDraft(text) ?? sample),
    built: JSON.stringify(sample),
    host: page,
    note,
  });
  drafts.start();

  const session = `playground-${++sessions}`;
  let history: ScriptRun[] = [];
  let generation = 0;
  const key = (runs: number) => `${session}.${generation}:${runs}`;
  const changed = () => {
    history = [];
    generation++;
    drafts.changed();
  };
  for (const field of [setup, sql, mode]) field.addEventListener('input', changed);
  const form = required<HTMLFormElement>(document, '[data-role="playground-form"]', 'playground');
  editorOnFocus(setup, { label: 'Setup', onRun: () => form.requestSubmit() });
  editorOnFocus(sql, { label: 'Migration', onRun: () => form.requestSubmit() });

  let running = false;
  const run = async (again: boolean) => {
    if (running) return;
    if (!again) {
      history = [];
      generation++;
    }
    running = true;
    let view: OutputView;
    try {
      view = await loadOutputView();
    } catch (error) {
      running = false;
      status.textContent = `Could not load the result view (${error instanceof Error ? error.message : String(error)}). Press Run again.`;
      return;
    }
    const { renderMessage, renderResult } = view;
    const database = tabDatabase();
    const script: ScriptRun = { sql: sql.value, mode: draft().mode };
    const state: StateSpec = { key: key(history.length), setup: setup.value, history: [...history] };
    renderMessage(output, 'running', database.startup ? 'Running…' : 'Starting the database… (first Run only)');
    try {
      const result = await database.run(state, script, { nextKey: key(history.length + 1), maxRows: MAX_ROWS, timeoutMs: TIMEOUT_MS });
      history.push(script);
      drafts.ran();
      renderResult(output, result, script.sql, history.length);
      status.textContent = history.length === 1 ? 'Ran on a fresh database with the setup.' : `Run ${history.length} on the same database.`;
    } catch (error) {
      history = [];
      generation++;
      renderMessage(
        output,
        'error',
        error instanceof WorkerStoppedError
          ? `${error.message} The database starts fresh on the next Run.`
          : `Could not run: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      running = false;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(false);
  });
  page.addEventListener('click', async (event) => {
    const action = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-action]')?.dataset.action : undefined;
    if (action === 'playground-again') void run(history.length > 0);
    if (action === 'playground-original') {
      if (
        JSON.stringify(draft()) !== JSON.stringify(sample) &&
        !confirm('Put back the sample setup and migration? Your text here will be lost.')
      )
        return;
      drafts.reset();
      history = [];
      generation++;
      status.textContent = 'Back to the sample.';
    }
    if (action === 'playground-share') {
      await copyShareLink(
        { kind: 'playground', ...draft() },
        status,
        'Link copied: it opens the playground with this setup and migration, not yet run.',
      );
    }
  });

  const openLink = async () => {
    if (!location.hash.startsWith('#share=')) return;
    try {
      const state = await decodeShare(location.hash);
      if (state.kind !== 'playground') return;
      drafts.showShared(JSON.stringify({ setup: state.setup, sql: state.sql, mode: state.mode }));
      history = [];
      generation++;
      status.textContent = 'Press Run to run it.';
    } catch {
      // open-shared.ts reports a broken link; the reader's own text stays.
    }
  };
  addEventListener('hashchange', () => void openLink());
  void openLink().finally(() => {
    page.dataset.ready = '';
    // While the page is quiet, before a run starts the database (font-strikes.ts says why).
    warmFontStrikes(OUTPUT_STRIKES);
  });
}
