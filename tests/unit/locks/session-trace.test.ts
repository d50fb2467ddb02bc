/**
 * The worker's trace request, on PGlite, through the same DatabaseSession the worker uses: after a
 * Run, the trace is observed on the state that Run started from, and the session is left holding
 * the state that Run ended in, so every following Run of every guide example gets the outcome the
 * guide declares. Also "with N rows": generated rows on every fixture table, the key naming N.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveExample } from '../../../src/lib/guide/examples.ts';
import { guideExamples } from '../../support/guide-examples.ts';
import { DatabaseSession, runScript, statementOutcome } from '../../../src/lib/sql-runtime/session.ts';
import type { RunResult, ScriptRun, StateSpec } from '../../../src/lib/sql-runtime/protocol.ts';
import { MAX_TRACED_STATEMENTS } from '../../../src/lib/sql-runtime/limits.ts';

const examples = guideExamples();
let db: PGlite;
let session: DatabaseSession;

beforeAll(async () => {
  db = await PGlite.create();
  session = new DatabaseSession(db);
});
afterAll(async () => {
  await db.close();
});

const outcomeOf = (result: RunResult) => result.statements.map((statement) => statementOutcome(statement.status, statement.error?.code));
const scriptOf = (example: LiveExample): ScriptRun => ({
  sql: example.sql,
  mode: example.mode,
  ...(example.continueOnError ? { continueOnError: true } : {}),
});
const stateAfter = (example: LiveExample, runs: number, rows = 0): StateSpec => ({
  key: `${example.id}:${rows}:${runs}`,
  setup: example.setupSql,
  ...(rows ? { rows } : {}),
  history: Array.from({ length: runs }, () => scriptOf(example)),
});

async function count(sql: string): Promise<number> {
  const result = await runScript(db, sql, { mode: 'batch' });
  return Number(result.statements[0]?.result?.rows[0]?.[0]);
}

describe('a trace after each Run of every guide example', () => {
  it.each(examples.map((example) => [example.id, example] as const))('%s', async (_id: string, example: LiveExample) => {
    session.invalidate();
    const script = scriptOf(example);
    for (let run = 0; run < example.expect.length; run += 1) {
      const before = stateAfter(example, run);
      const after = stateAfter(example, run + 1);
      const result = await session.run(before, script, { nextKey: after.key, maxRows: 0 });
      // Each Run, including those after a trace, gets the outcome the guide declares.
      expect(result.error?.code ?? 'ok', `Run ${run + 1}`).toBe(example.expect[run]);
      const { trace, settledBy } = await session.trace(before, script, after, outcomeOf(result));
      // Observed on the state the Run started from: the same statements succeed and fail the same way
      // (on the Run's end state an `ok 42701` example's trace would fail where its first Run succeeded).
      expect(
        trace.statements.map((statement) => statementOutcome(statement.status, statement.error?.code)),
        `trace after Run ${run + 1} (${settledBy})`,
      ).toEqual(outcomeOf(result));
      // The session says it holds the Run's end state: preparing it replays nothing.
      expect(await session.prepare(after)).toBe(false);
    }
  });
});

describe('the state the trace leaves', () => {
  it('a statement-mode trace that agrees with its Run is the end state itself; a batch trace rolls back and replays the Run once', async () => {
    const setup = 'CREATE TABLE t (id int PRIMARY KEY, n int);';
    const statements: ScriptRun = { sql: 'INSERT INTO t VALUES (1, 1);\nALTER TABLE t ADD COLUMN c int;', mode: 'statements' };
    const before: StateSpec = { key: 's:0', setup, history: [] };
    const after: StateSpec = { key: 's:1', setup, history: [statements] };
    const run = await session.run(before, statements, { nextKey: after.key });
    expect((await session.trace(before, statements, after, outcomeOf(run))).settledBy).toBe('trace');
    expect(await count('SELECT count(*) FROM t')).toBe(1);

    const batch: ScriptRun = { ...statements, mode: 'batch' };
    const afterBatch: StateSpec = { key: 'b:1', setup, history: [batch] };
    const ran = await session.run({ ...before, key: 'b:0' }, batch, { nextKey: afterBatch.key });
    expect((await session.trace({ ...before, key: 'b:0' }, batch, afterBatch, outcomeOf(ran))).settledBy).toBe('replay');
    expect(await count('SELECT count(*) FROM t')).toBe(1);
    expect(await count(`SELECT count(*) FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'c'`)).toBe(1);
  });

  it('a trace that disagrees with the Run (a volatile outcome) rebuilds the end state instead of trusting itself', async () => {
    const setup = 'CREATE TABLE t (id int PRIMARY KEY);';
    const script: ScriptRun = { sql: 'INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);', mode: 'statements' };
    const before: StateSpec = { key: 'v:0', setup, history: [] };
    const after: StateSpec = { key: 'v:1', setup, history: [script] };
    await session.run(before, script, { nextKey: after.key });
    // Claim the Run's second statement failed: the trace (both ok) must not take its own state for the Run's.
    const { settledBy } = await session.trace(before, script, after, ['ok', '23505']);
    expect(settledBy).not.toBe('trace');
    expect(await count('SELECT count(*) FROM t')).toBe(2);
  });

  it('refuses a script longer than the trace follows, leaving the held state alone', async () => {
    const setup = 'CREATE TABLE t (id int);';
    const script: ScriptRun = { sql: 'SELECT 1;\n'.repeat(MAX_TRACED_STATEMENTS + 1), mode: 'statements' };
    const before: StateSpec = { key: 'l:0', setup, history: [] };
    const after: StateSpec = { key: 'l:1', setup, history: [script] };
    await session.run(before, script, { nextKey: after.key });
    await expect(session.trace(before, script, after, [])).rejects.toThrow(/up to 200/);
    expect(await session.prepare(after)).toBe(false);
  });
});

describe('with N rows', () => {
  const blog = examples.find((example) => example.id === 'local-not-null-backfill')!;

  it('adds N generated rows to every fixture table, foreign keys pointing at real rows, and the key names N', async () => {
    session.invalidate();
    await session.prepare(stateAfter(blog, 0, 10_000));
    const fill = session.takeFill();
    expect(fill?.tables.map(({ table, added, error }) => ({ table, added, error }))).toEqual([
      { table: 'User', added: 10_000, error: undefined },
      { table: 'Post', added: 10_000, error: undefined },
    ]);
    // blog-rows' 2 users and 3 posts stay; every post's author exists (the foreign key holds).
    expect(await count('SELECT count(*) FROM "User"')).toBe(10_002);
    expect(await count('SELECT count(*) FROM "Post"')).toBe(10_003);
    expect(await count('SELECT count(*) FROM "Post" p LEFT JOIN "User" u ON u.id = p."authorId" WHERE u.id IS NULL')).toBe(0);
    // The same setup without rows is another state: preparing it rebuilds.
    expect(await session.prepare(stateAfter(blog, 0))).toBe(true);
    expect(await count('SELECT count(*) FROM "Post"')).toBe(3);
  });

  it('the trace is observed on the N rows too, and the next Run finds the end state', async () => {
    session.invalidate();
    const script = scriptOf(blog);
    const before = stateAfter(blog, 0, 10_000);
    const after = stateAfter(blog, 1, 10_000);
    const run = await session.run(before, script, { nextKey: after.key, maxRows: 0 });
    expect(run.ok).toBe(true);
    const { trace } = await session.trace(before, script, after, outcomeOf(run));
    const update = trace.statements.find((statement) => /UPDATE/.test(statement.sql));
    expect(update?.command).toBe('UPDATE 10003');
    const next = await session.run(after, script, { nextKey: stateAfter(blog, 2, 10_000).key, maxRows: 0 });
    expect(next.error?.code).toBe('42701');
  });

  it('says which table cannot be filled and why, and fills the others', async () => {
    session.invalidate();
    const setup = `CREATE TABLE a (id serial PRIMARY KEY, p point NOT NULL);
CREATE TABLE b (id serial PRIMARY KEY, note text, CHECK (length(note) < 5));
CREATE TABLE c (id serial PRIMARY KEY, a_id int NOT NULL REFERENCES a(id));
CREATE TABLE d (id int PRIMARY KEY, label varchar(20) UNIQUE NOT NULL, at timestamptz NOT NULL, flag boolean NOT NULL);`;
    await session.prepare({ key: 'fill:bad', setup, rows: 100, history: [] });
    const tables = Object.fromEntries(session.takeFill()!.tables.map((table) => [table.table, table]));
    expect(tables.a?.error).toMatch(/column p \(point\) is NOT NULL/);
    expect(tables.b?.error).toMatch(/^23514/);
    expect(tables.c?.error).toMatch(/needs rows in a/);
    expect(tables.d).toEqual({ table: 'd', added: 100 });
  });
});
