// What a reader downloads before touching a page, measured as `npm run bench` measures it (gzip on
// the wire, the service worker blocked, past the load event): bench/page-bytes.mjs, shared by both.
// The guide's pages (home and chapters, labs included) stay within 15 KB. The tools and the
// one-page guide carry more by nature and have ceilings just above what they weigh now (/check 21.7 KB,
// /playground 19.5 KB, all 73.2 KB: their report and result views load with the first Run), so they
// cannot grow unseen. The tools' last 0.35 KB is lib/dom/font-strikes.ts, which keeps their first
// result from holding the page still on a busy machine.
import { expect, test } from '@playwright/test';
import { builtPageUrls, PAGE_BUDGET_BYTES, startByteServer } from '../../bench/page-bytes.mjs';

const KB = 1024;
const CEILING: Record<string, number> = {
  '/check/': 22 * KB,
  '/playground/': 20 * KB,
  '/guide/all/': 74 * KB,
};

let server: Awaited<ReturnType<typeof startByteServer>> | undefined;
test.beforeAll(async () => {
  server = await startByteServer();
});
test.afterAll(() => server?.close());

for (const url of [...builtPageUrls(), '/404.html']) {
  const budget = CEILING[url] ?? PAGE_BUDGET_BYTES;
  test(`${url} loads at most ${(budget / KB).toFixed(1)} KB before interaction`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    try {
      const { bytes, files } = await server!.measure(context, url);
      // A page that loaded nothing would pass any budget: it must at least have loaded itself and its script.
      expect(files.map((file) => file.path)).toEqual(expect.arrayContaining([url, expect.stringMatching(/^\/_astro\/PageShell\..*\.js$/)]));
      const detail = files.map((file) => `${file.bytes}\t${file.path}`).join('\n');
      expect(bytes, `${url}: ${(bytes / KB).toFixed(1)} KB gzip before interaction\n${detail}`).toBeLessThanOrEqual(budget);
    } finally {
      await context.close();
    }
  });
}
