/**
 * Every live example of the guide, run as a reader would run it — setup, then Run after Run — on
 * PGlite (what the browser uses) and on a real PostgreSQL server, with the same runner code the
 * browser uses. An outcome that differs from the declaration, or between the two, fails.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveExample } from '../../../src/lib/guide/examples.ts';
import { guideExamples } from '../../support/guide-examples.ts';
import { expectedOn, PAGE_PG_MAJOR, type ExecutionMode } from '../../../src/lib/markdown/example-meta.ts';
import { PRISMA_TARGETS } from '../../../src/lib/execution/prisma-target.ts';
import { DatabaseSession, runScript, type ProtocolDatabase } from '../../../src/lib/sql-runtime/session.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres-server.ts';
import { connectProtocol, type ServerConnection } from '../../support/pg-protocol-database.ts';

const examples = guideExamples();

/** Runs an example's declared Runs from its setup state; returns `ok` or the SQLSTATE per Run. */
async function outcomes(db: ProtocolDatabase, example: LiveExample, mode: ExecutionMode = example.mode): Promise<string[]> {
  const session = new DatabaseSession(db);
  await session.prepare({ key: `${example.id}:${mode}:0`, setup: example.setupSql, history: [] });
  const seen: string[] = [];
  for (let run = 0; run < example.expect.length; run += 1) {
    const result = await runScript(db, example.sql, { mode, continueOnError: example.continueOnError });
    seen.push(result.error?.code ?? 'ok');
  }
  return seen;
}

/** An example run as Prisma runs it is checked under every Prisma version, against that version's outcomes. */
const cases = examples.flatMap((example) =>
  example.expectByTarget
    ? PRISMA_TARGETS.map(
        ({ id }) =>
          [`${example.id} as Prisma ${id}`, example, `prisma-${id}` as ExecutionMode, example.expectByTarget?.[id] ?? []] as const,
      )
    : [[example.id, example, example.mode, example.expect] as const],
);

describe('the guide declares its examples', () => {
  it('every SQL block of the guide is a live example with a unique id', () => {
    expect(examples.length).toBeGreaterThanOrEqual(72);
    expect(new Set(examples.map((example) => example.id)).size).toBe(examples.length);
  });
});

describe('on PGlite', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db.close());

  it(`runs PostgreSQL ${PAGE_PG_MAJOR}, the version the page's expectations describe`, async () => {
    const reply = await runScript(db, 'SHOW server_version_num', { mode: 'batch' });
    expect(Math.floor(Number(reply.statements[0]?.result?.rows[0]?.[0]) / 10_000)).toBe(PAGE_PG_MAJOR);
  });

  it.each(cases)('%s behaves as declared', async (_id, example, mode, expected) => {
    expect(await outcomes(db, example, mode)).toEqual(expected);
  });
});

describe('on a real PostgreSQL server', () => {
  let server: PostgresServer;
  let connection: ServerConnection;
  let major: number;
  beforeAll(async () => {
    server = await startPostgres();
    connection = await connectProtocol(server.url);
    const reply = await runScript(connection, 'SHOW server_version_num', { mode: 'batch' });
    major = Math.floor(Number(reply.statements[0]?.result?.rows[0]?.[0]) / 10_000);
  });
  afterAll(async () => {
    await connection?.end();
    server?.stop();
  });

  it('is a real server, not PGlite', async () => {
    const reply = await runScript(connection, 'SHOW server_version', { mode: 'batch' });
    expect(reply.statements[0]?.result?.rows[0]?.[0]).toMatch(/^\d+\.\d+/);
    expect(server.version).toMatch(/PostgreSQL/);
  });

  it('some example declares how an older major differs, and this server is one the guide declares for', () => {
    const declared = new Set(examples.flatMap((example) => Object.keys(example.expectByMajor ?? {}).map(Number)));
    expect(declared.has(major)).toBe(true);
  });

  // A Prisma-mode example declares per Prisma version; per PostgreSQL major otherwise (never both: example-meta.ts).
  it.each(cases)('%s behaves as declared for its version', async (_id, example, mode, expected) => {
    expect(await outcomes(connection, example, mode)).toEqual(example.expectByTarget ? expected : expectedOn(example, major));
  });
});
