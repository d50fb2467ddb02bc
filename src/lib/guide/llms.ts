/**
 * The guide for tools: `llms.txt` (what the site is and where each chapter's Markdown is, in the
 * llmstxt.org layout: a title, a summary, then sections of links) and `llms-full.txt` (every chapter's
 * Markdown, in reading order, so one fetch gives the whole guide).
 */
import type { CollectionEntry } from 'astro:content';
import { chapterMarkdown } from './markdown-copy.ts';
import { labPreset } from './lab-presets.ts';

type Chapter = CollectionEntry<'guide'>;

const SUMMARY =
  'How to write, test and recover Prisma migrations on PostgreSQL (Prisma 7). Every SQL example is live on the site: it runs on PGlite in the browser, and its declared outcome is checked on PGlite and PostgreSQL 15.';

export const inReadingOrder = (chapters: Chapter[]) => [...chapters].sort((a, b) => a.data.order - b.data.order);

export function chapterCopy(entry: Chapter, site: URL | undefined): string {
  const pageUrl = new URL(`/guide/${entry.id}/`, site).href;
  return chapterMarkdown(entry.data.title, entry.data.description, entry.body ?? '', { pageUrl, lab: labPreset });
}

export function llmsIndex(chapters: Chapter[], site: URL | undefined): string {
  const link = (path: string) => new URL(path, site).href;
  const lines = inReadingOrder(chapters).map((c) => `- [${c.data.title}](${link(`/guide/${c.id}.md`)}): ${c.data.description}`);
  return [
    '# Migration Field Guide',
    '',
    `> ${SUMMARY}`,
    '',
    '## Chapters',
    '',
    ...lines,
    '',
    '## Tools',
    '',
    `- [Check a migration](${link('/check/')}): lint and run a prisma/migrations folder in the browser; the same checker is the \`migration-field-guide check\` command.`,
    `- [Playground](${link('/playground/')}): run a setup and a migration on a fresh database.`,
    '',
    '## Optional',
    '',
    `- [The whole guide as one Markdown file](${link('/llms-full.txt')})`,
    '',
  ].join('\n');
}

export function llmsFull(chapters: Chapter[], site: URL | undefined): string {
  return inReadingOrder(chapters)
    .map((c) => chapterCopy(c, site))
    .join('\n\n---\n\n');
}
