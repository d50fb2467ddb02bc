// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { fileURLToPath } from 'node:url';
import { remarkLiveSql } from './src/lib/markdown/remark-live-sql.ts';
import { rehypeHeadingAnchors } from './src/lib/markdown/rehype-heading-anchors.ts';
import { fixtureLoader } from './src/lib/guide/fixtures.ts';
import { codeTheme, tokenClasses } from './src/lib/markdown/shiki-code-theme.ts';
import { guideIntegration } from './src/lib/integration/guide-integration.ts';

const contentDir = fileURLToPath(new URL('./content/guide', import.meta.url));
const fixturesDir = fileURLToPath(new URL('./content/fixtures', import.meta.url));

export default defineConfig({
  site: 'https://migration-field-guide.example',
  output: 'static',
  trailingSlash: 'always',
  markdown: {
    processor: unified({
      remarkPlugins: [[remarkLiveSql, { loadFixture: fixtureLoader(fixturesDir) }]],
      rehypePlugins: [rehypeHeadingAnchors],
    }),
    shikiConfig: { theme: codeTheme, transformers: [tokenClasses()] },
  },
  integrations: [mdx(), guideIntegration({ contentDir, fixturesDir })],
  build: { inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
});
