/**
 * /check's engine (check.ts) with extensions: a bundled one runs and what uses it passes; one PGlite
 * lacks is named once, the rest is still checked, and what needs it "cannot run" (no cascade).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseSession } from '../../../src/lib/sql-runtime/session.ts';
import { checkMigrations, type RunDatabase } from '../../../src/lib/checker/check.ts';
import { lintMigration } from '../../../src/lib/checker/lint.ts';
import { extensionBundles } from '../../../src/lib/sql-runtime/extension-bundles.ts';

let db: PGlite;
let run: RunDatabase;
beforeAll(async () => {
  db = await PGlite.create({ extensions: await extensionBundles(['pgcrypto']) });
  const session = new DatabaseSession(db);
  run = (state, script, nextKey) => session.run(state, script, { nextKey });
}, 60_000);
afterAll(() => db.close());

describe('/check with extensions', () => {
  it('a pgcrypto migration and one that uses it: no failure', { timeout: 60_000 }, async () => {
    const report = await checkMigrations(
      [
        { name: '1_crypto', sql: 'CREATE EXTENSION IF NOT EXISTS "pgcrypto";' },
        {
          name: '2_table',
          sql: 'CREATE TABLE "Token" ("id" UUID NOT NULL DEFAULT gen_random_uuid(), CONSTRAINT "Token_pkey" PRIMARY KEY ("id"));',
        },
      ],
      run,
      lintMigration,
    );
    expect(report.migrations.map((m) => [m.statements.ok, m.batch.ok])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(report.errors).toBe(0);
  });

  it('postgis: named once, the rest still checked, what depends on it is not a failure', { timeout: 60_000 }, async () => {
    const report = await checkMigrations(
      [
        { name: '1_gis', sql: 'CREATE EXTENSION IF NOT EXISTS postgis;\nCREATE TABLE "Plain" ("id" int);' },
        { name: '2_place', sql: 'CREATE TABLE "Place" ("id" int, "at" geography(Point, 4326));' },
        { name: '3_fails', sql: 'SELECT 1/0;' },
      ],
      run,
      lintMigration,
    );
    const [gis, place, fails] = report.migrations;
    expect(gis!.unavailableExtensions).toEqual(['postgis']);
    expect(gis!.statements.ok).toBe(true);
    expect(place!.dependsOn).toEqual(['postgis']);
    expect(fails!.statements.failures.map((f) => f.code)).toEqual(['22012']);
    // Only the real failure counts: the third migration.
    expect(report.errors).toBe(1);
  });
});
