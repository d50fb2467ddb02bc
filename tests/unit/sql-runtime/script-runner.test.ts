import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { findModuleLoad, isScriptExit, runPrismaScript, templateToQuery } from '../../../src/lib/sql-runtime/script-runner.ts';
import { MAX_RESULT_CHARS, MAX_SCRIPT_LINES } from '../../../src/lib/sql-runtime/limits.ts';

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
    const columns = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'my_table' ORDER BY 1",
    );
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
        '(async () => { const rows = await prisma.$queryRaw`SELECT ${"a\'b"}::text AS v`; console.log(rows[0].v); })();',
    );
    expect(result.lines).toEqual([{ stream: 'stdout', text: "a'b" }]);
  });

  it('has no network and no other modules', async () => {
    const result = await runPrismaScript(db, "console.log(typeof fetch, typeof self, typeof globalThis); require('fs');");
    expect(result.lines[0]?.text).toBe('undefined undefined undefined');
    expect(result.lines[1]?.text).toContain("Cannot find module 'fs'");
    expect(result.exitCode).toBe(1);
  });

  it('refuses code that could load a module, before running any of it', async () => {
    const result = await runPrismaScript(db, "console.log('ran');\nimport('/secret').then(console.log);");
    expect(result.exitCode).toBe(1);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]?.stream).toBe('stderr');
    expect(result.lines[0]?.text).toContain('import is not available here (line 2)');
  });

  it('reports a syntax error as an uncaught error with exit code 1', async () => {
    const result = await runPrismaScript(db, 'console.log(');
    expect(result.exitCode).toBe(1);
    expect(result.lines[0]?.text).toMatch(/^Uncaught SyntaxError: /);
  });

  it('keeps the exit code process.exit() gives, even from inside main()', async () => {
    const result = await runPrismaScript(db, "async function main() { console.log('a'); process.exit(3); console.log('b'); }\nmain();");
    expect(result.lines.map((line) => line.text)).toEqual(['a']);
    expect(result.exitCode).toBe(3);
  });

  it('cuts a flood of output at the result limit and says so', async () => {
    const result = await runPrismaScript(
      db,
      `const line = 'x'.repeat(10000); for (let i = 0; i < ${MAX_RESULT_CHARS / 10000 + 50}; i++) console.log(line);`,
    );
    const kept = result.lines.slice(0, -1).reduce((sum, line) => sum + line.text.length, 0);
    expect(kept).toBeLessThanOrEqual(MAX_RESULT_CHARS);
    expect(kept).toBeGreaterThan(MAX_RESULT_CHARS - 10_000);
    expect(result.lines.at(-1)?.text).toContain('output cut');
    expect(result.exitCode).toBe(0);
  });
});

describe('runPrismaScript output', () => {
  it('keeps at most MAX_SCRIPT_LINES lines, then says the output was cut', async () => {
    const result = await runPrismaScript(db, `for (let i = 0; i < ${MAX_SCRIPT_LINES * 3}; i++) console.log(i);`);
    expect(result.lines).toHaveLength(MAX_SCRIPT_LINES + 1);
    expect(result.lines[MAX_SCRIPT_LINES - 1]?.text).toBe(String(MAX_SCRIPT_LINES - 1));
    expect(result.lines.at(-1)).toMatchObject({ stream: 'stderr', text: expect.stringContaining('output cut') });
  });
});

describe('findModuleLoad', () => {
  it.each([
    ["import('/x')", 0],
    ['await import ("/x")', 6],
    ['f(...import("/x"))', 5],
    ['import/* c */("/x")', 0],
    ['x = import\n("/x")', 4],
  ])('finds the dynamic import in %s', (code, at) => {
    expect(findModuleLoad(code)).toBe(at);
  });

  it.each(['obj.import()', 'obj?.import()', 'const imported = 1; reimport(); important()', 'x . import'])('lets %s through', (code) => {
    expect(findModuleLoad(code)).toBe(-1);
  });
});
