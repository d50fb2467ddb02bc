// Search over the Pagefind index built after `astro build`. Loaded the first time a reader opens
// search, so pages pay nothing for it until then.

interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
}
interface PagefindResultData {
  url: string;
  meta: { title?: string };
  excerpt: string;
  sub_results: PagefindSubResult[];
}
interface PagefindResult {
  data(): Promise<PagefindResultData>;
}
interface Pagefind {
  init(): Promise<void>;
  debouncedSearch(query: string, options?: object, ms?: number): Promise<{ results: PagefindResult[] } | null>;
}

import { injectStyle } from '../../lib/dom/inject-style.ts';
import searchCss from './search.css?inline';

let pagefind: Promise<Pagefind> | undefined;
let dialog: HTMLDialogElement | undefined;

function loadPagefind(): Promise<Pagefind> {
  // A runtime URL, not a module Vite can see: the index only exists after the build.
  const url = '/pagefind/pagefind.js';
  pagefind ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (module) => {
    await module.init();
    return module;
  });
  return pagefind;
}

function buildDialog(): HTMLDialogElement {
  const element = document.createElement('dialog');
  element.className = 'search';
  element.setAttribute('aria-label', 'Search the guide');
  element.innerHTML = `
    <form method="dialog" role="search">
      <label for="search-input">Search the guide</label>
      <input id="search-input" type="search" autocomplete="off" spellcheck="false" placeholder="e.g. shadow database" />
    </form>
    <p class="search-status" role="status" aria-live="polite"></p>
    <ol class="search-results"></ol>
    <button type="button" data-close>Close</button>`;
  const input = element.querySelector('input')!;
  const status = element.querySelector<HTMLElement>('.search-status')!;
  const list = element.querySelector<HTMLOListElement>('.search-results')!;
  input.addEventListener('input', () => void runSearch(input.value, status, list));
  element.addEventListener('keydown', (event) => moveThroughResults(event, input, list));
  element.querySelector('[data-close]')!.addEventListener('click', () => element.close());
  element.addEventListener('click', (event) => {
    if (event.target === element) element.close();
    if (event.target instanceof Element && event.target.closest('a')) element.close();
  });
  document.body.append(element);
  return element;
}

/**
 * Arrow keys move between the input and the results (each result is a link, so Enter follows it
 * and Tab order stays the document's): Down from the input to the first result, Up from the first
 * back to the input, Home/End within the results.
 */
function moveThroughResults(event: KeyboardEvent, input: HTMLInputElement, list: HTMLOListElement): void {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
  const links = [...list.querySelectorAll<HTMLAnchorElement>('a')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (links.length === 0 || (at < 0 && document.activeElement !== input)) return;
  if (at < 0 && (event.key === 'Home' || event.key === 'End')) return; // the input's own caret keys
  event.preventDefault();
  const target =
    event.key === 'ArrowDown'
      ? links[Math.min(at + 1, links.length - 1)]
      : event.key === 'ArrowUp'
        ? at <= 0
          ? input
          : links[at - 1]
        : event.key === 'Home'
          ? links[0]
          : links[links.length - 1];
  target?.focus();
}

async function runSearch(query: string, status: HTMLElement, list: HTMLOListElement): Promise<void> {
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = '';
    return;
  }
  let found;
  try {
    found = await (await loadPagefind()).debouncedSearch(query, {}, 150);
  } catch {
    status.textContent = 'Search is unavailable (the index is built by `npm run build`).';
    return;
  }
  if (!found) return; // superseded by a newer query
  const pages = await Promise.all(found.results.slice(0, 8).map((result) => result.data()));
  const items = pages.flatMap((page) => {
    const hits =
      page.sub_results.length > 0
        ? page.sub_results.slice(0, 3)
        : [{ title: page.meta.title ?? page.url, url: page.url, excerpt: page.excerpt }];
    return hits.map((hit) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = hit.url;
      link.textContent = hit.title === page.meta.title ? hit.title : `${page.meta.title ?? ''} › ${hit.title}`;
      const excerpt = document.createElement('p');
      // Pagefind's excerpt is escaped text with <mark> around matches; keep only those marks.
      excerpt.innerHTML = hit.excerpt.replace(/<(?!\/?mark>)[^>]*>/g, '');
      item.append(link, excerpt);
      return item;
    });
  });
  list.replaceChildren(...items);
  status.textContent = items.length ? `${items.length} results` : 'No results';
}

export function openSearch(): void {
  injectStyle('search', searchCss);
  dialog ??= buildDialog();
  if (!dialog.isConnected) document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('input')?.focus();
  void loadPagefind().catch(() => undefined);
}
