import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { deflateRawSync } from 'node:zlib';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeShare, type SharedState } from '../../src/lib/share/share-link.ts';
import { example, run, setSql } from './live-examples.ts';
import { annotatePulse, expectPulse, expectResponsive, startHeartbeat, withWork, type PageBeat, type PagePulse } from './heartbeat.ts';
import { typeInto, appendTo, fieldSelector } from './tool-fields.ts';
import { checkUi } from '../../src/widgets/check/contract.ts';
import { labUi } from '../../src/widgets/prisma-lab/contract.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';
import { partsUi } from '../../src/widgets/parts/contract.ts';
import { playgroundUi } from '../../src/widgets/playground/contract.ts';

// Hostile input on every input of the guide: text typed before a controller loads, reloads right
// after typing, links against the reader's own drafts, two tabs, crafted links, broken files. Each
// case checks the reader is told, nothing typed is lost, and the next Run/Check reports the truth.

const EXAMPLE_PAGE = '/guide/defensive-sql/';
const EXAMPLE_ID = 'defensive-create-table-naive';
const LAB_PAGE = '/guide/recovering-a-failed-migration/';
const LAB_ID = 'failed-migration';

/** Holds back the script chunk whose path matches until the returned function is called. */
async function holdChunk(page: Page, pattern: RegExp): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => pattern.test(url.pathname),
    async (route) => {
      await gate;
      await route.continue();
    },
  );
  return release;
}

/** Records whether the database worker (its script or PGlite's wasm) was ever requested. */
function watchDatabase(context: BrowserContext): { started: () => boolean } {
  let started = false;
  context.on('request', (request) => {
    // A page (or its worker) starts a database; the service worker only keeps files an earlier page asked it to.
    if (request.serviceWorker()) return;
    if (/\/_astro\/(worker-[^/]+\.js|pglite-[^/]+\.wasm)$/.test(new URL(request.url()).pathname)) started = true;
  });
  return { started: () => started };
}

const stored = (page: Page, key: string) =>
  page.evaluate((k) => {
    const raw = localStorage.getItem(k);
    return raw === null ? null : (JSON.parse(raw) as { sql: string }).sql;
  }, key);

const checkPage = (page: Page) => page.locator('[data-page="check"]');
const checkSql = (page: Page) => page.locator(checkUi.role('check-sql'));
const playground = (page: Page) => page.locator('[data-page="playground"]');
const playgroundSql = (page: Page) => page.locator(playgroundUi.role('playground-sql'));
const playgroundOutput = (page: Page) => page.locator(`[data-page="playground"] > ${labUi.role('output')}`);
const lab = (page: Page) => page.locator(`prisma-lab[data-lab-id="${LAB_ID}"]`);

/** Presses Check and waits for the report; a fresh database has no "Post", so this fails with 42P01 for real. */
async function checkReportsTruth(page: Page): Promise<void> {
  await typeInto(page, 'check-sql', 'ALTER TABLE "Post" ADD COLUMN "slug" TEXT;');
  await page.locator(checkUi.role('check-run')).click();
  const migration = page.locator(checkUi.role('check-migration'));
  await expect(migration).toHaveCount(1, { timeout: 60_000 });
  await expect(migration).toContainText('42P01');
}

async function playgroundRunsTruth(page: Page): Promise<void> {
  await page.locator(playgroundUi.action('playground-run')).click();
  await expect(playgroundOutput(page)).toHaveAttribute('data-state', /^(ok|error)$/, { timeout: 60_000 });
}

async function labCommand(box: Locator, command: string): Promise<Locator> {
  const outputs = box.locator(labUi.role('lab-output'));
  const before = await outputs.count();
  await box.locator(labUi.role('lab-command')).fill(command);
  await box.locator(labUi.role('lab-command')).press('Enter');
  await expect(outputs).toHaveCount(before + 1, { timeout: 90_000 });
  return outputs.last();
}

const link = async (path: string, state: SharedState) => `${path}${await encodeShare(state)}`;

test('hostile: /check keeps text typed before its script loads, and asks when a different saved text exists', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/check/');
  await expect(checkPage(page)).toHaveAttribute('data-ready', '');
  await typeInto(page, 'check-sql', '-- saved earlier');
  await expect.poll(() => stored(page, 'mfg:edit:check-page')).toBe('-- saved earlier');

  const release = await holdChunk(page, /check-page\./);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await checkSql(page).fill('-- typed before the script');
  await expect(checkPage(page)).not.toHaveAttribute('data-ready', '');
  release();
  await expect(checkPage(page)).toHaveAttribute('data-ready', '');
  await expect(checkSql(page)).toHaveValue('-- typed before the script');
  const note = page.locator(labUi.role('draft-note'));
  await expect(note).toContainText('You typed here before the page finished loading');
  expect(await stored(page, 'mfg:edit:check-page')).toBe('-- saved earlier');
  await note.locator('[data-draft-action="keep-typed"]').click();
  expect(await stored(page, 'mfg:edit:check-page')).toBe('-- typed before the script');
  await checkReportsTruth(page);
});

test('hostile: /playground keeps and saves text typed before its script loads', async ({ page }) => {
  test.setTimeout(120_000);
  const release = await holdChunk(page, /playground-page\./);
  await page.goto('/playground/', { waitUntil: 'domcontentloaded' });
  await playgroundSql(page).fill('SELECT 42 AS typed_early;');
  release();
  await expect(playground(page)).toHaveAttribute('data-ready', '');
  await expect(playgroundSql(page)).toHaveValue('SELECT 42 AS typed_early;');
  await page.reload();
  await expect(playground(page)).toHaveAttribute('data-ready', '');
  await expect(playgroundSql(page)).toHaveValue('SELECT 42 AS typed_early;');
  await playgroundRunsTruth(page);
  await expect(playgroundOutput(page)).toContainText('typed_early');
  await expect(playgroundOutput(page)).toContainText('42');
});

test('hostile: an example edit reloaded within 300 ms of typing is kept', async ({ page }) => {
  await page.goto(EXAMPLE_PAGE);
  const ex = example(page, EXAMPLE_ID);
  await setSql(page, ex, 'SELECT 7 * 6 AS quick_reload;');
  // No wait for the save: the reload comes right away, inside the save delay.
  await page.reload();
  await expect(ex.locator(liveUi.role('code'))).toContainText('SELECT 7 * 6 AS quick_reload;');
  await expect(ex).toHaveAttribute('data-edited', 'saved');
  const output = await run(ex);
  await expect(output).toContainText('42');
});

test('hostile: a lab command typed before the lab controller loads is kept and run', async ({ page }) => {
  test.setTimeout(120_000);
  const release = await holdChunk(page, /lab-controller\./);
  await page.goto(LAB_PAGE, { waitUntil: 'domcontentloaded' });
  const box = lab(page);
  await expect(box).toHaveAttribute('data-ready', '');
  await box.locator(labUi.role('lab-command')).fill('npx prisma migrate status');
  await box.locator(labUi.role('lab-command')).press('Enter');
  await expect(box).not.toHaveAttribute('data-upgraded', '');
  release();
  const output = box.locator(labUi.role('lab-output'));
  await expect(output).toHaveCount(1, { timeout: 90_000 });
  await expect(output).toContainText('$ npx prisma migrate status');
  await expect(box.locator(labUi.role('lab-command'))).toHaveValue('npx prisma migrate status');
  // The command line is part of the lab's saved draft.
  await page.reload();
  await expect(box).toHaveAttribute('data-ready', '');
  await expect(box.locator(labUi.role('lab-command'))).toHaveValue('npx prisma migrate status');
});

test('hostile: the editor chunk fails to load in a lab; the lab says so, the file is unchanged, and Edit retries', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(LAB_PAGE);
  const box = lab(page);
  await expect(box).toHaveAttribute('data-ready', '');
  let fail = true;
  await page.route(/\/sql-editor\.[\w-]+\.js/, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
  await box.locator(`${labUi.action('lab-open-file')}[data-path$="add_post/migration.sql"]`).click();
  const file = box.locator('.lab-file[data-path$="add_post/migration.sql"]');
  const text = (await file.locator('pre').textContent()) ?? '';
  await box.locator(labUi.action('lab-edit-file')).click();
  await expect(box.locator(labUi.role('lab-status'))).toHaveText(
    'Could not load the editor: the network request failed. Press Edit again to retry. The file is unchanged.',
  );
  await expect(file.locator('pre')).toHaveText(text);
  fail = false;
  await box.locator(labUi.action('lab-edit-file')).click();
  await expect(file.locator('.monaco-editor .view-lines')).toContainText(text.split('\n')[0]!.replaceAll(' ', '\u00a0'), {
    timeout: 30_000,
  });
});

test('hostile: lab files are kept per lab across a quick reload, and Start over discards them after asking', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(LAB_PAGE);
  const box = lab(page);
  await expect(box).toHaveAttribute('data-ready', '');
  await box.locator(`${labUi.action('lab-open-file')}[data-path$="add_post/migration.sql"]`).click();
  await box.locator(labUi.action('lab-edit-file')).click();
  const editor = box.locator('.lab-file[data-selected] .monaco-editor');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText('-- my own migration\nSELECT 1;');
  await expect(box.locator('.lab-file[data-selected] .view-lines')).toContainText('my own migration');
  await page.reload(); // inside the save delay: the pagehide flush keeps it
  await expect(box).toHaveAttribute('data-ready', '');
  await expect(box.locator('.lab-file[data-path$="add_post/migration.sql"] pre')).toContainText('-- my own migration');

  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.message();
    void dialog.dismiss();
  });
  await box.locator(labUi.action('lab-start-over')).click();
  await expect.poll(() => asked).toContain('Your edits to the files will be lost');
  await expect(box.locator('.lab-file[data-path$="add_post/migration.sql"] pre')).toContainText('-- my own migration');
  page.once('dialog', (dialog) => void dialog.accept());
  await box.locator(labUi.action('lab-start-over')).click();
  await expect(box.locator('.lab-file[data-path$="add_post/migration.sql"] pre')).not.toContainText('-- my own migration');
  expect(await page.evaluate((id) => localStorage.getItem(`mfg:lab:${id}`), LAB_ID)).toBeNull();
  const result = await labCommand(box, 'npx prisma migrate deploy');
  await expect(result).toHaveAttribute('data-exit-code', '1');
  await expect(result).toContainText('P3018');
});

test("hostile: a /check link never replaces the reader's draft without asking, and runs nothing until Check", async ({ page, context }) => {
  test.setTimeout(120_000);
  const database = watchDatabase(context);
  await page.goto('/check/');
  await expect(checkPage(page)).toHaveAttribute('data-ready', '');
  await typeInto(page, 'check-sql', '-- my own draft');
  await expect.poll(() => stored(page, 'mfg:edit:check-page')).toBe('-- my own draft');

  await page.goto('about:blank');
  await page.goto(await link('/check/', { kind: 'check', sql: 'ALTER TABLE "Post" ADD COLUMN "shared" TEXT;' }));
  await expect(checkPage(page)).toHaveAttribute('data-ready', '');
  await expect(checkSql(page)).toHaveValue('ALTER TABLE "Post" ADD COLUMN "shared" TEXT;');
  const note = page.locator(labUi.role('draft-note'));
  await expect(note).toContainText('Opened from a shared link (unknown source) — nothing has run yet.');
  await expect(note).toContainText('You have your own saved text here');
  // A keystroke on the shared text does not replace the draft.
  await appendTo(page, 'check-sql', ' -- edited');
  await expect(note).toContainText('not saved until you choose');
  expect(await stored(page, 'mfg:edit:check-page')).toBe('-- my own draft');
  expect(database.started(), 'no database before Check').toBe(false);
  await expect(page.locator(checkUi.role('check-migration'))).toHaveCount(0);

  await note.locator('[data-draft-action="keep-mine"]').click();
  await expect(checkSql(page)).toHaveValue('-- my own draft');
  await checkReportsTruth(page);
  expect(database.started()).toBe(true);
});

test("hostile: a /playground link against the reader's own draft asks, and Replace mine saves the shared text", async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const database = watchDatabase(context);
  await page.goto('/playground/');
  await expect(playground(page)).toHaveAttribute('data-ready', '');
  await typeInto(page, 'playground-sql', "SELECT 'mine' AS whose;");
  await page.goto('about:blank');
  await page.goto(await link('/playground/', { kind: 'playground', setup: '', sql: "SELECT 'theirs' AS whose;", mode: 'statements' }));
  await expect(playground(page)).toHaveAttribute('data-ready', '');
  await expect(playgroundSql(page)).toHaveValue("SELECT 'theirs' AS whose;");
  await expect(page.locator(playgroundUi.role('playground-mode'))).toHaveValue('statements');
  await expect(playground(page)).toHaveAttribute('data-shared', '');
  await expect(page.locator(labUi.role('draft-note'))).toContainText('nothing has run yet');
  expect(database.started(), 'no database before Run').toBe(false);
  await expect(playgroundOutput(page)).toHaveAttribute('data-state', 'idle');
  expect(await stored(page, 'mfg:edit:playground')).toContain('mine');

  await page.locator('[data-draft-action="replace-mine"]').click();
  expect(await stored(page, 'mfg:edit:playground')).toContain('theirs');
  await playgroundRunsTruth(page);
  await expect(playgroundOutput(page)).toContainText('theirs');
});

test("hostile: an example link against the reader's own edit asks, and runs nothing until Run", async ({ page }) => {
  await page.goto(EXAMPLE_PAGE);
  const ex = example(page, EXAMPLE_ID);
  await setSql(page, ex, "SELECT 'mine' AS whose;");
  await expect(ex.locator(liveUi.role('edit-note'))).toContainText('Your edit, saved in this browser', { timeout: 10_000 });
  await page.goto('about:blank');
  await page.goto(await link(EXAMPLE_PAGE, { kind: 'example', id: EXAMPLE_ID, sql: "SELECT 'theirs' AS whose;" }));
  await expect(ex.locator(liveUi.role('edit-note'))).toContainText('Opened from a shared link (unknown source) — nothing has run yet.');
  await expect(ex.locator(liveUi.role('edit-note'))).toContainText('You have your own saved edit');
  await expect(ex.locator(labUi.role('output'))).toHaveAttribute('data-state', 'idle');
  await expect(ex).not.toHaveAttribute('data-runs', /[1-9]/);
  expect(await stored(page, `mfg:edit:${EXAMPLE_ID}`)).toContain('mine');
  const output = await run(ex);
  await expect(output).toContainText('theirs');
  expect(await stored(page, `mfg:edit:${EXAMPLE_ID}`)).toContain('mine');
});

test("hostile: a lab link against the reader's saved files asks, runs nothing, and Keep mine brings them back", async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await page.goto(LAB_PAGE);
  const box = lab(page);
  await expect(box).toHaveAttribute('data-ready', '');
  await box.locator(`${labUi.action('lab-step')}[data-index="3"]`).click(); // the fix: my own change to the files
  await expect.poll(() => page.evaluate((id) => localStorage.getItem(`mfg:lab:${id}`), LAB_ID)).not.toBeNull();
  const myFiles = await box.locator(labUi.action('lab-open-file')).count();
  expect(myFiles).toBeGreaterThan(1);

  const fresh = await context.newPage();
  // Closed before watching: its own database start (the step was interest, which prewarms) could
  // still be fetching PGlite, and was once counted against the link's page (CI, 2026-12-02).
  await page.close();
  const database = watchDatabase(context);
  const schema = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Shared {\n  id Int @id\n}\n';
  await fresh.goto(await link(LAB_PAGE, { kind: 'lab', id: LAB_ID, files: [{ path: 'prisma/schema.prisma', content: schema }] }));
  const shared = lab(fresh);
  await expect(shared).toHaveAttribute('data-shared', '');
  await expect(shared.locator(labUi.role('draft-note'))).toContainText('Opened from a shared link (unknown source) — nothing has run yet.');
  await expect(shared.locator(labUi.action('lab-open-file'))).toHaveCount(1);
  await expect(shared.locator(labUi.role('lab-output'))).toHaveCount(0);
  expect(database.started(), 'no database before the reader runs a command').toBe(false);

  await shared.locator('[data-draft-action="keep-mine"]').click();
  await expect(shared.locator(labUi.action('lab-open-file'))).toHaveCount(myFiles);
  const deployed = await labCommand(shared, 'npx prisma migrate deploy');
  await expect(deployed).toHaveAttribute('data-exit-code', '0');
  expect(database.started()).toBe(true);
});

test('hostile: two tabs editing one example never overwrite each other silently', async ({ context }) => {
  test.setTimeout(120_000);
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto(EXAMPLE_PAGE);
  await b.goto(EXAMPLE_PAGE);
  const exA = example(a, EXAMPLE_ID);
  const exB = example(b, EXAMPLE_ID);
  await setSql(b, exB, "SELECT 'tab b' AS tab;");
  await expect(exB.locator(liveUi.role('edit-note'))).toContainText('Your edit, saved in this browser', { timeout: 10_000 });
  await setSql(a, exA, "SELECT 'tab a' AS tab;");
  await expect(exA.locator(liveUi.role('edit-note'))).toContainText('Your edit, saved in this browser', { timeout: 10_000 });

  // Tab B hears of A's save and asks; what B types meanwhile is not saved over A's.
  const noteB = exB.locator(liveUi.role('edit-note'));
  await expect(noteB).toContainText('Another tab saved a different edit of this example');
  await setSql(b, exB, "SELECT 'tab b again' AS tab;");
  await expect(noteB).toContainText('not saved until you choose', { timeout: 10_000 });
  expect(await stored(a, `mfg:edit:${EXAMPLE_ID}`)).toContain('tab a');

  // B keeps its own: saved, and now A is asked in turn.
  await noteB.locator(liveUi.action('keep-this-tab')).click();
  await expect.poll(() => stored(a, `mfg:edit:${EXAMPLE_ID}`)).toContain('tab b again');
  const noteA = exA.locator(liveUi.role('edit-note'));
  await expect(noteA).toContainText('Another tab saved a different edit of this example');
  await noteA.locator(liveUi.action('load-other-tab')).click();
  await expect(exA.locator('.view-lines')).toContainText('tab\u00a0b\u00a0again');
  const output = await run(exA);
  await expect(output).toContainText('tab b again');
});

for (const [path, field] of [
  ['/playground/', 'playground-sql'],
  ['/check/', 'check-sql'],
] as const) {
  test(`hostile: zip-bomb links (136 KB, 68 KB, and a small one unpacking to 10 MB) on ${path} are refused without freezing`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto(path);
    await expect(page.locator('[data-page]').first()).toHaveAttribute('data-ready', '');
    const input = page.locator(fieldSelector(field));
    await typeInto(page, field, 'SELECT 1 AS kept;');
    const big = deflateRawSync(Buffer.alloc(130 * 1024 * 1024, 0x20)).toString('base64url');
    expect(big.length).toBeGreaterThan(120_000);
    const medium = deflateRawSync(Buffer.alloc(65 * 1024 * 1024, 0x20)).toString('base64url');
    expect(medium.length).toBeGreaterThan(60_000);
    const small = deflateRawSync(Buffer.from(`{"kind":"check","sql":"${'x'.repeat(10 * 1024 * 1024)}"}`)).toString('base64url');
    expect(small.length).toBeLessThan(16_000);
    for (const [body, message] of [
      [big, /far longer than any link this guide makes/],
      [medium, /far longer than any link this guide makes/],
      [small, /unpacks to more than 256 KB/],
    ] as const) {
      // The link is handed over first, so the window measured is the page opening it, not the test's transfer.
      await page.evaluate((fragment) => ((window as unknown as { link: string }).link = fragment), `#share=v1.${body}`);
      await startHeartbeat(page);
      await page.evaluate(() => setTimeout(() => (location.hash = (window as unknown as { link: string }).link), 0));
      await expect(page.locator(partsUi.role('page-alert'))).toContainText(message);
      await expectResponsive(page, 'the page');
      await expect(input).toHaveValue('SELECT 1 AS kept;');
    }
    if (path === '/check/') await checkReportsTruth(page);
    else await playgroundRunsTruth(page);
  });
}

test('hostile: links with wrong types, huge arrays and __proto__ keys are explained; the page keeps working', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/playground/');
  await expect(playground(page)).toHaveAttribute('data-ready', '');
  await typeInto(page, 'playground-sql', 'SELECT 5 AS mine;');
  const pack = (json: string) => `#share=v1.${deflateRawSync(Buffer.from(json)).toString('base64url')}`;
  const cases: [string, RegExp][] = [
    [pack('{"kind":"playground","setup":1,"sql":[],"mode":"batch"}'), /not a shared edit \(at setup\)/],
    [
      pack(JSON.stringify({ kind: 'check', sql: '', migrations: Array.from({ length: 5000 }, () => ({ name: 'm', sql: '' })) })),
      /larger than any shared edit may be/,
    ],
    [
      pack('{"kind":"playground","setup":"","sql":"","mode":"batch","__proto__":{"polluted":true}}'),
      /fields this guide never writes \(__proto__\)/,
    ],
    [pack('{"kind":"playground","setup":"","sql":"","mode":"batch","constructor":{"prototype":{}}}'), /constructor/],
    [pack('{"kind":"shell","cmd":"rm -rf /"}'), /shares something this page does not know/],
  ];
  for (const [fragment, message] of cases) {
    await startHeartbeat(page);
    await page.evaluate((f) => (location.hash = f), fragment);
    await expect(page.locator(partsUi.role('page-alert'))).toContainText(message);
    await expectResponsive(page, 'the page');
    await expect(playgroundSql(page)).toHaveValue('SELECT 5 AS mine;');
  }
  expect(await page.evaluate(() => (({}) as Record<string, unknown>).polluted)).toBeUndefined();
  await playgroundRunsTruth(page);
  await expect(playgroundOutput(page)).toContainText('mine');
});

test("hostile: a truncated /check link says it was cut off and leaves the reader's text", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/check/');
  await expect(checkPage(page)).toHaveAttribute('data-ready', '');
  await typeInto(page, 'check-sql', '-- mine, untouched');
  const full = await encodeShare({ kind: 'check', sql: 'ALTER TABLE "Post" ADD COLUMN "slug" TEXT NOT NULL;'.repeat(8) });
  await page.goto('about:blank');
  await page.goto(`/check/${full.slice(0, full.length - 9)}`);
  await expect(page.locator(partsUi.role('page-alert'))).toContainText('damaged or cut off');
  await expect(checkPage(page)).toHaveAttribute('data-ready', '');
  await expect(checkSql(page)).toHaveValue('-- mine, untouched');
  await checkReportsTruth(page);
});

test('hostile: with storage full, /check and /playground say text will not be kept, and still run', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
  });
  await page.goto('/check/');
  await expect(checkPage(page)).toHaveAttribute('data-ready', '');
  await typeInto(page, 'check-sql', '-- not kept');
  await expect(page.locator(labUi.role('draft-note'))).toContainText('will not be kept after you leave');
  await expect(checkPage(page)).toHaveAttribute('data-draft', 'unsaved');
  await checkReportsTruth(page);

  await page.goto('/playground/');
  await expect(playground(page)).toHaveAttribute('data-ready', '');
  await typeInto(page, 'playground-sql', 'SELECT 3 AS not_kept;');
  await expect(page.locator(labUi.role('draft-note'))).toContainText('will not be kept after you leave');
  await playgroundRunsTruth(page);
  await expect(playgroundOutput(page)).toContainText('not_kept');
});

test('hostile: a folder with a binary, a non-UTF-8 and an oversized migration.sql reports each; the good one is checked', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const root = mkdtempSync(join(tmpdir(), 'mfg-folder-'));
  const migrations = join(root, 'migrations');
  const put = (name: string, bytes: Buffer) => {
    mkdirSync(join(migrations, name), { recursive: true });
    writeFileSync(join(migrations, name, 'migration.sql'), bytes);
  };
  put('20240101000000_init', Buffer.from('CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY);\n'));
  put('20240102000000_binary', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x10]));
  put('20240103000000_latin1', Buffer.concat([Buffer.from('-- caf'), Buffer.from([0xe9]), Buffer.from('\nSELECT 1;\n')]));
  put('20240104000000_huge', Buffer.alloc(600 * 1024, 0x2d));
  await page.goto('/check/');
  await expect(checkPage(page)).toHaveAttribute('data-ready', '');
  await typeInto(page, 'check-sql', '-- my pasted text');
  await startHeartbeat(page);
  // The pulse up to the moment the file problems are drawn, taken in the page itself:
  // reading and sorting out the files is this page's work. The check that follows lints in a worker
  // (lint-client.ts), so its window is judged too.
  await page.evaluate(
    ({ problem, report }) => {
      const w = window as unknown as { heartbeat: PageBeat; pulseAtProblems?: PagePulse };
      const observer = new MutationObserver(() => {
        if (!document.querySelector(problem)) return;
        w.pulseAtProblems = w.heartbeat.read();
        observer.disconnect();
      });
      observer.observe(document.querySelector(report)!, { childList: true, subtree: true });
    },
    { problem: checkUi.role('check-file-problem'), report: checkUi.role('check-report') },
  );
  await page.locator(checkUi.role('check-folder')).setInputFiles(migrations);
  const problems = page.locator(checkUi.role('check-file-problem'));
  await expect(problems).toHaveCount(3, { timeout: 60_000 });
  const pulseAtProblems = await page.evaluate(() => (window as unknown as { pulseAtProblems: PagePulse }).pulseAtProblems);
  const what = 'reading the folder, up to its file problems';
  expectPulse(annotatePulse(await withWork(page, pulseAtProblems), what), what);
  await startHeartbeat(page);
  await expect(problems.filter({ hasText: '20240102000000_binary' })).toContainText('not a text file');
  await expect(problems.filter({ hasText: '20240103000000_latin1' })).toContainText('not valid UTF-8 (first bad byte on line 1)');
  await expect(problems.filter({ hasText: '20240104000000_huge' })).toContainText('the checker takes files up to 512 KB');
  const checked = page.locator(checkUi.role('check-migration'));
  await expect(checked).toHaveCount(1, { timeout: 60_000 });
  await expect(checked).toContainText('20240101000000_init');
  await expect(checked).not.toContainText('08P01');
  await expect(problems).toHaveCount(3);
  await expectResponsive(page, 'the check, linted off the page');
  await expect(checkSql(page)).toHaveValue('-- my pasted text');
});

for (const width of [390, 360]) {
  test(`hostile: the lab's status line wraps at ${width} px (no sideways scroll)`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 800 });
    await page.goto(LAB_PAGE);
    const box = lab(page);
    await expect(box).toHaveAttribute('data-ready', '');
    await box.locator(`${labUi.action('lab-step')}[data-index="3"]`).click();
    await expect(box.locator(labUi.role('lab-status'))).toContainText('now holds the fix');
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    const result = await labCommand(box, 'npx prisma migrate deploy');
    await expect(result).toHaveAttribute('data-exit-code', '0');
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
}

test('hostile: a database restart under a lab (another example stopped) is said, and Replay reruns its commands for real', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(LAB_PAGE);
  const box = lab(page);
  await expect(box).toHaveAttribute('data-ready', '');
  const failed = await labCommand(box, 'npx prisma migrate deploy');
  await expect(failed).toContainText('P3018');

  const ex = page.locator('live-sql').first();
  await setSql(page, ex, 'DO $$ BEGIN LOOP END LOOP; END $$;');
  await ex.locator(liveUi.action('run')).click();
  await expect(ex.locator(liveUi.action('stop'))).toBeVisible({ timeout: 30_000 });
  await startHeartbeat(page);
  await ex.locator(liveUi.action('stop')).click();
  await expect(ex.locator(labUi.role('output'))).toContainText('Stopped', { timeout: 30_000 });

  const notice = box.locator(labUi.role('lab-restarted'));
  await expect(notice).toContainText("The database restarted (another example was stopped); this lab's database was lost.");
  await expectResponsive(page, 'Stop, restart, the lab told');
  await expect(notice.locator(labUi.action('lab-start-over'))).toBeVisible();
  const outputs = box.locator(labUi.role('lab-output'));
  await notice.locator(labUi.action('lab-replay')).click();
  await expect(outputs).toHaveCount(2, { timeout: 90_000 });
  // The replay ran on an empty database: the same failure as the first time, not a stale success.
  await expect(outputs.last()).toHaveAttribute('data-exit-code', '1');
  await expect(outputs.last()).toContainText('P3018');
  await expect(
    box
      .locator(`${labUi.role('lab-state')} table`)
      .first()
      .locator('tbody tr'),
  ).toHaveCount(2);
});

test('hostile: Stop on a lab command (its own AbortController) stops it; the lab says so and the next command reports the truth', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(LAB_PAGE);
  const box = lab(page);
  await expect(box).toHaveAttribute('data-ready', '');
  await box.locator(labUi.role('lab-command')).fill('npx prisma migrate deploy');
  await startHeartbeat(page);
  await box.locator(labUi.role('lab-command')).press('Enter');
  const stop = box.locator(labUi.action('lab-stop'));
  await expect(stop).toBeVisible({ timeout: 30_000 });
  await expect(box).toHaveAttribute('data-busy', '');
  // While the engine and the database load for the command, the page keeps beating.
  await expectResponsive(page, 'the page');
  await startHeartbeat(page);
  await stop.click();
  await expect(box.locator(`${labUi.role('lab-log')} .lab-note.error`)).toContainText('Stopped: you pressed Stop.', { timeout: 30_000 });
  await expectResponsive(page, 'Stop and restart');
  await expect(stop).toBeHidden();
  await expect(box.locator(labUi.role('lab-output'))).toHaveCount(0);
  await expect(box.locator(labUi.role('lab-command'))).toHaveValue('npx prisma migrate deploy');
  const result = await labCommand(box, 'npx prisma migrate deploy');
  await expect(result).toHaveAttribute('data-exit-code', '1');
  await expect(result).toContainText('P3018');
});

test('hostile: an example opened for editing before its saved edit is restored edits the saved edit, not the original', async ({
  page,
}) => {
  await page.goto(EXAMPLE_PAGE);
  const ex = example(page, EXAMPLE_ID);
  await setSql(page, ex, "SELECT 'saved before' AS mine;");
  await expect(ex.locator(liveUi.role('edit-note'))).toContainText('Your edit, saved in this browser', { timeout: 10_000 });

  const release = await holdChunk(page, /restore-edits\./);
  await page.reload({ waitUntil: 'domcontentloaded' });
  await ex.locator(liveUi.action('edit')).click(); // the controller waits for the saved edit
  await expect(ex).toHaveAttribute('data-upgrading', '');
  release();
  await expect(ex.locator('.view-lines')).toContainText('saved\u00a0before', { timeout: 30_000 });
  await page.keyboard.press('End');
  await page.keyboard.insertText(' -- and more');
  await expect.poll(() => stored(page, `mfg:edit:${EXAMPLE_ID}`), { timeout: 10_000 }).toContain("saved before' AS mine; -- and more");
  const output = await run(ex);
  await expect(output).toContainText('saved before');
});

test('hostile: with storage full a lab says its files will not be kept, and still runs', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
  });
  await page.goto(LAB_PAGE);
  const box = lab(page);
  await expect(box).toHaveAttribute('data-ready', '');
  await box.locator(`${labUi.action('lab-step')}[data-index="3"]`).click();
  await expect(box.locator(labUi.role('draft-note'))).toContainText('will not be kept after you leave');
  await expect(box).toHaveAttribute('data-draft', 'unsaved');
  const result = await labCommand(box, 'npx prisma migrate deploy');
  await expect(result).toHaveAttribute('data-exit-code', '0');
});

test("hostile: a /check link with a whole folder shows each migration, keeps the reader's text, and runs nothing until Check", async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const database = watchDatabase(context);
  await page.goto('/check/');
  await expect(checkPage(page)).toHaveAttribute('data-ready', '');
  await typeInto(page, 'check-sql', '-- my own text');
  await page.goto('about:blank');
  await page.goto(
    await link('/check/', {
      kind: 'check',
      sql: '',
      migrations: [
        { name: '20240101000000_init/migration.sql', sql: 'CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY);' },
        { name: '20240102000000_again/migration.sql', sql: 'CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY);' },
      ],
    }),
  );
  await expect(checkPage(page)).toHaveAttribute('data-ready', '');
  const note = page.locator(labUi.role('draft-note'));
  await expect(note).toContainText('Opened from a shared link (unknown source) — nothing has run yet. 2 migration(s) from the link');
  await expect(page.locator('.shared-migration')).toHaveCount(2);
  await expect(checkSql(page)).toHaveValue('-- my own text');
  expect(database.started(), 'no database before Check').toBe(false);
  await page.locator(checkUi.role('check-run')).click();
  const checked = page.locator(checkUi.role('check-migration'));
  await expect(checked).toHaveCount(2, { timeout: 60_000 });
  // The second migration really fails on the first one's table.
  await expect(checked.nth(1)).toContainText('42P07');
  await expect(note).toBeHidden();
  await expect(checkPage(page)).not.toHaveAttribute('data-shared', '');
});
