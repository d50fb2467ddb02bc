/**
 * The lab core driven through every scenario the chapters use, on PGlite in Node, with the real
 * schema engine: exit codes, the CLI's texts and the `_prisma_migrations` rows after each step.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestLab, type TestLab } from '../../support/lab-host.ts';
import type { LabCommandResult, LabFile } from '../../../src/lib/prisma-lab/lab.ts';
import { LOCKFILE, LOCKFILE_PATH } from '../../../src/lib/prisma-lab/project.ts';

const SCHEMA = `datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id    Int    @id\n  email String @unique\n}\n`;
const INIT = `CREATE TABLE "User" ("id" INTEGER NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\nCREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n`;
const BAD = `CREATE TABLE "Post" ("id" INTEGER NOT NULL);\nCREATE TABLE "User" ("id" INTEGER NOT NULL);\n`;
const FIXED = `CREATE TABLE "Post" ("id" INTEGER NOT NULL);\n`;

const migration = (name: string, sql: string): LabFile => ({ path: `prisma/migrations/${name}/migration.sql`, content: sql });
const project = (...migrations: LabFile[]): LabFile[] => [{ path: 'prisma/schema.prisma', content: SCHEMA }, ...migrations];

let t: TestLab;
beforeEach(async () => {
  t = await createTestLab();
});
afterEach(() => t.close());

/** Rows of `_prisma_migrations` as name → [finished?, rolled back?, applied_steps_count, logs?]. */
function rows(result: LabCommandResult) {
  const table = result.snapshot.migrations;
  if (!table) return null;
  const at = (name: string) => table.columns.indexOf(name);
  return table.rows.map((row) => ({
    name: row[at('migration_name')],
    finished: row[at('finished_at')] !== null,
    rolledBack: row[at('rolled_back_at')] !== null,
    steps: Number(row[at('applied_steps_count')]),
    logs: row[at('logs')],
  }));
}

const tableExists = async (name: string) =>
  (await t.db.query(`SELECT to_regclass('public."${name}"') AS r`)).rows[0] as { r: string | null };

describe('handling a failed migration', () => {
  it('P3018 → P3009 → status → fix → resolve --rolled-back → deploy', async () => {
    const files = project(migration('20240101000000_init', INIT), migration('20240102000000_add_post', BAD));
    const failed = await t.lab.run('npx prisma migrate deploy', files, '7.3');
    expect(failed.exitCode).toBe(1);
    expect(failed.output).toContain('2 migrations found in prisma/migrations');
    expect(failed.output).toContain('Applying migration `20240101000000_init`');
    expect(failed.output).toContain('Error: P3018\n\nA migration failed to apply.');
    expect(failed.output).toContain('Migration name: 20240102000000_add_post');
    expect(failed.output).toContain('Database error code: 42P07');
    expect(failed.output).toContain('ERROR: relation "User" already exists');
    expect(failed.output).toMatch(/DbError \{ severity: "ERROR", parsed_severity: Some\(Error\), code: SqlState\(E42P07\)/);
    expect(rows(failed)).toMatchObject([
      { name: '20240101000000_init', finished: true, rolledBack: false, steps: 1, logs: null },
      { name: '20240102000000_add_post', finished: false, rolledBack: false, steps: 0 },
    ]);
    expect(rows(failed)![1]!.logs).toContain('relation "User" already exists');
    // One batch: the statement before the failure was rolled back with it.
    expect((await tableExists('Post')).r).toBeNull();

    const locked = await t.lab.run('npx prisma migrate deploy', files, '7.3');
    expect(locked.exitCode).toBe(1);
    expect(locked.output).toContain('Error: P3009');
    expect(locked.output).toMatch(/The `20240102000000_add_post` migration started at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ UTC failed/);
    expect(locked.output).not.toContain('Applying migration');

    const status = await t.lab.run('npx prisma migrate status', files, '7.3');
    expect(status.exitCode).toBe(1);
    expect(status.output).toContain('Following migration have failed:\n20240102000000_add_post');
    expect(status.output).toContain('prisma migrate resolve --rolled-back "20240102000000_add_post"');

    const fixed = project(migration('20240101000000_init', INIT), migration('20240102000000_add_post', FIXED));
    const resolved = await t.lab.run('npx prisma migrate resolve --rolled-back 20240102000000_add_post', fixed, '7.3');
    expect(resolved.exitCode).toBe(0);
    expect(resolved.output).toContain('Migration 20240102000000_add_post marked as rolled back.');
    expect(rows(resolved)![1]).toMatchObject({ finished: false, rolledBack: true });

    const deployed = await t.lab.run('npx prisma migrate deploy', fixed, '7.3');
    expect(deployed.exitCode).toBe(0);
    expect(deployed.output).toContain(
      'The following migration(s) have been applied:\n\nmigrations/\n  └─ 20240102000000_add_post/\n    └─ migration.sql',
    );
    expect(deployed.output).toContain('All migrations have been successfully applied.');
    // The failed attempt stays as audit trail; the new attempt is a new row.
    expect(rows(deployed)).toMatchObject([
      { name: '20240101000000_init', finished: true },
      { name: '20240102000000_add_post', finished: false, rolledBack: true },
      { name: '20240102000000_add_post', finished: true, rolledBack: false, steps: 1 },
    ]);
    expect((await tableExists('Post')).r).toBe('"Post"');

    const upToDate = await t.lab.run('npx prisma migrate status', fixed, '7.3');
    expect(upToDate.exitCode).toBe(0);
    expect(upToDate.output).toContain('Database schema is up to date!');
  });

  it('statement by statement (Prisma ≥ 7.4), the statements before the failure stay committed', async () => {
    const files = project(migration('20240101000000_init', INIT), migration('20240102000000_add_post', BAD));
    const failed = await t.lab.run('prisma migrate deploy', files, '7.4');
    expect(failed.exitCode).toBe(1);
    expect(failed.output).toContain('Database error code: 42P07');
    expect((await tableExists('Post')).r).toBe('"Post"');
    // A retry of the unchanged file now fails on the leftover, which is why recovery starts in the database.
    await t.lab.run('prisma migrate resolve --rolled-back 20240102000000_add_post', files, '7.4');
    const retry = await t.lab.run('prisma migrate deploy', files, '7.4');
    expect(retry.output).toContain('ERROR: relation "Post" already exists');
  });

  it('the hotfix path: finish the change by hand, then resolve --applied', async () => {
    const files = project(migration('20240101000000_init', INIT), migration('20240102000000_add_post', BAD));
    await t.lab.run('npx prisma migrate deploy', files, '7.3');
    const withFix = [...files, { path: 'prisma/hotfix.sql', content: FIXED }];
    const executed = await t.lab.run('npx prisma db execute --file prisma/hotfix.sql', withFix, '7.3');
    expect(executed.exitCode).toBe(0);
    expect(executed.output).toContain('Script executed successfully.');
    const resolved = await t.lab.run('npx prisma migrate resolve --applied 20240102000000_add_post', withFix, '7.3');
    expect(resolved.exitCode).toBe(0);
    expect(resolved.output).toContain('Migration 20240102000000_add_post marked as applied.');
    expect(rows(resolved)).toMatchObject([
      { name: '20240101000000_init', finished: true },
      { name: '20240102000000_add_post', finished: false, rolledBack: true },
      { name: '20240102000000_add_post', finished: true, rolledBack: false, steps: 0, logs: '' },
    ]);
    expect((await t.lab.run('npx prisma migrate status', withFix, '7.3')).output).toContain('Database schema is up to date!');
    const again = await t.lab.run('npx prisma migrate resolve --applied 20240102000000_add_post', withFix, '7.3');
    expect(again.exitCode).toBe(1);
    expect(again.output).toContain('Error: P3008');
  });

  it('deleting the row by hand loses the audit trail and skips every check', async () => {
    const files = project(migration('20240101000000_init', INIT), migration('20240102000000_add_post', BAD));
    await t.lab.run('npx prisma migrate deploy', files, '7.3');
    const withDelete = [
      ...files,
      { path: 'delete-row.sql', content: `DELETE FROM _prisma_migrations WHERE migration_name = '20240102000000_add_post';` },
    ];
    const deleted = await t.lab.run('npx prisma db execute --file delete-row.sql', withDelete, '7.3');
    expect(deleted.exitCode).toBe(0);
    expect(rows(deleted)!.map((row) => row.name)).toEqual(['20240101000000_init']);
    // Nothing records that the migration ever failed; resolve would have refused a wrong name.
    const wrongName = await t.lab.run('npx prisma migrate resolve --rolled-back add_post', files, '7.3');
    expect(wrongName.exitCode).toBe(1);
    expect(wrongName.output).toContain('Error: P3011');
  });

  it('resolve refuses what is not failed (P3012) and names it does not know (P3017)', async () => {
    const files = project(migration('20240101000000_init', INIT));
    await t.lab.run('npx prisma migrate deploy', files, '7.3');
    const notFailed = await t.lab.run('npx prisma migrate resolve --rolled-back 20240101000000_init', files, '7.3');
    expect(notFailed.exitCode).toBe(1);
    expect(notFailed.output).toContain('Error: P3012');
    const unknown = await t.lab.run('npx prisma migrate resolve --applied 20990101000000_nope', files, '7.3');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.output).toContain('Error: P3017');
    const both = await t.lab.run('npx prisma migrate resolve --applied a --rolled-back b', files, '7.3');
    expect(both.output).toBe('Pass either --applied or --rolled-back, not both.');
  });
});

describe('version control: an applied migration edited afterwards', () => {
  it('migrate dev reports it (exit 130); deploy ignores it silently', async () => {
    const files = project(migration('20240101000000_init', INIT));
    expect((await t.lab.run('npx prisma migrate deploy', files, '7.3')).exitCode).toBe(0);
    const edited = project(migration('20240101000000_init', `BEGIN;\n${INIT}COMMIT;\n`));
    const dev = await t.lab.run('npx prisma migrate dev', edited, '7.3');
    expect(dev.exitCode).toBe(130);
    expect(dev.output).toContain('The migration `20240101000000_init` was modified after it was applied.');
    expect(dev.output).toContain('We need to reset the "public" schema');
    const deploy = await t.lab.run('npx prisma migrate deploy', edited, '7.3');
    expect(deploy.exitCode).toBe(0);
    expect(deploy.output).toContain('No pending migrations to apply.');
  });
});

describe('the shadow database', () => {
  it('a manual change to the dev database is drift', async () => {
    const files = project(migration('20240101000000_init', INIT));
    await t.lab.run('npx prisma migrate deploy', files, '7.3');
    const manual = [...files, { path: 'manual.sql', content: 'CREATE TABLE "Blog" (id int PRIMARY KEY);' }];
    await t.lab.run('npx prisma db execute --file manual.sql', manual, '7.3');
    const dev = await t.lab.run('npx prisma migrate dev --name add_blog', manual, '7.3');
    expect(dev.exitCode).toBe(130);
    expect(dev.output).toContain('Drift detected: Your database schema is not in sync with your migration history.');
    expect(dev.output).toContain('[+] Added tables\n  - Blog');
    expect(t.shadowsOpened()).toBeGreaterThan(0);
  });

  it('a migration that does not apply cleanly to the shadow database is P3006', async () => {
    const files = project(
      migration('20240101000000_init', INIT),
      migration('20240102000000_broken', 'ALTER TABLE "Nope" ADD COLUMN x int;'),
    );
    const dev = await t.lab.run('npx prisma migrate dev', files, '7.3');
    expect(dev.exitCode).toBe(1);
    expect(dev.output).toContain('Error: P3006');
    expect(dev.output).toContain('Migration `20240102000000_broken` failed to apply cleanly to the shadow database.');
    expect(dev.output).toContain('No such table: Nope');
  });

  it('migrate dev creates and applies a migration from the schema; --create-only only writes it', async () => {
    const draft = await t.lab.run('npx prisma migrate dev --name init --create-only', project(), '7.3');
    expect(draft.exitCode).toBe(0);
    const created = draft.files!.find((file) => file.path.endsWith('_init/migration.sql'))!;
    expect(created.content).toContain('CREATE TABLE "User"');
    expect(draft.output).toMatch(/Prisma Migrate created the following migration without applying it \d{14}_init/);
    expect(draft.snapshot.tables).toEqual([]);
    const opened = t.shadowsOpened();
    const dev = await t.lab.run('npx prisma migrate dev', draft.files!, '7.3');
    expect(dev.exitCode).toBe(0);
    // The engine asks for a shadow database several times in one migrate dev; one is opened.
    expect(t.shadowsOpened() - opened).toBe(1);
    expect(dev.output).toContain('Applying migration');
    expect(dev.snapshot.tables.map((table) => table.name)).toEqual(['User']);
    const again = await t.lab.run('npx prisma migrate dev', draft.files!, '7.3');
    expect(again.output).toContain('Already in sync, no schema change or pending migration was found.');
  });

  it('migrate diff from the migrations folder to the schema, as a script', async () => {
    const without = project(
      migration('20240101000000_init', 'CREATE TABLE "User" ("id" INTEGER NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));'),
    );
    // As the CLI: the folder's lock file names the connector; without it the engine cannot tell.
    const refused = await t.lab.run(
      'npx prisma migrate diff --from-migrations ./prisma/migrations --to-schema ./prisma/schema.prisma --script',
      without,
      '7.3',
    );
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain('Could not determine the connector from the migrations directory (missing migration_lock.toml).');
    const files = [...without, { path: LOCKFILE_PATH, content: LOCKFILE }];
    const diff = await t.lab.run(
      'npx prisma migrate diff --from-migrations ./prisma/migrations --to-schema ./prisma/schema.prisma --script',
      files,
      '7.3',
    );
    expect(diff.exitCode).toBe(0);
    expect(diff.output).toContain('ALTER TABLE "User" ADD COLUMN     "email" TEXT NOT NULL;');
    const removed = await t.lab.run(
      'npx prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --shadow-database-url x',
      files,
      '7.3',
    );
    expect(removed.exitCode).toBe(1);
    expect(removed.output).toContain('! unknown or unexpected option: --shadow-database-url');
  });
});

describe('test locally and monitor logs', () => {
  it('migrate reset needs --force here, then drops everything and re-applies', async () => {
    const files = project(migration('20240101000000_init', INIT));
    await t.lab.run('npx prisma migrate deploy', files, '7.3');
    await t.db.exec(`INSERT INTO "User" VALUES (1, 'a@example.com')`);
    const refused = await t.lab.run('npx prisma migrate reset', files, '7.3');
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain('Use --force to run this command without user interaction.');
    const reset = await t.lab.run('npx prisma migrate reset --force', files, '7.3');
    expect(reset.exitCode).toBe(0);
    expect(reset.output).toContain('Database reset successful');
    expect(rows(reset)).toHaveLength(1);
    expect((await t.db.query('SELECT count(*)::int AS n FROM "User"')).rows[0]).toEqual({ n: 0 });
  });

  it('deploy has no --verbose', async () => {
    const result = await t.lab.run('npx prisma migrate deploy --verbose', project(), '7.3');
    expect(result.exitCode).toBe(1);
    expect(result.output.split('\n')[0]).toBe('! unknown or unexpected option: --verbose');
    expect(result.snapshot.migrations).toBeNull();
  });
});

describe('defensive SQL in a Prisma migration', () => {
  it('IF NOT EXISTS is applied as a success over a different table; drift shows later', async () => {
    await t.db.exec('CREATE TABLE "User" (id int PRIMARY KEY)');
    const guarded = project(
      migration(
        '20240101000000_init',
        `CREATE TABLE IF NOT EXISTS "User" ("id" INTEGER NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));`,
      ),
    );
    // Baseline the existing table: resolve --applied is how a database that is not empty starts.
    const deploy = await t.lab.run('npx prisma migrate deploy', guarded, '7.3');
    expect(deploy.exitCode).toBe(1);
    expect(deploy.output).toContain('Error: P3005');
    await t.db.exec(
      'CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0)',
    );
    const applied = await t.lab.run('npx prisma migrate deploy', guarded, '7.3');
    expect(applied.exitCode).toBe(0);
    expect(rows(applied)).toMatchObject([{ name: '20240101000000_init', finished: true, steps: 1 }]);
    expect(applied.snapshot.tables[0]!.columns.map((column) => column.name)).toEqual(['id']);
    const dev = await t.lab.run('npx prisma migrate dev', guarded, '7.3');
    expect(dev.exitCode).toBe(130);
    expect(dev.output).toContain('Drift detected');
    expect(dev.output).toContain('[*] Changed the `User` table');
  });
});

describe('bad input', () => {
  it('an invalid schema shows the engine validation errors with line markers', async () => {
    const files = [
      { path: 'prisma/schema.prisma', content: 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n' },
    ];
    const result = await t.lab.run('npx prisma migrate status', files, '7.3');
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('Error code: P1012');
    expect(result.output).toContain('The datasource property `url` is no longer supported in schema files.');
    expect(result.markers).toEqual([expect.objectContaining({ path: 'prisma/schema.prisma', line: 3 })]);
  });

  it('unknown commands, missing values and missing files get clear messages', async () => {
    const unknown = await t.lab.run('npx prisma migrate up', project(), '7.3');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.output).toContain('! Unknown command "migrate up"');
    const noValue = await t.lab.run('npx prisma migrate resolve --rolled-back', project(), '7.3');
    expect(noValue.output).toContain('! option requires argument: --rolled-back');
    const noFile = await t.lab.run('npx prisma db execute --file fix.sql', project(), '7.3');
    expect(noFile.output).toContain("Provided --file at fix.sql doesn't exist.");
    const notPrisma = await t.lab.run('psql -f x.sql', project(), '7.3');
    expect(notPrisma.exitCode).toBe(1);
    expect(notPrisma.output).toContain('`psql` is not one of them');
  });

  it('a folder without migration.sql is P3015; a file over the limit is refused, not truncated', async () => {
    const renamed = project({ path: 'prisma/migrations/20240101000000_init/migrations.sql', content: INIT });
    const p3015 = await t.lab.run('npx prisma migrate deploy', renamed, '7.3');
    expect(p3015.exitCode).toBe(1);
    expect(p3015.output).toContain('Error: P3015');
    const huge = project(migration('20240101000000_big', `-- ${'x'.repeat(1024 * 1024)}\nSELECT 1;`));
    const refused = await t.lab.run('npx prisma migrate deploy', huge, '7.3');
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain('is 1024 KB; the lab takes files up to 512 KB');
    expect(refused.snapshot.migrations).toBeNull();
  });

  it('a syntax error in a migration: P3018 with the position block, and a marker on its line', async () => {
    const files = project(migration('20240101000000_init', `CREATE TABLE "A" (id int);\nCREATE TABLE "B" (id intt);\n`));
    const result = await t.lab.run('npx prisma migrate deploy', files, '7.4');
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('Database error code: 42704');
    expect(result.output).toContain('Position:\n1 CREATE TABLE "A" (id int);\n2 CREATE TABLE "B" (id intt);');
    expect(result.markers).toEqual([
      { path: 'prisma/migrations/20240101000000_init/migration.sql', line: 2, message: '42704: type "intt" does not exist' },
    ]);
  });

  it('an empty migration file applies as an empty migration', async () => {
    const result = await t.lab.run('npx prisma migrate deploy', project(migration('20240101000000_empty', '')), '7.3');
    expect(result.exitCode).toBe(0);
    expect(rows(result)).toMatchObject([{ name: '20240101000000_empty', finished: true }]);
  });
});
