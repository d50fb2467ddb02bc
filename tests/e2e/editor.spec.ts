// The editor takes over from the static code without a visible change: the same colours for the
// same SQL (one palette, src/lib/editor/code-palette.ts), and what the reader typed while Monaco
// was still on its way stays typed.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { example, run } from './live-examples.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';
import { TOKEN_CLASS } from '../../src/lib/markdown/shiki-code-theme.ts';

const PAGE = '/guide/defensive-sql/';
const ID = 'defensive-seed-guard';
/** One token of each colour role this example has, as the reader sees them. */
const TOKENS = ['-- columns', 'CREATE', '"MyTable"', '1', "'my_constraint'", '='];

/** The colour each token is drawn in, read from the rendered spans under `root`. */
async function colours(root: Locator): Promise<Record<string, string>> {
  return root.evaluate((element, tokens) => {
    const found: Record<string, string> = {};
    for (const span of element.querySelectorAll('span')) {
      if (span.children.length > 0) continue;
      const text = (span.textContent ?? '').replace(/\u00a0/g, ' ').trim();
      // The static code joins neighbouring tokens of one colour into one span ("CREATE TABLE").
      const token = tokens.find((candidate) => text === candidate || text.startsWith(`${candidate} `));
      if (token && !(token in found)) found[token] = getComputedStyle(span).color;
    }
    return found;
  }, TOKENS);
}

async function openEditor(_page: Page, ex: Locator): Promise<void> {
  await ex.locator(liveUi.action('edit')).click();
  await expect(ex.locator('.monaco-editor .view-lines')).toBeVisible({ timeout: 30_000 });
  // Monaco colours a moment after it draws the text.
  await expect.poll(async () => Object.keys(await colours(ex.locator('.view-lines'))).length, { timeout: 10_000 }).toBe(TOKENS.length);
}

/** Holds Monaco's chunk until released, and says when the page asked for it. */
async function holdEditorChunk(page: Page): Promise<{ requested: Promise<void>; release: () => void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let asked!: () => void;
  const requested = new Promise<void>((resolve) => (asked = resolve));
  await page.route(/\/_astro\/sql-editor\.[\w-]+\.js$/, async (route) => {
    asked();
    await released;
    await route.continue();
  });
  return { requested, release };
}

/** Whether the tab's database worker has been created (its own script, not a script example's sandbox). */
function watchDatabaseWorker(page: Page): () => boolean {
  let created = false;
  page.on('worker', (worker) => {
    if (/\/worker-[\w-]+\.js$/.test(worker.url())) created = true;
  });
  return () => created;
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the editor shows the static code's colours (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(PAGE);
    const ex = example(page, ID);
    const before = await colours(ex.locator(`${liveUi.role('code')} pre`));
    expect(Object.keys(before).sort()).toEqual([...TOKENS].sort());
    // Different roles really are different colours here, so equality below means something.
    expect(new Set(Object.values(before)).size).toBeGreaterThanOrEqual(4);
    await openEditor(page, ex);
    expect(await colours(ex.locator('.view-lines'))).toEqual(before);
  });
}

test('the editor follows a theme switch with the palette of the new scheme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(PAGE);
  const ex = example(page, ID);
  await openEditor(page, ex);
  const light = await colours(ex.locator('.view-lines'));
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  // The static code (Shiki's classes, one per role) in the new scheme gives the expected colours.
  const roles = { CREATE: 'keyword', '"MyTable"': 'string-expression', '-- columns': 'comment' } as const;
  const compared = Object.keys(roles) as (keyof typeof roles)[];
  const classes = Object.fromEntries(Object.entries(roles).map(([token, role]) => [token, TOKEN_CLASS[`token-${role}`]!]));
  const expected = await page.evaluate((classes) => {
    const colour = (name: string) => getComputedStyle(document.querySelector(`pre .${name}`)!).color;
    return Object.fromEntries(Object.entries(classes).map(([token, name]) => [token, colour(name)]));
  }, classes);
  expect(expected['CREATE']).not.toBe(light['CREATE']);
  await expect
    .poll(async () => {
      const shown = await colours(ex.locator('.view-lines'));
      return Object.fromEntries(compared.map((token) => [token, shown[token]]));
    })
    .toEqual(expected);
});

test('what a reader types before Monaco arrives is kept, caret included, and is what runs', async ({ page }) => {
  await page.goto(PAGE);
  const ex = example(page, 'defensive-create-table-if-not-exists');
  // Hold Monaco's chunk until the reader has typed: the race is made certain, not left to timing.
  const editorChunk = await holdEditorChunk(page);
  const pre = ex.locator(`${liveUi.role('code')} pre`);
  const original = (await pre.textContent())!.replace(/\n$/, '');
  // Click at the very start of the code, then type.
  await pre.scrollIntoViewIfNeeded();
  const box = (await pre.boundingBox())!;
  await page.mouse.click(box.x + 14, box.y + 16);
  await editorChunk.requested;
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('SELECT 40 + 2 AS typed_early;\n');
  await expect(ex.locator('.monaco-editor')).toHaveCount(0);
  await expect(pre).toContainText('typed_early');
  editorChunk.release();
  const lines = ex.locator('.monaco-editor .view-lines');
  await expect(lines).toContainText('typed_early', { timeout: 30_000 });
  // The caret is where the reader left it: the next keys land right after the typed line.
  await page.keyboard.type('/* then */ ');
  // Monaco reuses its line elements: read them in the order they are drawn. It draws keys in its next
  // frame, so the lines are read until they settle (a single read once caught the last space undrawn).
  const shown = () =>
    lines.evaluate((element) =>
      [...element.querySelectorAll<HTMLElement>('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .slice(0, 2)
        .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
  await expect.poll(shown).toEqual(['SELECT 40 + 2 AS typed_early;', `/* then */ ${original.split('\n')[0]}`]);
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'ok');
  await expect(output).toContainText('typed_early');
});

test('an Edit comes before the database a hover would start: the worker waits until the editor is drawn', async ({ page }) => {
  const databaseCreated = watchDatabaseWorker(page);
  const editorChunk = await holdEditorChunk(page);
  await page.goto(PAGE);
  const ex = example(page, 'defensive-create-table-if-not-exists');
  // A real click: the pointer's arrival over the example is a sign of interest that starts the
  // database in the background, the Edit right after it asks for the editor.
  await ex.locator(liveUi.action('edit')).click();
  await editorChunk.requested;
  await expect(ex).toHaveAttribute('data-upgraded', '');
  // Before this change the background start created the worker as the controller attached.
  await page.waitForTimeout(1000);
  expect(databaseCreated(), 'no database while the editor the reader asked for is on its way').toBe(false);
  editorChunk.release();
  await expect(ex.locator('.monaco-editor .view-lines')).toBeVisible({ timeout: 30_000 });
  await expect.poll(databaseCreated, { message: 'the background start goes ahead once the editor is drawn', timeout: 10_000 }).toBe(true);
});

test('a Run does not wait for the editor: it starts the database at once', async ({ page }) => {
  const editorChunk = await holdEditorChunk(page);
  await page.goto(PAGE);
  const ex = example(page, 'defensive-create-table-if-not-exists');
  await ex.locator(liveUi.action('edit')).click();
  await editorChunk.requested;
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'ok');
  await expect(ex.locator('.monaco-editor')).toHaveCount(0);
  editorChunk.release();
  await expect(ex.locator('.monaco-editor .view-lines')).toBeVisible({ timeout: 30_000 });
});
