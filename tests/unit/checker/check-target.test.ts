/**
 * /check's engine (check.ts) leaves for the next migration what the chosen Prisma leaves: under 7.3
 * a batch that failed left nothing, under 7.4+ the statements before the failure stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseSession } from '../../../src/lib/sql-runtime/session.ts';
import { checkMigrations, type RunDatabase } from '../../../src/lib/checker/check.ts';

let db: PGlite;
let run: RunDatabase;
beforeAll(async () => {
  db = await PGlite.create();
  const session = new DatabaseSession(db);
  run = (state, script, nextKey) => session.run(state, script, { nextKey, maxRows: 0 });
}, 60_000);
afterAll(() => db.close());

const sources = [
  { name: '1_table_and_index', sql: 'CREATE TABLE "F" ("id" INT);\nCREATE INDEX CONCURRENTLY "F_id_idx" ON "F" ("id");' },
  { name: '2_same_table', sql: 'CREATE TABLE "F" ("id" INT, "name" TEXT);' },
];

describe('the state the next migration meets', () => {
  it('7.3: the first file fails in one batch and leaves nothing, so the second creates "F"', { timeout: 60_000 }, async () => {
    const report = await checkMigrations(sources, run, async () => [], { target: '7.3' });
    expect(report.migrations.map((m) => m.batch.ok)).toEqual([false, true]);
    expect(report.errors).toBe(1);
  });

  it('7.4: the first file runs statement by statement, so the second meets "F" and fails 42P07', { timeout: 60_000 }, async () => {
    const report = await checkMigrations(sources, run, async () => [], { target: '7.4' });
    expect(report.migrations[0]!.statements.ok).toBe(true);
    expect(report.migrations[1]!.statements.failures.map((f) => f.code)).toEqual(['42P07']);
  });
});
