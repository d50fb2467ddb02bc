/**
 * A lab's command line: the input, its history (arrow keys, as a shell has), and the state of a
 * command stopped at a y/N question, when the next line typed is its answer rather than a command.
 */
const HISTORY_LIMIT = 50;

interface Waiting {
  command: string;
  question: string;
  /** The input's own accessible name, put back when the question ends. */
  label: string | null;
}

export class CommandLine {
  readonly input: HTMLInputElement;
  readonly #host: HTMLElement;
  #history: string[] = [];
  #cursor = 0;
  #waiting: Waiting | undefined;

  constructor(input: HTMLInputElement, host: HTMLElement) {
    this.input = input;
    this.#host = host;
    input.addEventListener('keydown', (event) => this.#onHistoryKey(event));
  }

  get value(): string {
    return this.input.value;
  }

  set value(text: string) {
    this.input.value = text;
  }

  /** The command waiting for its answer, if one is. */
  get waiting(): string | undefined {
    return this.#waiting?.command;
  }

  remember(command: string): void {
    if (this.#history.at(-1) !== command) this.#history.push(command);
    if (this.#history.length > HISTORY_LIMIT) this.#history.shift();
    this.#cursor = this.#history.length;
  }

  /** The command stopped at a question: the input now takes the answer and says so to a screen reader. */
  ask(command: string, question: string): void {
    this.#waiting = { command, question, label: this.input.getAttribute('aria-label') };
    this.#host.dataset.waiting = '';
    this.input.value = '';
    this.input.placeholder = 'y/N';
    this.input.setAttribute('aria-label', `Answer: ${question} (y or n)`);
    this.input.focus();
  }

  endWaiting(): void {
    const label = this.#waiting?.label;
    this.#waiting = undefined;
    delete this.#host.dataset.waiting;
    this.input.placeholder = '';
    if (label) this.input.setAttribute('aria-label', label);
    else this.input.removeAttribute('aria-label');
  }

  #onHistoryKey(event: KeyboardEvent) {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    if (this.#history.length === 0) return;
    event.preventDefault();
    this.#cursor = Math.max(0, Math.min(this.#history.length, this.#cursor + (event.key === 'ArrowUp' ? -1 : 1)));
    this.input.value = this.#history[this.#cursor] ?? '';
  }
}
