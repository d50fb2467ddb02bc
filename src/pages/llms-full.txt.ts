import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { llmsFull } from '../lib/guide/llms.ts';

export const GET: APIRoute = async ({ site }) => new Response(llmsFull(await getCollection('guide'), site));
