/**
 * The lock and rewrite rules fed by the real tracer (src/lib/locks/trace.ts) on PGlite: what a rule
 * reports as observed is what PostgreSQL did, and a change PostgreSQL makes without a rewrite
 * (VARCHAR to TEXT) is not reported, although the parse tree alone cannot tell.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintMigration } from '../../../../src/lib/checker/lint.ts';
import { traceScript } from '../../../../src/lib/locks/trace.ts';
import { DatabaseSession, runScript } from '../../../../src/lib/sql-runtime/session.ts';

const SETUP = `CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" VARCHAR(100) NOT NULL, "views" INTEGER NOT NULL DEFAULT 0);
INSERT INTO "Post" ("title") SELECT 'post ' || n FROM generate_series(1, 200) AS n;`;

let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create();
});
afterAll(() => db.close());

async function lintTraced(migration: string) {
  await new DatabaseSession(db).reset();
  const setup = await runScript(db, SETUP, { mode: 'batch', maxRows: 0 });
  if (!setup.ok) throw new Error(`setup failed: ${setup.error?.message}`);
  const trace = await traceScript(db, migration, { mode: 'statements' });
  expect(trace.statements.every((s) => s.status === 'ok')).toBe(true);
  return lintMigration(migration, {
    existingTables: new Set(['Post']),
    trace: trace.statements,
    prismaTarget: '7.4',
    severities: { 'missing-lock-timeout': 'info' },
  });
}

describe("rules with the tracer's observations", () => {
  it('a type change PostgreSQL does without a rewrite is not reported; one with a rewrite is, as observed', async () => {
    const findings = await lintTraced(`SET lock_timeout = '5s';
ALTER TABLE "Post" ALTER COLUMN "title" SET DATA TYPE TEXT;
ALTER TABLE "Post" ALTER COLUMN "views" SET DATA TYPE BIGINT;`);
    const rewrites = findings.filter((f) => f.rule === 'type-change-rewrite');
    expect(rewrites.map((f) => f.line)).toEqual([3]);
    expect(rewrites[0]!.message).toContain('rewrote "Post" (observed)');
    expect(rewrites[0]!.message).toContain('takes AccessExclusiveLock on "Post" (observed)');
  });

  it('CREATE INDEX: the SHARE lock the tracer read', async () => {
    const findings = await lintTraced(`CREATE INDEX "Post_title_idx" ON "Post"("title");`);
    const [finding] = findings.filter((f) => f.rule === 'index-not-concurrently');
    expect(finding!.message).toContain('takes ShareLock on "Post" (observed)');
  });

  it('a volatile default rewrote the table; a constant one did not', async () => {
    const findings = await lintTraced(`SET lock_timeout = '5s';
ALTER TABLE "Post" ADD COLUMN "publicId" UUID NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE "Post" ADD COLUMN "score" INTEGER NOT NULL DEFAULT 7;`);
    const rewrites = findings.filter((f) => f.rule === 'volatile-default-rewrite');
    expect(rewrites.map((f) => f.line)).toEqual([2]);
    expect(rewrites[0]!.message).toContain('(observed)');
  });

  it('missing-lock-timeout points at the first statement seen taking ACCESS EXCLUSIVE', async () => {
    const findings = await lintTraced(`CREATE INDEX "Post_views_idx" ON "Post"("views");
ALTER TABLE "Post" ADD COLUMN "summary" TEXT;`);
    const timeouts = findings.filter((f) => f.rule === 'missing-lock-timeout');
    expect(timeouts.map((f) => f.line)).toEqual([2]);
    expect(timeouts[0]!.message).toContain('(observed)');
  });
});
