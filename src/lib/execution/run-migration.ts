/**
 * Runs one migration file the way the chosen Prisma version sends it (prisma-target.ts): each
 * statement its own simple query, stopping at the first failure, or the whole file as one simple
 * query. Used by the examples, the labs' driver adapter and the checker, so all three agree.
 *
 * It speaks through session.ts's `query` (the one reader of the server's replies) and leaves the
 * session as the engine would: a transaction block the file left open stays open for the caller
 * (Prisma's next bookkeeping query runs in it), but is not counted as committed.
 */
import type { DbError, Notice, StatementResult } from '../sql-runtime/results.ts';
import { query, refuseUnsupported, type BackendMessage, type ProtocolDatabase } from '../sql-runtime/wire.ts';
import { CommitLedger, committedStatements } from '../sql-runtime/commit-ledger.ts';
import { newBudget } from '../sql-runtime/result-caps.ts';
import { DEFAULT_PRISMA_TARGET, prismaTargetLabel, type PrismaTarget } from './prisma-target.ts';
import { loadSqlparser, splitAsPrisma, type PrismaFallback, type PrismaStatement, type SqlParser } from './prisma-split.ts';
import { lineAt } from '../sql-runtime/text-lines.ts';

export interface MigrationRun {
  target: PrismaTarget;
  ok: boolean;
  /** The failing statement's SQLSTATE. */
  sqlstate?: string;
  /** 1-based line of the failure in the file. */
  line?: number;
  /** How the file was really sent, after any fallback. */
  mode: 'statements' | 'batch';
  /** How many statements stayed committed (transaction control not counted). */
  committed: number;
  /** Set when Prisma 7.4+ would split but sqlparser cannot parse the file. */
  fallback?: PrismaFallback;
  error?: DbError;
  /** Where in PostgreSQL's source the error was raised (Prisma's P3018 prints it), when the server said. */
  errorSource?: { file?: string; line?: string; routine?: string };
  /** Per statement of the file, with offsets into it: ok, error, not-run or rolled-back. */
  statements: StatementResult[];
  notices: Notice[];
  /** The session is still inside a transaction block the file opened (its work is not committed). */
  inTransaction: boolean;
}

export interface MigrationOptions {
  /** sqlparser, when the caller has it loaded; otherwise it is loaded on first use. */
  parser?: SqlParser;
  /** Rows kept per statement (migrations rarely return any). */
  maxRows?: number;
}

/** PostgreSQL counts error positions in characters; a JavaScript string index counts UTF-16 units. */
function indexOfCharacter(text: string, characters: number): number {
  let index = 0;
  for (let seen = 0; seen < characters && index < text.length; seen += 1) index += (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  return index;
}

const placed = (result: StatementResult, span: PrismaStatement | undefined): StatementResult =>
  span ? { ...result, start: span.start, end: span.end } : result;

/** The raw error message of the last reply: session.ts's DbError leaves out the server's source location. */
function recording(db: ProtocolDatabase): ProtocolDatabase & { lastError(): BackendMessage | undefined } {
  let last: BackendMessage[] = [];
  return {
    async execProtocol(message, options) {
      const reply = await db.execProtocol(message, options);
      last = reply.messages;
      return reply;
    },
    lastError: () => last.find((message) => message.name === 'error'),
  };
}

function sourceOf(message: BackendMessage | undefined): MigrationRun['errorSource'] {
  if (!message) return undefined;
  const pick = (key: string) => (typeof message[key] === 'string' && message[key] !== '' ? { [key]: message[key] as string } : {});
  const source = { ...pick('file'), ...pick('line'), ...pick('routine') };
  return Object.keys(source).length > 0 ? source : undefined;
}

export async function runMigration(
  database: ProtocolDatabase,
  sql: string,
  target: PrismaTarget = DEFAULT_PRISMA_TARGET,
  options: MigrationOptions = {},
): Promise<MigrationRun> {
  const db = recording(database);
  const parser = target === '7.3' ? undefined : (options.parser ?? (await loadSqlparser()));
  const split = splitAsPrisma(sql, target, parser ?? { validate: () => undefined });
  // COPY … FROM STDIN waits for data no migration sends, and PGlite does not survive it: refused
  // before anything is sent (UnsupportedInputError, with what to write instead).
  refuseUnsupported(sql, split.statements);
  const maxRows = options.maxRows ?? 0;
  const budget = newBudget();
  const ledger = new CommitLedger();
  const statements: StatementResult[] = [];
  const notices: Notice[] = [];
  let error: DbError | undefined;
  let line: number | undefined;
  let errorSource: MigrationRun['errorSource'];
  let status = 'I';

  if (split.mode === 'statements') {
    for (const statement of split.statements) {
      if (error) {
        statements.push(placed({ status: 'not-run' }, statement));
        continue;
      }
      const reply = await query(db, statement.text, maxRows, budget);
      notices.push(...reply.notices);
      status = reply.status ?? 'I';
      const result = placed(
        reply.statements.find((item) => item.status === 'error') ?? reply.statements.at(-1) ?? { status: 'ok', command: '' },
        statement,
      );
      statements.push(result);
      if (result.status === 'ok') {
        ledger.completed(result, statement.text, status === 'I');
      } else {
        error = result.error;
        errorSource = sourceOf(db.lastError());
        if (error?.position !== undefined) {
          const at = statement.start + indexOfCharacter(statement.text, error.position - 1);
          line = lineAt(sql, at);
          error = { ...error, position: [...sql.slice(0, at)].length + 1 };
          result.error = error;
        } else {
          line = statement.line;
        }
        if (status === 'I') ledger.rollBack();
      }
    }
  } else if (split.statements.length > 0) {
    // (A file of only comments or blanks would do nothing, and PGlite answers an empty query with no reply at all.)
    const reply = await query(db, sql, maxRows, budget);
    notices.push(...reply.notices);
    status = reply.status ?? 'I';
    error = reply.error;
    if (error) errorSource = sourceOf(db.lastError());
    const spans = split.statements;
    const done = reply.statements.filter((item) => item.status === 'ok');
    // The splitter and the server agree on boundaries for any file the server could parse.
    const aligned = error ? done.length < spans.length : done.length === spans.length;
    done.forEach((result, index) => {
      const entry = placed(result, aligned ? spans[index] : undefined);
      statements.push(entry);
      ledger.completed(entry, aligned ? spans[index]?.text : undefined, false);
    });
    if (error) {
      const failed = reply.statements.find((item) => item.status === 'error') ?? { status: 'error' as const, error };
      // A syntax error stops the batch before anything runs; the position says which statement it was.
      const at = error.position === undefined ? undefined : indexOfCharacter(sql, error.position - 1);
      const pointed = at === undefined ? -1 : spans.findIndex((span) => at >= span.start && at < span.end);
      const index = aligned ? Math.max(pointed, done.length) : -1;
      if (aligned) for (let next = done.length; next < index; next += 1) statements.push(placed({ status: 'not-run' }, spans[next]));
      statements.push(placed(failed, spans[index]));
      if (aligned) for (const span of spans.slice(index + 1)) statements.push(placed({ status: 'not-run' }, span));
      line = at !== undefined ? lineAt(sql, at) : spans[index]?.line;
    }
    // One query is one implicit transaction: it commits only if the whole batch got through.
    if (!error && status === 'I') ledger.commitAll();
    else if (error && status === 'I') ledger.rollBack();
  }

  // Work inside a block the file left open is not committed: when the session ends, it is gone.
  const inTransaction = status !== 'I';
  if (inTransaction) ledger.rollBack();
  return {
    target,
    ok: !error,
    ...(error ? { sqlstate: error.code, error } : {}),
    ...(errorSource ? { errorSource } : {}),
    ...(line !== undefined ? { line } : {}),
    mode: split.mode,
    committed: committedStatements(statements).length,
    ...(split.fallback ? { fallback: split.fallback } : {}),
    statements,
    notices,
    inTransaction,
  };
}

/** One sentence for the reader: which version it ran as, how the file was sent, what stayed. */
export function describeMigrationRun(run: MigrationRun): string {
  const as = `Ran as ${prismaTargetLabel(run.target)} runs a migration`;
  const count = run.statements.length;
  const sent =
    run.mode === 'statements'
      ? `${count} statement${count === 1 ? '' : 's'}, each sent as its own query and committed on its own`
      : run.fallback
        ? `${run.fallback.reason}, one implicit transaction`
        : 'the whole file as one query: one implicit transaction';
  const stayed = run.ok
    ? ''
    : ` It failed${run.line !== undefined ? ` at line ${run.line}` : ''} with ${run.sqlstate ?? 'an error'}; ${run.committed} statement${run.committed === 1 ? '' : 's'} stayed committed.`;
  return `${as}: ${sent}.${stayed}`;
}
