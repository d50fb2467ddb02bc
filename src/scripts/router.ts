/**
 * Moves between the guide's pages without unloading this one, so the tab's database worker (and
 * anything a reader ran) survives going to the next chapter.
 *
 * Astro's <ClientRouter /> does this too, but costs ~5.7 KB gzipped on every page — a third of
 * the page budget; this router does only what the guide needs (measured: see README, "Bytes").
 * Anything unusual (another origin, a new tab, a download, a failed fetch) falls back to a
 * normal page load, so the worst case is the browser's own behaviour.
 */
import { PAGE_SWAPPED } from './events.ts';

const pages = new Map<string, Promise<string>>();
/** The page the body currently shows; history entries that differ only by #hash keep it. */
let shown = location.pathname + location.search;

function pageUrl(url: URL): string {
  return url.origin + url.pathname + url.search;
}

function fetchPage(url: URL): Promise<string> {
  const key = pageUrl(url);
  let page = pages.get(key);
  if (!page) {
    page = fetch(key, { headers: { Accept: 'text/html' } }).then((response) => {
      if (!response.ok || !response.headers.get('Content-Type')?.includes('text/html')) throw new Error(`HTTP ${response.status}`);
      return response.text();
    });
    page.catch(() => pages.delete(key));
    pages.set(key, page);
  }
  return page;
}

/** A link this router may handle: same origin, a guide page, a plain left click. */
function routable(event: MouseEvent): URL | undefined {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return undefined;
  const anchor = event.target instanceof Element ? event.target.closest('a') : null;
  if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.dataset.reload !== undefined) return undefined;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || !url.pathname.endsWith('/') || url.pathname.startsWith('/pagefind/')) return undefined;
  // Same page, different section: the browser's own jump is right.
  if (url.pathname === location.pathname && url.search === location.search) return undefined;
  return url;
}

function scrollToTarget(url: URL): void {
  const id = decodeURIComponent(url.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  if (target) target.scrollIntoView();
  else window.scrollTo(0, 0);
}

async function navigate(url: URL, push: boolean): Promise<void> {
  let html: string;
  try {
    html = await fetchPage(url);
  } catch {
    location.assign(url.href);
    return;
  }
  const next = new DOMParser().parseFromString(html, 'text/html');
  if (push) {
    history.replaceState({ ...history.state, scrollY: window.scrollY }, '');
    history.pushState({}, '', url.href);
  }
  shown = url.pathname + url.search;
  document.title = next.title;
  const description = next.querySelector('meta[name="description"]')?.getAttribute('content');
  if (description) document.querySelector('meta[name="description"]')?.setAttribute('content', description);
  // Scripts in the new body are inert (parsed, not run): this page's modules are already loaded.
  document.body.replaceWith(document.adoptNode(next.body));
  document.dispatchEvent(new Event(PAGE_SWAPPED));
  const restore = (history.state as { scrollY?: number } | null)?.scrollY;
  if (!push && typeof restore === 'number') window.scrollTo(0, restore);
  else scrollToTarget(url);
  // Tell assistive technology the page changed, as a full load would.
  document.querySelector<HTMLElement>('#content')?.focus({ preventScroll: true });
}

export function startRouter(): void {
  document.addEventListener('click', (event) => {
    const url = routable(event);
    if (!url) return;
    event.preventDefault();
    void navigate(url, true);
  });
  // Fetch on hover: by the time the click lands, the page is usually here.
  document.addEventListener('pointerover', (event) => {
    const anchor = event.target instanceof Element ? event.target.closest('a') : null;
    if (!anchor) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin === location.origin && url.pathname.endsWith('/') && url.pathname !== location.pathname)
      void fetchPage(url).catch(() => undefined);
  });
  window.addEventListener('popstate', () => {
    if (location.pathname + location.search === shown) return; // a #section step: the browser scrolls
    void navigate(new URL(location.href), false);
  });
}
