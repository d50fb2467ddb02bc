/**
 * Every rule's guide section and runnable example exist: headings' ids as Astro makes them
 * (github-slugger over the heading's text, one slugger per page) and `ex-<id>` for each live
 * example (```sql id=…), read from content/guide/*.mdx.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { RULE_INFO } from '../../../../src/lib/checker/rules/catalog.ts';

const GUIDE = join(import.meta.dirname, '../../../../content/guide');

function anchorsByPage(): Map<string, Set<string>> {
  const pages = new Map<string, Set<string>>();
  for (const file of readdirSync(GUIDE).filter((name) => name.endsWith('.mdx'))) {
    const slugger = new GithubSlugger();
    const anchors = new Set<string>();
    let inFence = false;
    for (const line of readFileSync(join(GUIDE, file), 'utf8').split('\n')) {
      const fence = /^```(.*)$/.exec(line);
      if (fence) {
        if (!inFence) {
          const id = /\bid=([\w-]+)/.exec(fence[1]!)?.[1];
          if (id) anchors.add(`ex-${id}`);
        }
        inFence = !inFence;
        continue;
      }
      const heading = !inFence && /^#{2,6}\s+(.*)$/.exec(line);
      if (heading) anchors.add(slugger.slug(heading[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '')));
    }
    pages.set(`/guide/${file.replace(/^\d+-/, '').replace(/\.mdx$/, '')}/`, anchors);
  }
  return pages;
}

describe('rule links', () => {
  const pages = anchorsByPage();
  for (const rule of Object.values(RULE_INFO)) {
    it(`${rule.id}: section and example exist`, () => {
      for (const link of [rule.section, rule.example]) {
        if (link === '/check/') continue;
        const [page, anchor] = link.split('#') as [string, string | undefined];
        expect(pages.has(page), `${link}: no chapter ${page}`).toBe(true);
        if (anchor) expect(pages.get(page)!.has(anchor), `${link}: no heading or example #${anchor}`).toBe(true);
      }
    });
  }
});
