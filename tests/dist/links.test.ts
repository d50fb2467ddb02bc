import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPages, DIST, elements } from './built-site.ts';

const pages = builtPages();
const idsByUrl = new Map(pages.map((page) => [page.url, new Set(elements(page.tree, (el) => typeof el.properties.id === 'string').map((el) => String(el.properties.id)))]));

function resolveTarget(href: string, from: string): { path: string; hash: string } | undefined {
  const url = new URL(href, `http://site${from}`);
  if (url.host !== 'site') return undefined; // external
  return { path: url.pathname, hash: decodeURIComponent(url.hash.slice(1)) };
}

function fileExists(path: string): boolean {
  const file = join(DIST, path);
  return existsSync(path.endsWith('/') ? join(file, 'index.html') : file);
}

describe('internal links in dist/', () => {
  it('has pages to check', () => {
    expect(pages.length).toBeGreaterThanOrEqual(14);
  });

  it.each(pages.map((page) => [page.url, page] as const))('every link and anchor on %s resolves', (_url, page) => {
    const broken: string[] = [];
    for (const anchor of elements(page.tree, (el) => el.tagName === 'a' && typeof el.properties.href === 'string')) {
      const href = String(anchor.properties.href);
      const target = resolveTarget(href, page.url);
      if (!target) continue;
      if (!fileExists(target.path)) {
        broken.push(`${href} (no page)`);
        continue;
      }
      if (target.hash && !idsByUrl.get(target.path)?.has(target.hash)) broken.push(`${href} (no #${target.hash})`);
    }
    expect(broken).toEqual([]);
  });

  it.each(pages.map((page) => [page.url, page] as const))('ids on %s are unique', (_url, page) => {
    const ids = elements(page.tree, (el) => typeof el.properties.id === 'string').map((el) => String(el.properties.id));
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(duplicates).toEqual([]);
  });
});
