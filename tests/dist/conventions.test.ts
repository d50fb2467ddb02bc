// What readers and tools expect of a docs site, checked on the production build: a sitemap, canonical
// and social meta, robots.txt, llms.txt, and a Markdown copy of every chapter that keeps what the
// page shows by running (each example's declared outcome, each lab's steps).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPages, DIST, elements } from './built-site.ts';

const pages = builtPages();
const chapters = pages.filter((p) => /^\/guide\/(?!all\/)[^/]+\/$/.test(p.url));
const read = (path: string) => readFileSync(join(DIST, path), 'utf8');
const examples = (JSON.parse(read('examples.json')) as { examples: { id: string; page: string; expect: string[]; expectByTarget?: Record<string, string[]> }[] }).examples;

function meta(page: (typeof pages)[number], attribute: 'name' | 'property', key: string): string | undefined {
  const found = elements(page.tree, (el) => el.tagName === 'meta' && el.properties[attribute === 'name' ? 'name' : 'property'] === key)[0];
  return found ? String(found.properties.content) : undefined;
}

const canonicalOf = (page: (typeof pages)[number]) =>
  elements(page.tree, (el) => el.tagName === 'link' && String(el.properties.rel) === 'canonical').map((el) => String(el.properties.href));

const site = new URL(canonicalOf(pages.find((p) => p.url === '/')!)[0]!);

describe('conventions of the built site', () => {
  it('has the chapters to check', () => {
    expect(chapters.length).toBeGreaterThanOrEqual(12);
  });

  it.each(pages.filter((p) => p.url !== '/404.html' && !p.url.startsWith('/bench/')).map((p) => [p.url, p] as const))('%s has one canonical URL on the site, and social meta', (url, page) => {
    expect(canonicalOf(page)).toEqual([new URL(url, site).href]);
    expect(meta(page, 'property', 'og:url')).toBe(new URL(url, site).href);
    expect(meta(page, 'property', 'og:title')).toBeTruthy();
    expect(meta(page, 'property', 'og:description')).toBeTruthy();
    expect(meta(page, 'property', 'og:image')).toBe(new URL('/og.png', site).href);
    expect(meta(page, 'name', 'twitter:card')).toBe('summary_large_image');
  });

  it('the social image exists and is a PNG', () => {
    expect(read('og.png').slice(1, 4)).toBe('PNG');
  });

  it('the sitemap lists every chapter and tool page, and not the bench or the 404', () => {
    const index = read('sitemap-index.xml');
    const files = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    const urls = files.flatMap((f) => [...read(f).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!));
    for (const url of urls) expect(new URL(url).origin).toBe(site.origin);
    const paths = urls.map((u) => new URL(u).pathname);
    for (const chapter of chapters) expect(paths).toContain(chapter.url);
    expect(paths).toEqual(expect.arrayContaining(['/', '/check/', '/playground/']));
    expect(paths.filter((p) => p.startsWith('/bench/') || p.includes('404'))).toEqual([]);
  });

  it('robots.txt names the sitemap', () => {
    expect(read('robots.txt')).toContain(`Sitemap: ${new URL('/sitemap-index.xml', site).href}`);
  });

  it('llms.txt links every chapter\'s Markdown copy, and each exists', () => {
    const llms = read('llms.txt');
    expect(llms.startsWith('# Migration Field Guide\n\n> ')).toBe(true);
    for (const chapter of chapters) {
      const md = `${chapter.url.slice(0, -1)}.md`;
      expect(llms).toContain(`(${new URL(md, site).href})`);
      expect(existsSync(join(DIST, md))).toBe(true);
    }
  });

  it.each(chapters.map((c) => [c.url, c] as const))('the Markdown copy of %s keeps its headings, examples and labs', (url, page) => {
    const md = read(`${url.slice(0, -1)}.md`);
    const h1 = elements(page.tree, (el) => el.tagName === 'h1')[0]!;
    expect(md.split('\n')[0]).toBe(`# ${String((h1.children[0] as { value?: string }).value)}`);
    // No MDX survives: a tool reading the copy would show it as text.
    expect(md).not.toMatch(/^import |<Correction|<PrismaLab/m);
    for (const example of examples.filter((e) => e.page === url)) {
      const line = md.split('\n').find((l) => l.startsWith('**Live example') && l.includes(`#ex-${example.id})`));
      expect(line, example.id).toBeDefined();
      for (const expected of example.expectByTarget ? Object.values(example.expectByTarget) : [example.expect]) {
        const runs = expected.map((outcome, i) => `Run ${i + 1}: ${outcome === 'ok' ? 'succeeds' : `fails with SQLSTATE ${outcome}`}`).join('; ');
        expect(line).toContain(runs);
      }
    }
    const labs = elements(page.tree, (el) => el.tagName === 'prisma-lab');
    expect(md.match(/^\*\*Prisma lab: /gm)?.length ?? 0).toBe(labs.length);
  });

  it('llms-full.txt is every chapter\'s copy in reading order', () => {
    const full = read('llms-full.txt');
    const order = chapters.map((c) => full.indexOf(`Source page: ${new URL(c.url, site).href}\n`));
    for (const at of order) expect(at).toBeGreaterThanOrEqual(0);
  });

  it.each(chapters.map((c) => [c.url, c] as const))('%s says when it was last changed and links its Markdown', (url, page) => {
    const time = elements(page.tree, (el) => el.tagName === 'time')[0];
    expect(String(time?.properties.dateTime)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(elements(page.tree, (el) => el.tagName === 'a' && el.properties.href === `${url.slice(0, -1)}.md`)).toHaveLength(1);
  });
});
