/**
 * Extensions on demand in the tab's database (sql-runtime/worker-extensions.ts and the worker's
 * reopen): the same DatabaseSession the worker drives, on Node PGlite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseSession, UnsupportedInputError } from '../../../src/lib/sql-runtime/session.ts';
import { extensionsRequested } from '../../../src/lib/sql-runtime/worker-extensions.ts';
import { extensionBundles } from '../../../src/lib/sql-runtime/extension-bundles.ts';
import type { StateSpec } from '../../../src/lib/sql-runtime/protocol.ts';

const opened: PGlite[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) if (!db.closed) await db.close();
});

async function open(names: string[], loadDataDir?: Blob): Promise<PGlite> {
  const db = await PGlite.create({ extensions: await extensionBundles(names), ...(loadDataDir ? { loadDataDir } : {}) });
  opened.push(db);
  return db;
}

const empty: StateSpec = { key: 'empty', setup: '', history: [] };

describe('extensions a worker request needs', () => {
  it('reads them from the setup, the earlier Runs, the script and nested lab files', () => {
    const request = {
      type: 'lab',
      state: {
        setup: 'CREATE EXTENSION citext;',
        history: [{ sql: '-- CREATE EXTENSION hstore\nCREATE EXTENSION IF NOT EXISTS "uuid-ossp";' }],
      },
      files: [{ path: 'a/migration.sql', text: 'CREATE EXTENSION pgcrypto; CREATE EXTENSION plpgsql;' }],
    };
    expect(extensionsRequested(request).sort()).toEqual(['citext', 'pgcrypto', 'uuid-ossp']);
  });

  it('an extension PGlite lacks stops the request with one message naming it', () => {
    const request = { type: 'run', script: { sql: 'CREATE EXTENSION postgis;\nSELECT 1;' } };
    expect(() => extensionsRequested(request)).toThrow(UnsupportedInputError);
    expect(() => extensionsRequested(request)).toThrow(/^cannot run: extension postgis is not available in PGlite\./);
  });
});

describe('a session on an instance reopened with extensions', () => {
  it('keeps the state it held, runs the extension, and its objects survive the restore after each Run', { timeout: 120_000 }, async () => {
    const first = await open([]);
    const session = new DatabaseSession(first);
    await session.reset();
    const created = await session.run(
      empty,
      { sql: 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7);', mode: 'batch' },
      { nextKey: 'one' },
    );
    expect(created.ok).toBe(true);
    const one: StateSpec = {
      key: 'one',
      setup: '',
      history: [{ sql: 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7);', mode: 'batch' }],
    };

    // What the worker does on the first request that creates extensions.
    const names = ['pgcrypto', 'uuid-ossp', 'citext', 'pg_trgm', 'hstore', 'ltree', 'bloom'];
    const dataDir = await first.dumpDataDir('none');
    await first.close();
    const second = await open(names, dataDir);
    session.replaceDatabase(second);

    const sql = [
      'CREATE EXTENSION pgcrypto; CREATE EXTENSION "uuid-ossp"; CREATE EXTENSION citext;',
      'CREATE EXTENSION pg_trgm; CREATE EXTENSION hstore; CREATE EXTENSION ltree; CREATE EXTENSION bloom;',
      "SELECT length(gen_random_uuid()::text) AS a, length(uuid_generate_v4()::text) AS b, 'A'::citext = 'a' AS c,",
      "  similarity('migrate', 'migration') > 0 AS d, ('k=>v'::hstore)->'k' AS e, 'a.b'::ltree @> 'a.b.c' AS f, (SELECT id FROM kept) AS g;",
    ].join('\n');
    const result = await session.run(one, { sql, mode: 'batch' }, { nextKey: 'two' });
    expect(result.error).toBeUndefined();
    expect(result.statements.at(-1)?.result?.rows).toEqual([['36', '36', 't', 't', 'v', 't', '7']]);
    // citext's casts, bloom's access method …: objects of an extension are not strays to clean up.
    expect(session.retireReason).toBeUndefined();
    expect(result.notices.map((notice) => notice.message).join(' ')).not.toMatch(/removed/);

    // The next example resets the database: the extensions go with the schema, and can be created again.
    await session.reset();
    const again = await session.run(
      empty,
      { sql: "CREATE EXTENSION citext; SELECT 'X'::citext = 'x';", mode: 'batch' },
      { nextKey: 'three' },
    );
    expect(again.error).toBeUndefined();
    expect(session.retireReason).toBeUndefined();
  });
});
