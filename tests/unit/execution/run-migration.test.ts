/**
 * A migration run as Prisma 7.4+ and Prisma ≤ 7.3 send it, on PGlite (what the browser runs) and on
 * a throwaway PostgreSQL server: the bar at the level of the module the examples, labs and
 * checker share. Each case starts from an empty public schema.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runMigration } from '../../../src/lib/execution/run-migration.ts';
import { query, type ProtocolDatabase } from '../../../src/lib/sql-runtime/session.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres-server.ts';
import { connectProtocol, type ServerConnection } from '../../support/pg-protocol-database.ts';

let lite: PGlite;
let server: PostgresServer;
let pg: ServerConnection;

beforeAll(async () => {
  [lite, server] = await Promise.all([PGlite.create(), startPostgres()]);
  pg = await connectProtocol(server.url);
});
afterAll(async () => {
  await pg?.end();
  server?.stop();
  await lite?.close();
});

const tables = async (db: ProtocolDatabase) =>
  (
    await query(
      db,
      `SELECT string_agg(relname, ',' ORDER BY relname) AS names FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i')`,
      10,
    )
  ).statements[0]?.result?.rows[0]?.[0] ?? null;

for (const [name, open] of [
  ['PGlite', () => lite as ProtocolDatabase],
  ['PostgreSQL server', () => pg as ProtocolDatabase],
] as const) {
  describe(`on ${name}`, () => {
    let db: ProtocolDatabase;
    beforeEach(async () => {
      db = open();
      const reset = await query(db, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
      expect(reset.error).toBeUndefined();
    });

    it('7.4+: CREATE TABLE + CREATE INDEX CONCURRENTLY succeeds statement by statement', async () => {
      const run = await runMigration(db, 'CREATE TABLE "A" (id int);\nCREATE INDEX CONCURRENTLY "A_id_idx" ON "A" (id);\n', '7.4');
      expect({ ok: run.ok, mode: run.mode, committed: run.committed, fallback: run.fallback }).toEqual({
        ok: true,
        mode: 'statements',
        committed: 2,
        fallback: undefined,
      });
      expect(await tables(db)).toBe('A,A_id_idx');
    });

    it('7.4+: DROP INDEX CONCURRENTLY beside another statement falls back to one batch and fails 25001', async () => {
      expect((await query(db, 'CREATE TABLE "A" (id int); CREATE INDEX "A_id_idx" ON "A" (id);')).error).toBeUndefined();
      const run = await runMigration(db, 'CREATE TABLE "B" (id int);\nDROP INDEX CONCURRENTLY "A_id_idx";\n', '7.4');
      expect({ ok: run.ok, sqlstate: run.sqlstate, mode: run.mode, committed: run.committed, line: run.line }).toEqual({
        ok: false,
        sqlstate: '25001',
        mode: 'batch',
        committed: 0,
        line: 2,
      });
      expect(run.fallback?.reason).toBe(
        'sqlparser 0.62 cannot parse line 2 (`DROP INDEX CONCURRENTLY "A_id_idx"`): Prisma sends this file as one batch',
      );
      expect(await tables(db)).toBe('A,A_id_idx');
    });

    it('7.4+: CREATE TABLE "C" + a DO block + CREATE TABLE "C" fails 42P07 in one batch, nothing committed', async () => {
      const file = 'CREATE TABLE "C" (id int);\nDO $$ BEGIN PERFORM 1; END $$;\nCREATE TABLE "C" (id int);\n';
      const run = await runMigration(db, file, '7.4');
      expect({ ok: run.ok, sqlstate: run.sqlstate, mode: run.mode, committed: run.committed, line: run.line }).toEqual({
        ok: false,
        sqlstate: '42P07',
        mode: 'batch',
        committed: 0,
        line: 3,
      });
      expect(run.fallback?.line).toBe(2);
      expect(run.statements.map((statement) => statement.status)).toEqual(['rolled-back', 'rolled-back', 'error']);
      expect(await tables(db)).toBeNull();
    });

    it('7.4+: two CREATE TABLE "D" fail 42P07 statement by statement, the first stays committed', async () => {
      const run = await runMigration(db, 'CREATE TABLE "D" (id int);\nCREATE TABLE "D" (id int);\nCREATE TABLE "E" (id int);\n', '7.4');
      expect({ ok: run.ok, sqlstate: run.sqlstate, mode: run.mode, committed: run.committed, line: run.line }).toEqual({
        ok: false,
        sqlstate: '42P07',
        mode: 'statements',
        committed: 1,
        line: 2,
      });
      expect(run.statements.map((statement) => statement.status)).toEqual(['ok', 'error', 'not-run']);
      // Where PostgreSQL raised it, as Prisma's P3018 prints it.
      expect(run.errorSource?.file).toMatch(/\.c$/);
      expect(await tables(db)).toBe('D');
    });

    it('≤ 7.3: CREATE TABLE + CREATE INDEX CONCURRENTLY fails 25001 in one batch', async () => {
      const run = await runMigration(db, 'CREATE TABLE "A" (id int);\nCREATE INDEX CONCURRENTLY "A_id_idx" ON "A" (id);\n', '7.3');
      expect({
        ok: run.ok,
        sqlstate: run.sqlstate,
        mode: run.mode,
        committed: run.committed,
        fallback: run.fallback,
        line: run.line,
      }).toEqual({ ok: false, sqlstate: '25001', mode: 'batch', committed: 0, fallback: undefined, line: 2 });
      expect(await tables(db)).toBeNull();
    });

    it('≤ 7.3: two CREATE TABLE "D" leave nothing behind', async () => {
      const run = await runMigration(db, 'CREATE TABLE "D" (id int);\nCREATE TABLE "D" (id int);\n', '7.3');
      expect({ ok: run.ok, sqlstate: run.sqlstate, committed: run.committed, line: run.line }).toEqual({
        ok: false,
        sqlstate: '42P07',
        committed: 0,
        line: 2,
      });
      expect(await tables(db)).toBeNull();
    });

    it('7.4+: BEGIN … COMMIT makes the file atomic again; a failure inside leaves the block open and uncommitted', async () => {
      const run = await runMigration(db, 'BEGIN;\nCREATE TABLE "F" (id int);\nCREATE TABLE "F" (id int);\nCOMMIT;\n', '7.4');
      expect({ ok: run.ok, sqlstate: run.sqlstate, mode: run.mode, committed: run.committed, inTransaction: run.inTransaction }).toEqual({
        ok: false,
        sqlstate: '42P07',
        mode: 'statements',
        committed: 0,
        inTransaction: true,
      });
      // As Prisma's next bookkeeping query would find it.
      expect((await query(db, 'SELECT 1')).error?.code).toBe('25P02');
      expect((await query(db, 'ROLLBACK')).error).toBeUndefined();
      expect(await tables(db)).toBeNull();
    });

    it('an empty or comment-only file succeeds and changes nothing, in both targets', async () => {
      for (const target of ['7.4', '7.3'] as const) {
        for (const file of ['', '-- nothing yet\n']) {
          const run = await runMigration(db, file, target);
          expect({ ok: run.ok, committed: run.committed, statements: run.statements }).toEqual({ ok: true, committed: 0, statements: [] });
        }
      }
    });

    it('COPY … FROM STDIN is refused before anything is sent, and the database goes on working', async () => {
      for (const target of ['7.4', '7.3'] as const) {
        await expect(runMigration(db, 'CREATE TABLE "H" (id int);\nCOPY "H" FROM STDIN;\n', target)).rejects.toThrow(
          /COPY FROM STDIN needs a client that sends the data/,
        );
      }
      expect(await tables(db)).toBeNull();
      expect((await runMigration(db, 'CREATE TABLE "H" (id int);', '7.4')).ok).toBe(true);
    });

    it('positions count characters: an emoji before the error does not shift the reported line', async () => {
      const file = `COMMENT ON SCHEMA public IS '🙂🙂 migrations';\nCREATE TABLE "J" (id int);\nALTER TABLE "J" ADD COLUMN x nosuchtype;\n`;
      for (const target of ['7.4', '7.3'] as const) {
        await query(db, 'DROP TABLE IF EXISTS "J"');
        const run = await runMigration(db, file, target);
        expect({ target, sqlstate: run.sqlstate, line: run.line }).toEqual({ target, sqlstate: '42704', line: 3 });
        expect([...file].slice((run.error?.position ?? 0) - 1).join('')).toMatch(/^nosuchtype/);
      }
    });

    it('7.4+: a failing statement on a later line reports that line and the position in the whole file', async () => {
      const file = 'CREATE TABLE "G" (id int);\n\nALTER TABLE "G" ADD COLUMN x nosuchtype;\n';
      const run = await runMigration(db, file, '7.4');
      expect({ sqlstate: run.sqlstate, line: run.line, committed: run.committed }).toEqual({ sqlstate: '42704', line: 3, committed: 1 });
      expect(file.slice((run.error?.position ?? 0) - 1)).toMatch(/^nosuchtype/);
    });
  });
}
