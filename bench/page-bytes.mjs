// The bytes a page costs before any interaction, measured as `npm run bench` step 1 does: dist/ served
// gzipped by tests/support/serve-dist.mjs --log (bytes counted on the wire, server side, so a
// worker's requests would count too), the page loaded in Chromium with the service worker blocked,
// then left alone past the load event. Used by bench/run.mjs, by tests/e2e/page-bytes.spec.ts and
// on its own: `node bench/page-bytes.mjs [/url/ …] [--by-file]` prints every page (or the ones named).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDistServer } from '../tests/support/dist-server.mjs';

/** What a reader loads before any interaction may not exceed this (KB = 1024 bytes, gzip). */
export const PAGE_BUDGET_BYTES = 15 * 1024;
// Past the load event a page may still start requests of its own (an idle callback); waiting this
// long lets those count. What waits for a reader (an example's dwell prewarm, the Copy buttons) starts
// at the first sign of one (src/lib/dom/first-sign.ts), which a reader who stays still never gives.
const SETTLE_MS = 300;

/** Every page of the built site a reader can land on: home, chapters, the tools, the one-page guide. */
export function builtPageUrls(dist = 'dist') {
  const chapters = readdirSync(join(dist, 'guide'))
    .filter((name) => statSync(join(dist, 'guide', name)).isDirectory() && name !== 'all')
    .sort()
    .map((name) => `/guide/${name}/`);
  return ['/', ...chapters, '/check/', '/playground/', '/guide/all/'];
}

/**
 * Starts the logging server on a free port; `measure(context, url)` loads one page in a fresh page of
 * that (service-worker-blocking) context and returns its requests and their gzip bytes.
 */
export async function startByteServer(dist = 'dist') {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/ is missing: run \`npm run build\` first.`);
  const work = mkdtempSync(join(tmpdir(), 'mfg-bytes-'));
  const log = join(work, 'bytes.log');
  writeFileSync(log, '');
  const server = await startDistServer({ dist, log });
  const { base } = server;
  const entries = (offset) =>
    readFileSync(log, 'utf8')
      .slice(offset)
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t'))
      .map(([path, bytes]) => ({ path, bytes: Number(bytes) }));
  // The probe above was logged too; measuring starts after it.
  let offset = readFileSync(log, 'utf8').length;
  return {
    base,
    async measure(context, url) {
      offset = readFileSync(log, 'utf8').length;
      const page = await context.newPage();
      await page.goto(base + url, { waitUntil: 'load' });
      await page.waitForTimeout(SETTLE_MS);
      await page.close();
      // A response still streaming when the page closed is logged when it finishes.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const files = entries(offset);
      return { url, bytes: files.reduce((sum, file) => sum + file.bytes, 0), files };
    },
    close() {
      server.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Measures `urls` (default: every page), each in a fresh context with the service worker blocked. */
export async function measurePages(browser, urls = builtPageUrls(), dist = 'dist') {
  const server = await startByteServer(dist);
  try {
    const results = [];
    for (const url of urls) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
      try {
        results.push(await server.measure(context, url));
      } finally {
        await context.close();
      }
    }
    return results;
  } finally {
    server.close();
  }
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { chromium } = await import('@playwright/test');
  const byFile = process.argv.includes('--by-file');
  const named = process.argv.slice(2).filter((arg) => arg.startsWith('/'));
  const { chromiumLaunchOptions } = await import('../tests/support/chromium.mjs');
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    for (const { url, bytes, files } of await measurePages(browser, named.length ? named : builtPageUrls())) {
      console.log(`${kb(bytes).padStart(6)} KB  ${bytes > PAGE_BUDGET_BYTES ? 'OVER ' : '     '}${url}`);
      if (byFile) for (const file of files) console.log(`${String(file.bytes).padStart(14)}  ${file.path}`);
    }
  } finally {
    await browser.close();
  }
}
