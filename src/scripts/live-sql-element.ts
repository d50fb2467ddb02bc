// <live-sql> upgrades itself in steps, so a reader who only reads pays for nothing:
//   static Shiki code (HTML) → on a sign of interest, the database worker starts in the background →
//   on Run/Edit/click/keyboard focus, the example controller (and, for editing, Monaco) loads.
// This file must stay small: it ships with every page.

type Controller = typeof import('../lib/live/live-example.ts');
let controller: Promise<Controller> | undefined;
const loadController = () => (controller ??= import('../lib/live/live-example.ts'));

/** Set by page.ts while it puts readers' saved edits in place. */
let savedEditsShown: Promise<unknown> = Promise.resolve();
export function showingSavedEdits(done: Promise<unknown>): void {
  savedEditsShown = done;
}

function prewarm(): void {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return;
  void loadController().then((module) => module.prewarmDatabase());
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

class LiveSqlElement extends HTMLElement {
  /** The example as written in the guide, kept when a saved edit replaces the code shown. */
  originalSql: string | undefined;

  connectedCallback(): void {
    observe(this);
    this.addEventListener('pointerenter', prewarm, { once: true });
    this.addEventListener('focusin', this.#onFocus);
    this.addEventListener('click', this.#onClick);
    this.addEventListener('keydown', this.#onKey);
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

  #onClick = (event: MouseEvent): void => {
    if (this.#attached || !(event.target instanceof Element)) return;
    const action = event.target.closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action === 'copy-link') return;
    if (action) this.#forward(action);
    else if (event.target.closest('[data-role="code"]')) this.#forward('edit');
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
    void Promise.all([loadController(), savedEditsShown]).then(([module]) => module.attach(this, intent));
  }
}

if (!customElements.get('live-sql')) customElements.define('live-sql', LiveSqlElement);
