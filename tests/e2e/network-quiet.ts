// Waits for a page's network to fall quiet, counted from its own request events.
//
// Playwright's waitForLoadState('networkidle') hung for a whole test's 60 s on a page whose every
// request had finished (CI of 3e2e0d6: /guide/defensive-sql/; here 1 of 104 loads: a trace held the
// document and one script, both 200, and nothing else). Playwright discourages that wait; this one
// counts what it sees, and if a request really never ends, it fails naming it.
import { expect, type Page, type Request } from '@playwright/test';

export interface NetworkWatch {
  /** Resolves once no request has been in flight for `quietMs`. */
  quiet(quietMs?: number): Promise<void>;
}

/** Start before the page's goto, so the document's own request is counted. */
export function watchNetwork(page: Page): NetworkWatch {
  const inFlight = new Set<Request>();
  let changed = Date.now();
  const settle = (request: Request) => {
    inFlight.delete(request);
    changed = Date.now();
  };
  page.on('request', (request) => {
    inFlight.add(request);
    changed = Date.now();
  });
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);
  return {
    async quiet(quietMs = 500) {
      await expect
        .poll(() => (inFlight.size === 0 ? Date.now() - changed >= quietMs : [...inFlight].map((request) => request.url())), {
          message: 'the page has requests in flight (listed)',
          timeout: 30_000,
          intervals: [50],
        })
        .toBe(true);
    },
  };
}
