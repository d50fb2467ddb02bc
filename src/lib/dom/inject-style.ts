/**
 * Adds a stylesheet once. Lazily loaded modules use it with `?inline` CSS imports (minified by Vite,
 * unlike `?raw`, so the source stays formatted at no cost): a normal CSS import
 * would be hoisted by Astro into every page's <head>, costing readers who never need it.
 */
const injected = new Set<string>();

export function injectStyle(name: string, css: string): void {
  if (injected.has(name)) return;
  injected.add(name);
  const style = document.createElement('style');
  style.dataset.style = name;
  style.textContent = css;
  document.head.append(style);
}
