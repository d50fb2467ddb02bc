/**
 * Where Prisma 7.4+ splits a migration: sqlparser 0.62 itself (the WASM build of the engine's
 * parser) decides, and a file it cannot parse goes as one batch with the reason.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlparser, splitAsPrisma, type SqlParser } from '../../../src/lib/execution/prisma-split.ts';
import { isPrismaTarget, parsePrismaTarget, prismaTargetLabel, DEFAULT_PRISMA_TARGET } from '../../../src/lib/execution/prisma-target.ts';

let parser: SqlParser;
beforeAll(async () => {
  parser = await loadSqlparser();
});

// The statement kinds of facts §3: which sqlparser 0.62 reads (so Prisma 7.4+ splits the file) and which not.
const KINDS: [string, string, boolean][] = [
  ['DO block', `DO $$ BEGIN RAISE NOTICE 'x'; END $$`, false],
  ['DROP INDEX CONCURRENTLY', `DROP INDEX CONCURRENTLY "User_email_idx"`, false],
  ['CREATE INDEX CONCURRENTLY', `CREATE INDEX CONCURRENTLY "User_email_idx" ON "User"("email")`, true],
  [
    'CREATE FUNCTION with a dollar-quoted body',
    `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN NEW.updated := now(); RETURN NEW; END $fn$`,
    true,
  ],
  ['CREATE OR REPLACE FUNCTION', `CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$`, true],
  ['CREATE TRIGGER', `CREATE TRIGGER t BEFORE UPDATE ON "User" FOR EACH ROW EXECUTE FUNCTION touch()`, true],
  ['CREATE EXTENSION', `CREATE EXTENSION IF NOT EXISTS citext`, true],
  ['ALTER TYPE … ADD VALUE', `ALTER TYPE "Role" ADD VALUE 'ADMIN'`, true],
  ['COMMENT ON', `COMMENT ON TABLE "User" IS 'people'`, true],
  ['SET lock_timeout', `SET lock_timeout = '5s'`, true],
  [
    'ADD CONSTRAINT … NOT VALID',
    `ALTER TABLE "Post" ADD CONSTRAINT "Post_author_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") NOT VALID`,
    true,
  ],
  ['VALIDATE CONSTRAINT', `ALTER TABLE "Post" VALIDATE CONSTRAINT "Post_author_fkey"`, true],
  ['RENAME COLUMN', `ALTER TABLE "User" RENAME COLUMN "name" TO "fullName"`, true],
  ['generated column', `ALTER TABLE "User" ADD COLUMN "lower" text GENERATED ALWAYS AS (lower("email")) STORED`, true],
  ['INSERT … SELECT', `INSERT INTO "Archive" ("id") SELECT "id" FROM "User"`, true],
  ['UPDATE … FROM', `UPDATE "Post" SET "authorName" = u."name" FROM "User" u WHERE u."id" = "Post"."authorId"`, true],
  ['CREATE POLICY', `CREATE POLICY own ON "Post" USING ("authorId" = current_setting('app.user')::int)`, true],
  ['ENABLE ROW LEVEL SECURITY', `ALTER TABLE "Post" ENABLE ROW LEVEL SECURITY`, true],
  ['GRANT', `GRANT SELECT ON "Post" TO PUBLIC`, true],
  ['BEGIN / COMMIT', `BEGIN;\nCREATE TABLE "T" (id int);\nCOMMIT`, true],
];

describe('what sqlparser 0.62 parses (so Prisma 7.4+ splits the file)', () => {
  for (const [kind, sql, parses] of KINDS) {
    it(`${kind}: ${parses ? 'split' : 'one batch'}`, () => {
      const file = `CREATE TABLE "Log" (id int);\n${sql};\n`;
      const split = splitAsPrisma(file, '7.4', parser);
      expect(split.mode).toBe(parses ? 'statements' : 'batch');
      if (parses) {
        expect(split.fallback).toBeUndefined();
        expect(split.statements[0]?.text).toBe('CREATE TABLE "Log" (id int);');
        // Every statement is sent as the reader wrote it, from its own text.
        expect(split.statements.map((statement) => file.slice(statement.start, statement.end))).toEqual(
          split.statements.map((statement) => statement.text),
        );
      } else {
        expect(split.fallback?.line).toBe(2);
        expect(split.fallback?.reason).toMatch(/^sqlparser 0\.62 cannot parse line 2 \(`.+`\): Prisma sends this file as one batch$/);
      }
    });
  }
});

describe('splitting', () => {
  it('names the line and the start of the statement it cannot parse', () => {
    const file = 'CREATE TABLE "C" (id int);\n-- guard\nDO $$\nBEGIN\n  PERFORM 1;\nEND\n$$;\nCREATE TABLE "C" (id int);\n';
    const split = splitAsPrisma(file, '7.4', parser);
    expect(split.mode).toBe('batch');
    expect(split.fallback?.reason).toBe('sqlparser 0.62 cannot parse line 3 (`DO $$`): Prisma sends this file as one batch');
    expect(split.fallback?.parserError).toContain('found: DO');
    // Display still knows the three statements.
    expect(split.statements.map((statement) => statement.line)).toEqual([1, 3, 8]);
  });

  it('keeps semicolons in strings, dollar quotes and comments inside their statement', () => {
    const file = `-- one; two\nINSERT INTO t VALUES ('a;b');\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\n/* ; */ SELECT 2;\n-- trailing; comment\n`;
    const split = splitAsPrisma(file, '7.4', parser);
    expect(split.mode).toBe('statements');
    expect(split.statements.map((statement) => statement.line)).toEqual([2, 3, 4]);
    expect(split.statements).toHaveLength(3);
  });

  it('joins pieces where sqlparser reads one statement across a semicolon the lexical splitter cut at', () => {
    // E'…\'…' is one string to PostgreSQL and to sqlparser; a quote-doubling scanner ends it early.
    const file = `INSERT INTO t VALUES (E'it\\'s; fine');\nSELECT 1;`;
    const split = splitAsPrisma(file, '7.4', parser);
    expect(split.mode).toBe('statements');
    expect(split.statements.map((statement) => statement.text)).toEqual([`INSERT INTO t VALUES (E'it\\'s; fine');`, 'SELECT 1;']);
  });

  it('sends an empty or comment-only file as nothing', () => {
    expect(splitAsPrisma('-- nothing here\n', '7.4', parser)).toEqual({ mode: 'statements', statements: [] });
  });

  it('Prisma ≤ 7.3 never splits, whatever sqlparser thinks', () => {
    const split = splitAsPrisma('CREATE TABLE a (id int);\nCREATE TABLE b (id int);', '7.3', parser);
    expect(split.mode).toBe('batch');
    expect(split.fallback).toBeUndefined();
    expect(split.statements).toHaveLength(2);
  });
});

describe('targets', () => {
  it('default to 7.4+, labelled with the version the site runs', () => {
    expect(DEFAULT_PRISMA_TARGET).toBe('7.4');
    expect(prismaTargetLabel('7.4')).toBe('Prisma 7.4+ (7.10)');
    expect(isPrismaTarget('7.3')).toBe(true);
    expect(isPrismaTarget('batch')).toBe(false);
  });

  it('read what a command line says', () => {
    expect(parsePrismaTarget('7.3')).toBe('7.3');
    expect(parsePrismaTarget('6.19.0')).toBe('7.3');
    expect(parsePrismaTarget('7.4')).toBe('7.4');
    expect(parsePrismaTarget('7.10.1')).toBe('7.4');
    expect(parsePrismaTarget('latest')).toBeUndefined();
  });
});
