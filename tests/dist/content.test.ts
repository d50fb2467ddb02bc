import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toText } from 'hast-util-to-text';
import { builtPages, elements } from './built-site.ts';

// The guide as its author wrote it. Every heading and every code block of it must reach a reader.
const seed = readFileSync(join(import.meta.dirname, '../fixtures/seed-guide.md'), 'utf8');

function seedHeadings(markdown: string): string[] {
  const outsideCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return [...outsideCode.matchAll(/^#{1,6}\s+(.+?)\s*$/gm)].map((match) => match[1] as string);
}

function seedCodeBlocks(markdown: string): { lang: string; code: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].map((match) => ({ lang: match[1] as string, code: match[2] as string }));
}

const normalize = (code: string) => code.split('\n').map((line) => line.trimEnd()).join('\n').trim();

const chapters = builtPages().filter((page) => page.url.startsWith('/guide/') && page.url !== '/guide/all/');
const headingTexts = new Set(
  chapters.flatMap((page) => elements(page.tree, (el) => /^h[1-6]$/.test(el.tagName)).map((el) => toText(el).trim())),
);
const codeTexts = chapters.flatMap((page) => elements(page.tree, (el) => el.tagName === 'pre').map((el) => normalize(toText(el, { whitespace: 'pre' }))));

describe('every part of the original guide is on the site', () => {
  it('finds the seed to compare with', () => {
    expect(seedHeadings(seed)).toHaveLength(15);
    expect(seedCodeBlocks(seed)).toHaveLength(7);
  });

  it.each(seedHeadings(seed))('heading "%s" is a heading on a chapter page', (heading) => {
    expect(headingTexts).toContain(heading);
  });

  it.each(seedCodeBlocks(seed).map((block, index) => [index + 1, block.lang, block.code] as const))(
    'code block %i (%s) appears verbatim',
    (_index, _lang, code) => {
      expect(codeTexts).toContain(normalize(code));
    },
  );
});
