/**
 * Opens a `#share=` link: decodes it, finds what it shares on this page, scrolls there and hands the
 * state to that part's controller. Nothing runs. A broken link leaves the page as it is and says why.
 */
import { decodeShare, ShareLinkError, type SharedState } from './share-link.ts';
import { el } from '../dom/el.ts';
import { injectStyle } from '../dom/inject-style.ts';
import shareCss from './share.css?inline';
import { exampleIdOf } from '../../widgets/live-example/example-id.ts';

export function showPageAlert(text: string): void {
  injectStyle('share', shareCss);
  const main = document.querySelector('main');
  if (!main) return;
  main.querySelector('[data-role="page-alert"]')?.remove();
  const alert = el('p', 'page-alert', text);
  alert.dataset.role = 'page-alert';
  alert.setAttribute('role', 'alert');
  main.prepend(alert);
}

async function open(state: SharedState): Promise<void> {
  switch (state.kind) {
    case 'example': {
      const element = [...document.querySelectorAll<HTMLElement>('live-sql')].find((candidate) => exampleIdOf(candidate) === state.id);
      if (!element)
        return showPageAlert(`The shared example "${state.id}" is not on this page (it may have been renamed). The page works as usual.`);
      element.scrollIntoView({ block: 'start' });
      const { attach } = await import('../../widgets/live-example/live-example.ts');
      attach(element, 'shared').applyShared(state.sql, state.mode);
      return;
    }
    case 'lab': {
      const element = [...document.querySelectorAll<HTMLElement>('prisma-lab')].find((candidate) => candidate.dataset.labId === state.id);
      if (!element) return showPageAlert(`The shared lab "${state.id}" is not on this page. The page works as usual.`);
      element.scrollIntoView({ block: 'start' });
      const { attach } = await import('../../widgets/prisma-lab/lab-controller.ts');
      attach(element, { action: 'shared' }).applyShared(state.files);
      return;
    }
    case 'playground':
    case 'check': {
      // Those pages read the link themselves when they set up.
      if (!document.querySelector(`[data-page="${state.kind}"]`)) showPageAlert(`This link belongs on the /${state.kind}/ page.`);
      return;
    }
  }
}

export async function openSharedLink(): Promise<void> {
  try {
    await open(await decodeShare(location.hash));
  } catch (error) {
    const reason = error instanceof ShareLinkError ? error.message : String(error);
    showPageAlert(`This shared link could not be opened: ${reason} The page works as usual.`);
  }
}
