// The only script every page loads before interaction. It stays tiny: anything heavier (search,
// the editor, the database, the Copy buttons, the router) is imported the first time a reader asks
// for it or shows a sign of acting (lib/dom/first-sign.ts); nothing loads on a timer.
import { wakeExamples } from '../widgets/live-example/live-sql-early.ts';
import { showingSavedEdits } from '../widgets/live-example/saved-edits-gate.ts';
import { PAGE_SWAPPED } from './events.ts';
import { onFirstSign } from '../lib/dom/first-sign.ts';

// The chapter list folds on phones (the inline script beside it does that on a full load; bodies
// the router swaps in run no inline script) and is always open on wide screens, whose CSS hides
// the summary that would reopen it.
const wide = matchMedia('(min-width: 48.01rem)');
// The table of contents likewise, but it needs more room to sit beside the page.
const wider = matchMedia('(min-width: 72.01rem)');
function fitSidebar(): void {
  const fold = document.querySelector<HTMLDetailsElement>('.sidebar-fold');
  if (fold) fold.open = wide.matches;
  const toc = document.querySelector<HTMLDetailsElement>('.toc-fold');
  if (toc) toc.open = wider.matches;
}
wide.addEventListener('change', fitSidebar);
wider.addEventListener('change', fitSidebar);

function safeStorage(): Storage | Record<string, never> {
  try {
    return localStorage;
  } catch {
    return {};
  }
}

function setUpPage(): void {
  document.documentElement.classList.replace('no-js', 'js');
  // The code blocks' Copy buttons come at the reader's first sign (at once on bodies the router swaps in).
  onFirstSign(
    () =>
      void import('./copy.ts').then(
        (copy) => copy.addCopyButtons(document),
        () => undefined,
      ),
  );
  fitSidebar();
  // "On this page" starts marking sections once the reader scrolls: nothing to mark at the top, and
  // its code stays out of the bytes every page loads first.
  if (document.querySelector('.toc'))
    addEventListener('scroll', () => void import('./toc.ts').then((toc) => toc.followSections(document)), { once: true, passive: true });
  // The theme button's markup already says "Auto", true for everyone who never picked a theme (the
  // inline script in the head applies a picked one before the first paint); its full name, which
  // says what the system's theme is, comes with the reader's first sign.
  const toggle = document.querySelector<HTMLButtonElement>('[data-action="toggle-theme"]');
  const showChoice = () => void import('./theme.ts').then((theme) => toggle && theme.showTheme(toggle));
  if (toggle && document.documentElement.dataset.theme) showChoice();
  else if (toggle) onFirstSign(showChoice);
  wakeExamples();
  // Readers who saved edits get them back; everyone else loads nothing for it.
  const edited = Object.keys(safeStorage()).some((key) => key.startsWith('mfg:edit:'));
  if (edited) showingSavedEdits(import('../widgets/live-example/restore-edits.ts').then((edits) => edits.restoreSavedEdits(document)));
  // Only chapters with a lab pay for its element.
  if (document.querySelector('prisma-lab')) void import('../widgets/prisma-lab/prisma-lab-element.ts');
  if (location.hash.startsWith('#share=')) void import('../lib/share/open-shared.ts').then((share) => share.openSharedLink());
  const tool = document.querySelector<HTMLElement>('[data-page]')?.dataset.page;
  if (tool === 'check') void import('../widgets/check/check-page.ts').then((page) => page.setUpCheckPage());
  if (tool === 'playground') void import('../widgets/playground/playground-page.ts').then((page) => page.setUpPlayground());
}

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-action]') : null;
  if (!target) return;
  switch (target.dataset.action) {
    case 'toggle-theme':
      void import('./theme.ts').then((theme) => {
        theme.cycleTheme();
        theme.showTheme(target);
      });
      break;
    case 'open-search':
      void import('../widgets/search/search.ts').then((search) => search.openSearch());
      break;
    case 'copy-link':
      if (target instanceof HTMLAnchorElement)
        void import('./copy.ts').then(
          (copy) => copy.copyLink(target),
          () => undefined,
        );
      break;
  }
});

document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const active = document.activeElement;
  if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement) return;
  if (active instanceof HTMLElement && (active.isContentEditable || active.closest('.monaco-editor'))) return;
  event.preventDefault();
  void import('../widgets/search/search.ts').then((search) => search.openSearch());
});

// A share link pasted into the address bar of an open page changes only the fragment.
addEventListener('hashchange', () => {
  if (location.hash.startsWith('#share=')) void import('../lib/share/open-shared.ts').then((share) => share.openSharedLink());
});

// The router, like the Copy buttons, only for a reader who acts (lib/dom/first-sign.ts); a click that
// comes before it simply navigates the ordinary way.
onFirstSign(() => void import('./router.ts').then((router) => router.startRouter()));

// After the router swaps in the next page's body, redo the page-level setup.
document.addEventListener(PAGE_SWAPPED, setUpPage);
setUpPage();

// Offline after the first visit (lib/integration/service-worker.ts), in the built site only. Once
// the page has loaded, so installing never competes with the page's own first requests; a refused
// registration (private mode, a host that does not serve sw.js) only means no offline copy.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined), { once: true });
}
