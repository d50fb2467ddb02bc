/** robots.txt names the sitemap by absolute URL, so it follows the configured site URL. */
import type { APIRoute } from 'astro';

export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\nAllow: /\nDisallow: /bench/\n\nSitemap: ${new URL('/sitemap-index.xml', site).href}\n`);
