import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/support/chromium.mjs';

const port = Number(process.env.TEST_PORT ?? 4329);
const HOSTILE = /e2e[\\/]hostile-[^\\/]*\.spec\.ts$/;
const browser = {
  ...devices['Desktop Chrome'],
  launchOptions: chromiumLaunchOptions,
};

export default defineConfig({
  testDir: 'tests',
  testMatch: ['e2e/**/*.spec.ts', 'a11y/**/*.spec.ts'],
  fullyParallel: true,
  // Two cores here; each browser test also runs a database worker, so more would only contend.
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PW_JSON_REPORT ?? 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Tracing roughly doubles CPU per test on two cores; PW_TRACE=1 turns it on when debugging.
    trace: process.env.PW_TRACE ? 'retain-on-failure' : 'off',
    // The service worker would answer requests before page.route() sees them, and a cache warm from
    // an earlier test would hide a cold start. tests/e2e/offline.spec.ts turns it on for itself.
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'chromium', testIgnore: HOSTILE, grepInvert: /@timed/, use: browser },
    // The hostile-input cases measure the page's longest pause (a 50 ms heartbeat, under ~150 ms):
    // a second browser test beside them on two cores would measure that test, not the page. Run
    // them alone: `npm test` runs this project after the others, with one worker.
    { name: 'hostile', testMatch: HOSTILE, workers: 1, use: browser },
    // Other tests that time the page's pauses or a Run (tagged @timed) run alone too, for the same reason.
    { name: 'timed', testMatch: 'e2e/**/*.spec.ts', testIgnore: HOSTILE, grep: /@timed/, workers: 1, use: browser },
  ],
  // Tests run against the production build, served as any static host would.
  webServer: {
    command: `node tests/support/serve-dist.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
