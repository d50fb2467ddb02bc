/**
 * Hostile input against the runtime on PGlite: scripts that used to make a Run report something it
 * did not have. Each case ends with a following Run that must report the truth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import {
  DatabaseBrokenError,
  DatabaseSession,
  UnsupportedInputError,
  COPY_FROM_STDIN_MESSAGE,
  runScript,
} from '../../../src/lib/sql-runtime/session.ts';
import { MAX_CELL_CHARS, MAX_RESULT_CHARS, MAX_ROWS } from '../../../src/lib/sql-runtime/limits.ts';

let db: PGlite;
let session: DatabaseSession;

beforeAll(async () => {
  db = await PGlite.create();
  session = new DatabaseSession(db);
});
afterAll(() => db.close());

/** The next Run tells the truth: a success is a real one, a failure names the real error. */
async function nextRunIsTruthful(on: PGlite = db): Promise<void> {
  const ok = await runScript(on, 'SELECT 40 + 2 AS answer', { mode: 'batch' });
  expect(ok.ok).toBe(true);
  expect(ok.statements[0]?.result?.rows).toEqual([['42']]);
  const failing = await runScript(on, 'SELECT 1/0', { mode: 'statements' });
  expect(failing.ok).toBe(false);
  expect(failing.error?.code).toBe('22012');
}

const status = (result: Awaited<ReturnType<typeof runScript>>) => result.statements.map((statement) => statement.status);

describe('hostile runtime: no false success', () => {
  it('hostile: infinite SQL recursion (PANIC ERRORDATA_STACK_SIZE) throws DatabaseBrokenError, never a success; a reopened database tells the truth', async () => {
    const broken = await PGlite.create();
    try {
      const sql = 'CREATE FUNCTION f(n int) RETURNS int LANGUAGE sql AS $$ SELECT f(n+1) $$; SELECT f(1);';
      await expect(runScript(broken, sql, { mode: 'batch' })).rejects.toBeInstanceOf(DatabaseBrokenError);
      // Before, every later Run of this instance "succeeded" with each statement "not run".
      await expect(runScript(broken, 'SELECT 1; SELECT 2', { mode: 'statements' })).rejects.toBeInstanceOf(DatabaseBrokenError);
      await expect(
        new DatabaseSession(broken).run({ key: 'k', setup: '', history: [] }, { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'k1' }),
      ).rejects.toBeInstanceOf(DatabaseBrokenError);
    } finally {
      await broken.close().catch(() => undefined);
    }
    await nextRunIsTruthful();
  }, 60_000);

  it('hostile: the same recursion in statement mode is reported broken at its statement, not as ok', async () => {
    const broken = await PGlite.create();
    try {
      const sql = 'CREATE FUNCTION f(n int) RETURNS int LANGUAGE sql AS $$ SELECT f(n+1) $$;\nSELECT f(1);\nSELECT 3;';
      const error = await runScript(broken, sql, { mode: 'statements' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatabaseBrokenError);
      expect((error as Error).message).toMatch(/can no longer|stopped/);
    } finally {
      await broken.close().catch(() => undefined);
    }
    await nextRunIsTruthful();
  }, 60_000);

  it('hostile: a database that answers with nothing is broken, not "ok"', async () => {
    const silent = { execProtocol: () => Promise.resolve({ messages: [] }) };
    await expect(runScript(silent, 'SELECT 1; SELECT 2', { mode: 'statements' })).rejects.toThrow(DatabaseBrokenError);
    const cutShort = { execProtocol: () => Promise.resolve({ messages: [{ name: 'commandComplete', text: 'CREATE FUNCTION' }] }) };
    await expect(runScript(cutShort, 'CREATE FUNCTION x() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', { mode: 'batch' })).rejects.toThrow(
      /stopped answering/,
    );
    await nextRunIsTruthful();
  });
});

describe('hostile runtime: errors land on the right statement', () => {
  it('hostile: a syntax error in statement 2 of a batch is listed against statement 2, and statement 1 did not run', async () => {
    await session.reset();
    const sql = 'CREATE TABLE a (id int);\nSELEC 2;\nCREATE TABLE b (id int);';
    const result = await runScript(db, sql, { mode: 'batch' });
    expect(result.error?.code).toBe('42601');
    expect(status(result)).toEqual(['not-run', 'error', 'not-run']);
    expect(result.statements[1]?.start).toBe(sql.indexOf('SELEC'));
    expect(result.committed).toEqual([]);
    await nextRunIsTruthful();
  });

  it('hostile: a runtime error in statement 3 of a batch rolls back 1-2 and is placed on 3', async () => {
    await session.reset();
    const sql = 'CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\nSELECT * FROM missing;\nSELECT 4;';
    const result = await runScript(db, sql, { mode: 'batch' });
    expect(result.error?.code).toBe('42P01');
    expect(status(result)).toEqual(['rolled-back', 'rolled-back', 'error', 'not-run']);
    expect(result.statements[2]?.start).toBe(sql.indexOf('SELECT * FROM missing'));
    await nextRunIsTruthful();
  });

  it('hostile: an error position after astral characters (emoji) still points at the right statement', async () => {
    const sql = "SELECT '😀😀😀';\nSELEC 2;";
    const result = await runScript(db, sql, { mode: 'batch' });
    expect(status(result)).toEqual(['not-run', 'error']);
    const statements = await runScript(db, sql, { mode: 'statements' });
    expect(statements.error?.position).toBe([...sql.slice(0, sql.indexOf('SELEC 2'))].length + 1);
    await nextRunIsTruthful();
  });
});

describe('hostile runtime: committed is what PostgreSQL kept', () => {
  it('hostile: COMMIT of a failed block is answered ROLLBACK: nothing of the block is counted committed', async () => {
    await session.reset();
    const sql = 'CREATE TABLE kept (id int);\nBEGIN;\nCREATE TABLE lost (id int);\nSELECT 1/0;\nINSERT INTO lost VALUES (1);\nCOMMIT;';
    const result = await runScript(db, sql, { mode: 'statements', continueOnError: true });
    expect(result.statements[5]?.command).toBe('ROLLBACK');
    expect(status(result)).toEqual(['ok', 'ok', 'rolled-back', 'error', 'error', 'ok']);
    expect(result.committed).toEqual([0]);
    const check = await runScript(db, "SELECT to_regclass('kept') IS NOT NULL, to_regclass('lost') IS NOT NULL", { mode: 'batch' });
    expect(check.statements[0]?.result?.rows).toEqual([['t', 'f']]);
  });

  it('hostile: ROLLBACK TO SAVEPOINT undoes only what followed the savepoint', async () => {
    await session.reset();
    const sql =
      'BEGIN;\nCREATE TABLE a (id int);\nSAVEPOINT "Sp";\nCREATE TABLE b (id int);\nSAVEPOINT inner_one;\nCREATE TABLE c (id int);\nROLLBACK TO SAVEPOINT "Sp";\nCREATE TABLE d (id int);\nCOMMIT;';
    for (const mode of ['statements', 'batch'] as const) {
      await session.reset();
      const result = await runScript(db, sql, { mode });
      expect(result.committed).toEqual([1, 7]);
      expect(status(result)).toEqual(['ok', 'ok', 'ok', 'rolled-back', 'ok', 'rolled-back', 'ok', 'ok', 'ok']);
    }
    const check = await runScript(
      db,
      "SELECT to_regclass('a') IS NOT NULL, to_regclass('b') IS NOT NULL, to_regclass('c') IS NOT NULL, to_regclass('d') IS NOT NULL",
      { mode: 'batch' },
    );
    expect(check.statements[0]?.result?.rows).toEqual([['t', 'f', 'f', 't']]);
  });

  it('hostile: RELEASE keeps the work; an error inside BEGIN and a ROLLBACK TO recovers the block', async () => {
    await session.reset();
    const sql =
      'BEGIN;\nSAVEPOINT s;\nCREATE TABLE a (id int);\nRELEASE SAVEPOINT s;\nSAVEPOINT t;\nSELECT 1/0;\nROLLBACK TO t;\nCREATE TABLE b (id int);\nCOMMIT;';
    const result = await runScript(db, sql, { mode: 'statements', continueOnError: true });
    expect(result.committed).toEqual([2, 7]);
    expect(result.ok).toBe(false);
    await nextRunIsTruthful();
  });

  it('hostile: a block left open is rolled back and nothing of it is counted committed', async () => {
    await session.reset();
    const result = await runScript(db, 'CREATE TABLE before_block (id int);\nBEGIN;\nCREATE TABLE inside (id int);', {
      mode: 'statements',
    });
    expect(result.openTransactionRolledBack).toBe(true);
    expect(result.committed).toEqual([0]);
    expect(status(result)).toEqual(['ok', 'ok', 'rolled-back']);
    await nextRunIsTruthful();
  });
});

describe('hostile runtime: what only psql can do', () => {
  it('hostile: COPY … FROM STDIN is refused before it is sent (PGlite would exit) with the clear message', async () => {
    await session.reset();
    for (const mode of ['batch', 'statements'] as const) {
      const error = await runScript(db, 'CREATE TABLE t (a int);\n/* load */ copy t FROM stdin;\n1\n\\.', { mode }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(UnsupportedInputError);
      expect((error as Error).message).toBe(COPY_FROM_STDIN_MESSAGE);
    }
    const error = await runScript(db, 'CREATE TABLE t (a int); COPY t (a) FROM STDIN WITH (FORMAT csv);', { mode: 'batch' }).catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toContain('INSERT … VALUES');
    expect((await runScript(db, "SELECT to_regclass('t') IS NULL", { mode: 'batch' })).statements[0]?.result?.rows).toEqual([['t']]);
    await nextRunIsTruthful();
  });

  it('hostile: COPY … TO STDOUT shows its lines as rows', async () => {
    const result = await runScript(db, "COPY (SELECT g, 'x' || g FROM generate_series(1, 3) g) TO STDOUT", { mode: 'batch' });
    expect(result.ok).toBe(true);
    expect(result.statements[0]?.command).toBe('COPY 3');
    expect(result.statements[0]?.result?.rows).toEqual([['1\tx1'], ['2\tx2'], ['3\tx3']]);
    await nextRunIsTruthful();
  });

  it.each([['\\i schema.sql'], ['\\c other'], ['\\copy t from data.csv'], ['  \\d users']])(
    'hostile: the psql meta-command %s is refused with its line, nothing sent',
    async (meta) => {
      await session.reset();
      const error = await runScript(db, `CREATE TABLE kept (id int);\n${meta}\nSELECT 1;`, { mode: 'statements' }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(UnsupportedInputError);
      expect((error as Error).message).toContain(`Line 2: ${meta.trim()}`);
      expect((error as Error).message).toContain('psql meta-command');
      expect((await runScript(db, "SELECT to_regclass('kept') IS NULL", { mode: 'batch' })).statements[0]?.result?.rows).toEqual([['t']]);
      await nextRunIsTruthful();
    },
  );

  it('hostile: a backslash inside a string or a function body is not taken for a meta-command', async () => {
    const result = await runScript(db, "SELECT E'\n\\\\d';\nDO $$ BEGIN\n\\d\nEND $$;", { mode: 'statements', continueOnError: true });
    expect(result.statements[0]?.status).toBe('ok');
    expect(result.statements[1]?.error?.code).toBe('42601');
  });
});

describe('hostile runtime: huge results come back small', () => {
  it("hostile: SELECT repeat('x', 100000000) comes back as one cut cell, described not downloaded", async () => {
    const started = performance.now();
    const result = await runScript(db, "SELECT repeat('x', 100000000) AS big", { mode: 'batch' });
    const set = result.statements[0]?.result;
    expect(set?.rows[0]?.[0]).toHaveLength(MAX_CELL_CHARS);
    expect(set?.truncated).toEqual([{ row: 0, column: 0, length: 100_000_000 }]);
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
    expect(performance.now() - started).toBeLessThan(20_000);
    await nextRunIsTruthful();
  }, 60_000);

  it('hostile: 500 rows of 1 MB stay within MAX_RESULT_CHARS and say they were capped', async () => {
    const result = await runScript(db, "SELECT g, repeat('y', 1000000) FROM generate_series(1, 500) g", { mode: 'batch' });
    const set = result.statements[0]?.result;
    expect(set?.totalRows).toBe(500);
    const kept = set!.rows.reduce((sum, row) => sum + row.reduce((cells, cell) => cells + (cell?.length ?? 0), 0), 0);
    expect(kept).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    expect(set?.cappedBy).toBe('bytes');
    expect(set!.rows.length).toBeLessThan(500);
    expect(set!.truncated!.every((cell) => cell.length === 1_000_000)).toBe(true);
    const downloadable = set!.truncated!.filter((cell) => cell.full);
    expect(downloadable.length).toBeGreaterThan(0);
    expect(await downloadable[0]!.full!.text()).toHaveLength(1_000_000);
    await nextRunIsTruthful();
  }, 60_000);

  it('hostile: more rows than MAX_ROWS are counted, not sent, and marked capped by rows', async () => {
    const result = await runScript(db, `SELECT g FROM generate_series(1, ${MAX_ROWS * 4}) g`, { mode: 'batch' });
    expect(result.statements[0]?.result?.rows).toHaveLength(MAX_ROWS);
    expect(result.statements[0]?.result?.totalRows).toBe(MAX_ROWS * 4);
    expect(result.statements[0]?.result?.cappedBy).toBe('rows');
    await nextRunIsTruthful();
  });
});
