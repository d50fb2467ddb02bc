// How the tests and the bench launch Chromium, in one place: Debian's Chromium where it is installed
// (machines without internet cannot download Playwright's own browser), else Playwright's; and the
// flags that keep it from reaching for services this machine's closed network refuses. Plain .mjs:
// `node bench/…` runs it on any Node, without type stripping.
import { existsSync } from 'node:fs';

/** @type {string | undefined} */
export const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const chromiumLaunchOptions = {
  ...(chromiumPath ? { executablePath: chromiumPath } : {}),
  args: chromiumArgs,
};
