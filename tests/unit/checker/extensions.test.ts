/** Which extensions a migration creates, and which PGlite can load (src/lib/checker/extensions.ts). */
import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { extensionsCreated, isAvailable } from '../../../src/lib/checker/extensions.ts';
import { extensionBundles } from '../../../src/lib/sql-runtime/extension-bundles.ts';

describe('extensions a migration creates', () => {
  it('reads CREATE EXTENSION, quoted or not, and ignores comments, strings and function bodies', () => {
    const sql = [
      '-- CREATE EXTENSION postgis;',
      'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";',
      "SELECT 'CREATE EXTENSION timescaledb';",
      'create extension PG_TRGM schema public;',
      "DO $$ BEGIN EXECUTE 'x'; END $$; /* CREATE EXTENSION pg_cron; */",
      'CREATE EXTENSION "postgis";',
    ].join('\n');
    expect(extensionsCreated(sql)).toEqual(['uuid-ossp', 'pg_trgm', 'postgis']);
    expect(['uuid-ossp', 'pg_trgm', 'postgis', 'plpgsql', 'timescaledb'].map(isAvailable)).toEqual([true, true, false, true, false]);
  });

  it('the bundles load into PGlite and CREATE EXTENSION then works', { timeout: 120_000 }, async () => {
    const db = await PGlite.create({ extensions: await extensionBundles(['pgcrypto', 'uuid-ossp', 'citext', 'postgis']) });
    try {
      await db.exec('CREATE EXTENSION pgcrypto; CREATE EXTENSION "uuid-ossp"; CREATE EXTENSION citext;');
      const row = (await db.query<{ a: number; b: boolean }>("SELECT length(gen_random_bytes(4)) AS a, 'A'::citext = 'a'::citext AS b"))
        .rows[0];
      expect(row).toEqual({ a: 4, b: true });
      await expect(db.exec('CREATE EXTENSION postgis')).rejects.toThrow(/postgis/);
    } finally {
      await db.close();
    }
  });
});
