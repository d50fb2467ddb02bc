// <live-sql> upgrades itself in steps, so a reader who only reads pays for nothing:
//   static Shiki code (HTML) → at the reader's first sign, this element (live-sql-early.ts loads it) →
//   on a sign of interest, the database worker starts in the background →
//   on Run/Edit/click/keyboard focus, the example controller (and, for editing, Monaco) loads.

import { onFirstSign } from '../../lib/dom/first-sign.ts';
import { lazyModule } from '../../lib/dom/lazy-module.ts';
import { loadSqlEditor } from '../../lib/editor/editor-chunk.ts';
import { databaseMayBeCached } from '../../lib/sql-runtime/database-assets-key.ts';
import { startIfCached as startDatabaseIfCached } from '../../lib/sql-runtime/database-cached.ts';
import { startEarlyWorker } from '../../lib/sql-runtime/early-worker.ts';
import { makeCodeEditable } from './editable-code.ts';
import { showLoadFailure } from './example-load-failure.ts';
import { savedEditsShown } from './saved-edits-gate.ts';

const loadController = lazyModule(() => import('./live-example.ts'));

/**
 * The editor a reader asked for comes before a database nobody has asked for yet:
 * - Monaco's chunk is fetched as soon as an Edit is known, beside the controller's chunks, not after
 *   them: for a reader whose first sign was the Edit, the controller's chain of chunks put ~270 ms
 *   before the editor's was even asked for;
 * - a start of the database in the background waits until that editor is drawn: on two cores the
 *   start's downloads and compile added ~500 ms to Edit → editor ready (bench/cold-trace.mjs --edit,
 *   with and without NO_DATABASE=1). A Run starts the database at once, editor or not.
 */
let editorLoad: Promise<unknown> | undefined;
function loadEditor(): void {
  // The same promise while the chunk loads or once it has; a new one once the controller has seen it fail (editor-chunk.ts).
  editorLoad = loadSqlEditor({ prefetch: true }).catch(() => undefined);
}

/** Resolves when no editor is being opened: the hover that warms up comes a moment before its Edit, hence the task's wait. */
async function editorFirst(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve));
  if (!editorLoad) return;
  await editorLoad;
  // The controller creates the editor as its chunk arrives; its lines are drawn by the next frame.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

function prewarm(): void {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return;
  void loadController()
    .then(async (module) => {
      await editorFirst();
      module.prewarmDatabase();
    })
    .catch(() => undefined);
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
// The cache check is part of this chunk (~0.5 KB gz more, for every reader at the first sign): as
// a chunk of its own it was requested only once this one had run, so a returning reader's Run at
// load waited one more round trip before the worker was even created.
let cacheChecked = false;
function startIfCached(): void {
  if (cacheChecked) return;
  cacheChecked = true;
  if (!databaseMayBeCached()) return;
  void startDatabaseIfCached(import.meta.url).then(
    (cached) => cached && prewarm(),
    () => undefined,
  );
}

class LiveSqlElement extends HTMLElement {
  /**
   * The example as written in the guide, kept when a saved edit replaces the code shown. Declared
   * only: restore-edits.ts may set it before this class upgrades the element, and a class field
   * would reset it to undefined on upgrade.
   */
  declare originalSql: string | undefined;

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

  #onPointerDown = (event: PointerEvent): void => {
    if (!(event.target instanceof Element)) return;
    const onCode = event.target.closest('[data-role="code"]') !== null;
    const onEdit = event.target.closest('[data-action="edit"]') !== null;
    if (!onCode && !onEdit) return;
    loadEditor();
    if (!makeCodeEditable(this, onEdit)) return;
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
    // An Edit held by live-sql-early.ts (made before this chunk arrived) reaches here as a click,
    // and its pointerdown never did.
    if (intent === 'edit' || intent === 'focus-code') loadEditor();
    // A Run asks for the database: its worker starts with the click, beside the controller's
    // chunks, not once they have all arrived (~90 ms later on a cold first Run, bench/cold-trace.mjs).
    // The client takes it when it loads (early-worker.ts).
    if (intent === 'run') startEarlyWorker({ download: true });
    this.dataset.upgrading = '';
    // A saved edit must be in place before the controller reads the example's code.
    void Promise.all([loadController(), savedEditsShown()]).then(
      ([module]) => module.attach(this, intent),
      (error: unknown) => showLoadFailure(this, error),
    );
  }
}

if (!customElements.get('live-sql')) customElements.define('live-sql', LiveSqlElement);
