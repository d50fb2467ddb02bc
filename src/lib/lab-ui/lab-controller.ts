/**
 * One Prisma lab's behaviour: the project's files (select, edit in Monaco, add, rename, delete),
 * the command line with its history, the walkthrough's steps, and the output of each command.
 * Commands go to the tab's database worker, which hosts the engine; this module never sees PGlite.
 */
import { tabDatabase } from '../sql-runtime/tab-database.ts';
import { WorkerStoppedError } from '../sql-runtime/client.ts';
import type { EngineMode, LabFile } from '../sql-runtime/protocol.ts';
import { DEFAULT_PRISMA_TARGET, isPrismaTarget } from '../execution/prisma-target.ts';
import type { LabMarker } from '../prisma-lab/lab.ts';
import { pathProblem } from '../prisma-lab/project.ts';
import { copyShareLink } from '../share/share-link.ts';
import { DraftKeeper, sharedBanner } from '../share/draft-keeper.ts';
import type { SqlEditor } from '../editor/sql-editor.ts';
import { el } from '../dom/el.ts';
import { injectStyle } from '../dom/inject-style.ts';
import { appendCommand, renderNote, renderSnapshot } from './render-lab.ts';
import outputCss from '../live/live-example.css?raw';
import labCss from './lab.css?raw';

/** Shadow-database commands open a second database: generous, but a runaway still ends. */
const COMMAND_TIMEOUT_MS = 90_000;
const HISTORY_LIMIT = 50;
/** Lab drafts are saved a moment after a keystroke in the editor (and at once when the page hides). */
const SAVE_DELAY_MS = 300;
/** Where a lab's files and command line are kept in this browser, per preset. */
export const labDraftKey = (id: string): string => `mfg:lab:${id}`;

interface LabDraft {
  files: LabFile[];
  command: string;
}

function parseLabDraft(text: string): LabDraft | undefined {
  try {
    const value = JSON.parse(text) as Partial<LabDraft> | null;
    if (!value || !Array.isArray(value.files) || typeof value.command !== 'string') return undefined;
    const files = value.files.filter((f): f is LabFile => !!f && typeof f.path === 'string' && typeof f.content === 'string');
    return files.length ? { files, command: value.command } : undefined;
  } catch {
    return undefined;
  }
}

interface Preset {
  files: LabFile[];
  /** By step index: what an edit step puts into which file. Command steps carry their command in the page. */
  fixes: Record<string, { edit: string; content: string }>;
}

/** The preset's files, read back from the highlighted blocks the page was built with. */
function filesFromPage(element: HTMLElement): LabFile[] {
  return [...element.querySelectorAll<HTMLElement>('[data-role="lab-file"]')].map((view) => {
    const text = view.querySelector('pre')?.textContent ?? '';
    const content = view.dataset.finalNewline !== undefined && !text.endsWith('\n') ? `${text}\n` : text;
    return { path: view.dataset.path ?? '', content };
  });
}

export interface Intent {
  action: string;
  path?: string;
  index?: string;
  command?: string;
}

const controllers = new WeakMap<HTMLElement, LabController>();

export function prewarm(): void {
  void tabDatabase()
    .start()
    .catch(() => undefined);
}

export function attach(element: HTMLElement, intent: Intent): LabController {
  injectStyle('live-example', outputCss);
  injectStyle('prisma-lab', labCss);
  let controller = controllers.get(element);
  if (!controller) {
    controller = new LabController(element);
    controllers.set(element, controller);
  }
  void controller.handle(intent);
  return controller;
}

function required<T extends Element>(root: Element, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`lab is missing ${selector}`);
  return found;
}

export class LabController {
  readonly element: HTMLElement;
  readonly id: string;
  readonly #preset: Preset;
  #files: LabFile[];
  #selected: string;
  #editors = new Map<string, Promise<SqlEditor>>();
  #history: string[] = [];
  #historyCursor = 0;
  #fresh = true;
  #generation = -1;
  #busy = false;
  /** Commands run on this lab's database since it was last empty: what a replay runs again. */
  #ran: string[] = [];
  #abort: AbortController | undefined;
  /** A command stopped at a y/N question: the next line typed is its answer, not a command. */
  #waiting: { command: string; question: string; label: string | null } | undefined;
  /** True while the keeper itself puts text in place: not a reader's change. */
  #writing = false;
  readonly #drafts: DraftKeeper;
  readonly #note: HTMLElement;
  readonly #stopButton: HTMLButtonElement;
  readonly #input: HTMLInputElement;
  readonly #log: HTMLElement;
  readonly #state: HTMLElement;
  readonly #status: HTMLElement;
  readonly #modeSelect: HTMLSelectElement;

  constructor(element: HTMLElement) {
    this.element = element;
    this.id = element.dataset.labId ?? element.id;
    const fixes = JSON.parse(required(element, '[data-role="lab-preset"]').textContent ?? '{}') as Preset['fixes'];
    this.#preset = { files: filesFromPage(element), fixes };
    this.#files = this.#preset.files.map((file) => ({ ...file }));
    this.#selected = this.#files[0]?.path ?? '';
    this.#input = required(element, '[data-role="lab-command"]');
    this.#log = required(element, '[data-role="lab-log"]');
    this.#state = required(element, '[data-role="lab-state"]');
    this.#status = required(element, '[data-role="lab-status"]');
    this.#modeSelect = required(element, '[data-role="lab-mode"]');
    this.#addFileTools();
    this.#stopButton = el('button', 'ex-button', 'Stop') as HTMLButtonElement;
    this.#stopButton.type = 'button';
    this.#stopButton.dataset.action = 'lab-stop';
    this.#stopButton.hidden = true;
    required(element, '[data-role="lab-run"]').after(this.#stopButton);
    this.#note = el('div', 'lab-draft-note');
    this.#note.dataset.role = 'draft-note';
    this.#note.setAttribute('role', 'status');
    this.#note.hidden = true;
    required(element, '.lab-bar').after(this.#note);
    this.#drafts = new DraftKeeper({
      key: labDraftKey(this.id),
      read: () => JSON.stringify({ files: this.#files, command: this.#input.value } satisfies LabDraft),
      write: (text) => this.#putDraft(parseLabDraft(text) ?? { files: this.#preset.files, command: this.#input.defaultValue }),
      built: JSON.stringify({ files: this.#preset.files, command: this.#input.defaultValue } satisfies LabDraft),
      host: element,
      note: this.#note,
      delayMs: SAVE_DELAY_MS,
    });
    this.#input.addEventListener('input', () => this.#changed());
    tabDatabase().onRestart(() => this.#restartedUnderUs());
    element.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-action]') : null;
      if (target && target.dataset.action !== 'copy-link')
        void this.handle({
          action: target.dataset.action ?? '',
          path: target.dataset.path,
          index: target.dataset.index,
          command: target.dataset.command,
        });
      else if (!target && event.target instanceof Element && event.target.closest('[data-role="lab-file-code"]'))
        void this.handle({ action: 'lab-edit-file' });
    });
    element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.handle({ action: 'lab-run' });
    });
    this.#input.addEventListener('keydown', (event) => this.#onHistoryKey(event));
    // The command line may hold what the reader typed before this loaded; the keeper weighs it.
    this.#drafts.start();
    element.dataset.upgraded = '';
    element.dataset.ready = '';
    delete element.dataset.upgrading;
  }

  #changed() {
    if (!this.#writing) this.#drafts.changed();
  }

  #putDraft(draft: LabDraft) {
    this.#writing = true;
    try {
      for (const file of [...this.#files]) if (!draft.files.some((kept) => kept.path === file.path)) this.#dropFile(file.path);
      for (const file of draft.files) this.#setFile(file.path, file.content);
      this.#input.value = draft.command;
      if (!this.#files.some((file) => file.path === this.#selected)) this.#select(this.#files[0]?.path ?? '');
    } finally {
      this.#writing = false;
    }
  }

  /** The tab's database was replaced (a Stop elsewhere, a crash): this lab's tables went with it. */
  #restartedUnderUs() {
    // A command of ours in flight is told by its own rejection; a lab that holds nothing lost nothing.
    if (this.#fresh || this.#busy || !this.element.isConnected) return;
    this.#fresh = true;
    this.#offerReplay();
  }

  #offerReplay() {
    // A question still waiting belonged to the database that is gone: its answer would run elsewhere.
    if (this.#waiting) this.#endWaiting();
    const commands = [...this.#ran];
    this.#ran = [];
    const note = renderNote("The database restarted (another example was stopped); this lab's database was lost. ", 'info');
    note.dataset.role = 'lab-restarted';
    const replay = el(
      'button',
      'ex-button',
      `Replay my ${commands.length} command${commands.length === 1 ? '' : 's'}`,
    ) as HTMLButtonElement;
    replay.type = 'button';
    replay.dataset.action = 'lab-replay';
    replay.dataset.command = JSON.stringify(commands);
    const over = el('button', 'ex-button', 'Start over') as HTMLButtonElement;
    over.type = 'button';
    over.dataset.action = 'lab-start-over';
    if (commands.length) note.append(replay, ' ');
    note.append(over);
    this.#log.append(note);
    this.#setStatus('The database restarted: replay your commands or start over; the next command you type runs on an empty database.');
  }

  async #replay(commands: string[]) {
    for (const entry of commands) {
      const [command = '', answer] = entry.split('\n');
      await this.#send(command, answer === undefined ? undefined : answer === 'y');
      if (this.element.querySelector('[data-role="lab-log"] > :last-child')?.getAttribute('data-role') !== 'lab-output') return;
    }
  }

  async handle(intent: Intent): Promise<void> {
    switch (intent.action) {
      case 'lab-run':
        if (this.#waiting) return this.#answer(this.#input.value);
        return this.run(this.#input.value);
      case 'lab-step':
        return this.#step(Number(intent.index));
      case 'lab-quick':
        if (!intent.command) return;
        this.#input.value = intent.command;
        return this.run(intent.command);
      case 'lab-open-file':
        if (intent.path) this.#select(intent.path);
        return;
      case 'lab-edit-file':
        await this.#openEditor(this.#selected, true);
        return;
      case 'lab-add-file':
        return this.#addFile();
      case 'lab-rename-file':
        return this.#renameFile();
      case 'lab-delete-file':
        return this.#deleteFile();
      case 'lab-start-over':
        return this.#startOver();
      case 'lab-share':
        return this.#share();
      case 'lab-stop':
        this.#abort?.abort();
        return;
      case 'lab-replay': {
        const commands = JSON.parse(intent.command ?? '[]') as unknown;
        if (Array.isArray(commands)) return this.#replay(commands.filter((c): c is string => typeof c === 'string'));
        return;
      }
      case 'lab-restore':
        return;
    }
  }

  async #share() {
    await copyShareLink(
      { kind: 'lab', id: this.id, files: this.files },
      this.#status,
      'Link copied: it opens this lab with these files; nothing runs until the reader does.',
    );
  }

  /** Files from a shared link replace the project; the database starts empty and nothing runs. */
  applyShared(files: LabFile[]): void {
    this.#drafts.showShared(JSON.stringify({ files, command: this.#input.value } satisfies LabDraft));
    this.#fresh = true;
    this.#ran = [];
    this.#select(files[0]?.path ?? '');
    this.#setStatus(`${sharedBanner()} Start over puts back the original files.`);
  }

  get files(): LabFile[] {
    return this.#files.map((file) => ({ ...file }));
  }

  get #mode(): EngineMode {
    const value = this.#modeSelect.value;
    return isPrismaTarget(value) ? value : DEFAULT_PRISMA_TARGET;
  }

  async run(commandLine: string): Promise<void> {
    if (this.#busy) return;
    const command = commandLine.trim();
    if (!command) {
      this.#setStatus('Type a command, for example npx prisma migrate status.');
      return;
    }
    if (this.#waiting) this.#abandonQuestion();
    this.#remember(command);
    return this.#send(command);
  }

  /** Another command while a question waits: the waiting one is dropped, as Ctrl+C would drop it. */
  #abandonQuestion() {
    this.#endWaiting();
    this.#log.append(renderNote('The question was left unanswered: that command stopped there, as Ctrl+C would stop it.', 'info'));
  }

  #endWaiting() {
    const label = this.#waiting?.label;
    this.#waiting = undefined;
    delete this.element.dataset.waiting;
    this.#input.placeholder = '';
    if (label) this.#input.setAttribute('aria-label', label);
    else this.#input.removeAttribute('aria-label');
  }

  async #send(command: string, answer?: boolean): Promise<void> {
    const database = tabDatabase();
    this.#busy = true;
    this.element.dataset.busy = '';
    const abort = new AbortController();
    this.#abort = abort;
    this.#stopButton.hidden = false;
    this.#setStatus(database.startup ? `Running ${command}…` : 'Starting the database and the Prisma engine… (first command only)');
    try {
      await database.start();
      // A restarted worker has lost every lab's database: say so, and start this one over.
      if (this.#generation !== -1 && this.#generation !== database.generation && !this.#fresh) {
        // Missed the event (it came while another page was shown): ask before running on an empty database.
        this.#generation = database.generation;
        this.#fresh = true;
        this.#offerReplay();
        return;
      }
      this.#generation = database.generation;
      if (this.#fresh) this.#ran = [];
      const result = await database.lab(
        { lab: this.id, fresh: this.#fresh, command, files: this.files, mode: this.#mode, prompt: answer === undefined ? {} : { answer } },
        COMMAND_TIMEOUT_MS,
        abort.signal,
      );
      this.#fresh = false;
      // A replay must not stop at a question the reader already answered: it replays the answer.
      this.#ran.push(answer === undefined ? command : `${command}\n${answer ? 'y' : 'n'}`);
      this.#drafts.ran();
      if (result.files) this.#replaceFiles(result.files);
      appendCommand(this.#log, result);
      renderSnapshot(this.#state, result.snapshot);
      this.#showMarkers(result.markers);
      if (result.question !== undefined) {
        this.#waiting = { command, question: result.question, label: this.#input.getAttribute('aria-label') };
        this.element.dataset.waiting = '';
        this.#input.value = '';
        this.#input.placeholder = 'y/N';
        this.#input.setAttribute('aria-label', `Answer: ${result.question} (y or n)`);
        this.#setStatus(`${result.question} Type y or n and press Enter.`);
        this.#input.focus();
      } else {
        this.#setStatus(`Exit code ${result.exitCode}.`);
      }
      if (result.enginePanicked) {
        this.#fresh = true;
        database.restart(new WorkerStoppedError('crashed', 'The Prisma engine panicked.'));
      }
    } catch (error) {
      const message =
        error instanceof WorkerStoppedError
          ? `${error.message} The lab's database starts again with the next command.`
          : `The command could not run: ${error instanceof Error ? error.message : String(error)}`;
      if (error instanceof WorkerStoppedError) {
        this.#fresh = true;
        this.#ran = [];
        this.#generation = database.generation;
      }
      this.#log.append(renderNote(message, 'error'));
      this.#setStatus('The command did not finish.');
    } finally {
      this.#busy = false;
      this.#abort = undefined;
      this.#stopButton.hidden = true;
      delete this.element.dataset.busy;
      this.#log.lastElementChild?.scrollIntoView({ block: 'nearest' });
    }
  }

  /** The reader's y/N: the same command runs again, answered, and its output continues the log. */
  async #answer(line: string): Promise<void> {
    const waiting = this.#waiting!;
    this.#endWaiting();
    this.#input.value = waiting.command;
    // prompts' confirm: y/yes means yes; anything else, Enter alone included, means no (the N default).
    await this.#send(waiting.command, /^\s*y(es)?\s*$/i.test(line));
  }

  #setStatus(text: string) {
    this.#status.textContent = text;
  }

  #remember(command: string) {
    if (this.#history.at(-1) !== command) this.#history.push(command);
    if (this.#history.length > HISTORY_LIMIT) this.#history.shift();
    this.#historyCursor = this.#history.length;
  }

  #onHistoryKey(event: KeyboardEvent) {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    if (this.#history.length === 0) return;
    event.preventDefault();
    this.#historyCursor = Math.max(0, Math.min(this.#history.length, this.#historyCursor + (event.key === 'ArrowUp' ? -1 : 1)));
    this.#input.value = this.#history[this.#historyCursor] ?? '';
  }

  async #step(index: number) {
    const fix = this.#preset.fixes[index];
    if (fix) {
      this.#setFile(fix.edit, fix.content);
      this.#select(fix.edit);
      this.#setStatus(`${fix.edit} now holds the fix.`);
      return;
    }
    const command = this.element.querySelector(`[data-action="lab-step"][data-index="${index}"] code`)?.textContent;
    if (!command) return;
    this.#input.value = command;
    return this.run(command);
  }

  // --- files ---------------------------------------------------------------------------------

  #view(path: string): HTMLElement | undefined {
    return [...this.element.querySelectorAll<HTMLElement>('[data-role="lab-file"]')].find((view) => view.dataset.path === path);
  }

  #tab(path: string): HTMLButtonElement | undefined {
    return [...this.element.querySelectorAll<HTMLButtonElement>('[data-action="lab-open-file"]')].find((tab) => tab.dataset.path === path);
  }

  #select(path: string) {
    this.#selected = path;
    for (const view of this.element.querySelectorAll<HTMLElement>('[data-role="lab-file"]'))
      view.toggleAttribute('data-selected', view.dataset.path === path);
    for (const tab of this.element.querySelectorAll<HTMLElement>('[data-action="lab-open-file"]'))
      tab.setAttribute('aria-pressed', String(tab.dataset.path === path));
  }

  #setFile(path: string, content: string) {
    const file = this.#files.find((candidate) => candidate.path === path);
    if (file) file.content = content;
    else this.#addView({ path, content });
    this.#changed();
    const editor = this.#editors.get(path);
    if (editor) void editor.then((e) => e.getValue() !== content && e.setValue(content));
    else {
      const pre = this.#view(path)?.querySelector('pre');
      if (pre) pre.replaceChildren(content);
    }
  }

  #addView(file: LabFile) {
    this.#files.push({ ...file });
    const tab = el('button', 'lab-file-tab', file.path) as HTMLButtonElement;
    tab.type = 'button';
    tab.dataset.action = 'lab-open-file';
    tab.dataset.path = file.path;
    tab.setAttribute('aria-pressed', 'false');
    required(this.element, '[data-role="lab-files"]').append(tab);
    const code = el('div', 'lab-file-code', el('pre', 'plain', file.content));
    code.dataset.role = 'lab-file-code';
    const view = el('div', 'lab-file', el('p', 'lab-file-path', file.path), code);
    view.dataset.role = 'lab-file';
    view.dataset.path = file.path;
    required(this.element, '.lab-file-views').append(view);
  }

  #replaceFiles(files: LabFile[]) {
    const added = files.filter((file) => !this.#files.some((known) => known.path === file.path));
    for (const file of files) this.#setFile(file.path, file.content);
    if (added[0]) this.#select(added[0].path);
  }

  async #openEditor(path: string, focus: boolean): Promise<SqlEditor | undefined> {
    const view = this.#view(path);
    const file = this.#files.find((candidate) => candidate.path === path);
    if (!view || !file) return undefined;
    let editor = this.#editors.get(path);
    if (!editor) {
      editor = import('../editor/sql-editor.ts').then((module) => {
        const created = module.createSqlEditor(required(view, '[data-role="lab-file-code"]'), {
          value: file.content,
          language: path.endsWith('.sql') ? 'pgsql' : 'plaintext',
          label: `File ${path}`,
          onRun: () => void this.run(this.#input.value),
        });
        created.onChange((value) => {
          const current = this.#files.find((candidate) => candidate.path === path);
          if (current && current.content !== value) {
            current.content = value;
            this.#changed();
          }
        });
        return created;
      });
      this.#editors.set(path, editor);
    }
    const ready = await editor;
    if (focus) ready.focus();
    return ready;
  }

  #showMarkers(markers: LabMarker[]) {
    for (const tab of this.element.querySelectorAll<HTMLElement>('[data-action="lab-open-file"]')) delete tab.dataset.marked;
    const byPath = new Map<string, LabMarker[]>();
    for (const marker of markers) byPath.set(marker.path, [...(byPath.get(marker.path) ?? []), marker]);
    for (const [path, editor] of this.#editors) void editor.then((e) => e.showLineMarkers(byPath.get(path) ?? []));
    for (const [path, list] of byPath) {
      const tab = this.#tab(path);
      if (tab) tab.dataset.marked = `line ${list[0]!.line}`;
      void this.#openEditor(path, false).then((editor) => editor?.showLineMarkers(list));
    }
  }

  #dropFile(path: string) {
    this.#files = this.#files.filter((candidate) => candidate.path !== path);
    this.#changed();
    this.#view(path)?.remove();
    this.#tab(path)?.remove();
    void this.#editors.get(path)?.then((editor) => editor.dispose());
    this.#editors.delete(path);
  }

  #addFileTools() {
    const pathInput = el('input', 'lab-path') as HTMLInputElement;
    pathInput.type = 'text';
    pathInput.dataset.role = 'lab-path';
    pathInput.placeholder = 'prisma/migrations/20250101000000_name/migration.sql';
    pathInput.setAttribute('aria-label', 'File path for Add or Rename');
    const button = (action: string, text: string) => {
      const b = el('button', 'ex-button', text) as HTMLButtonElement;
      b.type = 'button';
      b.dataset.action = action;
      return b;
    };
    const tools = el(
      'div',
      'lab-file-tools',
      button('lab-edit-file', 'Edit'),
      pathInput,
      button('lab-add-file', 'Add file'),
      button('lab-rename-file', 'Rename'),
      button('lab-delete-file', 'Delete'),
      button('lab-share', 'Copy link to this lab'),
    );
    required(this.element, '.lab-project').append(tools);
  }

  #pathInput(): HTMLInputElement {
    return required(this.element, '[data-role="lab-path"]');
  }

  #addFile() {
    const path = this.#pathInput().value.trim().replace(/^\.\//, '');
    const problem = pathProblem(this.#files, path);
    if (problem) return this.#setStatus(problem);
    this.#addView({ path, content: '' });
    this.#changed();
    this.#select(path);
    this.#setStatus(`Added ${path}.`);
  }

  #renameFile() {
    const path = this.#pathInput().value.trim().replace(/^\.\//, '');
    const from = this.#selected;
    const problem = pathProblem(this.#files, path, from);
    if (problem) return this.#setStatus(problem);
    const file = this.#files.find((candidate) => candidate.path === from);
    const view = this.#view(from);
    const tab = this.#tab(from);
    if (!file || !view || !tab) return;
    file.path = path;
    view.dataset.path = path;
    required(view, '.lab-file-path').textContent = path;
    tab.dataset.path = path;
    tab.textContent = path;
    const editor = this.#editors.get(from);
    if (editor) {
      this.#editors.delete(from);
      this.#editors.set(path, editor);
    }
    this.#changed();
    this.#select(path);
    this.#setStatus(`Renamed ${from} to ${path}.`);
  }

  #deleteFile() {
    const path = this.#selected;
    if (path === 'prisma/schema.prisma') return this.#setStatus('The schema file stays: every Prisma command reads it.');
    const file = this.#files.find((candidate) => candidate.path === path);
    if (!file) return;
    // Deleting is the one edit that loses text: ask first.
    if (file.content.trim() && !confirm(`Delete ${path}? Its text will be lost.`)) return;
    this.#dropFile(path);
    this.#select(this.#files[0]?.path ?? '');
    this.#setStatus(`Deleted ${path}.`);
  }

  #startOver() {
    const edited =
      this.#files.length !== this.#preset.files.length ||
      this.#files.some((file) => this.#preset.files.find((original) => original.path === file.path)?.content !== file.content);
    if (edited && !confirm("Start over: empty the lab's database and put back the original files? Your edits to the files will be lost."))
      return;
    this.#drafts.reset();
    this.#fresh = true;
    this.#ran = [];
    this.#log.replaceChildren();
    this.#state.replaceChildren();
    this.#select(this.#files[0]?.path ?? '');
    this.#setStatus('Started over: the next command runs on an empty database.');
  }
}
