// Reads the production build (dist/) for tests that check what a reader gets, without a browser.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export const DIST = join(import.meta.dirname, '../../dist');

export function assertBuilt(): void {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
}

export interface BuiltPage {
  /** URL path, e.g. /guide/overview/ */
  url: string;
  file: string;
  tree: Root;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function builtPages(): BuiltPage[] {
  assertBuilt();
  return walk(DIST)
    .filter((file) => file.endsWith('.html'))
    .map((file) => {
      const rel = relative(DIST, file).replaceAll('\\', '/');
      const url = `/${rel.replace(/index\.html$/, '')}`;
      return { url, file, tree: fromHtml(readFileSync(file, 'utf8')) };
    });
}

export function elements(tree: Root, test: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (test(node)) found.push(node);
  });
  return found;
}
