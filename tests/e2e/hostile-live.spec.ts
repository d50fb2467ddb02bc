// Hostile input for a live example: each case checks that the page stays responsive (heartbeat),
// that the reader is told what happened, that nothing typed is lost, and that the next Run reports
// the truth.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DONE, example, finished, pasteSql, press, run, settled, settledInPage, setSql } from './live-examples.ts';
import { expectResponsive, startHeartbeat } from './heartbeat.ts';
import { liveUi } from '../../src/widgets/live-example/contract.ts';
import { withDataSaver } from './site-pages.ts';

const PAGE = '/guide/defensive-sql/';
const ID = 'defensive-create-table-naive';
const OTHER_ID = 'defensive-create-table-if-not-exists';

/** The reader's text as the page keeps it: their saved edit of the example. */
async function savedText(page: Page, id: string): Promise<string | undefined> {
  return page.evaluate((key) => {
    const raw = localStorage.getItem(`mfg:edit:${key}`);
    return raw === null ? undefined : (JSON.parse(raw) as { sql: string }).sql;
  }, id);
}

/** The next Run tells the truth: a new table is created once, and a second CREATE fails with 42P07. */
async function expectTruthfulRun(page: Page, ex: Locator): Promise<void> {
  await setSql(page, ex, 'CREATE TABLE truth_probe (id int);\nCREATE TABLE truth_probe (id int);');
  await ex.locator(`${liveUi.role('mode')} input[value="statements"]`).check();
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-sqlstate', '42P07');
  await expect(output.locator('.stmt[data-status="ok"]')).toHaveCount(1);
  await expect(output.locator('.commit-summary')).toHaveText('Committed: statement 1. Not committed: 2.');
}

/** Runs, waits for the output to be completely drawn, and checks the heartbeat meanwhile. */
async function runMeasured(page: Page, ex: Locator, what: string): Promise<Locator> {
  await startHeartbeat(page);
  const before = await finished(ex);
  await ex.locator(liveUi.action('run')).click();
  // Not run()'s polling, which is measured as the page's pauses (live-examples.ts, inPage).
  const output = await settledInPage(ex, before);
  await expectResponsive(page, what);
  await expect(output).toHaveAttribute('data-state', DONE);
  return output;
}

const statements = (count: number, sql = 'SELECT 1;') => Array.from({ length: count }, () => sql).join('\n');

test.describe('freeze cases', () => {
  test.setTimeout(180_000);

  test('hostile: 1 MB of 100,000 statements pasted and Run as one batch', async ({ page }) => {
    await page.goto(PAGE);
    const ex = example(page, ID);
    await expect(await run(ex)).toHaveAttribute('data-state', 'ok'); // the database is warm
    const text = statements(100_000);
    expect(text.length).toBeGreaterThanOrEqual(999_000);
    await pasteSql(page, ex, text);
    await ex.locator(`${liveUi.role('mode')} input[value="batch"]`).check();
    const output = await runMeasured(page, ex, 'Run of 100,000 statements in one batch');
    await expect(output).toHaveAttribute('data-state', 'ok');
    await expect(output.locator(liveUi.role('statements-summary'))).toHaveText('100,000 statements: 100,000 done — showing the first 200.');
    await expect(output.locator('.stmt')).toHaveCount(200);
    // More on request, drawn without a freeze either.
    await startHeartbeat(page);
    await output.locator(liveUi.role('show-more')).click();
    await expect(output.locator('.stmt')).toHaveCount(400);
    await expect(output.locator(liveUi.role('show-more'))).toHaveText('Show 200 more');
    await expectResponsive(page, 'Show 200 more');
    await expect.poll(async () => (await savedText(page, ID))?.length, { message: 'the pasted text is kept' }).toBe(text.length);
    await expectTruthfulRun(page, ex);
  });

  test('hostile: 1 MB of 100,000 statements Run statement by statement, the last one failing', async ({ page }) => {
    await page.goto(PAGE);
    const ex = example(page, ID);
    // 100,000 round trips take 5-6 s on a quiet machine and more on a busy one: this example gets the
    // longer time limit an author would give it (meta `timeout=`), so the test is about drawing.
    await ex.evaluate((element) => (element.dataset.timeout = '60000'));
    await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
    const text = `${statements(99_999)}\nSELEC 1;`;
    await pasteSql(page, ex, text);
    await ex.locator(`${liveUi.role('mode')} input[value="statements"]`).check();
    const output = await runMeasured(page, ex, '100,000 statements one by one');
    await expect(output).toHaveAttribute('data-sqlstate', '42601');
    await expect(output.locator(liveUi.role('statements-summary'))).toHaveText(
      '100,000 statements: 99,999 done, 1 failed — showing the first 200 and the failing one (number 100,000).',
    );
    const failing = output.locator('.stmt[data-status="error"]');
    await expect(failing).toHaveCount(1);
    await expect(failing).toHaveAttribute('data-index', '100000');
    await expect(output.locator('.commit-summary')).toHaveText('Committed: statements 1–99,999. Not committed: 100,000.');
    await expect(output.locator(liveUi.role('error'))).toContainText('LINE 100000: SELEC 1;');
    await expect.poll(async () => (await savedText(page, ID))?.length).toBe(text.length);
    await expectTruthfulRun(page, ex);
  });

  test('hostile: 10,000 statements statement by statement', async ({ page }) => {
    await page.goto(PAGE);
    const ex = example(page, ID);
    await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
    const text = statements(10_000, "SELECT 'row' AS label;");
    await pasteSql(page, ex, text);
    await ex.locator(`${liveUi.role('mode')} input[value="statements"]`).check();
    const output = await runMeasured(page, ex, '10,000 statements one by one');
    await expect(output).toHaveAttribute('data-state', 'ok');
    await expect(output.locator(liveUi.role('statements-summary'))).toHaveText('10,000 statements: 10,000 done — showing the first 200.');
    await expect(output.locator('.stmt')).toHaveCount(200);
    await expect(output.locator('table')).toHaveCount(200);
    await expect.poll(async () => (await savedText(page, ID))?.length).toBe(text.length);
    await expectTruthfulRun(page, ex);
  });

  test("hostile: SELECT repeat('x', 100000000) is cut, described and not offered whole", async ({ page }) => {
    await page.goto(PAGE);
    const ex = example(page, ID);
    await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
    await setSql(page, ex, "SELECT repeat('x', 100000000) AS huge;");
    const output = await runMeasured(page, ex, "repeat('x', 1e8)");
    await expect(output).toHaveAttribute('data-state', 'ok');
    const cell = output.locator('td').first();
    await expect(cell.locator(liveUi.role('cut'))).toContainText('cut — 100,000,000 characters');
    await expect(cell.locator(liveUi.role('cut'))).toContainText('too large to offer');
    expect((await cell.textContent())!.length).toBeLessThan(3_000);
    await expectTruthfulRun(page, ex);
  });

  test('hostile: 500 rows of 1 MB each are capped, cut and offered for download', async ({ page }) => {
    await page.goto(PAGE);
    const ex = example(page, ID);
    // 500 MB of values take PGlite several seconds before the worker cuts them; the test is about
    // drawing, so the example gets a longer time limit (meta `timeout=`), as its author would give it.
    await ex.evaluate((element) => (element.dataset.timeout = '60000'));
    await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
    await setSql(page, ex, "SELECT g AS n, repeat('y', 1000000) AS big FROM generate_series(1, 500) g;");
    const output = await runMeasured(page, ex, '500 rows of 1 MB');
    await expect(output).toHaveAttribute('data-state', 'ok');
    const cuts = output.locator(liveUi.role('cut'));
    expect(await cuts.count()).toBeGreaterThan(0);
    await expect(cuts.first()).toContainText('cut — 1,000,000 characters');
    const note = output.locator('.cap-note');
    if ((await output.locator('tbody tr').count()) < 500) {
      await expect(note).toHaveAttribute('data-capped-by', 'bytes');
      await expect(note).toContainText('of 500 rows');
    }
    // Downloads are bounded per Run: the first values are offered, later ones say why not.
    await expect(cuts.last()).toContainText("not offered: this Run's downloads already reached");
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      cuts.first().getByRole('button', { name: 'Download full value' }).click(),
    ]);
    const bytes = await download
      .createReadStream()
      .then((stream) => stream.toArray())
      .then((chunks) => Buffer.concat(chunks));
    expect(bytes.length).toBe(1_000_000);
    expect(bytes.toString('utf8')).toMatch(/^y+$/);
    await expectTruthfulRun(page, ex);
  });
});

test('hostile: a syntax error in statement 2 of a batch is marked on statement 2', async ({ page }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  await setSql(page, ex, 'SELECT 1 AS a;\nSELEC 2;\nSELECT 3 AS c;');
  await ex.locator(`${liveUi.role('mode')} input[value="batch"]`).check();
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-sqlstate', '42601');
  await expect(output.locator('.stmt[data-status="error"]')).toHaveAttribute('data-index', '2');
  await expect(output.locator(liveUi.role('error'))).toContainText('LINE 2: SELEC 2;');
  await expect(ex.locator('.squiggly-error')).toHaveCount(1);
  await expect(output.locator('.commit-summary')).toHaveText('Nothing was committed. Not committed: 1–3.');
  await expectTruthfulRun(page, ex);
});

test('hostile: a crash of the database (runaway recursion) is said plainly and the next Run tells the truth', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(PAGE);
  const ex = example(page, ID);
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok'); // the database is warm
  const sql = 'CREATE FUNCTION deeper(n int) RETURNS int LANGUAGE sql AS $$ SELECT deeper(n + 1) $$;\nSELECT deeper(1);';
  await setSql(page, ex, sql);
  await startHeartbeat(page);
  await ex.locator(liveUi.action('run')).click();
  const output = ex.locator(liveUi.role('output'));
  await expect(output).toHaveAttribute('data-state', /^(ok|error)$/, { timeout: 60_000 });
  await expectResponsive(page, 'crash and restart');
  // PostgreSQL's own guard (54001) or a crash of the WASM database: either way the reader is told which.
  const stopped = await output.getAttribute('data-stopped');
  if (stopped === 'crashed') {
    await expect(output).toContainText('The database crashed (');
    await expect(output).toContainText(
      'restarted from a clean snapshot; this example is back at its setup state. Nothing you typed was lost.',
    );
    await expect(ex.locator(liveUi.role('db-state'))).toHaveText('fresh');
  } else {
    await expect(output).toHaveAttribute('data-sqlstate', '54001');
  }
  await expect(ex.locator('.view-lines')).toContainText('deeper(n\u00a0+\u00a01)');
  await expectTruthfulRun(page, ex);
});

test('hostile: offline before the first Run; back online, Run works without a reload', async ({ page, context }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  await context.setOffline(true);
  const before = await finished(ex);
  await startHeartbeat(page);
  await ex.locator(liveUi.action('run')).click();
  const output = await settled(ex, before);
  await expect(output).toHaveText('Could not load this live example: you seem to be offline. Press Run again when you are back online.');
  await expectResponsive(page, 'offline attempt');
  await expect(ex.locator(liveUi.action('run'))).toBeEnabled();
  await context.setOffline(false);
  await expect(await press(ex, 'run')).toHaveAttribute('data-state', 'ok');
  await expect(output).toContainText('Run 1 succeeded');
  await expect(ex.locator('pre')).toContainText('CREATE TABLE');
  await expectTruthfulRun(page, ex);
});

test('hostile: the controller chunk fails to load once; the next Run loads it', async ({ page }) => {
  // The database's worker starts with the Run's click, before the controller arrives (early-worker.ts).
  let databaseWorkers = 0;
  page.on('worker', (worker) => {
    if (/\/_astro\/worker-[\w-]+\.js$/.test(worker.url())) databaseWorkers += 1;
  });
  await page.goto(PAGE);
  const ex = example(page, ID);
  let fail = true;
  await page.route(/\/live-example\.[\w-]+\.js/, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
  const before = await finished(ex);
  await ex.locator(liveUi.action('run')).click();
  const output = await settled(ex, before);
  await expect(output).toContainText('Could not load this live example');
  await expect(output).toContainText('Press Run again');
  await expect.poll(() => databaseWorkers, { message: 'the Run started the database without its controller' }).toBe(1);
  fail = false;
  await expect(await press(ex, 'run')).toHaveAttribute('data-state', 'ok');
  await expect(output).toContainText('Run 1 succeeded');
  expect(databaseWorkers, 'the controller took the worker the first Run started').toBe(1);
});

// The <live-sql> element arrives at the reader's first sign (live-sql-early.ts); a tap is often
// quicker than the network. Its chunk is held back here until the reader has acted.
async function holdElement(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/live-sql-element\.[\w-]+\.js/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

const elementDefined = (page: Page) => page.evaluate(() => customElements.get('live-sql') !== undefined);

test("hostile: Run pressed before the example's element arrives is kept and runs once it does", async ({ page }) => {
  const release = await holdElement(page);
  await page.goto(PAGE);
  const ex = example(page, ID);
  const before = await finished(ex);
  await ex.locator(liveUi.action('run')).click();
  expect(await elementDefined(page)).toBe(false);
  await expect(ex).toHaveAttribute('data-upgrading', '');
  release();
  const output = await settled(ex, before);
  await expect(output).toHaveAttribute('data-state', 'ok');
  await expect(output).toContainText('Run 1 succeeded');
});

test('hostile: text typed into an example before its element arrives is kept and is what runs', async ({ page }) => {
  const release = await holdElement(page);
  await page.goto(PAGE);
  const ex = example(page, ID);
  await ex.locator(`${liveUi.role('code')} pre`).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('SELECT 41 + 1 AS answer;');
  expect(await elementDefined(page)).toBe(false);
  await expect(ex.locator(`${liveUi.role('code')} pre`)).toHaveText('SELECT 41 + 1 AS answer;');
  release();
  await expect(ex.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  await expect(ex.locator('.view-lines')).toContainText('SELECT\u00a041\u00a0+\u00a01\u00a0AS\u00a0answer;');
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-state', 'ok');
  await expect(output.locator('td')).toHaveText('42');
});

test("hostile: the element's chunk fails to load; the reader is told, and the next Run loads it", async ({ page }) => {
  let fail = true;
  await page.route(/\/live-sql-element\.[\w-]+\.js/, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
  await page.goto(PAGE);
  const ex = example(page, ID);
  const before = await finished(ex);
  await ex.locator(liveUi.action('run')).click();
  const output = await settled(ex, before);
  await expect(output).toHaveText('Could not load this live example: the network request failed. Press Run again to retry.');
  expect(await elementDefined(page)).toBe(false);
  fail = false;
  await expect(await press(ex, 'run')).toHaveAttribute('data-state', 'ok');
  await expect(output).toContainText('Run 1 succeeded');
});

test('hostile: the editor chunk fails to load; the example still runs and Edit retries', async ({ page }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  let fail = true;
  await page.route(/\/sql-editor\.[\w-]+\.js/, (route) => (fail ? route.abort('internetdisconnected') : route.continue()));
  const before = await finished(ex);
  await ex.locator(liveUi.action('edit')).click();
  const output = await settled(ex, before);
  await expect(output).toContainText('Could not load the editor');
  await expect(output).toContainText('nothing you typed was lost');
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
  fail = false;
  await setSql(page, ex, 'SELECT 7 AS seven');
  await expect((await run(ex)).locator('td')).toHaveText('7');
});

// Monaco comes in layers (integration/vite-monaco-chunks.ts) that the editor's chunk imports: the
// browser remembers a layer's failed fetch for the page's lifetime, so the retry must ask for
// another URL for the layer too, not only for the editor's chunk.
for (const layer of ['monaco-base', 'monaco-editor'])
  test(`hostile: Monaco's ${layer} layer fails to load after the editor's chunk arrived; the next Edit brings the editor`, async ({
    page,
  }) => {
    await page.goto(PAGE);
    const ex = example(page, ID);
    let fail = true;
    const failed: string[] = [];
    await page.route(new RegExp(`/${layer}\\.[\\w-]+\\.js`), (route) => {
      if (!fail) return route.continue();
      failed.push(new URL(route.request().url()).pathname);
      return route.abort('internetdisconnected');
    });
    const before = await finished(ex);
    await ex.locator(liveUi.action('edit')).click();
    const output = await settled(ex, before);
    await expect(output).toContainText('Could not load the editor');
    // One try per Edit: the layer was asked for once, so its second URL is still unspoiled.
    expect(failed).toHaveLength(1);
    fail = false;
    await ex.locator(liveUi.action('edit')).click();
    await expect(ex.locator('.monaco-editor')).toBeVisible();
    await setSql(page, ex, 'SELECT 7 AS seven');
    await expect((await run(ex)).locator('td')).toHaveText('7');
  });

test('hostile: the database cannot be fetched (offline after the page loaded); back online, Run starts it', async ({ page, context }) => {
  test.setTimeout(120_000);
  // No background start (the dwell or pointer prewarm would fetch the database's files before the
  // network goes away): the files are asked for only by the Run below.
  await withDataSaver(page);
  await page.goto(PAGE);
  const ex = example(page, ID);
  // The controller is here; the database's files are not.
  await ex.locator(liveUi.action('edit')).click();
  await expect(ex).toHaveAttribute('data-ready');
  await context.setOffline(true);
  const before = await finished(ex);
  await ex.locator(liveUi.action('run')).click();
  const output = await settled(ex, before);
  await expect(output).toContainText('Could not load the database: you seem to be offline. Press Run again when you are back online.');
  await expect(ex.locator(liveUi.action('run'))).toBeEnabled();
  await context.setOffline(false);
  await expect(await press(ex, 'run')).toHaveAttribute('data-state', 'ok');
  await expectTruthfulRun(page, ex);
});

test('hostile: Stop on one example while another one’s Run waits: only the stopped one says so', async ({ page }) => {
  await page.goto(PAGE);
  const a = example(page, ID);
  const b = example(page, OTHER_ID);
  await expect(await run(a)).toHaveAttribute('data-state', 'ok');
  await setSql(page, a, 'DO $$ BEGIN LOOP END LOOP; END $$;');
  await setSql(page, b, 'SELECT 5 AS five');
  const beforeB = await finished(b);
  await a.locator(liveUi.action('run')).click();
  await b.locator(liveUi.action('run')).click();
  const stop = a.locator(liveUi.action('stop'));
  await expect(stop).toBeVisible();
  await expect(b.locator(liveUi.role('output'))).toHaveAttribute('data-state', 'running');
  await stop.click();
  const outputA = a.locator(liveUi.role('output'));
  await expect(outputA).toHaveAttribute('data-stopped', 'stopped', { timeout: 45_000 });
  await expect(outputA).toContainText('Stopped: you pressed Stop.');
  const outputB = await settled(b, beforeB);
  await expect(outputB).toHaveAttribute('data-state', 'ok');
  await expect(outputB.locator('td')).toHaveText('5');
  await expect(outputB).not.toHaveAttribute('data-stopped');
  await expect(outputB).not.toContainText('Stop');
});

test('hostile: Stop on a Run still waiting its turn says nothing ran; the running one goes on', async ({ page }) => {
  await page.goto(PAGE);
  const a = example(page, ID);
  const b = example(page, OTHER_ID);
  await expect(await run(b)).toHaveAttribute('data-state', 'ok');
  await expect(b.locator(liveUi.role('db-state'))).toHaveText('after 1 Run');
  await setSql(page, a, 'SELECT pg_sleep(4), 1 AS slept;');
  await setSql(page, b, 'SELECT 5 AS five');
  const [beforeA, beforeB] = [await finished(a), await finished(b)];
  await a.locator(liveUi.action('run')).click();
  await expect(a.locator(liveUi.role('output'))).toHaveAttribute('data-state', 'running');
  await b.locator(liveUi.action('run')).click();
  await b.locator(liveUi.action('stop')).click();
  const outputB = await settled(b, beforeB);
  await expect(outputB).toHaveText(/^Stopped before it started: nothing ran\./);
  await expect(b.locator(liveUi.role('db-state'))).toHaveText('after 1 Run');
  const outputA = await settled(a, beforeA);
  await expect(outputA).toHaveAttribute('data-state', 'ok');
  await expect(outputA.locator('td').last()).toHaveText('1');
  await expect((await run(b)).locator('td')).toHaveText('5');
  await expect(b.locator(liveUi.role('db-state'))).toHaveText('after 2 Runs');
});

test('hostile: after Stop, the message and the controls agree at every moment', async ({ page }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
  await setSql(page, ex, 'DO $$ BEGIN LOOP END LOOP; END $$;');
  // Every change of the output is checked against the Run button at that moment.
  await page.evaluate(
    ({ id, outputRole, runAction }) => {
      const root = document.querySelector(`live-sql[id="ex-${id}"]`)!;
      const output = root.querySelector<HTMLElement>(outputRole)!;
      const runButton = root.querySelector<HTMLButtonElement>(runAction)!;
      const w = window as unknown as { disagreements: string[] };
      w.disagreements = [];
      const check = () => {
        const text = output.textContent ?? '';
        if (/back at its setup state/.test(text) && !/Restarting/.test(text) && runButton.disabled)
          w.disagreements.push(`says restarted, Run disabled: ${text}`);
        if (/Restarting/.test(text) && !runButton.disabled) w.disagreements.push(`says restarting, Run enabled: ${text}`);
      };
      new MutationObserver(check).observe(root, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['disabled', 'data-state'],
      });
    },
    { id: ID, outputRole: liveUi.role('output'), runAction: liveUi.action('run') },
  );
  const before = await finished(ex);
  await ex.locator(liveUi.action('run')).click();
  await startHeartbeat(page);
  await ex.locator(liveUi.action('stop')).click();
  const output = await settled(ex, before);
  await expectResponsive(page, 'Stop and restart');
  await expect(output).toHaveAttribute('data-stopped', 'stopped');
  await expect(output).toContainText('back at its setup state');
  await expect(ex.locator(liveUi.action('run'))).toBeEnabled();
  expect(await page.evaluate(() => (window as unknown as { disagreements: string[] }).disagreements)).toEqual([]);
  await expect(ex.locator('.view-lines')).toContainText('LOOP\u00a0END\u00a0LOOP');
  await expectTruthfulRun(page, ex);
});

test('hostile: markup in values, identifiers, errors and notices stays text', async ({ page }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  const img = '<img src=x onerror="window.__xss=1">';
  await setSql(
    page,
    ex,
    [
      `SELECT '${img}' AS "<svg onload=window.__xss=2>";`,
      `DO $$ BEGIN RAISE NOTICE '<script>window.__xss=3</script>'; END $$;`,
      `DO $$ BEGIN RAISE EXCEPTION '<iframe src=javascript:window.__xss=4>' USING HINT = '<a href=javascript:window.__xss=5>hint</a>'; END $$;`,
    ].join('\n'),
  );
  await ex.locator(`${liveUi.role('mode')} input[value="statements"]`).check();
  const output = await run(ex);
  await expect(output).toHaveAttribute('data-sqlstate', 'P0001');
  await expect(output.locator('td').first()).toHaveText(img);
  await expect(output.locator('th').first()).toHaveText('<svg onload=window.__xss=2>');
  await expect(output.locator('.notice')).toHaveText('NOTICE:  <script>window.__xss=3</script>');
  await expect(output.locator(liveUi.role('error'))).toContainText('<iframe src=javascript:window.__xss=4>');
  await expect(output.locator(liveUi.role('error'))).toContainText('HINT:  <a href=javascript:window.__xss=5>hint</a>');
  expect(await output.locator('img, svg, script, iframe, a[href^="javascript"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expectTruthfulRun(page, ex);
});

test('hostile: a runaway query is stopped at the time limit while the page stays responsive', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(PAGE);
  const ex = example(page, ID);
  await expect(await run(ex)).toHaveAttribute('data-state', 'ok');
  await setSql(page, ex, 'SELECT count(*) FROM generate_series(1, 1000000000000);');
  await startHeartbeat(page);
  const before = await finished(ex);
  await ex.locator(liveUi.action('run')).click();
  const output = await settled(ex, before);
  const pulse = await expectResponsive(page, 'runaway query until the time limit');
  expect(pulse.beats, 'the timer kept beating while the query ran').toBeGreaterThan(100);
  await expect(output).toHaveAttribute('data-stopped', 'timeout');
  await expect(output).toContainText('time limit');
  await expect(output).toContainText('back at its setup state');
  await expectTruthfulRun(page, ex);
});

test('hostile: COPY FROM STDIN is answered with a clear message', async ({ page }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  await setSql(page, ex, 'CREATE TABLE copy_target (id int);\nCOPY copy_target FROM STDIN;');
  await startHeartbeat(page);
  const output = await run(ex);
  await expectResponsive(page, 'COPY FROM STDIN');
  await expect(output).toHaveAttribute('data-state', 'error');
  await expect(output).toContainText('COPY FROM STDIN needs a client that sends the data');
  await expect(output).toContainText('Nothing you typed was lost.');
  await expect(ex.locator('.view-lines')).toContainText('COPY\u00a0copy_target\u00a0FROM\u00a0STDIN;');
  await expectTruthfulRun(page, ex);
});

test('hostile: the first Run says which PostgreSQL started, with its real version', async ({ page }) => {
  await page.goto(PAGE);
  const ex = example(page, ID);
  const output = await run(ex);
  await expect(output.locator('p.meta').last()).toHaveText(/^PostgreSQL 18\.\d+ \(PGlite, in your browser\) started in \d+\.\d s/);
  await expect(output).not.toContainText('?');
});
