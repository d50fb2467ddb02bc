// The pages of the production build, for tests that visit every one of them.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const DIST = join(import.meta.dirname, '../../dist');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** URL paths of every built HTML page (404 included), e.g. /guide/overview/ */
export function sitePages(): string[] {
  return walk(DIST)
    .filter((file) => file.endsWith('.html') && !relative(DIST, file).startsWith('pagefind'))
    .map(
      (file) =>
        `/${relative(DIST, file)
          .replaceAll('\\', '/')
          .replace(/index\.html$/, '')}`,
    )
    .sort();
}

export function chapterPages(): string[] {
  return sitePages().filter((url) => url.startsWith('/guide/') && url !== '/guide/all/');
}

/**
 * Browse as a reader with Data Saver on: the page then starts no database in the background, so
 * tests about the page itself do not pay for (or wait on) a PGlite start they do not use.
 */
export async function withDataSaver(page: import('@playwright/test').Page): Promise<void> {
  await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true }));
}
