import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseSession, runScript } from '../../../src/lib/sql-runtime/session.ts';
import type { StateSpec } from '../../../src/lib/sql-runtime/protocol.ts';

// The worker's start skips the reset on a database fresh from the snapshot (session.startFresh), and
// the first prepare skips it too: these check that nothing a reset would have removed survives.
let db: PGlite;
let session: DatabaseSession;
beforeEach(async () => {
  db = await PGlite.create();
  session = new DatabaseSession(db);
});
afterEach(() => db.close());

const state = (key: string, setup: string): StateSpec => ({ key, setup, history: [] });
const tables = async () =>
  (
    await runScript(
      db,
      `SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
      { mode: 'batch' },
    )
  ).statements[0]?.result?.rows[0]?.[0] ?? null;

describe('DatabaseSession.startFresh', () => {
  it('a first Run after a fresh start sees its setup and nothing else', async () => {
    await session.startFresh();
    const result = await session.run(
      state('a', 'CREATE TABLE setup_only (id int);'),
      { sql: 'CREATE TABLE by_run (id int);', mode: 'batch' },
      { nextKey: 'a1' },
    );
    expect(result.ok).toBe(true);
    expect(await tables()).toBe('by_run,setup_only');
  });

  it('the skipped reset is skipped once: the next example starts from a real reset', async () => {
    await session.startFresh();
    await session.run(state('a', 'CREATE TABLE from_a (id int);'), { sql: 'SELECT 1', mode: 'batch' }, { nextKey: 'a1' });
    await session.prepare(state('b', 'CREATE TABLE from_b (id int);'));
    expect(await tables()).toBe('from_b');
  });

  it('every example after the first starts from a reset of its own, however many follow', async () => {
    await session.startFresh();
    for (const name of ['a', 'b', 'c', 'd']) {
      await session.run(
        state(name, `CREATE TABLE from_${name} (id int);`),
        { sql: `CREATE TABLE run_${name} (id int);`, mode: 'batch' },
        { nextKey: `${name}1` },
      );
      expect(await tables()).toBe(`from_${name},run_${name}`);
    }
  });

  it('a change made outside Runs (a script, then invalidate) is not mistaken for a fresh database', async () => {
    await session.startFresh();
    await db.exec('CREATE TABLE by_script (id int)');
    session.invalidate();
    await session.prepare(state('a', 'CREATE TABLE from_a (id int);'));
    expect(await tables()).toBe('from_a');
  });

  it('a reset followed by a prepare does not reset twice, and still gives the setup state', async () => {
    await session.reset();
    await session.prepare(state('a', 'CREATE TABLE from_a (id int);'));
    expect(await tables()).toBe('from_a');
  });
});
