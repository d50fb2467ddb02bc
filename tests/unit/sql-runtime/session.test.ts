import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseSession, runScript } from '../../../src/lib/sql-runtime/session.ts';
import type { StateSpec } from '../../../src/lib/sql-runtime/protocol.ts';

let db: PGlite;
let session: DatabaseSession;

beforeAll(async () => {
  db = await PGlite.create();
  session = new DatabaseSession(db);
});
afterAll(() => db.close());

const FAILING = `CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\nSELECT 1/0;\nCREATE TABLE b (id int);`;
const exists = async (table: string) =>
  (await runScript(db, `SELECT to_regclass('${table}') IS NOT NULL AS present`, { mode: 'batch' })).statements[0]?.result?.rows[0]?.[0] ===
  't';

describe('runScript', () => {
  it('batch mode: one implicit transaction, so a failure at statement 3 keeps nothing', async () => {
    await session.reset();
    const result = await runScript(db, FAILING, { mode: 'batch' });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('22012');
    expect(result.statements.map((s) => s.status)).toEqual(['rolled-back', 'rolled-back', 'error', 'not-run']);
    expect(await exists('a')).toBe(false);
  });

  it('statement mode: statements 1-2 are committed, 4 never runs', async () => {
    await session.reset();
    const result = await runScript(db, FAILING, { mode: 'statements' });
    expect(result.statements.map((s) => s.status)).toEqual(['ok', 'ok', 'error', 'not-run']);
    expect(result.statements[1]?.command).toBe('INSERT 0 1');
    expect(await exists('a')).toBe(true);
    expect(await exists('b')).toBe(false);
  });

  it('reports tags, row counts, text values, NULLs, duplicate column names and notices', async () => {
    const result = await runScript(
      db,
      `SELECT 1 AS x, NULL::text AS x, true AS flag, '{"a":1}'::jsonb AS doc; DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$;`,
      { mode: 'batch' },
    );
    const select = result.statements[0]!;
    expect(select.command).toBe('SELECT 1');
    expect(select.rowCount).toBe(1);
    expect(select.result).toEqual({ columns: ['x', 'x', 'flag', 'doc'], rows: [['1', null, 't', '{"a": 1}']], totalRows: 1 });
    expect(result.notices).toEqual([{ severity: 'NOTICE', code: '00000', message: 'hello 42' }]);
  });

  it('caps huge results but reports the total', async () => {
    const result = await runScript(db, 'SELECT g FROM generate_series(1, 2000) g', { mode: 'batch', maxRows: 500 });
    expect(result.statements[0]?.result?.rows).toHaveLength(500);
    expect(result.statements[0]?.result?.totalRows).toBe(2000);
  });

  it('gives error positions counted over the whole script in both modes', async () => {
    const sql = 'SELECT 1;\nSELEC 2;';
    for (const mode of ['batch', 'statements'] as const) {
      const result = await runScript(db, sql, { mode });
      expect(result.error?.code).toBe('42601');
      expect(result.error?.position).toBe(sql.indexOf('SELEC 2') + 1);
    }
  });

  it('rolls back a transaction the script left open, so the next Run is not stuck in 25P02', async () => {
    await session.reset();
    const result = await runScript(db, 'BEGIN; CREATE TABLE c (id int); SELECT 1/0;', { mode: 'batch' });
    expect(result.openTransactionRolledBack).toBe(true);
    const next = await runScript(db, 'SELECT 1', { mode: 'batch' });
    expect(next.ok).toBe(true);
  });

  it('continueOnError shows 25P02 for statements after an error inside BEGIN', async () => {
    const result = await runScript(db, 'BEGIN; SELECT 1/0; SELECT 2; COMMIT;', { mode: 'statements', continueOnError: true });
    expect(result.statements.map((s) => s.error?.code ?? s.command)).toEqual(['BEGIN', '22012', '25P02', 'ROLLBACK']);
  });
});

describe('DatabaseSession', () => {
  const state = (key: string, history: StateSpec['history'] = []): StateSpec => ({
    key,
    setup: 'CREATE TABLE users (id int PRIMARY KEY);',
    history,
  });

  it('consecutive Runs see earlier effects: the second CREATE TABLE fails with 42P07', async () => {
    const sql = 'CREATE TABLE posts (id int);';
    const first = await session.run(state('x:0'), { sql, mode: 'batch' }, { nextKey: 'x:1' });
    const second = await session.run(state('x:1', [{ sql, mode: 'batch' }]), { sql, mode: 'batch' }, { nextKey: 'x:2' });
    expect(first.ok).toBe(true);
    expect(second.error?.code).toBe('42P07');
  });

  it('isolates examples: another example starts from its own setup, and coming back replays history', async () => {
    const other = await session.run(
      { key: 'y:0', setup: '', history: [] },
      { sql: "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", mode: 'batch' },
      { nextKey: 'y:1' },
    );
    expect(other.statements[0]?.result?.rows).toEqual([['0']]);
    const back = await session.run(
      state('x:1', [{ sql: 'CREATE TABLE posts (id int);', mode: 'batch' }]),
      { sql: 'SELECT * FROM posts', mode: 'batch' },
      { nextKey: 'x:2' },
    );
    expect(back.ok).toBe(true);
  });

  it('reset removes schemas, roles and settings readers created', async () => {
    await runScript(db, 'CREATE SCHEMA extra; CREATE ROLE reviewer; SET search_path = extra;', { mode: 'batch' });
    await session.reset();
    const check = await runScript(
      db,
      "SELECT count(*) FROM pg_namespace WHERE nspname = 'extra'; SELECT count(*) FROM pg_roles WHERE rolname = 'reviewer'; SHOW search_path;",
      { mode: 'batch' },
    );
    expect(check.statements.map((s) => s.result?.rows[0]?.[0])).toEqual(['0', '0', 'public']); // PGlite's configured default search_path
  });

  it('fails loudly when an example setup is broken', async () => {
    await expect(session.prepare({ key: 'z:0', setup: 'CREATE TABLE;', history: [] })).rejects.toThrow(/setup failed: 42601/);
  });
});
