import type { AstroIntegration } from 'astro';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractExamples } from '../guide/examples.ts';
import { fixtureLoader } from '../guide/fixtures.ts';
import { ensurePgliteSnapshot } from './pglite-snapshot.ts';
import { ensureLabEmojiFont } from './lab-emoji-font.ts';
import { CLI_GLYPHS } from '../prisma-lab/cli-glyphs.ts';
import { monacoCssAsJs } from './vite-monaco-css.ts';
import { monacoInParallelChunks } from './vite-monaco-chunks.ts';
import { libpgQueryWasm } from './vite-libpg-query-wasm.ts';

export interface GuideIntegrationOptions {
  contentDir: string;
  fixturesDir: string;
}

function pgliteVersion(root: string): string {
  const require = createRequire(join(root, 'package.json'));
  const entry = require.resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  while (!readdirSync(dir).includes('package.json')) dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version as string;
}

/** Build-time wiring: the database snapshot, Monaco's CSS and chunks, and `examples.json` for outcome checks. */
export function guideIntegration(options: GuideIntegrationOptions): AstroIntegration {
  return {
    name: 'migration-field-guide',
    hooks: {
      'astro:config:setup': async ({ config, updateConfig, logger }) => {
        const root = fileURLToPath(config.root);
        const version = pgliteVersion(root);
        const started = performance.now();
        const snapshot = await ensurePgliteSnapshot(join(fileURLToPath(config.publicDir), 'generated'), version);
        logger.info(`PGlite ${version} snapshot: generated/${snapshot} (${Math.round(performance.now() - started)} ms)`);
        const emojiFont = await ensureLabEmojiFont(join(fileURLToPath(config.publicDir), 'generated'), root, CLI_GLYPHS);
        const base = config.base.replace(/\/?$/, '/');
        updateConfig({
          vite: {
            plugins: [monacoCssAsJs(), monacoInParallelChunks(), libpgQueryWasm()],
            // /check lints in a worker of its own (lint-worker.ts), which loads libpg_query too.
            worker: { plugins: () => [libpgQueryWasm()] },
            define: {
              __PGDATA_SNAPSHOT__: JSON.stringify(`${base}generated/${snapshot}`),
              __LAB_EMOJI_FONT__: JSON.stringify(`${base}generated/${emojiFont}`),
            },
          },
        });
      },
      'astro:build:done': ({ dir, logger }) => {
        const chapters = readdirSync(options.contentDir)
          .filter((f) => f.endsWith('.mdx'))
          .sort()
          .map((fileName) => ({ fileName, text: readFileSync(join(options.contentDir, fileName), 'utf8') }));
        const examples = extractExamples(chapters, fixtureLoader(options.fixturesDir));
        writeFileSync(join(fileURLToPath(dir), 'examples.json'), JSON.stringify({ examples }, null, 2));
        logger.info(`examples.json: ${examples.length} live examples`);
      },
    },
  };
}
