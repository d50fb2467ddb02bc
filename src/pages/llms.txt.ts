import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { llmsIndex } from '../lib/guide/llms.ts';

export const GET: APIRoute = async ({ site }) => new Response(llmsIndex(await getCollection('guide'), site));
