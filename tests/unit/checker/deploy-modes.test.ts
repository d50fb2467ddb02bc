/**
 * Issue #9's bar, through the command line a CI job runs: `check <dir> --format=json` reports how
 * the chosen Prisma version really sends each file (`runs.deploy.mode`, after any sqlparser
 * fallback) and what stayed committed when it failed. One folder per case, so every file meets a
 * fresh database.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/lib/checker/cli.ts';
import type { JsonReport } from '../../../src/lib/checker/report-json.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mfg-deploy-modes-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function deployOf(sql: string, ...flags: string[]) {
  const folder = join(root, `case-${Math.random().toString(36).slice(2)}`, 'prisma', 'migrations');
  await mkdir(join(folder, '20240101000000_case'), { recursive: true });
  await writeFile(join(folder, '20240101000000_case', 'migration.sql'), sql);
  const out: string[] = [];
  await main(['check', folder, '--format=json', ...flags], (text) => out.push(text), { err: () => undefined, progress: () => undefined });
  const report = JSON.parse(out.join('\n')) as JsonReport;
  return report.migrations[0]!.runs.deploy;
}

describe('runs.deploy as Prisma sends the file', () => {
  it('7.4+: CREATE TABLE + CREATE INDEX CONCURRENTLY succeeds, statement by statement', async () => {
    expect(await deployOf('CREATE TABLE "A" ("id" INT);\nCREATE INDEX CONCURRENTLY "A_id_idx" ON "A" ("id");\n')).toMatchObject({
      ok: true,
      mode: 'statements',
    });
  }, 120_000);

  it('7.4+: DROP INDEX CONCURRENTLY beside another statement falls back to one batch and fails 25001', async () => {
    expect(await deployOf('CREATE TABLE "B" ("id" INT);\nDROP INDEX CONCURRENTLY IF EXISTS "B_id_idx";\n')).toMatchObject({
      ok: false,
      sqlstate: '25001',
      mode: 'batch',
    });
  }, 120_000);

  it('7.4+: a DO block makes the file one batch: 42P07 with nothing committed', async () => {
    const sql = 'CREATE TABLE "C" ("id" INT);\nDO $$ BEGIN PERFORM 1; END $$;\nCREATE TABLE "C" ("id" INT);\n';
    expect(await deployOf(sql)).toMatchObject({ ok: false, sqlstate: '42P07', mode: 'batch', committed: 0 });
  }, 120_000);

  it('7.4+: two CREATE TABLE "D" fail 42P07 statement by statement, the first one committed', async () => {
    expect(await deployOf('CREATE TABLE "D" ("id" INT);\nCREATE TABLE "D" ("id" INT);\n')).toMatchObject({
      ok: false,
      sqlstate: '42P07',
      line: 2,
      mode: 'statements',
      committed: 1,
    });
  }, 120_000);

  it('--prisma=7.3: CREATE TABLE + CREATE INDEX CONCURRENTLY fails 25001 in one batch', async () => {
    expect(
      await deployOf('CREATE TABLE "E" ("id" INT);\nCREATE INDEX CONCURRENTLY "E_id_idx" ON "E" ("id");\n', '--prisma=7.3'),
    ).toMatchObject({ ok: false, sqlstate: '25001', mode: 'batch' });
  }, 120_000);
});

describe('--prisma=7.3: the next migration meets the state Prisma 7.3 leaves', () => {
  async function folderOf(migrations: string[], flags: string[], checkOnly?: number) {
    const folder = join(root, `chain-${Math.random().toString(36).slice(2)}`, 'prisma', 'migrations');
    for (const [index, sql] of migrations.entries()) {
      const name = `2024010100000${index}_step${index}`;
      await mkdir(join(folder, name), { recursive: true });
      await writeFile(join(folder, name, 'migration.sql'), sql);
    }
    const only = checkOnly === undefined ? [] : [join(folder, `2024010100000${checkOnly}_step${checkOnly}`, 'migration.sql')];
    const out: string[] = [];
    await main(['check', folder, ...only, '--format=json', ...flags], (text) => out.push(text), {
      err: () => undefined,
      progress: () => undefined,
    });
    return (JSON.parse(out.join('\n')) as JsonReport).migrations.map((migration) => migration.runs.deploy);
  }

  // The first file fails in one batch (25001), so 7.3 committed none of it: the table is not there
  // for the second. Statement by statement it would have been, and the second would fail 42P07.
  const first = 'CREATE TABLE "F" ("id" INT);\nCREATE INDEX CONCURRENTLY "F_id_idx" ON "F" ("id");\n';
  const second = 'CREATE TABLE "F" ("id" INT, "name" TEXT);\n';

  it('a batch that failed left nothing behind', async () => {
    const [one, two] = await folderOf([first, second], ['--prisma=7.3']);
    expect(one).toMatchObject({ ok: false, sqlstate: '25001', mode: 'batch' });
    expect(two).toMatchObject({ ok: true, mode: 'batch' });
  }, 120_000);

  it('the same under --since: the replayed file leaves what 7.3 leaves', async () => {
    // Only the checked file is in the report; the first was only replayed.
    const deploys = await folderOf([first, second], ['--prisma=7.3'], 1);
    expect(deploys).toHaveLength(1);
    expect(deploys[0]).toMatchObject({ ok: true, mode: 'batch' });
  }, 120_000);

  it('7.4 keeps the statement-by-statement state: the second file meets "F"', async () => {
    const [one, two] = await folderOf([first, second], []);
    expect(one).toMatchObject({ ok: true, mode: 'statements' });
    expect(two).toMatchObject({ ok: false, sqlstate: '42P07' });
  }, 120_000);
});
