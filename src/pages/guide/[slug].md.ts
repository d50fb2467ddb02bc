/** Each chapter as Markdown at /guide/<slug>.md (lib/guide/markdown-copy.ts says what it keeps). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection, type CollectionEntry } from 'astro:content';
import { chapterCopy } from '../../lib/guide/llms.ts';

export const getStaticPaths = (async () => {
  const chapters = await getCollection('guide');
  return chapters.map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ entry: CollectionEntry<'guide'> }> = ({ props, site }) =>
  new Response(chapterCopy(props.entry, site), { headers: { 'Content-Type': 'text/markdown; charset=utf-8' } });
