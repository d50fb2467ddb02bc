/**
 * A Prisma lab whose migration creates pgcrypto, through the path the tab's worker takes: the lab
 * holds the database it was first given, the worker reads the request's CREATE EXTENSION, reopens
 * its database with the bundle (same data directory) and the lab, through `following`, reaches the
 * new instance with everything the earlier command left.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { compileEngine, compileSchemaWasm } from '../../support/lab-host.ts';
import { pgliteLabDatabase } from '../../../src/lib/prisma-lab/lab-database.ts';
import { PrismaLab, type LabFile } from '../../../src/lib/prisma-lab/lab.ts';
import { extensionsRequested, following } from '../../../src/lib/sql-runtime/worker-extensions.ts';
import { extensionBundles } from '../../../src/lib/sql-runtime/extension-bundles.ts';

const SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id Int @id\n}\n';
const migration = (name: string, sql: string): LabFile => ({ path: `prisma/migrations/${name}/migration.sql`, content: sql });
const INIT = migration(
  '20240101000000_init',
  '-- CreateTable\nCREATE TABLE "User" ("id" INTEGER NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));\n',
);
const TOKENS = migration(
  '20240102000000_tokens',
  'CREATE EXTENSION IF NOT EXISTS "pgcrypto";\n\n-- CreateTable\nCREATE TABLE "Token" ("id" UUID NOT NULL DEFAULT gen_random_uuid(), CONSTRAINT "Token_pkey" PRIMARY KEY ("id"));\n',
);

const holder: { db: PGlite; extensions: string[] } = { db: undefined as unknown as PGlite, extensions: [] };
afterAll(async () => {
  if (!holder.db.closed) await holder.db.close();
});

describe('a lab migration that creates an extension', () => {
  it('deploys after the worker reopens its database with the bundle; the earlier migration is still there', {
    timeout: 240_000,
  }, async () => {
    holder.db = await PGlite.create();
    const lab = new PrismaLab({
      database: pgliteLabDatabase(following(() => holder.db)),
      async openShadow() {
        const shadow = await PGlite.create({ extensions: await extensionBundles(holder.extensions) });
        return pgliteLabDatabase(shadow, { onClose: () => shadow.close() });
      },
      compileEngine,
      compileSchemaWasm,
    });
    const first = await lab.run('npx prisma migrate deploy', [{ path: 'prisma/schema.prisma', content: SCHEMA }, INIT], '7.4');
    expect(first.exitCode, first.output).toBe(0);

    const files = [{ path: 'prisma/schema.prisma', content: SCHEMA }, INIT, TOKENS];
    // What the worker does before serving the request (worker.ts loadExtensions).
    holder.extensions = extensionsRequested({
      type: 'lab',
      lab: 'x',
      fresh: false,
      command: 'npx prisma migrate deploy',
      files,
      mode: '7.4',
    });
    expect(holder.extensions).toEqual(['pgcrypto']);
    const dataDir = await holder.db.dumpDataDir('none');
    await holder.db.close();
    holder.db = await PGlite.create({ loadDataDir: dataDir, extensions: await extensionBundles(holder.extensions) });

    const second = await lab.run('npx prisma migrate deploy', files, '7.4');
    expect(second.exitCode, second.output).toBe(0);
    expect(second.output).toContain('20240102000000_tokens');
    const rows = await holder.db.query<{ name: string }>(
      'SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1',
    );
    expect(rows.rows.map((row) => row.name)).toEqual(['20240101000000_init', '20240102000000_tokens']);
    const token = await holder.db.query<{ length: number }>('INSERT INTO "Token" DEFAULT VALUES RETURNING length(id::text) AS length');
    expect(token.rows[0]?.length).toBe(36);
  });
});
