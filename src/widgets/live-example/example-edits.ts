/**
 * What happens to a reader's edit of an example: it is saved in this browser as they type, can be
 * put back to the original, and can be shared as a link. A shared edit that arrives by link is
 * shown, never run and never saved over the reader's own edit without their choice.
 */
import { clearEdit, editKey, parseStored, readSavedEdit, saveEdit } from '../../lib/share/saved-edits.ts';
import { copyShareLink } from '../../lib/share/share-link.ts';
import { sharedBanner } from '../../lib/share/draft-keeper.ts';
import type { ExecutionMode } from '../../lib/sql-runtime/protocol.ts';
import { el } from '../../lib/dom/el.ts';
import { injectStyle } from '../../lib/dom/inject-style.ts';
import shareCss from '../../lib/share/share.css?inline';
import { liveUi } from './contract.ts';

const SAVE_DELAY_MS = 400;

export interface EditTarget {
  element: HTMLElement;
  id: string;
  original: string;
  getText(): string;
  setText(text: string): void;
  getMode(): ExecutionMode;
  setMode(mode: ExecutionMode): void;
}

function button(action: string, text: string): HTMLButtonElement {
  const b = el('button', 'ex-button', text) as HTMLButtonElement;
  b.type = 'button';
  b.dataset.action = action;
  return b;
}

export class ExampleEdits {
  readonly #target: EditTarget;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Set while a shared link's SQL is shown: saving waits for the reader's decision. */
  #shared: { sql: string; showingOriginal: boolean; conflict: boolean } | undefined;
  #storageLost = false;
  /** Set when another tab saved a different edit of this example: nothing is saved until the reader picks. */
  #otherTab: { sql: string | undefined } | undefined;
  /** The reader typed while a question was open: said in the note, so they know it is not saved yet. */
  #unsavedWhileAsking = false;

  constructor(target: EditTarget) {
    this.#target = target;
    injectStyle('share', shareCss);
    // A reload or tab close right after typing must not lose the last keystrokes.
    window.addEventListener('pagehide', () => this.flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flush();
    });
    window.addEventListener('storage', (event: StorageEvent) => {
      if (event.key !== editKey(target.id) || !target.element.isConnected) return;
      const other = parseStored(event.newValue);
      if ((other ?? target.original) === target.getText()) return;
      this.#otherTab = { sql: other };
      this.#target.element.dataset.edited = 'pending';
      this.#renderNote();
    });
  }

  /** Saves a change still waiting for its delay. */
  flush(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#save();
  }

  handle(action: string): boolean {
    switch (action) {
      case 'restore-original':
        this.restoreOriginal();
        return true;
      case 'share':
        void this.share();
        return true;
      case 'show-original':
        this.#toggleOriginal();
        return true;
      case 'keep-mine':
        this.#resolveConflict(false);
        return true;
      case 'use-shared':
        this.#resolveConflict(true);
        return true;
      case 'load-other-tab':
        this.#resolveOtherTab(true);
        return true;
      case 'keep-this-tab':
        this.#resolveOtherTab(false);
        return true;
    }
    return false;
  }

  /** The editor's text changed: save it a moment later. */
  changed(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#save();
    }, SAVE_DELAY_MS);
  }

  #save(): void {
    if (this.#shared?.conflict || this.#otherTab) {
      if (!this.#unsavedWhileAsking) {
        this.#unsavedWhileAsking = true;
        this.#renderNote();
      }
      return;
    }
    this.#unsavedWhileAsking = false;
    const text = this.#target.getText();
    if (this.#shared && text === this.#shared.sql && !this.#shared.showingOriginal) return; // unchanged shared SQL is not the reader's edit
    this.#shared = undefined;
    const result = saveEdit(this.#target.id, text, this.#target.original);
    this.#storageLost = result === 'unavailable';
    this.#target.element.dataset.edited = result === 'saved' ? 'saved' : result === 'unavailable' ? 'unsaved' : '';
    if (!this.#target.element.dataset.edited) delete this.#target.element.dataset.edited;
    this.#renderNote();
  }

  restoreOriginal(): void {
    clearTimeout(this.#timer);
    clearEdit(this.#target.id);
    this.#shared = undefined;
    this.#otherTab = undefined;
    this.#unsavedWhileAsking = false;
    this.#target.setText(this.#target.original);
    delete this.#target.element.dataset.edited;
    delete this.#target.element.dataset.shared;
    this.#renderNote();
  }

  async share(): Promise<void> {
    const status = this.#status(this.#note(), '');
    await copyShareLink(
      { kind: 'example', id: this.#target.id, sql: this.#target.getText(), mode: this.#target.getMode() },
      status,
      'Link copied: it opens this example with your SQL, not yet run.',
    );
  }

  /** A shared link's SQL: shown in place and marked; the reader's saved edit stays until they choose. */
  applyShared(sql: string, mode: ExecutionMode | undefined): void {
    const saved = readSavedEdit(this.#target.id);
    this.#shared = { sql, showingOriginal: false, conflict: saved !== undefined && saved !== sql };
    this.#target.setText(sql);
    if (mode) this.#target.setMode(mode);
    this.#target.element.dataset.shared = '';
    this.#renderNote();
  }

  #toggleOriginal(): void {
    if (!this.#shared) return;
    this.#shared.showingOriginal = !this.#shared.showingOriginal;
    this.#target.setText(this.#shared.showingOriginal ? this.#target.original : this.#shared.sql);
    this.#renderNote();
  }

  #resolveOtherTab(load: boolean): void {
    const other = this.#otherTab;
    if (!other) return;
    this.#otherTab = undefined;
    this.#unsavedWhileAsking = false;
    if (load) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#target.setText(other.sql ?? this.#target.original);
      if (other.sql === undefined) delete this.#target.element.dataset.edited;
      else this.#target.element.dataset.edited = 'saved';
      this.#renderNote();
    } else {
      this.#save();
    }
  }

  #resolveConflict(useShared: boolean): void {
    if (!this.#shared) return;
    const shared = this.#shared.sql;
    this.#shared = undefined;
    this.#unsavedWhileAsking = false;
    delete this.#target.element.dataset.shared;
    if (useShared) {
      this.#target.setText(shared);
      this.#save();
    } else {
      this.#target.setText(readSavedEdit(this.#target.id) ?? this.#target.original);
      this.#target.element.dataset.edited = 'saved';
      this.#renderNote();
    }
  }

  #note(): HTMLElement {
    let note = this.#target.element.querySelector<HTMLElement>(liveUi.role('edit-note'));
    if (!note) {
      note = el('div', 'ex-note');
      note.dataset.role = 'edit-note';
      this.#target.element.querySelector('.ex-bar')?.before(note);
    }
    return note;
  }

  #status(note: HTMLElement, text: string): HTMLElement {
    let status = note.querySelector<HTMLElement>(liveUi.role('edit-status'));
    if (!status) {
      status = el('span', 'ex-note-status');
      status.dataset.role = 'edit-status';
      status.setAttribute('role', 'status');
      note.append(' ', status);
    }
    status.textContent = text;
    return status;
  }

  /** Redraws the note (the page showed a plain one before the controller loaded). */
  refresh(): void {
    this.#renderNote();
  }

  #renderNote(): void {
    const element = this.#target.element;
    const parts: (Node | string)[] = [];
    const unsaved = this.#unsavedWhileAsking ? ' Your latest changes are not saved until you choose.' : '';
    if (this.#otherTab) {
      parts.push(
        `Another tab saved a different edit of this example.${unsaved} `,
        button('load-other-tab', "Load the other tab's version"),
        button('keep-this-tab', "Keep this tab's version"),
      );
    } else if (this.#shared) {
      parts.push(
        this.#shared.showingOriginal
          ? 'Showing the original example. '
          : `Shared edit from the link you opened, not run yet. ${sharedBanner()}${unsaved} `,
      );
      parts.push(button('show-original', this.#shared.showingOriginal ? 'Show the shared edit' : 'Show original'));
      if (this.#shared.conflict) {
        parts.push(
          el('span', 'ex-note-conflict', ' You have your own saved edit of this example: '),
          button('keep-mine', 'Keep my edit'),
          button('use-shared', 'Replace mine with the shared SQL'),
        );
      }
    } else if (element.dataset.edited === 'saved') {
      parts.push(
        'Your edit, saved in this browser. ',
        button('restore-original', 'Restore original SQL'),
        button('share', 'Copy link to this edit'),
      );
    } else if (this.#storageLost) {
      parts.push(
        "Edits will not be kept after you leave: this browser's storage is unavailable. ",
        button('share', 'Copy link to this edit'),
      );
    }
    const existing = element.querySelector<HTMLElement>(liveUi.role('edit-note'));
    if (parts.length === 0) {
      existing?.remove();
      return;
    }
    this.#note().replaceChildren(...parts);
  }
}
