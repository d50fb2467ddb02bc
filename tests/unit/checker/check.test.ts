/**
 * The checker's database runs, on PGlite through the same DatabaseSession the examples use, and its
 * command line: the report and the exit codes.
 */
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseSession } from '../../../src/lib/sql-runtime/session.ts';
import { checkMigrations, type RunDatabase } from '../../../src/lib/checker/check.ts';
import { lintMigration } from '../../../src/lib/checker/lint.ts';
import { main } from '../../../src/lib/checker/cli.ts';
import { formatReport } from '../../../src/lib/checker/report-text.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/checker');
let db: PGlite;
let run: RunDatabase;
beforeAll(async () => {
  db = await PGlite.create();
  const session = new DatabaseSession(db);
  run = (state, script, nextKey) => session.run(state, script, { nextKey, maxRows: 0 });
});
afterAll(() => db.close());

describe('database checks', () => {
  it('CONCURRENTLY with other statements: 25001 in one batch, fine statement by statement', async () => {
    const sql = 'CREATE TABLE IF NOT EXISTS t (id int);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_id ON t (id);';
    const [report] = (await checkMigrations([{ name: 'm.sql', sql }], run, lintMigration)).migrations;
    expect(report!.batch).toMatchObject({ ok: false, failures: [{ line: 2, code: '25001' }] });
    expect(report!.statements.ok).toBe(true);
    expect(report!.findings.map((f) => f.rule)).toEqual(['concurrently-in-transaction']);
  });

  it('a second run lists every statement that conflicts with what the first run created', async () => {
    const sql = 'CREATE TABLE a (id int);\nCREATE TABLE IF NOT EXISTS b (id int);\nALTER TABLE a ADD COLUMN x int;';
    const report = await checkMigrations([{ name: 'm.sql', sql }], run, lintMigration);
    const [m] = report.migrations;
    expect(m!.batch.ok).toBe(true);
    expect(m!.again.failures.map((f) => `${f.line}:${f.code}`)).toEqual(['1:42P07', '3:42701']);
    expect(report.errors).toBe(0);
    expect(report.warnings).toBe(2);
  });

  it('statement mode reports what stayed committed before a failure', async () => {
    const sql = 'CREATE TABLE c (id int);\nINSERT INTO c VALUES (1);\nSELECT 1/0;';
    const [m] = (await checkMigrations([{ name: 'm.sql', sql }], run, lintMigration)).migrations;
    expect(m!.statements).toMatchObject({ ok: false, committedBeforeFailure: 2, failures: [{ line: 3, code: '22012' }] });
    expect(m!.again.skipped).toBe('the first run failed');
  });

  it('a folder replays in order: each migration runs after the ones before it', async () => {
    const report = await checkMigrations(
      [
        { name: '1', sql: 'CREATE TABLE IF NOT EXISTS p (id int);\nINSERT INTO p VALUES (1);' },
        { name: '2', sql: 'ALTER TABLE p ADD COLUMN IF NOT EXISTS slug text NOT NULL;' },
      ],
      run,
      lintMigration,
    );
    expect(report.migrations[1]!.batch.failures[0]?.code).toBe('23502');
    expect(report.errors).toBe(1);
  });
});

describe('/check parity: context, target, one count per problem', () => {
  it('a pasted migration without context: a missing table is said as such and not counted; with a setup it runs', async () => {
    const sql = 'ALTER TABLE "User" ADD COLUMN "nickname" TEXT;';
    const alone = await checkMigrations([{ name: 'migration.sql', sql }], run, lintMigration, { withoutContext: true });
    expect(alone.migrations[0]).toMatchObject({ missingContext: true, statements: { ok: false, failures: [{ code: '42P01' }] } });
    expect(alone.errors).toBe(0);
    const withSetup = await checkMigrations([{ name: 'migration.sql', sql }], run, lintMigration, {
      setup: 'CREATE TABLE "User" ("id" SERIAL PRIMARY KEY);',
    });
    expect(withSetup.migrations[0]!.statements.ok).toBe(true);
    expect(withSetup.migrations[0]!.missingContext).toBeUndefined();
    // A real failure of a pasted migration still counts: a division by zero is not missing context.
    const failing = await checkMigrations([{ name: 'migration.sql', sql: 'SELECT 1/0;' }], run, lintMigration, { withoutContext: true });
    expect(failing.errors).toBe(1);
  });

  it('the target decides which run fails the migration; a syntax error counts once', async () => {
    const sql = 'CREATE TABLE IF NOT EXISTS t2 (id int);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t2_id ON t2 (id);';
    const lint = async () => [];
    expect((await checkMigrations([{ name: 'm.sql', sql }], run, lint, { target: '7.4' })).errors).toBe(0);
    expect((await checkMigrations([{ name: 'm.sql', sql }], run, lint, { target: '7.3' })).errors).toBe(1);
    const syntax = await checkMigrations([{ name: 'm.sql', sql: 'CREATE TABLE x (id int;' }], run, lintMigration);
    expect(syntax.migrations[0]!.findings.map((f) => f.rule)).toEqual(['syntax-error']);
    expect(syntax.migrations[0]!.statements.failures[0]?.code).toBe('42601');
    expect(syntax.errors).toBe(1);
  });

  it('reports progress per migration', async () => {
    const seen: string[] = [];
    await checkMigrations(
      [
        { name: 'a', sql: 'SELECT 1;' },
        { name: 'b', sql: 'SELECT 2;' },
      ],
      run,
      async () => [],
      { onProgress: (done, total) => seen.push(`${done}/${total}`) },
    );
    expect(seen).toEqual(['0/2', '1/2', '2/2']);
  });
});

describe('command line', () => {
  // Each check starts a worker with two databases: minutes on a busy 2-core machine, not a hang.
  it('exit 1 with the report when a migration fails; 0 for a clean file; 2 for bad usage', { timeout: 300_000 }, async () => {
    const lines: string[] = [];
    expect(await main(['check', join(FIXTURES, 'prisma/migrations')], (text) => lines.push(text))).toBe(1);
    expect(lines.join('\n')).toContain('FAILED line 1: 23502');
    expect(lines.join('\n')).toContain(
      '2 migration(s) checked: 1 failed, 0 cannot run here, 0 not checked; 1 error(s), 3 warning(s), 0 info',
    );
    expect(await main(['check', join(FIXTURES, 'good-guarded.sql')], () => undefined)).toBe(0);
    expect(await main(['check', join(FIXTURES, 'begin-commit.sql'), '--fail-on=warning'], () => undefined)).toBe(0);
    expect(await main(['check', join(FIXTURES, 'breaking.sql'), '--fail-on=warning'], () => undefined)).toBe(1);
    const errors: string[] = [];
    expect(await main(['check', join(FIXTURES, 'no-such-folder')], () => undefined, { err: (text) => errors.push(text) })).toBe(2);
    expect(await main(['lint'], () => undefined, { err: (text) => errors.push(text) })).toBe(2);
    expect(errors[0]).toBe(`migration-field-guide: ${join(FIXTURES, 'no-such-folder')} does not exist.`);
  });

  it('the bin runs as a CI step would call it', { timeout: 120_000 }, () => {
    const result = spawnSync(process.execPath, ['bin/migration-field-guide.mjs', 'check', join(FIXTURES, 'syntax-error.sql')], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('syntax-error');
    expect(result.stdout).toContain('line 3');
  });
});

describe('the command line keeps state between migrations instead of replaying them', () => {
  it('reports exactly what a fresh replay per run reports, over every fixture as one migrations folder', { timeout: 300_000 }, async () => {
    // Batch failures, transaction control, CONCURRENTLY alone and with others, conflicts on a second
    // run, a syntax error: each state carried over must equal the state a replay builds.
    const dir = await mkdtemp(join(tmpdir(), 'mfg-same-'));
    try {
      const files = (await readdir(FIXTURES)).filter((file) => file.endsWith('.sql')).sort();
      const seed =
        'CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" TEXT NOT NULL, "body" TEXT);\nINSERT INTO "Post" ("title") VALUES (\'a\');';
      const sources = [{ name: join(dir, '000_seed', 'migration.sql'), sql: seed }];
      for (const [index, file] of files.entries()) {
        sources.push({
          name: join(dir, `${String(index + 1).padStart(3, '0')}_${file.replace('.sql', '')}`, 'migration.sql'),
          sql: await readFile(join(FIXTURES, file), 'utf8'),
        });
      }
      for (const source of sources) {
        await mkdir(join(source.name, '..'), { recursive: true });
        await writeFile(source.name, source.sql);
      }
      const replayed = formatReport(await checkMigrations(sources, run, lintMigration), { siteUrl: '' });
      const lines: string[] = [];
      await main(['check', dir], (text) => lines.push(text));
      // The same runs and verdicts; the command line adds each statement's locks and its own totals.
      const runLines = (text: string) =>
        text.split('\n').filter((line) => !line.startsWith(' ') || /^ {2}(fresh database|second run|NOT CHECKED)/.test(line));
      expect(runLines(lines.join('\n')).slice(0, -1)).toEqual(runLines(replayed).slice(0, -1));
      expect(lines.join('\n')).toContain(`${files.length + 1} migration(s) checked`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
