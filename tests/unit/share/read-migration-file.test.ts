import { describe, expect, it } from 'vitest';
import { readMigrationFile } from '../../../src/lib/checker/check-page.ts';
import { MAX_FILE_BYTES } from '../../../src/lib/sql-runtime/limits.ts';

// A chosen migrations folder can hold anything: each file is read, or described, on its own.
describe('readMigrationFile', () => {
  it('reads UTF-8 text as it is', async () => {
    expect(await readMigrationFile('1/migration.sql', new Blob(['CREATE TABLE "Ünï" (id int);\n']))).toEqual({
      name: '1/migration.sql',
      sql: 'CREATE TABLE "Ünï" (id int);\n',
    });
  });

  it('hostile: a binary file (NUL bytes) is not a text file', async () => {
    const result = await readMigrationFile('2/migration.sql', new Blob([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00])]));
    expect(result).toMatchObject({ problem: expect.stringMatching(/not a text file/) });
  });

  it('hostile: invalid UTF-8 is reported with its line', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('SELECT 1;\n-- caf'), 0xe9, 0x0a]);
    expect(await readMigrationFile('3/migration.sql', new Blob([bytes]))).toMatchObject({
      problem: expect.stringMatching(/not valid UTF-8 \(first bad byte on line 2\)/),
    });
  });

  it('hostile: a file over MAX_FILE_BYTES is described without being read', async () => {
    const result = await readMigrationFile('4/migration.sql', new Blob([new Uint8Array(MAX_FILE_BYTES + 1)]));
    expect(result).toMatchObject({ problem: expect.stringMatching(/takes files up to 512 KB/) });
  });
});
