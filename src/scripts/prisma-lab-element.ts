// <prisma-lab> enables its controls (they are disabled in the HTML, which works without
// JavaScript) and loads the lab controller on the first sign of use. page.ts loads this only on
// pages that have a lab.

export {};

type Controller = typeof import('../lib/lab-ui/lab-controller.ts');
let controller: Promise<Controller> | undefined;
const loadController = () => (controller ??= import('../lib/lab-ui/lab-controller.ts'));

// Kept in step with labDraftKey in lab-controller.ts (not imported: this file ships before it).
function hasSavedDraft(id: string): boolean {
  try {
    return localStorage.getItem(`mfg:lab:${id}`) !== null;
  } catch {
    return false;
  }
}

class PrismaLabElement extends HTMLElement {
  connectedCallback(): void {
    for (const control of this.querySelectorAll<HTMLInputElement | HTMLButtonElement | HTMLSelectElement>('[disabled]'))
      control.disabled = false;
    this.addEventListener('focusin', this.#warm);
    this.addEventListener('pointerenter', this.#warm, { once: true });
    this.addEventListener('click', this.#onClick);
    this.addEventListener('submit', this.#onSubmit);
    // A reader's saved files come back at once (the controller shows them and says ready);
    // otherwise the element is ready now: it forwards every intent to the controller it loads.
    if (hasSavedDraft(this.dataset.labId ?? '')) this.#forward({ action: 'lab-restore' });
    else this.dataset.ready = '';
  }

  get #attached(): boolean {
    return this.dataset.upgraded !== undefined;
  }

  #warm = (): void => {
    if (!this.#attached) void loadController().then((module) => module.prewarm());
  };

  #onClick = (event: MouseEvent): void => {
    if (this.#attached || !(event.target instanceof Element)) return;
    const target = event.target.closest<HTMLElement>('[data-action]');
    if (!target && event.target.closest('[data-role="lab-file-code"]')) return this.#forward({ action: 'lab-edit-file' });
    if (!target || target.dataset.action === 'copy-link') return;
    this.#forward({
      action: target.dataset.action ?? '',
      path: target.dataset.path,
      index: target.dataset.index,
      command: target.dataset.command,
    });
  };

  #onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (!this.#attached) this.#forward({ action: 'lab-run' });
  };

  // Intents that arrive while the controller loads are replayed in order.
  #forward(intent: { action: string; path?: string; index?: string; command?: string }): void {
    this.dataset.upgrading = '';
    void loadController().then((module) => module.attach(this, intent));
  }
}

if (!customElements.get('prisma-lab')) customElements.define('prisma-lab', PrismaLabElement);
