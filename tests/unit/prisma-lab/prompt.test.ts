/**
 * The data-loss prompt of `migrate dev` and `db push`: refused without a terminal exactly as Prisma
 * 7.10.1 refuses it, asked when a reader is there, and N/y doing what the CLI does.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestLab, type TestLab } from '../../support/lab-host.ts';
import { WAITING, type LabFile } from '../../../src/lib/prisma-lab/lab.ts';

const shared = (file: string) => readFileSync(new URL(`../../../content/labs/_shared/${file}`, import.meta.url), 'utf8');
const SCHEMA = shared('schema.prisma');
const WITHOUT_EMAIL = SCHEMA.replace(/\n\s*email\s+String @unique/, '');
const SEED = 'INSERT INTO "User" ("email") VALUES (\'ada@example.com\');\n';
const QUESTION = 'Are you sure you want to create and apply this migration?';

let t: TestLab;
beforeEach(async () => {
  t = await createTestLab();
});
afterEach(() => t.close());

const project = (schema: string): LabFile[] => [
  { path: 'prisma/schema.prisma', content: schema },
  { path: 'prisma/migrations/20240101000000_init/migration.sql', content: shared('init.sql') },
  { path: 'prisma/seed.sql', content: SEED },
];

async function withRow(): Promise<LabFile[]> {
  expect((await t.lab.run('npx prisma migrate deploy', project(SCHEMA), '7.3')).exitCode).toBe(0);
  expect((await t.lab.run('npx prisma db execute --file prisma/seed.sql', project(SCHEMA), '7.3')).exitCode).toBe(0);
  return project(WITHOUT_EMAIL);
}

const emailColumn = async () =>
  (await t.db.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'email'`)).rows.length;

describe('migrate dev that would lose data', () => {
  it("without a terminal: refused with 7.10.1's text, exit 1, nothing created", async () => {
    const files = await withRow();
    const result = await t.lab.run('npx prisma migrate dev --name drop_email', files, '7.3');
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain(
      '⚠️  Warnings for the current datasource:\n\n  • You are about to drop the column `email` on the `User` table, which still contains 1 non-null values.',
    );
    expect(result.output).toContain('Error: Prisma Migrate has detected that the environment is non-interactive, which is not supported.');
    expect(result.output).toContain(
      '`prisma migrate dev` is an interactive command designed to create new migrations and evolve the database in development.',
    );
    expect(result.question).toBeUndefined();
    expect(result.files).toBeUndefined();
    expect(await emailColumn()).toBe(1);
  });

  it('with a reader: asks, N cancels (130), y creates and applies', async () => {
    const files = await withRow();
    const asked = await t.lab.run('npx prisma migrate dev --name drop_email', files, '7.3', {});
    expect(asked.exitCode).toBe(WAITING);
    expect(asked.question).toBe(QUESTION);
    expect(asked.output.trimEnd().endsWith(`? ${QUESTION} › (y/N)`)).toBe(true);
    expect(asked.files).toBeUndefined();

    const no = await t.lab.run('npx prisma migrate dev --name drop_email', files, '7.3', { answer: false });
    expect(no.exitCode).toBe(130);
    expect(no.output).toBe(`✖ ${QUESTION} … no\nMigration cancelled.`);
    expect(no.files).toBeUndefined();
    expect(await emailColumn()).toBe(1);

    const yes = await t.lab.run('npx prisma migrate dev --name drop_email', files, '7.3', { answer: true });
    expect(yes.exitCode).toBe(0);
    expect(yes.output.startsWith(`✔ ${QUESTION} … yes`)).toBe(true);
    expect(yes.output).toContain('Your database is now in sync with your schema.');
    expect(yes.files?.some((file) => /_drop_email\/migration\.sql$/.test(file.path))).toBe(true);
    expect(await emailColumn()).toBe(0);
  });
});

describe('db push that would lose data', () => {
  it('refuses without a terminal, asks with a reader, pushes on y', async () => {
    const files = await withRow();
    const refused = await t.lab.run('npx prisma db push', files, '7.3');
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain(
      'Error: Use the --accept-data-loss flag to ignore the data loss warnings like prisma db push --accept-data-loss',
    );
    const asked = await t.lab.run('npx prisma db push', files, '7.3', {});
    expect(asked.question).toBe('Do you want to ignore the warning(s)?');
    expect(await emailColumn()).toBe(1);
    const pushed = await t.lab.run('npx prisma db push', files, '7.3', { answer: true });
    expect(pushed.exitCode).toBe(0);
    expect(pushed.output).toContain('Your database is now in sync with your Prisma schema.');
    expect(await emailColumn()).toBe(0);
  });
});

describe('_prisma_migrations.logs after a failed migration', () => {
  it("holds the native P3018 text and the engine's span trace, not the WASM connector's wording", async () => {
    const files: LabFile[] = [
      { path: 'prisma/schema.prisma', content: 'datasource db {\n  provider = "postgresql"\n}\n' },
      { path: 'prisma/migrations/1_dup/migration.sql', content: 'CREATE TABLE "P" (id int);\nCREATE TABLE "P" (id int);\n' },
    ];
    const failed = await t.lab.run('npx prisma migrate deploy', files, '7.3');
    expect(failed.exitCode).toBe(1);
    const { rows } = await t.db.query<{ logs: string }>('SELECT logs FROM _prisma_migrations');
    const logs = rows[0]!.logs;
    expect(logs.startsWith('A migration failed to apply. New migrations cannot be applied before the error is recovered from.')).toBe(true);
    expect(logs).toContain('Migration name: 1_dup\n\nDatabase error code: 42P07\n\nDatabase error:\nERROR: relation "P" already exists');
    expect(logs).toContain('DbError { severity: "ERROR"');
    expect(logs).toMatch(/\n {3}0: sql_schema_connector::apply_migration::apply_script\n {11}with migration_name="1_dup"/);
    expect(logs).not.toContain('external connector error');
    expect(logs).not.toContain('schema_engine_wasm');
    // The CLI's output and the column agree, as with native Prisma.
    expect(failed.output).toContain(logs.split('\n   0:')[0]);
  });
});

describe("validate and format through Prisma's schema WASM", () => {
  const INVALID = 'datasource db {\n provider = "postgresql"\n}\nmodel User {\n  id Int @id\n  email   Strin\n}\n';
  it('validate reports P1012 with the line marked; format leaves an invalid schema as it is', async () => {
    const files: LabFile[] = [{ path: 'prisma/schema.prisma', content: INVALID }];
    const invalid = await t.lab.run('npx prisma validate', files, '7.3');
    expect(invalid.exitCode).toBe(1);
    expect(invalid.output).toContain(
      'Error code: P1012\nerror: Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum.',
    );
    expect(invalid.markers).toEqual([
      {
        path: 'prisma/schema.prisma',
        line: 6,
        message: 'Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum.',
      },
    ]);
    const format = await t.lab.run('npx prisma format', files, '7.3');
    expect(format.exitCode).toBe(1);
    expect(format.files).toBeUndefined();
  });

  it('format writes the formatted schema; --check says whether it would', async () => {
    const ugly =
      'datasource db {\n provider = "postgresql"\n}\nmodel User {\n  id Int @id @default(autoincrement())\n  email   String @unique\n}\n';
    const check = await t.lab.run('npx prisma format --check', [{ path: 'prisma/schema.prisma', content: ugly }], '7.3');
    expect(check.exitCode).toBe(1);
    expect(check.output).toContain('! There are unformatted files. Run prisma format to format them.');
    const formatted = await t.lab.run('npx prisma format', [{ path: 'prisma/schema.prisma', content: ugly }], '7.3');
    expect(formatted.exitCode).toBe(0);
    expect(formatted.output).toMatch(/Formatted prisma\/schema\.prisma in \d+ms 🚀/);
    const content = formatted.files!.find((file) => file.path === 'prisma/schema.prisma')!.content;
    expect(content).toBe(
      'datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n',
    );
    const again = await t.lab.run('npx prisma format --check', formatted.files!, '7.3');
    expect(again.output).toContain('All files are formatted correctly!');
  });
});

describe('db pull', () => {
  it('on an empty database: P4001 as 7.10.1 prints it, exit 1, the schema untouched', async () => {
    const files: LabFile[] = [{ path: 'prisma/schema.prisma', content: SCHEMA }];
    const pulled = await t.lab.run('npx prisma db pull', files, '7.3');
    expect(pulled.exitCode).toBe(1);
    expect(pulled.output).toContain('P4001 The introspected database was empty:');
    expect(pulled.output).toContain('Then you can run prisma db pull again.');
    expect(pulled.files).toBeUndefined();
  });
});
