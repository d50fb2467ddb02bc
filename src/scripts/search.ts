// Search over the Pagefind index built after `astro build`. Loaded the first time a reader opens
// search, so pages pay nothing for it until then.

interface PagefindSubResult { title: string; url: string; excerpt: string }
interface PagefindResultData { url: string; meta: { title?: string }; excerpt: string; sub_results: PagefindSubResult[] }
interface PagefindResult { data(): Promise<PagefindResultData> }
interface Pagefind {
  init(): Promise<void>;
  debouncedSearch(query: string, options?: object, ms?: number): Promise<{ results: PagefindResult[] } | null>;
}

import { injectStyle } from '../lib/dom/inject-style.ts';
import searchCss from './search.css?raw';

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
  element.querySelector('[data-close]')!.addEventListener('click', () => element.close());
  element.addEventListener('click', (event) => {
    if (event.target === element) element.close();
    if (event.target instanceof Element && event.target.closest('a')) element.close();
  });
  document.body.append(element);
  return element;
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
    const hits = page.sub_results.length > 0 ? page.sub_results.slice(0, 3) : [{ title: page.meta.title ?? page.url, url: page.url, excerpt: page.excerpt }];
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
