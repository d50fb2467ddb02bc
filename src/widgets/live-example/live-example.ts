/**
 * One live example's behaviour: its Runs, its state ("fresh", "after 2 Runs"), Reset, Stop, the
 * editor. It talks to the tab's database only through the DatabaseClient; it never sees PGlite.
 * Over 300 lines because Run, Stop, Reset, pg_dump/restore and "with N rows" all move one state (the
 * database the example stands on, and what its label and buttons say) that must never disagree.
 */
import { tabDatabase } from '../../lib/sql-runtime/tab-database.ts';
import { WorkerStoppedError, type StartupInfo } from '../../lib/sql-runtime/client.ts';
import {
  statementOutcome,
  type ExecutionMode,
  type FillReport,
  type RunResult,
  type ScriptRun,
  type StateSpec,
} from '../../lib/sql-runtime/protocol.ts';
import { showTrace, showTraceUnavailable, showTracing } from '../parts/render-locks.ts';
import { el } from '../../lib/dom/el.ts';
import { isExecutionMode } from '../../lib/markdown/example-meta.ts';
import { renderBackup, renderMessage, renderResult, renderScript, sayRunningSoon } from '../parts/render-output.ts';
import { isNetworkFailure, loadFailureMessage } from '../../lib/dom/load-failure.ts';
import type { SqlEditor } from '../../lib/editor/sql-editor.ts';
import { editorFailureMessage, loadSqlEditor } from '../../lib/editor/editor-chunk.ts';
import { injectStyle } from '../../lib/dom/inject-style.ts';
import { warmFontStrikes } from '../../lib/dom/font-strikes.ts';
import { OUTPUT_STRIKES } from '../parts/output-strikes.ts';
import { count } from '../parts/count.ts';
import { ExampleEdits } from './example-edits.ts';
import { setupSqlOf } from './setup-fixtures.ts';
import { exampleIdOf } from './example-id.ts';
import { DEFAULT_TIMEOUT_MS } from '../../lib/markdown/example-meta.ts';
import outputCss from '../parts/output.css?inline';
import { GENERATED_ROWS_CHOICES, MAX_ROWS, MAX_TRACED_STATEMENTS, TIME_LIMIT_MS_PER_GENERATED_ROW } from '../../lib/sql-runtime/limits.ts';
import { liveUi } from './contract.ts';
import { required as requiredIn } from '../../lib/dom/required.ts';

/** A setup that creates a table can be run "with N rows". */
const CREATES_TABLE = /\bCREATE\s+(?:UNLOGGED\s+)?TABLE\b/i;

/** The Stop button appears only once a Run is clearly not instant. */
const SHOW_STOP_AFTER_MS = 1000;
/** A warm Run's "Running…" appears only once the wait is one a reader notices. */
const SAY_RUNNING_AFTER_MS = 150;
const PREPARE_TIMEOUT_MS = 30_000;

let instances = 0;
const controllers = new WeakMap<HTMLElement, ExampleController>();

export function prewarmDatabase(): void {
  // Before the database starts (font-strikes.ts says why); once per page.
  warmFontStrikes(OUTPUT_STRIKES);
  void tabDatabase()
    .start()
    .catch(() => undefined);
}

export function attach(element: HTMLElement, intent: string): ExampleController {
  warmFontStrikes(OUTPUT_STRIKES);
  injectStyle('live-example', outputCss);
  let controller = controllers.get(element);
  if (!controller) {
    controller = new ExampleController(element);
    controllers.set(element, controller);
  }
  controller.handle(intent);
  return controller;
}

const required = <T extends Element>(root: Element, selector: string): T => requiredIn<T>(root, selector, 'live example');

export class ExampleController {
  readonly element: HTMLElement;
  readonly id: string;
  readonly originalSql: string;
  readonly setupSql: string;
  readonly timeoutMs: number;
  readonly continueOnError: boolean;
  readonly language: 'sql' | 'javascript';
  #instance = ++instances;
  #resets = 0;
  #history: ScriptRun[] = [];
  #running = false;
  /** The operation in flight, so Stop ends this example's request and no other. */
  #operation: AbortController | undefined;
  /** The lock trace of the last Run, while it is being made: Stop ends it too, the next operation waits for it. */
  #tracing: { controller: AbortController; done: Promise<void> } | undefined;
  /** Generated rows per table ("with N rows"); 0: the setup's own rows. */
  #rows = 0;
  #rowsSelect: HTMLSelectElement | undefined;
  /** The last pg_dump of this example, and whether the database now starts from it. */
  #backup: string | undefined;
  #restored = false;
  #editor: SqlEditor | undefined;
  #editorLoading: Promise<SqlEditor> | undefined;
  readonly #output: HTMLElement;
  readonly #stateLabel: HTMLElement;
  /** Absent on script examples: a script is not sent as SQL. */
  readonly #modeGroup: HTMLElement | null;
  readonly #runButton: HTMLButtonElement;
  readonly #stopButton: HTMLButtonElement;
  readonly #resetButton: HTMLButtonElement;
  readonly #codeHost: HTMLElement;
  /** The text shown while the editor is closed: the original, a saved edit or a shared one. */
  #draft: string;
  readonly #edits: ExampleEdits;

  constructor(element: HTMLElement) {
    this.element = element;
    this.id = exampleIdOf(element) ?? 'example';
    this.timeoutMs = Number(element.dataset.timeout) || DEFAULT_TIMEOUT_MS;
    this.continueOnError = element.dataset.onError === 'continue';
    this.language = element.dataset.language === 'javascript' ? 'javascript' : 'sql';
    this.#codeHost = required(element, liveUi.role('code'));
    const shown = (required<HTMLPreElement>(this.#codeHost, 'pre').textContent ?? '').replace(/\n$/, '');
    // <live-sql> keeps the original when it shows a saved edit instead.
    this.originalSql = (element as HTMLElement & { originalSql?: string }).originalSql ?? shown;
    this.#draft = shown;
    this.setupSql = setupSqlOf(element.dataset.setup);
    const setupShown = element.querySelector('.ex-setup pre');
    if (setupShown) setupShown.textContent = this.setupSql;
    this.#output = required(element, liveUi.role('output'));
    this.#stateLabel = required(element, liveUi.role('db-state'));
    this.#modeGroup = element.querySelector(liveUi.role('mode'));
    this.#runButton = required(element, liveUi.action('run'));
    this.#stopButton = required(element, liveUi.action('stop'));
    this.#resetButton = required(element, liveUi.action('reset'));
    if (this.language === 'sql' && CREATES_TABLE.test(this.setupSql)) this.#addRowsControl();
    element.addEventListener('click', (event) => {
      const action = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-action]')?.dataset.action : undefined;
      if (action && action !== 'copy-link') this.handle(action);
    });
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void this.run();
      }
    });
    this.#modeGroup?.addEventListener('change', () => this.#updateStateLabel());
    this.#edits = new ExampleEdits({
      element,
      id: this.id,
      original: this.originalSql,
      getText: () => this.sql,
      setText: (text) => this.#setText(text),
      getMode: () => this.mode,
      setMode: (mode) => {
        const radio = this.#modeGroup?.querySelector<HTMLInputElement>(`input[value="${CSS.escape(mode)}"]`);
        if (radio) radio.checked = true;
        this.#updateStateLabel();
      },
    });
    if (element.dataset.edited === 'saved') this.#edits.refresh();
    delete element.dataset.upgrading;
    element.dataset.upgraded = '';
    element.dataset.ready = '';
  }

  handle(intent: string): void {
    if (this.#edits.handle(intent)) return;
    switch (intent) {
      case 'run':
        void this.run();
        break;
      case 'reset':
        void this.reset();
        break;
      case 'stop':
        this.#operation?.abort();
        this.#tracing?.controller.abort();
        break;
      case 'dump':
        void this.dump();
        break;
      case 'restore':
        void this.restore();
        break;
      case 'edit':
      case 'focus-code':
        void this.openEditor(true);
        break;
    }
  }

  get mode(): ExecutionMode {
    const value = this.#modeGroup?.querySelector<HTMLInputElement>('input:checked')?.value;
    return isExecutionMode(value) ? value : 'batch';
  }

  get sql(): string {
    if (this.#editor) return this.#editor.getValue();
    // Before the editor arrives the reader types into the static block (live-sql-element.ts).
    const typed = this.#codeHost.querySelector<HTMLElement>('pre[contenteditable]');
    return typed ? (typed.textContent ?? '').replace(/\n$/, '') : this.#draft;
  }

  #setText(text: string): void {
    this.#draft = text;
    if (this.#editor) {
      if (this.#editor.getValue() !== text) this.#editor.setValue(text);
      return;
    }
    const code = this.#codeHost.querySelector('pre code') ?? this.#codeHost.querySelector('pre');
    if (code) code.textContent = text;
  }

  /** SQL from a shared link: shown and marked, not run. */
  applyShared(sql: string, mode: ExecutionMode | undefined): void {
    this.#edits.applyShared(sql, mode);
  }

  #key(runs: number): string {
    return `${this.id}@${this.#instance}.${this.#resets}${this.#rows ? `+${this.#rows}rows` : ''}:${runs}`;
  }

  #state(): StateSpec {
    const setup = this.#restored && this.#backup !== undefined ? this.#backup : this.setupSql;
    return { key: this.#key(this.#history.length), setup, ...(this.#rows ? { rows: this.#rows } : {}), history: [...this.#history] };
  }

  /** Generated rows take time to make and to rewrite: the limit grows with them, and the control says so. */
  get #timeLimitMs(): number {
    return this.timeoutMs + Math.round(this.#rows * TIME_LIMIT_MS_PER_GENERATED_ROW);
  }

  /**
   * "With N rows": a select beside the mode. Changing it starts the example over from its setup
   * with that many generated rows in every table (the worker derives them from the catalog).
   */
  #addRowsControl(): void {
    const select = el('select') as HTMLSelectElement;
    this.#rowsSelect = select;
    select.dataset.role = 'rows';
    select.append(el('option', undefined, 'rows as in the setup'));
    (select.firstChild as HTMLOptionElement).value = '0';
    for (const rows of GENERATED_ROWS_CHOICES) {
      const option = el('option', undefined, `+ ${count(rows)} rows per table`) as HTMLOptionElement;
      option.value = String(rows);
      select.append(option);
    }
    const note = el('span', 'meta rows-note');
    note.dataset.role = 'rows-note';
    const label = el('label', 'ex-rows', 'Table size ', select);
    this.#stateLabel.before(label, note);
    select.addEventListener('change', () => {
      this.#setRows(Number(select.value) || 0);
      this.#history = [];
      this.#resets += 1;
      this.#updateStateLabel();
      renderMessage(
        this.#output,
        'idle',
        this.#rows
          ? `The next Run starts from the setup with ${count(this.#rows)} generated rows added to every table (the time limit grows to ${Math.round(this.#timeLimitMs / 1000)} s).`
          : 'The next Run starts from the setup with its own rows only.',
      );
    });
  }

  #setRows(rows: number): void {
    this.#rows = rows;
    if (!this.#rowsSelect) return;
    this.#rowsSelect.value = String(rows);
    const note = this.element.querySelector(liveUi.role('rows-note'));
    if (note) note.textContent = rows ? ` time limit ${Math.round(this.#timeLimitMs / 1000)} s` : '';
  }

  #updateStateLabel(): void {
    const runs = this.#history.length;
    const fresh = this.#rows ? `fresh, +${count(this.#rows)} rows per table` : 'fresh';
    const base = this.#restored ? 'restored from backup.sql' : fresh;
    this.#stateLabel.textContent = runs === 0 ? base : `${this.#restored ? `${base}, ` : ''}after ${runs} Run${runs === 1 ? '' : 's'}`;
    this.element.dataset.runs = String(runs);
  }

  /** Resolves undefined (and says why in the output) when the editor's code could not be fetched. */
  async openEditor(focus: boolean): Promise<SqlEditor | undefined> {
    try {
      return await this.#loadEditor(focus);
    } catch (error) {
      // Forget the failure: the reader's next Edit fetches again.
      this.#editorLoading = undefined;
      if (!this.#running) {
        renderMessage(this.#output, 'error', editorFailureMessage(error), 'The example still runs as shown; nothing you typed was lost.');
        this.#finished();
      }
      return undefined;
    }
  }

  async #loadEditor(focus: boolean): Promise<SqlEditor> {
    this.#editorLoading ??= loadSqlEditor().then((module) => {
      const editor = module.createSqlEditor(this.#codeHost, {
        value: this.#draft,
        language: this.language === 'javascript' ? 'javascript' : 'pgsql',
        label: `SQL of example ${this.id}`,
        onRun: () => void this.run(),
      });
      editor.onChange(() => this.#edits.changed());
      return editor;
    });
    this.#editor = await this.#editorLoading;
    if (focus) this.#editor.focus();
    return this.#editor;
  }

  async run(): Promise<void> {
    if (this.language === 'javascript') return this.#runJavaScript();
    const script: ScriptRun = { sql: this.sql, mode: this.mode, ...(this.continueOnError ? { continueOnError: true } : {}) };
    const database = tabDatabase();
    const cold = database.startup === undefined;
    let shown: { before: StateSpec; result: RunResult } | undefined;
    await this.#exclusive(async (signal) => {
      const rows = this.#rows ? ` (adding ${count(this.#rows)} rows per table first, if the database does not hold them yet)` : '';
      let quiet = () => {};
      if (database.started) quiet = sayRunningSoon(this.#output, `Running…${rows}`, SAY_RUNNING_AFTER_MS);
      else renderMessage(this.#output, 'running', 'Starting the database… (first Run only)');
      const before = this.#state();
      const { result, fill, settled } = await database
        .runWithFill(before, script, {
          nextKey: this.#key(this.#history.length + 1),
          maxRows: MAX_ROWS,
          timeoutMs: this.#timeLimitMs,
          signal,
        })
        .finally(quiet);
      this.#history.push(script);
      this.#updateStateLabel();
      await renderResult(this.#output, result, script.sql, this.#history.length, settled);
      shown = { before, result };
      if (fill) this.#noteFill(fill);
      if (cold && database.startup) this.#noteStartup(database.startup);
      this.#editor?.showError(result.error?.position !== undefined ? result.error : undefined);
      if (result.error?.position !== undefined && !this.#editor) {
        // The marker lives in the editor: bring it in so the reader sees where the error is.
        (await this.openEditor(false))?.showError(result.error);
      }
    });
    if (shown) this.#trace(shown.before, script, shown.result);
  }

  /**
   * The lock trace of the Run just shown, as a request of its own: the result never waits for it,
   * and whatever happens to it (Stop, its time limit, a failure) is said beside the result and
   * changes nothing the Run reported.
   */
  #trace(before: StateSpec, script: ScriptRun, result: RunResult): void {
    if (result.statements.length > MAX_TRACED_STATEMENTS) {
      showTraceUnavailable(
        this.#output,
        `the script has ${count(result.statements.length)} statements; locks are traced for scripts of up to ${MAX_TRACED_STATEMENTS}`,
      );
      return;
    }
    // A Run whose results were cut to what a page can draw is a heavy read, not a migration step:
    // its trace would compute all of it again while the reader looks at the result.
    if (result.statements.some((statement) => statement.result?.cappedBy === 'bytes' || (statement.result?.truncated?.length ?? 0) > 0)) {
      showTraceUnavailable(this.#output, "this Run's results were cut to what the page can draw, and tracing would compute them all again");
      return;
    }
    const output = this.#output;
    // The trace belongs to the result drawn now; once another drawing replaced it, it is not shown.
    const drawn = output.querySelector('.statements');
    const current = () => drawn?.isConnected === true;
    const controller = new AbortController();
    const after = this.#state();
    const outcome = result.statements.map((statement) => statementOutcome(statement.status, statement.error?.code));
    showTracing(
      output,
      this.#rows
        ? `Tracing locks… (the Run's starting state, with ${count(this.#rows)} rows per table, is rebuilt first)`
        : 'Tracing locks…',
    );
    const stopTimer = setTimeout(() => (this.#stopButton.hidden = false), SHOW_STOP_AFTER_MS);
    const done = tabDatabase()
      // The trace rebuilds the starting state and may replay the Run: twice the Run's limit.
      .trace(before, script, after, outcome, 2 * this.#timeLimitMs, controller.signal)
      .then(
        ({ trace, elapsedMs, rebuildMs }) => {
          if (!current()) return;
          output.dataset.traceMs = String(Math.round(elapsedMs));
          const how = trace.changedDatabase ? 'committed as the Run commits' : 'inside a transaction that was rolled back';
          showTrace(
            output,
            result,
            trace,
            `Locks traced on the state this Run started from, ${how}: ${Math.round(trace.elapsedMs)} ms (${Math.round(trace.overheadMs)} ms reading the locks; ${Math.round(elapsedMs)} ms in all with ${Math.round(rebuildMs)} ms rebuilding the state).`,
          );
        },
        (error: unknown) => {
          if (current()) showTraceUnavailable(output, traceFailure(error));
        },
      )
      .finally(() => {
        clearTimeout(stopTimer);
        if (!this.#running) this.#stopButton.hidden = true;
        if (this.#tracing?.controller === controller) this.#tracing = undefined;
      });
    this.#tracing = { controller, done };
  }

  /** What the generated rows came to: how many each table got, and which could not be filled and why. */
  #noteFill(fill: FillReport): void {
    const parts = fill.tables.map((table) =>
      table.error
        ? `${table.table}: not filled (${table.error})`
        : `${table.table} +${count(table.added)}${table.added < fill.rows ? ` of ${count(fill.rows)} (the rest would repeat a unique value)` : ''}`,
    );
    const note = el('p', 'fill-note', `Generated rows: ${parts.join('; ') || 'no table to fill'} — ${(fill.ms / 1000).toFixed(1)} s.`);
    note.dataset.role = 'fill';
    this.#output.dataset.rows = String(fill.rows);
    this.#output.append(note);
  }

  /**
   * After a stop, timeout or crash the worker restarts empty: this example goes back to its setup.
   * While that happens the text says "restarting…" and Run is disabled; once the database is back
   * the text says so and Run is enabled again, never one without the other.
   */
  async #recover(error: unknown, generation: number): Promise<void> {
    if (error instanceof WorkerStoppedError && error.reason === 'stopped' && tabDatabase().generation === generation) {
      // Stopped while still queued behind other requests: nothing ran and nothing was lost.
      renderMessage(
        this.#output,
        'error',
        'Stopped before it started: nothing ran.',
        'The database and this example are as they were. Nothing you typed was lost.',
      );
      this.#output.dataset.stopped = 'stopped';
      return;
    }
    if (!(error instanceof WorkerStoppedError)) {
      const unavailable = isNetworkFailure(error);
      const online = navigator.onLine && error instanceof Error && error.name === 'DatabaseUnavailableError';
      renderMessage(
        this.#output,
        'error',
        online
          ? `${error.message} Press Run again to retry.`
          : unavailable
            ? loadFailureMessage('the database', 'Run')
            : error instanceof Error
              ? error.message
              : String(error),
        'Nothing you typed was lost.',
      );
      this.#output.dataset.stopped = unavailable ? 'offline' : 'failed';
      return;
    }
    this.#history = [];
    this.#resets += 1;
    // Generated rows are not made again unasked: a stopped or timed-out Run on a big table is
    // usually the reason the reader stopped. The example goes back to its setup's own rows.
    const droppedRows = this.#rows;
    this.#setRows(0);
    this.#updateStateLabel();
    const cause = error.message.replace(/\.$/, '');
    const headline =
      error.reason === 'crashed'
        ? `The database crashed (${cause}) and was restarted from a clean snapshot; this example is back at its setup state. Nothing you typed was lost.`
        : error.message;
    renderMessage(
      this.#output,
      'restarting',
      error.reason === 'crashed' ? `The database crashed (${cause}).` : error.message,
      'Restarting the database…',
    );
    try {
      await tabDatabase().prepare(this.#state(), PREPARE_TIMEOUT_MS);
    } catch (prepareError) {
      const unavailable = isNetworkFailure(prepareError);
      renderMessage(
        this.#output,
        'error',
        unavailable
          ? loadFailureMessage('the database', 'Run')
          : `The database could not be restarted: ${prepareError instanceof Error ? prepareError.message : String(prepareError)}`,
        'Nothing you typed was lost. Press Run to try again; if it keeps failing, reload the page.',
      );
      this.#output.dataset.stopped = unavailable ? 'offline' : 'failed';
      return;
    }
    const rowsNote = droppedRows ? ` The table size is back to the setup's own rows (it was +${count(droppedRows)} rows per table).` : '';
    const detail =
      (error.reason === 'crashed'
        ? 'Other examples will restore theirs when next run.'
        : 'The database was restarted and this example is back at its setup state; other examples will restore theirs when next run. Nothing you typed was lost.') +
      rowsNote;
    // Controls first, then the words: no moment where the text says "restarted" and Run is disabled.
    this.#setBusy(false);
    this.#output.dataset.stopped = error.reason;
    renderMessage(this.#output, 'error', headline, detail);
  }

  /** A script starts from the example's setup every time: it is a program, not a migration step. */
  async #runJavaScript(): Promise<void> {
    await this.#exclusive(async (signal) => {
      renderMessage(this.#output, 'running', tabDatabase().started ? 'Running the script…' : 'Starting the database… (first Run only)');
      renderScript(this.#output, await tabDatabase().script(this.#state(), this.sql, this.timeoutMs, signal));
    });
  }

  /** pg_dump of the database as this example has it now (setup plus its Runs). */
  async dump(): Promise<void> {
    await this.#exclusive(async (signal) => {
      renderMessage(this.#output, 'running', 'Running pg_dump…');
      const { sql, elapsedMs } = await tabDatabase().dump(this.#state(), PREPARE_TIMEOUT_MS, signal);
      this.#backup = sql;
      renderBackup(this.#output, sql, elapsedMs);
      const restore = this.element.querySelector<HTMLButtonElement>(liveUi.action('restore'));
      if (restore) restore.disabled = false;
    });
  }

  /** Into an empty database, run the backup script: what `psql -f backup.sql` does. */
  async restore(): Promise<void> {
    if (this.#backup === undefined) return;
    await this.#exclusive(async (signal) => {
      this.#restored = true;
      this.#history = [];
      this.#resets += 1;
      const { elapsedMs } = await tabDatabase().prepare(this.#state(), PREPARE_TIMEOUT_MS, signal);
      renderMessage(this.#output, 'ok', `Restored backup.sql into an empty database in ${Math.round(elapsedMs)} ms.`);
    });
  }

  /** One operation at a time per example; Stop appears once it is clearly not instant. */
  async #exclusive(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#setBusy(true);
    const operation = new AbortController();
    this.#operation = operation;
    // The last Run's trace goes first (it leaves the database where that Run did); Stop ends both.
    if (this.#tracing) {
      this.#stopButton.hidden = false;
      await this.#tracing.done;
    }
    // A restart between now and a failure means this operation's database state is gone.
    const generation = tabDatabase().generation;
    const stopTimer = setTimeout(() => (this.#stopButton.hidden = false), SHOW_STOP_AFTER_MS);
    try {
      if (operation.signal.aborted) {
        renderMessage(
          this.#output,
          'error',
          'Stopped before it started: nothing ran.',
          'This example is as it was after its last Run. Nothing you typed was lost.',
        );
        this.#output.dataset.stopped = 'stopped';
        return;
      }
      await work(operation.signal);
    } catch (error) {
      // Stop has nothing left to end while the database restarts.
      clearTimeout(stopTimer);
      this.#stopButton.hidden = true;
      await this.#recover(error, generation);
    } finally {
      clearTimeout(stopTimer);
      this.#operation = undefined;
      this.#stopButton.hidden = true;
      this.#running = false;
      this.#setBusy(false);
      this.#updateStateLabel();
      this.#finished();
    }
  }

  /** Counts finished operations on the output: the readiness signal for whoever waits on a result. */
  #finished(): void {
    this.#output.dataset.done = String(Number(this.#output.dataset.done ?? 0) + 1);
  }

  async reset(): Promise<void> {
    await this.#exclusive(async (signal) => {
      this.#history = [];
      this.#restored = false;
      this.#resets += 1;
      const { elapsedMs, fill } = await tabDatabase().prepare(this.#state(), PREPARE_TIMEOUT_MS + this.#timeLimitMs, signal);
      renderMessage(this.#output, 'idle', `Reset to the setup state in ${Math.round(elapsedMs)} ms.`);
      if (fill) this.#noteFill(fill);
      this.#editor?.showError(undefined);
    });
  }

  /** The first Run waited for the database to start; say so, so the wait is explained. */
  #noteStartup(startup: StartupInfo): void {
    const note = document.createElement('p');
    note.className = 'meta';
    // Only a version the database reported is shown; never a placeholder.
    const version = /^\d/.test(startup.version) ? `PostgreSQL ${startup.version}` : 'PostgreSQL';
    note.textContent = `${version} (PGlite, in your browser) started in ${(startup.startupMs / 1000).toFixed(1)} s for this tab; later Runs reuse it.`;
    this.#output.append(note);
    this.#output.dataset.startupMs = String(Math.round(startup.startupMs));
    this.#output.dataset.downloadedMs = String(Math.round(startup.downloadedMs));
  }

  #setBusy(busy: boolean): void {
    if (busy) delete this.#output.dataset.stopped;
    this.#output.setAttribute('aria-busy', String(busy));
    this.#runButton.disabled = busy;
    this.#resetButton.disabled = busy;
    if (this.#rowsSelect) this.#rowsSelect.disabled = busy;
  }
}

function traceFailure(error: unknown): string {
  if (error instanceof WorkerStoppedError) {
    if (error.reason === 'stopped') return 'stopped (you pressed Stop); the Run above is unchanged';
    if (error.reason === 'timeout') return `${error.message.replace(/\.$/, '')}; the Run above is unchanged`;
    return `the database stopped while tracing (${error.message.replace(/\.$/, '')}); the Run above is unchanged`;
  }
  return error instanceof Error ? error.message : String(error);
}
