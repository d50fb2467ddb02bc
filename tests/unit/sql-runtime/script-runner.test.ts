import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { isScriptExit, runPrismaScript, templateToQuery } from '../../../src/lib/sql-runtime/script-runner.ts';

// The script exactly as the original guide has it.
const seed = readFileSync(join(import.meta.dirname, '../../fixtures/seed-guide.md'), 'utf8');
const SEED_SCRIPT = /```javascript\n([\s\S]*?)```/.exec(seed)![1]!;

let db: PGlite;
// As the worker does: a script's process.exit() inside an un-awaited main() is the script ending.
const dropScriptExit = (reason: unknown) => {
  if (!isScriptExit(reason)) throw reason;
};
beforeAll(async () => {
  db = await PGlite.create();
  process.on('unhandledRejection', dropScriptExit);
});
afterAll(async () => {
  process.off('unhandledRejection', dropScriptExit);
  await db.close();
});

describe('templateToQuery', () => {
  it('turns template values into bind parameters, never into SQL text', () => {
    const name = "x'); DROP TABLE users; --";
    const strings = Object.assign(['SELECT * FROM t WHERE a = ', ' AND b = ', ''], { raw: [] }) as unknown as TemplateStringsArray;
    expect(templateToQuery(strings, [name, 2])).toEqual({ sql: 'SELECT * FROM t WHERE a = $1 AND b = $2', params: [name, 2] });
  });
});

describe('runPrismaScript', () => {
  it("runs the guide's script: the column is added and it reports success", async () => {
    await db.exec('DROP TABLE IF EXISTS my_table; CREATE TABLE my_table (id int)');
    const result = await runPrismaScript(db, SEED_SCRIPT);
    expect(result.lines.map((line) => line.text)).toEqual(['Starting migration...', 'Migration completed successfully']);
    expect(result.exitCode).toBe(0);
    const columns = await db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'my_table' ORDER BY 1");
    expect(columns.rows.map((row) => row.column_name)).toEqual(['id', 'new_column']);
  });

  it('takes the error path when the SQL fails: the message on stderr and exit code 1', async () => {
    await db.exec('DROP TABLE IF EXISTS my_table');
    const failing = SEED_SCRIPT.replace('ALTER TABLE "my_table"', 'ALTER TABLE "missing_table"').replace(
      "WHERE table_name = 'my_table'",
      "WHERE table_name = 'missing_table'",
    );
    const result = await runPrismaScript(db, failing);
    expect(result.exitCode).toBe(1);
    const stderr = result.lines.filter((line) => line.stream === 'stderr').map((line) => line.text);
    expect(stderr[0]).toContain('Migration failed:');
    expect(stderr[0]).toContain('relation "missing_table" does not exist');
    expect(stderr[0]).toContain("code: '42P01'");
  });

  it('sends template values as parameters', async () => {
    const result = await runPrismaScript(
      db,
      "const { PrismaClient } = require('@prisma/client'); const prisma = new PrismaClient();\n" +
        "(async () => { const rows = await prisma.$queryRaw`SELECT ${\"a'b\"}::text AS v`; console.log(rows[0].v); })();",
    );
    expect(result.lines).toEqual([{ stream: 'stdout', text: "a'b" }]);
  });

  it('has no network and no other modules', async () => {
    const result = await runPrismaScript(db, "console.log(typeof fetch, typeof self, typeof globalThis); require('fs');");
    expect(result.lines[0]?.text).toBe('undefined undefined undefined');
    expect(result.lines[1]?.text).toContain("Cannot find module 'fs'");
    expect(result.exitCode).toBe(1);
  });
});
