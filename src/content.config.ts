import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { chapterSlug } from './lib/guide/chapter-slug.ts';

const guide = defineCollection({
  loader: glob({
    pattern: '*.mdx',
    base: './content/guide',
    generateId: ({ entry }) => chapterSlug(entry),
  }),
  schema: z.strictObject({
    /** The page's only <h1>; practice pages keep the original guide's heading text. */
    title: z.string().min(1),
    /** One sentence for search results and link previews. */
    description: z.string().min(1),
    /** Reading order: the sidebar and previous/next links follow it. */
    order: z.number().int().positive(),
  }),
});

export const collections = { guide };
