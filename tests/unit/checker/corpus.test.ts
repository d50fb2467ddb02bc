/**
 * The generated corpus (bench/corpus/generate.ts: 160 migrations from the real schema engine plus
 * hand-written SQL) is a folder that deploys: on a real PostgreSQL 15 every migration runs, in order;
 * and the checker, replaying it on PGlite, reports none of them as failing, unrunnable or unchecked.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/lib/checker/cli.ts';
import type { JsonReport } from '../../../src/lib/checker/report-json.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres-server.ts';

const CORPUS = fileURLToPath(new URL('../../fixtures/corpus/prisma/migrations', import.meta.url));

let names: string[];
beforeAll(async () => {
  names = (await readdir(CORPUS, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
});

describe('the generated corpus', () => {
  it('has at least 150 migrations, Prisma-generated and hand-written', async () => {
    expect(names.length).toBeGreaterThanOrEqual(150);
    const texts = await Promise.all(names.map((name) => readFile(join(CORPUS, name, 'migration.sql'), 'utf8')));
    const generated = texts.filter((sql) =>
      /^-- (CreateTable|AlterTable|CreateIndex|CreateEnum|AlterEnum|DropIndex|DropTable|AddForeignKey)/m.test(sql),
    ).length;
    expect(generated).toBeGreaterThanOrEqual(100);
    for (const marker of ['CREATE EXTENSION', 'DO $$', 'RENAME COLUMN', 'UPDATE ', 'ADD VALUE', 'CONCURRENTLY'])
      expect(
        texts.some((sql) => sql.includes(marker)),
        marker,
      ).toBe(true);
  });

  describe('on PostgreSQL 15', () => {
    let server: PostgresServer;
    let client: pg.Client;
    beforeAll(async () => {
      server = await startPostgres();
      client = new pg.Client({ connectionString: server.url });
      await client.connect();
    }, 120_000);
    afterAll(async () => {
      await client?.end();
      server?.stop();
    });

    it('every migration deploys, in order', { timeout: 300_000 }, async () => {
      const failures: string[] = [];
      for (const name of names) {
        try {
          await client.query(await readFile(join(CORPUS, name, 'migration.sql'), 'utf8'));
        } catch (error) {
          failures.push(`${name}: ${(error as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
      expect(server.version).toMatch(/PostgreSQL\) 15\./);
    });
  });

  it('the checker reports no migration as failing, unrunnable or unchecked', { timeout: 600_000 }, async () => {
    const out: string[] = [];
    await main(['check', CORPUS, '--format=json'], (text) => out.push(text), { progress: () => undefined });
    const report = JSON.parse(out.join('\n')) as JsonReport;
    expect(report.summary).toMatchObject({ migrations: names.length, failed: 0, cannotRun: 0, notChecked: 0 });
    expect(report.migrations.filter((migration) => migration.status !== 'ok').map((migration) => migration.name)).toEqual([]);
    // The tracer ran on every statement: a Prisma ALTER TABLE on an existing table shows its lock.
    const alters = report.migrations
      .flatMap((migration) => migration.statements)
      .filter((statement) => /^-- AlterTable\nALTER TABLE/.test(statement.sql));
    expect(alters.length).toBeGreaterThan(20);
    for (const statement of alters)
      expect(
        statement.locks.some((lock) => lock.mode === 'AccessExclusiveLock'),
        statement.sql,
      ).toBe(true);
  });
});
