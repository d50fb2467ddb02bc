/**
 * Issue #14 on PGlite: what one example's SQL may leave behind must not reach another example or a
 * lab. The session restores a known state after every Run; labs fingerprint their schema. Each case
 * ends with the next Run (and, where it matters, the next lab step) reporting the truth.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseBrokenError, DatabaseSession, runScript } from '../../../src/lib/sql-runtime/session.ts';
import type { RunResult, ScriptRun, StateSpec } from '../../../src/lib/sql-runtime/protocol.ts';
import { LabSchemas, LabStateLostError, EXAMPLES_ASIDE } from '../../../src/lib/prisma-lab/lab-schemas.ts';

let db: PGlite;
let session: DatabaseSession;
let labs: LabSchemas;
let runs = 0;

beforeAll(async () => {
  db = await PGlite.create();
  labs = new LabSchemas(db);
  session = new DatabaseSession(db, { labSchemas: () => labs.names() });
  await session.reset();
});
afterAll(() => db.close());

/** A Run of a throwaway example, as the worker does it (prepare, run, restore). */
async function run(sql: string, setup = ''): Promise<RunResult> {
  runs += 1;
  const state: StateSpec = { key: `ex${runs}:0`, setup, history: [] };
  return session.run(state, { sql, mode: 'statements' }, { nextKey: `ex${runs}:1` });
}

const value = async (sql: string) => (await run(sql)).statements[0]?.result?.rows[0]?.[0];

/** A lab command stand-in: swaps the lab in, runs `sql` as the lab's engine would, swaps it out. */
async function labStep(lab: string, sql: string, fresh = false): Promise<void> {
  await session.restore();
  const schema = await labs.enter(lab, fresh);
  try {
    await db.exec(sql);
  } finally {
    await labs.leave(schema);
  }
}

async function nextRunIsTruthful(): Promise<void> {
  const ok = await run('CREATE TABLE truth (id int); INSERT INTO truth VALUES (42); SELECT id FROM truth;');
  expect(ok.ok).toBe(true);
  expect(ok.statements[2]?.result?.rows).toEqual([['42']]);
  const failing = await run('CREATE TABLE t (id int); CREATE TABLE t (id int);');
  expect(failing.error?.code).toBe('42P07');
  expect(failing.committed).toEqual([0]);
}

/** A session of its own on the shared database, with every statement it sends recorded in `sent`. */
function recordingSession(): { own: DatabaseSession; sent: string[] } {
  const sent: string[] = [];
  const recording = {
    execProtocol: (message: Uint8Array, options?: { throwOnError?: boolean }) => {
      sent.push(new TextDecoder().decode(message.subarray(5, message.length - 1)));
      return db.execProtocol(message, options);
    },
  };
  return { own: new DatabaseSession(recording, { labSchemas: () => labs.names() }), sent };
}

const notices = (result: RunResult) => result.notices.map((notice) => notice.message).join('\n');

beforeEach(async () => {
  await labStep(
    'iso',
    "CREATE TABLE IF NOT EXISTS _prisma_migrations (id text PRIMARY KEY, migration_name text); CREATE TABLE IF NOT EXISTS \"User\" (id serial PRIMARY KEY); INSERT INTO _prisma_migrations VALUES ('1', 'init') ON CONFLICT DO NOTHING;",
  );
});

describe('hostile isolation: what outlives a Run is removed and the reader is told', () => {
  it('hostile: an event trigger that fails every DDL is dropped after its Run; the next Run and the lab work', async () => {
    const planted =
      await run(`CREATE FUNCTION no_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no DDL today'; END $$;
CREATE EVENT TRIGGER block_ddl ON ddl_command_start EXECUTE FUNCTION no_ddl();`);
    expect(planted.ok).toBe(true);
    expect(notices(planted)).toContain('event triggers');
    expect(await value('SELECT count(*) FROM pg_event_trigger')).toBe('0');
    await nextRunIsTruthful();
    await labStep('iso', 'CREATE TABLE lab_table (id int);');
  });

  it('the result is handed over before the database is put back; the restore still runs and says what it removed', async () => {
    runs += 1;
    const state: StateSpec = { key: `ex${runs}:0`, setup: '', history: [] };
    const sql = `CREATE FUNCTION no_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no DDL'; END $$;
CREATE EVENT TRIGGER block_ddl ON ddl_command_start EXECUTE FUNCTION no_ddl();`;
    let answered: string | undefined;
    const whole = await session.run(
      state,
      { sql, mode: 'statements' },
      { nextKey: `ex${runs}:1`, answer: (result) => (answered = notices(result)) },
    );
    expect(answered).toBeDefined();
    expect(answered).not.toContain('event triggers');
    expect(notices(whole)).toContain('removed event triggers');
    expect(await value('SELECT count(*) FROM pg_event_trigger')).toBe('0');
  });

  it("hostile: an event trigger whose function lives in a lab's schema is dropped; the lab says its database was changed, then works", async () => {
    const planted =
      await run(`CREATE FUNCTION prisma_lab_iso.evil() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'gotcha'; END $$;
CREATE EVENT TRIGGER evil ON ddl_command_start EXECUTE FUNCTION prisma_lab_iso.evil();`);
    expect(planted.ok).toBe(true);
    await nextRunIsTruthful();
    await expect(labStep('iso', 'SELECT 1')).rejects.toThrow(LabStateLostError);
    await labStep('iso', 'CREATE TABLE _prisma_migrations (id text PRIMARY KEY, migration_name text);');
    await labStep('iso', 'SELECT 1');
  });

  it(`hostile: an example creating ${EXAMPLES_ASIDE} (or another prisma_lab_ schema) has it dropped after the Run; the lab swap still works`, async () => {
    const result = await run(`CREATE SCHEMA ${EXAMPLES_ASIDE}; CREATE SCHEMA prisma_lab_fake;`);
    expect(result.ok).toBe(true);
    expect(notices(result)).toContain("schemas named like a lab's");
    expect(await value(`SELECT count(*) FROM pg_namespace WHERE nspname IN ('${EXAMPLES_ASIDE}', 'prisma_lab_fake')`)).toBe('0');
    await labStep('iso', 'SELECT migration_name FROM _prisma_migrations');
    await nextRunIsTruthful();
  });

  it("hostile: dropping a lab's schema from an example is detected at the lab's next command, which says so; the one after starts empty", async () => {
    expect((await run('DROP SCHEMA prisma_lab_iso CASCADE;')).ok).toBe(true);
    const lost = await labStep('iso', 'SELECT 1').catch((caught: unknown) => caught);
    expect(lost).toBeInstanceOf(LabStateLostError);
    expect((lost as Error).message).toContain('dropped outside the lab');
    await labStep('iso', "SELECT to_regclass('public._prisma_migrations') IS NULL");
    await nextRunIsTruthful();
  });

  it("hostile: advancing a lab's sequence from an example is detected too", async () => {
    expect((await run(`SELECT nextval('prisma_lab_iso."User_id_seq"')`)).ok).toBe(true);
    await expect(labStep('iso', 'SELECT 1')).rejects.toThrow(/changed outside the lab/);
    await nextRunIsTruthful();
  });

  it("hostile: writing into a lab's _prisma_migrations from an example is detected before the lab's next command", async () => {
    expect((await run("INSERT INTO prisma_lab_iso._prisma_migrations VALUES ('2', 'forged');")).ok).toBe(true);
    await expect(labStep('iso', 'SELECT 1')).rejects.toThrow(/changed outside the lab/);
    await nextRunIsTruthful();
  });

  it("hostile: a temporary _prisma_migrations (which would shadow the lab's) ends with its Run", async () => {
    expect((await run('CREATE TEMP TABLE _prisma_migrations (id text); SET search_path = pg_temp, public;')).ok).toBe(true);
    await session.restore();
    const schema = await labs.enter('iso', false);
    try {
      const rows = await db.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations');
      expect(rows.rows).toEqual([{ migration_name: 'init' }]);
    } finally {
      await labs.leave(schema);
    }
    await nextRunIsTruthful();
  });

  it('hostile: SET ROLE, SET SESSION AUTHORIZATION and settings end with the Run', async () => {
    const result = await run(
      "CREATE ROLE intruder; SET SESSION AUTHORIZATION intruder; SET ROLE NONE; SET search_path = nowhere; SET statement_timeout = '1ms';",
    );
    expect(result.ok).toBe(true);
    const check = await run("SELECT current_user, session_user, current_setting('search_path'), current_setting('statement_timeout')");
    expect(check.statements[0]?.result?.rows).toEqual([['postgres', 'postgres', 'public', '0']]);
    await nextRunIsTruthful();
  });

  it('hostile: settings saved with ALTER ROLE/ALTER DATABASE … SET are removed', async () => {
    const result = await run("ALTER ROLE postgres SET search_path = nowhere; ALTER DATABASE postgres SET work_mem = '64kB';");
    expect(result.ok).toBe(true);
    expect(notices(result)).toContain('ALTER ROLE/ALTER DATABASE');
    expect(await value('SELECT count(*) FROM pg_db_role_setting')).toBe('0');
    await nextRunIsTruthful();
  });

  it('hostile: large objects, foreign data wrappers, servers and publications are removed', async () => {
    const result = await run(
      "SELECT lo_from_bytea(0, 'secret'); CREATE FOREIGN DATA WRAPPER fdw; CREATE SERVER srv FOREIGN DATA WRAPPER fdw; CREATE PUBLICATION pub FOR ALL TABLES;",
    );
    expect(result.ok).toBe(true);
    expect(notices(result)).toMatch(/large objects.*foreign data wrappers.*publications/);
    expect(
      (
        await run(
          'SELECT (SELECT count(*) FROM pg_largeobject_metadata) + (SELECT count(*) FROM pg_foreign_data_wrapper) + (SELECT count(*) FROM pg_foreign_server) + (SELECT count(*) FROM pg_publication)',
        )
      ).statements[0]?.result?.rows,
    ).toEqual([['0']]);
    await nextRunIsTruthful();
  });

  it('hostile: objects planted in information_schema and pg_catalog are removed', async () => {
    const result = await run(
      "CREATE TABLE information_schema.planted (id int); CREATE FUNCTION pg_catalog.planted() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE VIEW information_schema.v AS SELECT 1 AS one;",
    );
    expect(result.ok).toBe(true);
    expect(notices(result)).toContain('pg_catalog or information_schema');
    expect(
      await value(
        "SELECT to_regclass('information_schema.planted') IS NULL AND to_regprocedure('pg_catalog.planted()') IS NULL AND to_regclass('information_schema.v') IS NULL",
      ),
    ).toBe('t');
    await nextRunIsTruthful();
  });

  it('hostile: another database created by an example is dropped', async () => {
    const result = await run('CREATE DATABASE other_db;');
    expect(result.ok).toBe(true);
    expect(await value("SELECT count(*) FROM pg_database WHERE datname = 'other_db'")).toBe('0');
    await nextRunIsTruthful();
  });

  it("hostile: one example's leftovers never reach another example's first Run", async () => {
    await run('CREATE SCHEMA leftovers; CREATE TABLE leftovers.t (id int); CREATE ROLE lingering;');
    const other = await run(
      "SELECT count(*) FROM pg_namespace WHERE nspname = 'leftovers'; SELECT count(*) FROM pg_roles WHERE rolname = 'lingering';",
    );
    expect(other.statements.map((statement) => statement.result?.rows[0]?.[0])).toEqual(['0', '0']);
  });

  it('hostile: a clean warm Run pays only for a few cheap statements: no reset, no cleanup, no replay', async () => {
    const { own, sent } = recordingSession();
    const state: StateSpec = { key: 'warm:0', setup: 'CREATE TABLE w (id int);', history: [] };
    await own.run(state, { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'warm:0' });
    sent.length = 0;
    const result = await own.run(
      state,
      { sql: 'INSERT INTO w VALUES (1); SELECT count(*) FROM w;', mode: 'statements' },
      { nextKey: 'warm:0' },
    );
    expect(result.statements[1]?.result?.rows).toEqual([['1']]);
    expect(sent.slice(0, 2)).toEqual(['INSERT INTO w VALUES (1);', 'SELECT count(*) FROM w;']);
    expect(sent.filter((sql) => /DROP|DO \$/.test(sql))).toEqual([]);
    // The two statements, the script's own DISCARD ALL, then the restore: ROLLBACK, SET SESSION
    // AUTHORIZATION, DISCARD ALL, the next transaction id and (the INSERT wrote) the catalog check.
    expect(sent.length).toBeLessThanOrEqual(8);
  });
});

describe('hostile isolation: the check is skipped only when nothing was written', () => {
  /** Runs one example Run after another on a recording session; says whether each one's restore ran the catalog check. */
  function recorded() {
    const { own, sent } = recordingSession();
    // One example Run after Run, as a reader does: each starts from the state the last one left.
    const history: ScriptRun[] = [];
    const runOwn = async (sql: string) => {
      sent.length = 0;
      const script: ScriptRun = { sql, mode: 'statements' };
      const state: StateSpec = { key: `gate:${history.length}`, setup: '', history: [...history] };
      const result = await own.run(state, script, { nextKey: `gate:${history.length + 1}` });
      history.push(script);
      return { result, checked: sent.some((statement) => statement.includes('AS event_triggers')) };
    };
    return runOwn;
  }

  it('hostile: after a clean check, a Run that writes nothing skips the next; any write, even rolled back, brings it back', async () => {
    const runOwn = recorded();
    expect((await runOwn('SELECT 1')).checked).toBe(true);
    expect((await runOwn("SELECT 2; EXPLAIN SELECT 1; SET work_mem = '8MB'")).checked).toBe(false);
    const rolledBack = await runOwn(
      "BEGIN; CREATE FUNCTION nope() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'x'; END $$; ROLLBACK;",
    );
    expect(rolledBack.checked).toBe(true);
    expect((await runOwn('SELECT 3')).checked).toBe(false);
    const planted = await runOwn('SELECT lo_create(0)');
    expect(planted.checked).toBe(true);
    expect(notices(planted.result)).toContain('large objects');
    expect(await value('SELECT count(*) FROM pg_largeobject_metadata')).toBe('0');
  });

  it('hostile: what another writer planted between two Runs (a lab, a script) is still found by the next Run that wrote nothing', async () => {
    const runOwn = recorded();
    await runOwn('SELECT 1');
    expect((await runOwn('SELECT 1')).checked).toBe(false);
    await db.exec(`CREATE FUNCTION between_runs() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no DDL'; END $$;
CREATE EVENT TRIGGER between_runs ON ddl_command_start EXECUTE FUNCTION between_runs();`);
    const next = await runOwn('SELECT 1');
    expect(next.checked).toBe(true);
    expect(notices(next.result)).toContain('event triggers');
    await nextRunIsTruthful();
  });
});

describe('hostile isolation: what cannot be undone in place', () => {
  it('hostile: replacing a built-in function is reported, and the database is not reused (DatabaseBrokenError)', async () => {
    const own = await PGlite.create();
    try {
      const ownSession = new DatabaseSession(own);
      await ownSession.reset();
      const result = await ownSession.run(
        { key: 'b:0', setup: '', history: [] },
        { sql: "CREATE OR REPLACE FUNCTION pg_catalog.upper(text) RETURNS text LANGUAGE sql AS 'SELECT ''pwned'''", mode: 'batch' },
        { nextKey: 'b:1' },
      );
      expect(result.ok).toBe(true);
      expect(notices(result)).toContain('fresh database');
      expect(ownSession.retireReason).toMatch(/catalog/);
      await expect(
        ownSession.run({ key: 'c:0', setup: '', history: [] }, { sql: "SELECT upper('a')", mode: 'batch' }, { nextKey: 'c:1' }),
      ).rejects.toBeInstanceOf(DatabaseBrokenError);
    } finally {
      await own.close();
    }
    await nextRunIsTruthful();
  }, 60_000);

  it('hostile: runScript alone (the CLI) still ends the session state of a Run', async () => {
    await runScript(db, 'SET search_path = nowhere; CREATE TEMP TABLE tmp (id int);', { mode: 'batch' });
    const check = await runScript(db, "SELECT current_setting('search_path'), to_regclass('tmp') IS NULL", { mode: 'batch' });
    expect(check.statements[0]?.result?.rows).toEqual([['public', 't']]);
  });
});
