// What every page ships for its live examples instead of the <live-sql> element itself
// (live-sql-element.ts, ~1 KB gz), which a reader who only reads never needs: the element is
// defined at the reader's first sign of acting (lib/dom/first-sign.ts), or at once for a returning
// reader whose database can start from the cache. Whatever the reader does to an example before its
// chunk arrives (a tap is often quicker than the network) is held here and replayed to the element,
// so no Run, Edit or keystroke is lost.

import { onFirstSign } from '../../lib/dom/first-sign.ts';
import { lazyModule } from '../../lib/dom/lazy-module.ts';
import { databaseMayBeCached } from '../../lib/sql-runtime/database-assets-key.ts';
import { makeCodeEditable } from './editable-code.ts';
import { showLoadFailure } from './example-load-failure.ts';

const loadElement = lazyModule(() => import('./live-sql-element.ts'));

/** On every page the script sets up, the first one and each one the router swaps in. */
export function wakeExamples(): void {
  if (!document.querySelector('live-sql')) return;
  if (databaseMayBeCached()) void loadElement().catch(() => undefined);
  else onFirstSign(() => void loadElement().catch(() => undefined));
}

/** Is this event one the element acts on? (the same intents its own listeners read) */
function isIntent(event: Event, target: Element): boolean {
  switch (event.type) {
    case 'click':
      return target.closest('[data-action]:not([data-action="copy-link"]), [data-role="code"]') !== null;
    case 'keydown': {
      const key = event as KeyboardEvent;
      return key.key === 'Enter' && (key.ctrlKey || key.metaKey);
    }
    case 'toggle':
      return target instanceof HTMLDetailsElement && target.open;
    default:
      return true;
  }
}

function hold(event: Event): void {
  if (customElements.get('live-sql') || !(event.target instanceof Element)) return;
  const target = event.target;
  const example = target.closest<HTMLElement>('live-sql');
  if (!example || !isIntent(event, target)) return;
  if (event.type === 'keydown') event.preventDefault();
  if (event.type === 'pointerdown') {
    // The caret has to be placed by this very pointerdown; the click that follows carries the intent.
    const onEdit = target.closest('[data-action="edit"]') !== null;
    if (onEdit || target.closest('[data-role="code"]')) makeCodeEditable(example, onEdit);
    return;
  }
  // A focus only warms up: it asks for nothing, so a failed load is said at the next real intent.
  const asks = event.type !== 'focusin';
  if (asks) example.dataset.upgrading = '';
  // A copy of the event (its init dictionary read from the original), dispatched where it happened.
  const replay = new (event.constructor as typeof Event)(event.type, event);
  void loadElement().then(
    () => target.dispatchEvent(replay),
    (error: unknown) => asks && showLoadFailure(example, error),
  );
}

// Captured on the way down: toggle does not bubble, and the element's own listeners take over once it is defined.
for (const type of ['pointerdown', 'click', 'keydown', 'focusin', 'toggle']) document.addEventListener(type, hold, true);
