// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { remarkLiveSql } from './src/widgets/live-example/remark-live-sql.ts';
import { rehypeHeadingAnchors } from './src/lib/markdown/rehype-heading-anchors.ts';
import { rehypeMergeTokens } from './src/lib/markdown/rehype-merge-tokens.ts';
import { fixtureLoader } from './src/lib/guide/fixtures.ts';
import { codeTheme, tokenClasses } from './src/lib/markdown/shiki-code-theme.ts';
import { guideIntegration } from './src/lib/integration/guide-integration.ts';
import { cspHeadersIntegration } from './src/lib/integration/csp-headers.ts';
import { siteConfig } from './src/lib/integration/site-config.ts';
import { serviceWorkerIntegration } from './src/lib/integration/service-worker.ts';

const contentDir = fileURLToPath(new URL('./content/guide', import.meta.url));
// The engine's package exports only its JS glue; the worker fetches the .wasm itself.
const engineWasm = join(dirname(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
const site = siteConfig(fileURLToPath(new URL('.', import.meta.url)));
// sqlparser-ts exports only an entry point that cannot load its WASM in a worker: the worker imports
// the glue and the .wasm directly (src/lib/execution/sqlparser-browser.ts).
const sqlparserWasm = join(dirname(createRequire(import.meta.url).resolve('@guanmingchiu/sqlparser-ts')), '..', 'wasm');
const fixturesDir = fileURLToPath(new URL('./content/fixtures', import.meta.url));

/** @returns {import('vite').Plugin} */
function noPreloadHelper() {
  const helper = '\0vite/preload-helper.js';
  return {
    name: 'mfg:no-preload-helper',
    enforce: 'pre',
    configEnvironment: (name) => (name === 'client' ? { build: { modulePreload: false } } : undefined),
    resolveId: (id) => (id === helper ? helper : undefined),
    load: (id) => (id === helper ? 'export const __vitePreload = (load) => load();' : undefined),
  };
}

export default defineConfig({
  site: site.url,
  output: 'static',
  trailingSlash: 'always',
  markdown: {
    processor: unified({
      remarkPlugins: [[remarkLiveSql, { loadFixture: fixtureLoader(fixturesDir) }]],
      rehypePlugins: [rehypeHeadingAnchors, rehypeMergeTokens],
    }),
    shikiConfig: { theme: codeTheme, transformers: [tokenClasses()] },
  },
  integrations: [
    // optimize: static MDX is written as one HTML string (hast-util-to-html), which leaves a quote in text as
    // is instead of &quot; — code-heavy chapters are full of quoted identifiers.
    mdx({ optimize: true }),
    // The bench's reference page and the 404 are not pages a search engine should send anyone to.
    sitemap({ filter: (page) => !/\/(bench|404)\//.test(new URL(page).pathname) }),
    guideIntegration({ contentDir, fixturesDir }),
    // A <meta> cannot say who may frame the page; the header can.
    // The script sandbox may compile the reader's script (unsafe-eval) and nothing else: no request
    // of any kind, should anything ever get past its lockdown.
    cspHeadersIntegration({
      headerOnly: ["frame-ancestors 'none'"],
      workerPolicies: [{ file: /^script-sandbox-worker-.*\.js$/, policy: "default-src 'none'; script-src 'unsafe-eval'" }],
    }),
    // Last: it fingerprints the pages as the hooks above leave them.
    serviceWorkerIntegration(),
  ],
  build: { inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
  // Content-Security-Policy, in every page's <meta> (Astro hashes its scripts; csp-headers.ts adds the
  // inline ones and writes the same policy to dist/_headers). What the site needs and no more:
  // its own scripts; 'wasm-unsafe-eval' for PGlite, pg_dump, libpg_query, the Prisma engine and
  // pagefind; workers from its own origin (the database, Monaco's, the script sandbox); fetches to
  // itself only. Styles allow inline: Monaco and the lazily loaded parts inject <style> elements and
  // style attributes at run time, which no build-time hash can cover.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      styleDirective: { resources: ["'self'", "'unsafe-inline'"] },
    },
  },
  // ES workers: what the worker imports lazily (pg_dump, the Prisma engine) stays in its own chunks.
  // modulePreload off: Vite's preload helper cost ~0.5 KB gz on every page, to save a round trip
  // on chunks that load behind a multi-second database start anyway.
  vite: {
    resolve: {
      alias: [
        { find: /^prisma-schema-engine\.wasm/, replacement: engineWasm },
        { find: /^sqlparser-wasm-glue$/, replacement: join(sqlparserWasm, 'sqlparser_rs_wasm.js') },
        { find: /^sqlparser\.wasm/, replacement: join(sqlparserWasm, 'sqlparser_rs_wasm_bg.wasm') },
      ],
    },
    worker: { format: 'es' },
    build: { modulePreload: false },
    // Astro resets modulePreload for the client build, and Vite then wraps every import() in a
    // preloader (~0.9 KB gz in the script every page loads first) that has nothing to preload:
    // lazy chunks are fetched when imported, as the browser does anyway.
    plugins: [noPreloadHelper()],
  },
});
