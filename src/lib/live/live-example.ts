/**
 * One live example's behaviour: its Runs, its state ("fresh", "after 2 Runs"), Reset, Stop, the
 * editor. It talks to the tab's database only through the DatabaseClient; it never sees PGlite.
 */
import { tabDatabase } from '../sql-runtime/tab-database.ts';
import { WorkerStoppedError, type StartupInfo } from '../sql-runtime/client.ts';
import type { ExecutionMode, ScriptRun, StateSpec } from '../sql-runtime/protocol.ts';
import { isExecutionMode } from '../markdown/example-meta.ts';
import { renderBackup, renderMessage, renderResult, renderScript } from './render-output.ts';
import { isNetworkFailure, loadFailureMessage } from '../dom/load-failure.ts';
import type { SqlEditor } from '../editor/sql-editor.ts';
import { injectStyle } from '../dom/inject-style.ts';
import { ExampleEdits } from './example-edits.ts';
import { DEFAULT_TIMEOUT_MS } from '../markdown/example-meta.ts';
import outputCss from './live-example.css?raw';
import { MAX_ROWS } from '../sql-runtime/limits.ts';

/** The Stop button appears only once a Run is clearly not instant. */
const SHOW_STOP_AFTER_MS = 1000;
const PREPARE_TIMEOUT_MS = 30_000;

let instances = 0;
const controllers = new WeakMap<HTMLElement, ExampleController>();

export function prewarmDatabase(): void {
  void tabDatabase().start().catch(() => undefined);
}

export function attach(element: HTMLElement, intent: string): ExampleController {
  injectStyle('live-example', outputCss);
  let controller = controllers.get(element);
  if (!controller) {
    controller = new ExampleController(element);
    controllers.set(element, controller);
  }
  controller.handle(intent);
  return controller;
}

function required<T extends Element>(root: Element, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`live example is missing ${selector}`);
  return found;
}

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
  /** The last pg_dump of this example, and whether the database now starts from it. */
  #backup: string | undefined;
  #restored = false;
  #editor: SqlEditor | undefined;
  #editorLoading: Promise<SqlEditor> | undefined;
  readonly #output: HTMLElement;
  readonly #stateLabel: HTMLElement;
  /** Absent on script examples: a script is not sent as SQL. */
  readonly #modeSelect: HTMLSelectElement | null;
  readonly #runButton: HTMLButtonElement;
  readonly #stopButton: HTMLButtonElement;
  readonly #resetButton: HTMLButtonElement;
  readonly #codeHost: HTMLElement;
  /** The text shown while the editor is closed: the original, a saved edit or a shared one. */
  #draft: string;
  readonly #edits: ExampleEdits;

  constructor(element: HTMLElement) {
    this.element = element;
    this.id = element.dataset.exampleId ?? 'example';
    this.timeoutMs = Number(element.dataset.timeout) || DEFAULT_TIMEOUT_MS;
    this.continueOnError = element.dataset.onError === 'continue';
    this.language = element.dataset.language === 'javascript' ? 'javascript' : 'sql';
    this.#codeHost = required(element, '[data-role="code"]');
    const shown = (required<HTMLPreElement>(this.#codeHost, 'pre').textContent ?? '').replace(/\n$/, '');
    // <live-sql> keeps the original when it shows a saved edit instead.
    this.originalSql = (element as HTMLElement & { originalSql?: string }).originalSql ?? shown;
    this.#draft = shown;
    this.setupSql = element.querySelector('.ex-setup pre')?.textContent ?? '';
    this.#output = required(element, '[data-role="output"]');
    this.#stateLabel = required(element, '[data-role="db-state"]');
    this.#modeSelect = element.querySelector('[data-role="mode"]');
    this.#runButton = required(element, '[data-action="run"]');
    this.#stopButton = required(element, '[data-action="stop"]');
    this.#resetButton = required(element, '[data-action="reset"]');
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
    this.#modeSelect?.addEventListener('change', () => this.#updateStateLabel());
    this.#edits = new ExampleEdits({
      element,
      id: this.id,
      original: this.originalSql,
      getText: () => this.sql,
      setText: (text) => this.#setText(text),
      getMode: () => this.mode,
      setMode: (mode) => {
        if (this.#modeSelect) this.#modeSelect.value = mode;
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
    const value = this.#modeSelect?.value;
    return isExecutionMode(value) ? value : 'batch';
  }

  get sql(): string {
    return this.#editor?.getValue() ?? this.#draft;
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
    return `${this.id}@${this.#instance}.${this.#resets}:${runs}`;
  }

  #state(): StateSpec {
    const setup = this.#restored && this.#backup !== undefined ? this.#backup : this.setupSql;
    return { key: this.#key(this.#history.length), setup, history: [...this.#history] };
  }

  #updateStateLabel(): void {
    const runs = this.#history.length;
    const base = this.#restored ? 'restored from backup.sql' : 'fresh';
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
        const text = isNetworkFailure(error) ? loadFailureMessage('the editor', 'Edit') : `Could not open the editor: ${error instanceof Error ? error.message : String(error)}`;
        renderMessage(this.#output, 'error', text, 'The example still runs as shown; nothing you typed was lost.');
        this.#finished();
      }
      return undefined;
    }
  }

  async #loadEditor(focus: boolean): Promise<SqlEditor> {
    this.#editorLoading ??= import('../editor/sql-editor.ts').then((module) => {
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
    await this.#exclusive(async (signal) => {
      renderMessage(this.#output, 'running', database.started ? 'Running…' : 'Starting the database… (first Run only)');
      const result = await database.run(this.#state(), script, {
        nextKey: this.#key(this.#history.length + 1),
        maxRows: MAX_ROWS,
        timeoutMs: this.timeoutMs,
        signal,
      });
      this.#history.push(script);
      this.#updateStateLabel();
      await renderResult(this.#output, result, script.sql, this.#history.length);
      if (cold && database.startup) this.#noteStartup(database.startup);
      this.#editor?.showError(result.error?.position !== undefined ? result.error : undefined);
      if (result.error?.position !== undefined && !this.#editor) {
        // The marker lives in the editor: bring it in so the reader sees where the error is.
        (await this.openEditor(false))?.showError(result.error);
      }
    });
  }

  /**
   * After a stop, timeout or crash the worker restarts empty: this example goes back to its setup.
   * While that happens the text says "restarting…" and Run is disabled; once the database is back
   * the text says so and Run is enabled again, never one without the other.
   */
  async #recover(error: unknown, generation: number): Promise<void> {
    if (error instanceof WorkerStoppedError && error.reason === 'stopped' && tabDatabase().generation === generation) {
      // Stopped while still queued behind other requests: nothing ran and nothing was lost.
      renderMessage(this.#output, 'error', 'Stopped before it started: nothing ran.', 'The database and this example are as they were. Nothing you typed was lost.');
      this.#output.dataset.stopped = 'stopped';
      return;
    }
    if (!(error instanceof WorkerStoppedError)) {
      const unavailable = isNetworkFailure(error);
      const online = navigator.onLine && error instanceof Error && error.name === 'DatabaseUnavailableError';
      renderMessage(
        this.#output,
        'error',
        online ? `${error.message} Press Run again to retry.` : unavailable ? loadFailureMessage('the database', 'Run') : error instanceof Error ? error.message : String(error),
        'Nothing you typed was lost.',
      );
      this.#output.dataset.stopped = unavailable ? 'offline' : 'failed';
      return;
    }
    this.#history = [];
    this.#resets += 1;
    this.#updateStateLabel();
    const cause = error.message.replace(/\.$/, '');
    const headline =
      error.reason === 'crashed'
        ? `The database crashed (${cause}) and was restarted from a clean snapshot; this example is back at its setup state. Nothing you typed was lost.`
        : error.message;
    renderMessage(this.#output, 'restarting', error.reason === 'crashed' ? `The database crashed (${cause}).` : error.message, 'Restarting the database…');
    try {
      await tabDatabase().prepare(this.#state(), PREPARE_TIMEOUT_MS);
    } catch (prepareError) {
      const unavailable = isNetworkFailure(prepareError);
      renderMessage(
        this.#output,
        'error',
        unavailable ? loadFailureMessage('the database', 'Run') : `The database could not be restarted: ${prepareError instanceof Error ? prepareError.message : String(prepareError)}`,
        'Nothing you typed was lost. Press Run to try again; if it keeps failing, reload the page.',
      );
      this.#output.dataset.stopped = unavailable ? 'offline' : 'failed';
      return;
    }
    const detail =
      error.reason === 'crashed'
        ? 'Other examples will restore theirs when next run.'
        : 'The database was restarted and this example is back at its setup state; other examples will restore theirs when next run. Nothing you typed was lost.';
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
      const restore = this.element.querySelector<HTMLButtonElement>('[data-action="restore"]');
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
    // A restart between now and a failure means this operation's database state is gone.
    const generation = tabDatabase().generation;
    const stopTimer = setTimeout(() => (this.#stopButton.hidden = false), SHOW_STOP_AFTER_MS);
    try {
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
      const { elapsedMs } = await tabDatabase().prepare(this.#state(), PREPARE_TIMEOUT_MS, signal);
      renderMessage(this.#output, 'idle', `Reset to the setup state in ${Math.round(elapsedMs)} ms.`);
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
  }
}
