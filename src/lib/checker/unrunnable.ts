/**
 * Statements a check cannot run truthfully, found in the parse tree before anything runs: COPY from
 * the client (STDIN: `prisma migrate deploy` has no data to send, and PGlite ends its process
 * waiting for it) and COPY to or from a program or a server file (PGlite has neither, so it would
 * report a success the real server would not have).
 */
import { loadModule, parse } from 'libpg-query';
import { splitStatements } from '../sql-runtime/split-statements.ts';
import { lineAt } from '../sql-runtime/text-lines.ts';

interface RawStatement {
  stmt: Record<string, unknown>;
  stmt_location?: number;
}

interface CopyStmt {
  is_from?: boolean;
  is_program?: boolean;
  filename?: string;
}

/** libpg_query counts bytes of UTF-8 and places a statement where the previous one ended. */
function lineOfByte(sql: string, byteOffset: number): number {
  const before = Buffer.from(sql).subarray(0, byteOffset).toString('utf8');
  return lineAt(sql, before.length + (/^\s*/.exec(sql.slice(before.length))?.[0].length ?? 0));
}

export interface StatementSurvey {
  /** One message per statement that must not run, with its line; empty when everything may run. */
  unrunnable: string[];
  /** BEGIN, COMMIT, SAVEPOINT…: the file manages transactions itself. */
  transactionControl: boolean;
}

/** The statements of a file that does not parse as a whole, each one that parses on its own. */
async function statementsOneByOne(sql: string): Promise<RawStatement[]> {
  const statements: RawStatement[] = [];
  for (const span of splitStatements(sql)) {
    try {
      const parsed = ((await parse(span.text)) as { stmts?: RawStatement[] }).stmts ?? [];
      const offset = Buffer.byteLength(sql.slice(0, span.start));
      statements.push(...parsed.map((statement) => ({ ...statement, stmt_location: offset + (statement.stmt_location ?? 0) })));
    } catch {
      // The lint reports the syntax error; PostgreSQL refuses the file before running any of it.
    }
  }
  return statements;
}

export async function surveyStatements(sql: string): Promise<StatementSurvey> {
  await loadModule();
  let statements: RawStatement[];
  let parsed = true;
  try {
    statements = ((await parse(sql)) as { stmts?: RawStatement[] }).stmts ?? [];
  } catch {
    // COPY … FROM STDIN followed by its rows (as pg_dump writes it) parses only statement by statement.
    statements = await statementsOneByOne(sql);
    parsed = false;
  }
  const problems: string[] = [];
  // A file that does not parse is assumed to manage transactions: only a real run can tell.
  const transactionControl = !parsed || statements.some((statement) => 'TransactionStmt' in statement.stmt);
  for (const statement of statements) {
    const copy = statement.stmt.CopyStmt as CopyStmt | undefined;
    if (!copy) continue;
    const line = lineOfByte(sql, statement.stmt_location ?? 0);
    if (copy.is_program) {
      problems.push(
        `line ${line}: COPY … ${copy.is_from ? 'FROM' : 'TO'} PROGRAM runs a program on the database server; it cannot be checked here (PGlite runs no programs) and needs a superuser or pg_execute_server_program there`,
      );
    } else if (copy.filename !== undefined) {
      problems.push(
        `line ${line}: COPY … ${copy.is_from ? 'FROM' : 'TO'} a file on the database server; it cannot be checked here and needs a superuser or pg_${copy.is_from ? 'read' : 'write'}_server_files there`,
      );
    } else if (copy.is_from) {
      problems.push(
        `line ${line}: COPY … FROM STDIN waits for data from the client; prisma migrate deploy sends none, so this migration cannot run as written (put the rows in INSERT statements)`,
      );
    }
  }
  return { unrunnable: problems, transactionControl };
}
