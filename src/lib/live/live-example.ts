/**
 * One live example's behaviour: its Runs, its state ("fresh", "after 2 Runs"), Reset, Stop, the
 * editor. It talks to the tab's database only through the DatabaseClient; it never sees PGlite.
 */
import { tabDatabase } from '../sql-runtime/tab-database.ts';
import { WorkerStoppedError, type StartupInfo } from '../sql-runtime/client.ts';
import type { ExecutionMode, ScriptRun, StateSpec } from '../sql-runtime/protocol.ts';
import { renderBackup, renderMessage, renderResult, renderScript } from './render-output.ts';
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
        tabDatabase().stop();
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
    return this.#modeSelect?.value === 'statements' ? 'statements' : 'batch';
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

  async openEditor(focus: boolean): Promise<SqlEditor> {
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
    await this.#exclusive(async () => {
      renderMessage(this.#output, 'running', database.started ? 'Running…' : 'Starting the database… (first Run only)');
      const result = await database.run(this.#state(), script, {
        nextKey: this.#key(this.#history.length + 1),
        maxRows: MAX_ROWS,
        timeoutMs: this.timeoutMs,
      });
      this.#history.push(script);
      renderResult(this.#output, result, script.sql, this.#history.length);
      if (cold && database.startup) this.#noteStartup(database.startup);
      this.#editor?.showError(result.error?.position !== undefined ? result.error : undefined);
      if (result.error?.position !== undefined && !this.#editor) {
        // The marker lives in the editor: bring it in so the reader sees where the error is.
        const editor = await this.openEditor(false);
        editor.showError(result.error);
      }
    });
  }

  /** After a stop, timeout or crash the database restarted empty: back to this example's setup. */
  async #recover(error: unknown): Promise<void> {
    const stopped = error instanceof WorkerStoppedError;
    this.#history = [];
    this.#resets += 1;
    const detail = stopped
      ? 'The database was restarted and this example is back at its setup state; other examples will restore theirs when next run.'
      : 'Nothing was lost from the editor. Try Run again; if it keeps failing, reload the page.';
    renderMessage(this.#output, 'error', error instanceof Error ? error.message : String(error), detail);
    this.#output.dataset.stopped = stopped ? error.reason : 'failed';
    if (stopped) {
      try {
        await tabDatabase().prepare(this.#state(), PREPARE_TIMEOUT_MS);
      } catch (prepareError) {
        renderMessage(this.#output, 'error', `The database could not be restarted: ${String(prepareError)}`, 'Reload the page to try again.');
      }
    }
  }

  /** A script starts from the example's setup every time: it is a program, not a migration step. */
  async #runJavaScript(): Promise<void> {
    await this.#exclusive(async () => {
      renderMessage(this.#output, 'running', tabDatabase().started ? 'Running the script…' : 'Starting the database… (first Run only)');
      renderScript(this.#output, await tabDatabase().script(this.#state(), this.sql, this.timeoutMs));
    });
  }

  /** pg_dump of the database as this example has it now (setup plus its Runs). */
  async dump(): Promise<void> {
    await this.#exclusive(async () => {
      const { sql, elapsedMs } = await tabDatabase().dump(this.#state(), PREPARE_TIMEOUT_MS);
      this.#backup = sql;
      renderBackup(this.#output, sql, elapsedMs);
      const restore = this.element.querySelector<HTMLButtonElement>('[data-action="restore"]');
      if (restore) restore.disabled = false;
    });
  }

  /** Into an empty database, run the backup script: what `psql -f backup.sql` does. */
  async restore(): Promise<void> {
    if (this.#backup === undefined) return;
    await this.#exclusive(async () => {
      this.#restored = true;
      this.#history = [];
      this.#resets += 1;
      const { elapsedMs } = await tabDatabase().prepare(this.#state(), PREPARE_TIMEOUT_MS);
      renderMessage(this.#output, 'ok', `Restored backup.sql into an empty database in ${Math.round(elapsedMs)} ms.`);
    });
  }

  /** One operation at a time per example; Stop appears once it is clearly not instant. */
  async #exclusive(work: () => Promise<void>): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#setBusy(true);
    const stopTimer = setTimeout(() => (this.#stopButton.hidden = false), SHOW_STOP_AFTER_MS);
    try {
      await work();
    } catch (error) {
      await this.#recover(error);
    } finally {
      clearTimeout(stopTimer);
      this.#stopButton.hidden = true;
      this.#running = false;
      this.#setBusy(false);
      this.#updateStateLabel();
    }
  }

  async reset(): Promise<void> {
    await this.#exclusive(async () => {
      this.#history = [];
      this.#restored = false;
      this.#resets += 1;
      const { elapsedMs } = await tabDatabase().prepare(this.#state(), PREPARE_TIMEOUT_MS);
      renderMessage(this.#output, 'idle', `Reset to the setup state in ${Math.round(elapsedMs)} ms.`);
      this.#editor?.showError(undefined);
    });
  }

  /** The first Run waited for the database to start; say so, so the wait is explained. */
  #noteStartup(startup: StartupInfo): void {
    const note = document.createElement('p');
    note.className = 'meta';
    note.textContent = `PostgreSQL ${startup.version} (PGlite, in your browser) started in ${(startup.startupMs / 1000).toFixed(1)} s for this tab; later Runs reuse it.`;
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
