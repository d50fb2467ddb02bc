import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectResponsive, startHeartbeat } from './heartbeat.ts';

// The Prisma lab shows what each migration a command applied locked: traced in the worker on a copy
// of the lab's database, drawn under the command's output with the live examples' hooks.

function lab(page: Page, preset: string): Locator {
  return page.locator(`prisma-lab[data-lab-id="${preset}"]`);
}

async function step(box: Locator, index: number): Promise<Locator> {
  await expect(box).toHaveAttribute('data-ready', '');
  const outputs = box.locator('[data-role="lab-output"]');
  const before = await outputs.count();
  await box.locator(`[data-action="lab-step"][data-index="${index}"]`).click();
  await expect(outputs).toHaveCount(before + 1, { timeout: 90_000 });
  // By position: .last() would follow the newest output once another command ran.
  return outputs.nth(before);
}

test('rename-field: each deploy shows, per migration, the locks its statements took', { tag: '@timed' }, async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/guide/rewrites-and-renames/');
  const box = lab(page, 'rename-field');
  await box.scrollIntoViewIfNeeded();

  const first = await step(box, 0);
  await expect(first).toHaveAttribute('data-exit-code', '0');
  // The command's own output is what the CLI prints; the trace comes under it.
  await expect(first.locator('.lab-output-text')).toContainText('All migrations have been successfully applied.');
  await expect(first.locator('.lab-output-text')).not.toContainText('lock');
  const migrations = first.locator('[data-role="migration-locks"]');
  await expect(migrations).toHaveCount(2);
  await expect(migrations.nth(0)).toHaveAttribute('data-migration', '20240101000000_init');
  const addPost = first.locator('[data-role="migration-locks"][data-migration="20240102000000_add_post"]');
  await expect(addPost).toHaveAttribute('data-trace', 'done');
  // The foreign key locks the table it references, which the earlier migration created and committed.
  const fkLock = addPost.locator('[data-role="statement"] [data-role="lock"][data-relation="User"]');
  await expect(fkLock).toHaveAttribute('data-mode', 'ShareRowExclusiveLock');
  await expect(fkLock).toHaveAttribute('data-blocks', 'writes');

  // Measured once the lab is warm, as the lab's other tests do: its first command loads its code.
  await startHeartbeat(page);
  await box.locator('[data-action="lab-step"][data-index="3"]').click(); // the RENAME migration
  const rename = await step(box, 4);
  await expect(rename).toHaveAttribute('data-exit-code', '0');
  const renamed = rename.locator('[data-role="migration-locks"][data-migration="20240103000000_rename_title"]');
  await expect(renamed.locator('summary')).toHaveText('20240103000000_rename_title: ACCESS EXCLUSIVE on Post · blocks reads and writes');
  await renamed.locator('summary').click();
  const badge = renamed.locator('[data-role="statement"] [data-role="lock"]');
  await expect(badge).toBeVisible();
  await expect(badge).toHaveAttribute('data-relation', 'Post');
  await expect(badge).toHaveAttribute('data-mode', 'AccessExclusiveLock');
  await expect(badge).toHaveAttribute('data-blocks', 'reads,writes');
  await expect(badge).toContainText('ACCESS EXCLUSIVE on Post · blocks reads and writes');
  // A rename changes the catalog only: no rewrite is claimed.
  await expect(renamed.locator('[data-role="statement"]')).not.toHaveAttribute('data-rewrite', /.*/);
  await renamed.getByRole('button', { name: 'Lock details' }).click();
  await expect(renamed.locator('[data-role="lock-detail"]')).toContainText('taken by this statement');

  // The trace's cost is in the command's time (a copy of the database per migration): recorded, not judged.
  test
    .info()
    .annotations.push({
      type: 'cost',
      description: `first deploy: ${await first.locator('.lab-exit').textContent()}; rename deploy: ${await rename.locator('.lab-exit').textContent()}`,
    });
  await expectResponsive(page, 'a deploy with its lock trace, expanded');
});
