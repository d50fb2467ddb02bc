// What a reader downloads before touching a page, measured as `npm run bench` measures it (gzip on
// the wire, the service worker blocked, past the load event): bench/page-bytes.mjs, shared by both.
// The guide's pages (home and chapters, labs included) stay within 15 KB. The tools and the
// one-page guide carry more by nature and have ceilings at what they weigh now (/check 21.7 KB,
// /playground 19.5 KB, all 73.7 KB: their report and result views load with the first Run), so they
// cannot grow unseen. Two chapters are still OVER the 15 KB budget (transactions 15.5 KB,
// defensive-sql 15.3 KB: twelve and eighteen examples; the next cut is the examples' toolbar from one
// <template>, ~0.45 KB each): held at 15.5 KB so they cannot grow while that work is open.
import { expect, test } from '@playwright/test';
import { builtPageUrls, PAGE_BUDGET_BYTES, startByteServer } from '../../bench/page-bytes.mjs';

const KB = 1024;
const CEILING: Record<string, number> = {
  '/check/': 22 * KB,
  '/playground/': 20 * KB,
  '/guide/all/': 75 * KB,
  // Over the 15 KB budget, see above: may not grow.
  '/guide/transactions/': 15.5 * KB,
  '/guide/defensive-sql/': 15.5 * KB,
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
