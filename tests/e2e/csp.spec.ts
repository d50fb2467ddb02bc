import { expect, test, type Page } from '@playwright/test';
import { example, press, run, setSql } from './live-examples.ts';
import { sitePages, withDataSaver } from './site-pages.ts';

// The Content-Security-Policy, as a reader gets it (the <meta> in every page, and the header the
// static server applies from dist/_headers): every page and every interactive part works under it
// with not one violation. Violations are collected from the page's securitypolicyviolation events
// and from console errors (workers report theirs there).

type Watched = Window & { cspViolations?: string[] };

async function watchPolicy(page: Page): Promise<() => Promise<string[]>> {
  const logged: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const w = window as Watched;
      (w.cspViolations ??= []).push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) logged.push(message.text());
  });
  return async () => [...logged, ...(await page.evaluate(() => (window as Watched).cspViolations ?? []))];
}

test('every page carries the policy, in its <meta> and in the header, and loads without a violation', async ({ page }) => {
  test.setTimeout(120_000);
  await withDataSaver(page);
  const violations = await watchPolicy(page);
  for (const path of sitePages()) {
    const response = await page.goto(path);
    const header = response!.headers()['content-security-policy'] ?? '';
    expect(header, `${path}: header`).toContain("frame-ancestors 'none'");
    expect(header, `${path}: header`).toContain("object-src 'none'");
    expect(header, `${path}: no eval`).not.toContain("'unsafe-eval'");
    const meta = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    expect(meta, `${path}: meta`).toContain("script-src 'self'");
    expect(meta, `${path}: meta`).not.toContain("'unsafe-inline' 'sha");
    // The inline theme script ran (it swaps no-js for js): it is allowed by its hash.
    await expect(page.locator('html')).not.toHaveClass(/\bno-js\b/);
    await page.waitForLoadState('load');
    expect(await violations(), path).toEqual([]);
  }
});

test('under the policy: a live example Runs, the editor opens, and the edited SQL Runs', async ({ page }) => {
  const violations = await watchPolicy(page);
  await page.goto('/guide/defensive-sql/');
  const ex = example(page, 'defensive-create-table-naive');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
  await setSql(page, ex, 'SELECT 6 * 7 AS answer');
  await expect((await run(ex)).locator('td')).toHaveText('42');
  expect(await violations()).toEqual([]);
});

test('under the policy: the script example runs in its sandbox, whose own policy forbids every request', async ({ page }) => {
  const violations = await watchPolicy(page);
  const sandboxPolicies: string[] = [];
  page.on('response', (response) => {
    if (/script-sandbox-worker-.*\.js$/.test(response.url())) sandboxPolicies.push(response.headers()['content-security-policy'] ?? 'none');
  });
  await page.goto('/guide/error-handling-scripts/');
  const output = await press(example(page, 'scripts-seed-apply-migration'), 'run');
  await expect(output).toHaveAttribute('data-exit-code', '0');
  await expect(output.locator('.transcript')).toHaveText('Starting migration...\nMigration completed successfully\n');
  // It compiles the script (unsafe-eval) and may load, fetch or connect to nothing.
  expect(sandboxPolicies).toEqual(["default-src 'none'; script-src 'unsafe-eval'"]);
  expect(await violations()).toEqual([]);
});

test('under the policy: a Prisma lab command runs', async ({ page }) => {
  test.setTimeout(120_000);
  const violations = await watchPolicy(page);
  await page.goto('/guide/recovering-a-failed-migration/');
  const box = page.locator('prisma-lab[data-lab-id="failed-migration"]');
  await box.scrollIntoViewIfNeeded();
  await box.locator('[data-action="lab-step"][data-index="0"]').click();
  const output = box.locator('[data-role="lab-output"]').last();
  await expect(output).toHaveAttribute('data-exit-code', '1', { timeout: 90_000 });
  await expect(output).toContainText('P3018');
  expect(await violations()).toEqual([]);
});

test('under the policy: search finds a section', async ({ page }) => {
  const violations = await watchPolicy(page);
  await page.goto('/guide/overview/');
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the guide' });
  await dialog.getByLabel('Search the guide').fill('shadow database');
  await expect(dialog.locator('.search-results a').first()).toHaveAttribute('href', /\/guide\/shadow-database\//);
  expect(await violations()).toEqual([]);
});

test('under the policy: /check checks a pasted migration', async ({ page }) => {
  test.setTimeout(120_000);
  const violations = await watchPolicy(page);
  await page.goto('/check/');
  await page
    .locator('[data-role="check-sql"]')
    .fill('CREATE TABLE "Post" (id int);\nCREATE INDEX CONCURRENTLY "Post_id_idx" ON "Post"(id);');
  await page.locator('[data-role="check-run"]').click();
  const report = page.locator('[data-role="check-report"]');
  await expect(report.locator('[data-rule="concurrently-in-transaction"][data-line="2"]')).toHaveCount(1, { timeout: 60_000 });
  expect(await violations()).toEqual([]);
});

test('under the policy: /playground runs', async ({ page }) => {
  const violations = await watchPolicy(page);
  await page.goto('/playground/');
  await page.locator('[data-role="playground-setup"]').fill('CREATE TABLE t (id int);');
  await page.locator('[data-role="playground-sql"]').fill('ALTER TABLE t ADD COLUMN x int;');
  await page.locator('[data-action="playground-run"]').click();
  await expect(page.locator('[data-page="playground"] > [data-role="output"]')).toHaveAttribute('data-state', 'ok', { timeout: 45_000 });
  expect(await violations()).toEqual([]);
});
