import { describe, expect, it } from 'vitest';
import { findMetaCommand, hasCode, splitStatements } from '../../../src/lib/sql-runtime/split-statements.ts';

const texts = (sql: string) => splitStatements(sql).map((span) => span.text);

describe('splitStatements', () => {
  it('splits on top-level semicolons and keeps offsets into the script', () => {
    const sql = 'CREATE TABLE a (id int);\n\nINSERT INTO a VALUES (1);';
    const spans = splitStatements(sql);
    expect(spans.map((s) => s.text)).toEqual(['CREATE TABLE a (id int);', 'INSERT INTO a VALUES (1);']);
    for (const span of spans) expect(sql.slice(span.start, span.end)).toBe(span.text);
  });

  it('keeps dollar-quoted bodies whole, tagged or not', () => {
    const body = `DO $$\nBEGIN\n  PERFORM 1; PERFORM 2;\nEND\n$$;`;
    const tagged = `CREATE FUNCTION f() RETURNS int AS $fn$ SELECT 1; $fn$ LANGUAGE sql;`;
    expect(texts(`${body}\nSELECT 3;`)).toEqual([body, 'SELECT 3;']);
    expect(texts(tagged)).toEqual([tagged]);
  });

  it('ignores semicolons in strings, identifiers, comments and parentheses', () => {
    const sql = `SELECT 'a;b', "c;d" FROM t; -- x; y\nSELECT /* ; /* nested ; */ ; */ 1; SELECT E'it\\'s;'; SELECT (SELECT 1; );`;
    expect(texts(sql)).toHaveLength(4);
  });

  it('does not mistake positional parameters for dollar quotes', () => {
    expect(texts('PREPARE p AS SELECT $1; SELECT 2;')).toEqual(['PREPARE p AS SELECT $1;', 'SELECT 2;']);
  });

  it('drops empty and comment-only pieces but keeps a trailing statement without a semicolon', () => {
    expect(texts(';; -- only a comment\n SELECT 1')).toEqual(['-- only a comment\n SELECT 1']);
    expect(hasCode('-- nothing\n/* here */ ;')).toBe(false);
  });
});

describe('findMetaCommand', () => {
  it('finds a psql meta-command at the start of a line, with its line number', () => {
    expect(findMetaCommand('SELECT 1;\n  \\d users\nSELECT 2;')).toEqual({ line: 2, text: '\\d users' });
    expect(findMetaCommand('\\i schema.sql')).toEqual({ line: 1, text: '\\i schema.sql' });
  });

  it('ignores backslashes in strings, quoted names, comments, dollar-quoted bodies and mid-line', () => {
    expect(
      findMetaCommand('SELECT E\'\n\\\\d\';\n-- \\d in a comment\n/* \\c */ SELECT "\n\\x";\nDO $$ BEGIN\n\\d\nEND $$;\nSELECT 1 \\g'),
    ).toBeUndefined();
  });
});
