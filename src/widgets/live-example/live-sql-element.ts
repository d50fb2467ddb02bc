// <live-sql> upgrades itself in steps, so a reader who only reads pays for nothing:
//   static Shiki code (HTML) → on a sign of interest, the database worker starts in the background →
//   on Run/Edit/click/keyboard focus, the example controller (and, for editing, Monaco) loads.
// This file must stay small: it ships with every page.

import { isNetworkFailure, loadFailureMessage } from '../../lib/dom/load-failure.ts';
import { onFirstSign } from '../../lib/dom/first-sign.ts';
import { databaseMayBeCached } from '../../lib/sql-runtime/database-assets-key.ts';

type Controller = typeof import('./live-example.ts');
let controller: Promise<Controller> | undefined;
let retries = 0;

/**
 * Browsers that predate whatwg/html#10327 remember a failed module fetch for the page's lifetime,
 * so a plain second import() fails without asking the network; the same file under a fresh query
 * string is fetched anew (its own imports resolve as before).
 */
async function importController(): Promise<Controller> {
  try {
    return await import('./live-example.ts');
  } catch (error) {
    const url = /https?:\/\/\S+\.js/.exec(error instanceof Error ? error.message : '')?.[0];
    if (!url || !navigator.onLine) throw error;
    try {
      return (await import(/* @vite-ignore */ `${url}?retry=${++retries}`)) as Controller;
    } catch {
      throw error;
    }
  }
}

// A failed load is forgotten, so the reader's next Run tries again instead of failing for good.
const loadController = () =>
  (controller ??= importController().catch((error: unknown) => {
    controller = undefined;
    throw error;
  }));

/** Set by page.ts while it puts readers' saved edits in place. */
let savedEditsShown: Promise<unknown> = Promise.resolve();
export function showingSavedEdits(done: Promise<unknown>): void {
  savedEditsShown = done;
}

function prewarm(): void {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return;
  void loadController().then(
    (module) => module.prewarmDatabase(),
    () => undefined,
  );
}

// An example that stays on screen this long counts as interest; scrolling past does not.
const DWELL_MS = 700;
const dwellTimers = new WeakMap<Element, ReturnType<typeof setTimeout>>();
let observer: IntersectionObserver | undefined;

function observe(element: Element): void {
  observer ??= new IntersectionObserver((entries) => {
    for (const entry of entries) {
      clearTimeout(dwellTimers.get(entry.target));
      if (entry.isIntersecting) dwellTimers.set(entry.target, setTimeout(prewarm, DWELL_MS));
    }
  });
  observer.observe(element);
}

// A returning reader: when everything the database needs is in the service worker's cache, it
// starts as soon as the first example is on the page (no network byte; see offline-assets.ts), so
// the first Run finds it started or starting. Waiting for idle cost a Run at load the whole start.
// The full check loads only for a reader who has the list at all.
let cacheChecked = false;
function startIfCached(): void {
  if (cacheChecked) return;
  cacheChecked = true;
  if (!databaseMayBeCached()) return;
  const pageScript = import.meta.url;
  void import('../../lib/sql-runtime/database-cached.ts')
    .then((check) => check.databaseIsCached(pageScript))
    .then(
      (cached) => cached && prewarm(),
      () => undefined,
    );
}

/** Enter in the editable static block: a "\n" in its text (Chromium would add a <br>, which textContent misses). */
function newLineAsText(event: KeyboardEvent): void {
  const selection = getSelection();
  if (event.key !== 'Enter' || event.ctrlKey || event.metaKey || event.altKey || !selection?.rangeCount) return;
  event.preventDefault();
  const range = selection.getRangeAt(0);
  range.deleteContents();
  const text = document.createTextNode('\n');
  range.insertNode(text);
  range.setStartAfter(text);
  range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
}

class LiveSqlElement extends HTMLElement {
  /** The example as written in the guide, kept when a saved edit replaces the code shown. */
  originalSql: string | undefined;

  connectedCallback(): void {
    // Dwelling counts once the reader has shown a sign of acting: before that no timer loads anything.
    onFirstSign(() => observe(this));
    startIfCached();
    this.addEventListener('pointerenter', prewarm, { once: true });
    this.addEventListener('pointerdown', this.#onPointerDown);
    this.addEventListener('focusin', this.#onFocus);
    this.addEventListener('click', this.#onClick);
    this.addEventListener('keydown', this.#onKey);
    // toggle does not bubble: caught on the way down. The controller fills the Setup section it opens.
    this.addEventListener('toggle', this.#onToggle, true);
  }

  disconnectedCallback(): void {
    observer?.unobserve(this);
    clearTimeout(dwellTimers.get(this));
  }

  /** Once the controller is attached it listens itself; until then every intent is forwarded. */
  get #attached(): boolean {
    return this.dataset.upgraded !== undefined;
  }

  #onFocus = (event: FocusEvent): void => {
    prewarm();
    if (event.target instanceof Element && event.target.closest('[data-role="code"]')) this.#forward('focus-code');
  };

  /**
   * Monaco takes a moment to arrive: until it does, the static block itself takes the reader's
   * typing (the editor then starts from that text, caret included, see editor/sql-editor.ts; a Run
   * before then runs it too). Made editable on pointerdown, before the browser places the caret.
   */
  #onPointerDown = (event: PointerEvent): void => {
    if (!(event.target instanceof Element)) return;
    const onCode = event.target.closest('[data-role="code"]') !== null;
    const onEdit = event.target.closest('[data-action="edit"]') !== null;
    if (!onCode && !onEdit) return;
    // Monaco's chunk is fetched beside the controller's instead of after it (the controller's own
    // import then finds it loaded or loading).
    void import('../../lib/editor/sql-editor.ts').catch(() => undefined);
    const pre = this.querySelector<HTMLElement>('[data-role="code"] pre');
    if (!pre || pre.isContentEditable) return;
    pre.contentEditable = 'plaintext-only';
    pre.spellcheck = false;
    pre.addEventListener('keydown', newLineAsText);
    if (onEdit) {
      // The button keeps the pointer; the caret goes to the end of the code once it is released.
      requestAnimationFrame(() => {
        pre.focus();
        const selection = getSelection();
        selection?.selectAllChildren(pre);
        selection?.collapseToEnd();
      });
    }
    if (this.#attached) void loadController().then((module) => module.attach(this, 'edit'));
    else this.#forward('edit');
  };

  #onClick = (event: MouseEvent): void => {
    if (this.#attached || !(event.target instanceof Element)) return;
    const action = event.target.closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action === 'copy-link') return;
    if (action) this.#forward(action);
    else if (event.target.closest('[data-role="code"]')) this.#forward('edit');
  };

  #onToggle = (event: Event): void => {
    if (event.target instanceof HTMLDetailsElement && event.target.open) this.#forward('setup');
  };

  #onKey = (event: KeyboardEvent): void => {
    if (this.#attached || event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    this.#forward('run');
  };

  // Intents that arrive while the controller loads are queued in order, not dropped.
  #forward(intent: string): void {
    if (this.#attached) return;
    this.dataset.upgrading = '';
    // A saved edit must be in place before the controller reads the example's code.
    void Promise.all([loadController(), savedEditsShown.catch(() => undefined)]).then(
      ([module]) => module.attach(this, intent),
      (error: unknown) => this.#loadFailed(error),
    );
  }

  /** Nothing loaded: say so where the result would be; the next intent tries again. */
  #loadFailed(error: unknown): void {
    delete this.dataset.upgrading;
    const output = this.querySelector<HTMLElement>('[data-role="output"]');
    if (!output) return;
    const text = isNetworkFailure(error)
      ? loadFailureMessage('this live example', 'Run')
      : `Could not start this live example (${error instanceof Error ? error.message : String(error)}). Press Run again to retry.`;
    const message = document.createElement('p');
    message.className = 'summary error';
    message.textContent = text;
    output.replaceChildren(message);
    output.dataset.state = 'error';
    output.dataset.stopped = 'load-failed';
    output.dataset.done = String(Number(output.dataset.done ?? 0) + 1);
  }
}

if (!customElements.get('live-sql')) customElements.define('live-sql', LiveSqlElement);
