/**
 * The lab sends migrations through runMigration with the reader's Prisma version: what a failed
 * deploy leaves, the one-batch fallback of a file sqlparser cannot parse, and P3018 built from the
 * database's own error (source location included), all through the real schema engine.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestLab, type TestLab } from '../../support/lab-host.ts';
import { labPreset } from '../../../src/lib/guide/lab-presets.ts';
import type { LabFile } from '../../../src/lib/prisma-lab/project.ts';

let t: TestLab;
beforeEach(async () => {
  t = await createTestLab();
});
afterEach(() => t.close());

const table = async (name: string) => ((await t.db.query(`SELECT to_regclass('public."${name}"') AS r`)).rows[0] as { r: string | null }).r;
const base = () => labPreset('failed-migration').files.filter((file) => !file.path.includes('add_post'));
const withMigration = (sql: string): LabFile[] => [
  ...base(),
  { path: 'prisma/migrations/20240102000000_add_post/migration.sql', content: sql },
];
const BROKEN = labPreset('failed-migration').files.find((file) => file.path.includes('add_post'))?.content ?? '';

describe('a failed deploy in the lab', () => {
  it('as 7.4+ (the default) keeps CREATE TABLE "Post"; P3018 carries the server error and where PostgreSQL raised it', async () => {
    const result = await t.lab.run('npx prisma migrate deploy', withMigration(BROKEN), labPreset('failed-migration').mode);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('Database error code: 42703');
    expect(result.output).toMatch(/file: Some\("[a-z_]+\.c"\), line: Some\(\d+\), routine: Some\("\w+"\)/);
    expect(await table('Post')).toBe('"Post"');
  });

  it('as ≤ 7.3 leaves nothing of the file', async () => {
    const result = await t.lab.run('npx prisma migrate deploy', withMigration(BROKEN), '7.3');
    expect(result.exitCode).toBe(1);
    expect(await table('Post')).toBeNull();
  });

  it('as 7.4+ a file with a DO block goes as one batch: nothing of it stays', async () => {
    const guarded = `DO $$ BEGIN PERFORM 1; END $$;\n${BROKEN}`;
    const result = await t.lab.run('npx prisma migrate deploy', withMigration(guarded), '7.4');
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('Database error code: 42703');
    expect(await table('Post')).toBeNull();
  });

  it('COPY FROM STDIN in a migration is refused with a message; the lab goes on working', async () => {
    const result = await t.lab.run(
      'npx prisma migrate deploy',
      withMigration('CREATE TABLE "Post" (id int);\nCOPY "Post" FROM STDIN;\n'),
      '7.4',
    );
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('COPY FROM STDIN needs a client that sends the data');
    expect(await table('Post')).toBeNull();
    expect((await t.lab.run('npx prisma migrate status', withMigration(BROKEN), '7.4')).output).toContain(
      'Following migration have failed:',
    );
  });

  it('as 7.4+ CREATE INDEX CONCURRENTLY beside CREATE TABLE applies; as ≤ 7.3 it fails 25001', async () => {
    const concurrent = 'CREATE TABLE "Post" (id int);\nCREATE INDEX CONCURRENTLY "Post_id_idx" ON "Post" (id);\n';
    expect((await t.lab.run('npx prisma migrate deploy', withMigration(concurrent), '7.4')).exitCode).toBe(0);
    const fresh = await createTestLab();
    try {
      const legacy = await fresh.lab.run('npx prisma migrate deploy', withMigration(concurrent), '7.3');
      expect(legacy.exitCode).toBe(1);
      expect(legacy.output).toContain('Database error code: 25001');
    } finally {
      await fresh.close();
    }
  });
});
