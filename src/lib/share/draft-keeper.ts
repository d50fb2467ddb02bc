/**
 * Keeps what a reader writes on a tool or lab (the /check migration, the /playground pair, a lab's
 * files) in this browser, under one storage key, without ever losing or silently replacing it:
 * - text typed before the controller loaded wins over the saved draft, or, when both exist and
 *   differ, the reader is asked which to keep;
 * - every change is saved (in the next task, or after `delayMs`), and a pending save is flushed when the
 *   page is hidden or left, so a quick reload keeps the last keystroke;
 * - a shared link's text is shown but saved over the reader's own draft only when they choose;
 * - another tab saving the same key is noticed (`storage` event) and offered, never applied silently.
 * The text is opaque here: callers serialize their fields into one string.
 */
import { readStored, writeStored, parseStored, type SaveResult } from './saved-edits.ts';
import { el } from '../dom/el.ts';

export interface DraftSurface {
  /** Full localStorage key. */
  key: string;
  /** The page's inputs as one string. */
  read(): string;
  /** Puts a string from `read` back into the inputs. */
  write(text: string): void;
  /** What the page was built with: equal to it means "nothing of the reader's". */
  built: string;
  /** Gets data-draft (saved | unsaved | pending) and data-shared. */
  host: HTMLElement;
  /** Where the keeper says what it did and asks its questions. */
  note: HTMLElement;
  /** Saves wait this long after a change (editors that fire per keystroke); 0 saves at once. */
  delayMs?: number;
}

type Pending = { kind: 'typed'; saved: string } | { kind: 'shared'; own: string } | { kind: 'other-tab'; other: string | undefined };

/** Where a shared link came from, as the reader can judge it. */
export function linkSource(): string {
  try {
    return document.referrer ? new URL(document.referrer).origin : 'unknown source';
  } catch {
    return 'unknown source';
  }
}

export function sharedBanner(ran = false): string {
  return `Opened from a shared link (${linkSource()})${ran ? '.' : ' — nothing has run yet.'}`;
}

function choice(action: string, text: string, onClick: () => void): HTMLButtonElement {
  const button = el('button', 'ex-button', text) as HTMLButtonElement;
  button.type = 'button';
  button.dataset.draftAction = action;
  button.addEventListener('click', onClick);
  return button;
}

export class DraftKeeper {
  readonly #surface: DraftSurface;
  #pending: Pending | undefined;
  #shared = false;
  /** The shared text has been run since it arrived (the question about it may still be open). */
  #ranShared = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #dirty = false;
  #lastResult: SaveResult | undefined;

  constructor(surface: DraftSurface) {
    this.#surface = surface;
    const flush = () => this.flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush();
    });
    window.addEventListener('storage', (event: StorageEvent) => {
      if (event.key !== surface.key) return;
      this.#otherTab(parseStored(event.newValue));
    });
  }

  get pending(): boolean {
    return this.#pending !== undefined;
  }

  /** Settles what the page shows now against what this browser saved; call once, when the controller is live. */
  start(): void {
    const { built, key } = this.#surface;
    const typed = this.#surface.read();
    const saved = readStored(key);
    if (typed !== built) {
      if (saved !== undefined && saved !== typed && saved !== built) {
        this.#ask({ kind: 'typed', saved });
        return;
      }
      this.#save();
      return;
    }
    if (saved !== undefined && saved !== built) {
      this.#surface.write(saved);
      this.#mark('saved');
      this.#say('Your text, saved in this browser, is back.');
    }
  }

  /** A shared link's text: shown and marked; the reader's own draft stays until they choose. */
  showShared(text: string): void {
    const own = readStored(this.#surface.key);
    this.#shared = true;
    this.#ranShared = false;
    this.#surface.host.dataset.shared = '';
    this.#surface.write(text);
    if (own !== undefined && own !== text) this.#ask({ kind: 'shared', own });
    else this.#say(sharedBanner());
  }

  /** The reader changed the inputs. */
  changed(): void {
    this.#dirty = true;
    if (this.#pending) {
      this.#render();
      return;
    }
    clearTimeout(this.#timer);
    // Not in the change's own task: a pasted megabyte is drawn in one task and stored in the next
    // (its JSON and localStorage took ~50 ms on a slow machine), so the page never pauses for both.
    this.#timer = setTimeout(() => this.flush(), this.#surface.delayMs ?? 0);
  }

  /** Saves a change not saved yet, unless a question is open (then nothing is overwritten). */
  flush(): void {
    clearTimeout(this.#timer);
    if (!this.#dirty || this.#pending) return;
    this.#save();
  }

  /** Back to what the page was built with; the saved draft is forgotten. */
  reset(): void {
    clearTimeout(this.#timer);
    this.#pending = undefined;
    this.#leaveShared();
    this.#surface.write(this.#surface.built);
    this.#dirty = false;
    this.#record(writeStored(this.#surface.key, undefined));
    this.#say('');
  }

  /** Said after a run, so the banner stops claiming nothing ran. */
  ran(): void {
    if (!this.#shared) return;
    this.#ranShared = true;
    if (this.#pending) this.#render();
    else {
      this.#leaveShared();
      this.#say('');
    }
  }

  #leaveShared() {
    this.#shared = false;
    delete this.#surface.host.dataset.shared;
  }

  #save() {
    this.#dirty = false;
    const text = this.#surface.read();
    const result = writeStored(this.#surface.key, text === this.#surface.built ? undefined : text);
    this.#record(result);
    if (this.#shared && result !== 'unavailable') this.#say(`${sharedBanner(this.#ranShared)} Your changes are saved in this browser.`);
    else if (result !== 'unavailable' && this.#lastResult === 'unavailable') this.#say('');
  }

  #record(result: SaveResult) {
    this.#mark(result === 'saved' ? 'saved' : result === 'unavailable' ? 'unsaved' : undefined);
    if (result === 'unavailable')
      this.#say("Your text will not be kept after you leave: this browser's storage is unavailable or full. Everything else works.");
    this.#lastResult = result;
  }

  #mark(state: 'saved' | 'unsaved' | 'pending' | undefined) {
    if (state) this.#surface.host.dataset.draft = state;
    else delete this.#surface.host.dataset.draft;
  }

  #otherTab(other: string | undefined) {
    if (other === this.#surface.read()) return;
    // Our own unanswered question stays; the newest other version is what it will offer.
    if (this.#pending?.kind === 'other-tab' || !this.#pending) this.#ask({ kind: 'other-tab', other });
  }

  #ask(pending: Pending) {
    clearTimeout(this.#timer);
    this.#pending = pending;
    this.#mark('pending');
    this.#render();
  }

  #resolve(keepShown: boolean) {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    if (!keepShown) {
      const text =
        pending.kind === 'typed' ? pending.saved : pending.kind === 'shared' ? pending.own : (pending.other ?? this.#surface.built);
      this.#surface.write(text);
      if (pending.kind === 'shared') this.#leaveShared();
      this.#dirty = false;
      this.#mark(text === this.#surface.built ? undefined : 'saved');
      this.#say(pending.kind === 'other-tab' ? "Showing the other tab's version." : 'Showing your saved text.');
      return;
    }
    this.#save();
    if (!this.#shared && this.#lastResult !== 'unavailable') this.#say('Saved in this browser.');
  }

  #say(text: string) {
    this.#surface.note.replaceChildren(text);
    this.#surface.note.hidden = text === '';
  }

  #render() {
    const pending = this.#pending;
    if (!pending) return;
    const unsaved = this.#dirty ? ' Your latest changes are not saved until you choose.' : '';
    const note = this.#surface.note;
    note.hidden = false;
    switch (pending.kind) {
      case 'typed':
        note.replaceChildren(
          `You typed here before the page finished loading, and this browser also holds text you saved earlier.${unsaved} `,
          choice('keep-typed', 'Keep what I typed', () => this.#resolve(true)),
          choice('load-saved', 'Load my saved text instead', () => this.#resolve(false)),
        );
        return;
      case 'shared':
        note.replaceChildren(
          `${sharedBanner(this.#ranShared)} You have your own saved text here; it stays saved until you choose.${unsaved} `,
          choice('keep-mine', 'Keep mine', () => this.#resolve(false)),
          choice('replace-mine', 'Replace mine with the shared text', () => this.#resolve(true)),
        );
        return;
      case 'other-tab':
        note.replaceChildren(
          `Another tab changed this text and saved it.${unsaved} `,
          choice('load-other', "Load the other tab's version", () => this.#resolve(false)),
          choice('keep-this', "Keep this tab's version", () => this.#resolve(true)),
        );
        return;
    }
  }
}
