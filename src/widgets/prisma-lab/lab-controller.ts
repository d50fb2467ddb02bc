/**
 * One Prisma lab's behaviour: the command line sends commands to the tab's database worker (which
 * hosts the engine; this module never sees PGlite), shows their output and the database after them,
 * walks the steps, keeps the draft, and offers a replay when the database restarted under it. The
 * files live in lab-files.ts, the input's history and y/N questions in lab-command-line.ts.
 * Over 300 lines because a command's life (send, Stop, question, restart under it, replay) is one
 * state machine over one set of fields; splitting it would pass that state between modules.
 */
import { tabDatabase } from '../../lib/sql-runtime/tab-database.ts';
import { WorkerStoppedError } from '../../lib/sql-runtime/client.ts';
import type { LabFile } from '../../lib/sql-runtime/protocol.ts';
import { DEFAULT_PRISMA_TARGET, isPrismaTarget, type PrismaTarget } from '../../lib/execution/prisma-target.ts';
import { copyShareLink } from '../../lib/share/share-link.ts';
import { DraftKeeper, sharedBanner } from '../../lib/share/draft-keeper.ts';
import { el } from '../../lib/dom/el.ts';
import { required } from '../../lib/dom/required.ts';
import { editorFailureMessage } from '../../lib/editor/editor-chunk.ts';
import { appendCommand, renderNote, renderSnapshot } from './render-lab.ts';
import { CommandLine } from './lab-command-line.ts';
import { type LabDraft, labDraftKey, parseLabDraft } from './lab-draft.ts';
import { filesFromPage, LabFiles } from './lab-files.ts';
import { prepareLabText } from './lab-text.ts';
import { labUi } from './contract.ts';

export { labDraftKey } from './lab-draft.ts';

/** Shadow-database commands open a second database: generous, but a runaway still ends. */
const COMMAND_TIMEOUT_MS = 90_000;
/** Lab drafts are saved a moment after a keystroke in the editor (and at once when the page hides). */
const SAVE_DELAY_MS = 300;

interface Preset {
  files: LabFile[];
  /** By step index: what an edit step puts into which file. Command steps carry their command in the page. */
  fixes: Record<string, { edit: string; content: string }>;
}

export interface Intent {
  action: string;
  path?: string;
  index?: string;
  command?: string;
}

const controllers = new WeakMap<HTMLElement, LabController>();

export function prewarm(): void {
  // Before the engine and the database start (font-strikes.ts says why); once per page.
  prepareLabText();
  void tabDatabase()
    .start()
    .catch(() => undefined);
}

export function attach(element: HTMLElement, intent: Intent): LabController {
  prepareLabText();
  let controller = controllers.get(element);
  if (!controller) {
    controller = new LabController(element);
    controllers.set(element, controller);
  }
  void controller.handle(intent);
  return controller;
}

export class LabController {
  readonly element: HTMLElement;
  readonly id: string;
  readonly #preset: Preset;
  readonly #files: LabFiles;
  readonly #line: CommandLine;
  #fresh = true;
  #generation = -1;
  #busy = false;
  /** Commands run on this lab's database since it was last empty: what a replay runs again. */
  #ran: string[] = [];
  #abort: AbortController | undefined;
  /** True while the keeper itself puts text in place: not a reader's change. */
  #writing = false;
  readonly #drafts: DraftKeeper;
  readonly #note: HTMLElement;
  readonly #stopButton: HTMLButtonElement;
  readonly #log: HTMLElement;
  readonly #state: HTMLElement;
  readonly #status: HTMLElement;
  readonly #modeGroup: HTMLElement;

  constructor(element: HTMLElement) {
    this.element = element;
    this.id = element.dataset.labId ?? element.id;
    const fixes = JSON.parse(required(element, labUi.role('lab-preset'), 'lab').textContent ?? '{}') as Preset['fixes'];
    this.#preset = { files: filesFromPage(element), fixes };
    const input = required<HTMLInputElement>(element, labUi.role('lab-command'), 'lab');
    this.#log = required(element, labUi.role('lab-log'), 'lab');
    this.#state = required(element, labUi.role('lab-state'), 'lab');
    this.#status = required(element, labUi.role('lab-status'), 'lab');
    this.#modeGroup = required(element, labUi.role('lab-mode'), 'lab');
    this.#files = new LabFiles(element, this.#preset.files, {
      changed: () => this.#changed(),
      run: () => void this.run(this.#line.value),
      status: (text) => this.#setStatus(text),
    });
    this.#line = new CommandLine(input, element);
    this.#stopButton = el('button', 'ex-button', 'Stop') as HTMLButtonElement;
    this.#stopButton.type = 'button';
    this.#stopButton.dataset.action = 'lab-stop';
    this.#stopButton.hidden = true;
    required(element, labUi.role('lab-run'), 'lab').after(this.#stopButton);
    this.#note = el('div', 'lab-draft-note');
    this.#note.dataset.role = 'draft-note';
    this.#note.setAttribute('role', 'status');
    this.#note.hidden = true;
    required(element, '.lab-bar', 'lab').after(this.#note);
    this.#drafts = new DraftKeeper({
      key: labDraftKey(this.id),
      read: () => JSON.stringify({ files: this.#files.files, command: this.#line.value } satisfies LabDraft),
      write: (text) => this.#putDraft(parseLabDraft(text) ?? { files: this.#preset.files, command: input.defaultValue }),
      built: JSON.stringify({ files: this.#preset.files, command: input.defaultValue } satisfies LabDraft),
      host: element,
      note: this.#note,
      delayMs: SAVE_DELAY_MS,
    });
    input.addEventListener('input', () => this.#changed());
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
      else if (!target && event.target instanceof Element && event.target.closest(labUi.role('lab-file-code')))
        void this.handle({ action: 'lab-edit-file' });
    });
    element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.handle({ action: 'lab-run' });
    });
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
      this.#files.putAll(draft.files);
      this.#line.value = draft.command;
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
    if (this.#line.waiting !== undefined) this.#line.endWaiting();
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
      if (this.element.querySelector(`${labUi.role('lab-log')} > :last-child`)?.getAttribute('data-role') !== 'lab-output') return;
    }
  }

  async handle(intent: Intent): Promise<void> {
    switch (intent.action) {
      case 'lab-run':
        if (this.#line.waiting !== undefined) return this.#answer(this.#line.value);
        return this.run(this.#line.value);
      case 'lab-step':
        return this.#step(Number(intent.index));
      case 'lab-quick':
        if (!intent.command) return;
        this.#line.value = intent.command;
        return this.run(intent.command);
      case 'lab-open-file':
        if (intent.path) this.#files.select(intent.path);
        return;
      case 'lab-edit-file':
        // The file stays as it was, shown and run as it is: only the editor is missing.
        await this.#files.edit().catch((error: unknown) => this.#setStatus(`${editorFailureMessage(error)} The file is unchanged.`));
        return;
      case 'lab-add-file':
        return this.#files.add();
      case 'lab-rename-file':
        return this.#files.rename();
      case 'lab-delete-file':
        return this.#files.delete();
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
    this.#drafts.showShared(JSON.stringify({ files, command: this.#line.value } satisfies LabDraft));
    this.#fresh = true;
    this.#ran = [];
    this.#files.select(files[0]?.path ?? '');
    this.#setStatus(`${sharedBanner()} Start over puts back the original files.`);
  }

  get files(): LabFile[] {
    return this.#files.files;
  }

  get #mode(): PrismaTarget {
    const value = this.#modeGroup.querySelector<HTMLInputElement>('input:checked')?.value;
    return isPrismaTarget(value) ? value : DEFAULT_PRISMA_TARGET;
  }

  async run(commandLine: string): Promise<void> {
    if (this.#busy) return;
    const command = commandLine.trim();
    if (!command) {
      this.#setStatus('Type a command, for example npx prisma migrate status.');
      return;
    }
    if (this.#line.waiting !== undefined) this.#abandonQuestion();
    this.#line.remember(command);
    return this.#send(command);
  }

  /** Another command while a question waits: the waiting one is dropped, as Ctrl+C would drop it. */
  #abandonQuestion() {
    this.#line.endWaiting();
    this.#log.append(renderNote('The question was left unanswered: that command stopped there, as Ctrl+C would stop it.', 'info'));
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
      if (result.files) this.#files.replace(result.files);
      appendCommand(this.#log, result);
      renderSnapshot(this.#state, result.snapshot);
      this.#files.showMarkers(result.markers);
      if (result.question !== undefined) {
        this.#setStatus(`${result.question} Type y or n and press Enter.`);
        this.#line.ask(command, result.question);
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
    const command = this.#line.waiting!;
    this.#line.endWaiting();
    this.#line.value = command;
    // prompts' confirm: y/yes means yes; anything else, Enter alone included, means no (the N default).
    await this.#send(command, /^\s*y(es)?\s*$/i.test(line));
  }

  #setStatus(text: string) {
    this.#status.textContent = text;
  }

  async #step(index: number) {
    const fix = this.#preset.fixes[index];
    if (fix) {
      this.#files.set(fix.edit, fix.content);
      this.#files.select(fix.edit);
      this.#setStatus(`${fix.edit} now holds the fix.`);
      return;
    }
    const command = this.element.querySelector(`${labUi.action('lab-step')}[data-index="${index}"] code`)?.textContent;
    if (!command) return;
    this.#line.value = command;
    return this.run(command);
  }

  #startOver() {
    if (
      this.#files.differFrom(this.#preset.files) &&
      !confirm("Start over: empty the lab's database and put back the original files? Your edits to the files will be lost.")
    )
      return;
    this.#drafts.reset();
    this.#fresh = true;
    this.#ran = [];
    this.#log.replaceChildren();
    this.#state.replaceChildren();
    this.#files.select(this.#files.files[0]?.path ?? '');
    this.#setStatus('Started over: the next command runs on an empty database.');
  }
}
