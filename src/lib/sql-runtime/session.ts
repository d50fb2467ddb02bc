/**
 * Runs readers' scripts on one database as if each example had a database of its own.
 *
 * It speaks the simple-query protocol directly (as psql and Prisma's engine do) instead of PGlite's
 * `exec()`, because only the raw messages say which statement failed, carry complete command tags
 * ("INSERT 0 2") and notices, and give every value as PostgreSQL's own text.
 *
 * No DOM and no worker globals: the browser worker and the Node tests drive the same code.
 */
import type { DbError, ExecutionMode, Notice, ResultSet, RunResult, ScriptRun, StateSpec, StatementResult } from './protocol.ts';
import { splitStatements, type StatementSpan } from './split-statements.ts';
import { MAX_ROWS } from './limits.ts';

/** The part of PGlite this module needs; a fake or another driver can stand in. */
export interface ProtocolDatabase {
  execProtocol(message: Uint8Array, options?: { throwOnError?: boolean }): Promise<{ messages: BackendMessage[] }>;
}

export interface BackendMessage {
  name: string;
  text?: string;
  status?: string;
  fields?: unknown[];
  [key: string]: unknown;
}

export const DEFAULT_MAX_ROWS = MAX_ROWS;

const encoder = new TextEncoder();

/** A frontend Query message: 'Q', int32 length, the SQL as a C string. */
export function queryMessage(sql: string): Uint8Array {
  const body = encoder.encode(sql);
  const message = new Uint8Array(body.length + 6);
  message[0] = 0x51;
  new DataView(message.buffer).setInt32(1, body.length + 5);
  message.set(body, 5);
  return message;
}

function toDbError(message: BackendMessage): DbError {
  const text = (key: string) => (typeof message[key] === 'string' && message[key] !== '' ? (message[key] as string) : undefined);
  const position = text('position');
  return {
    severity: text('severity') ?? 'ERROR',
    code: text('code') ?? 'XX000',
    message: String((message as { message?: unknown }).message ?? 'unknown error'),
    ...(text('detail') ? { detail: text('detail') } : {}),
    ...(text('hint') ? { hint: text('hint') } : {}),
    ...(text('where') ? { where: text('where') } : {}),
    ...(position ? { position: Number(position) } : {}),
  };
}

function toNotice(message: BackendMessage): Notice {
  const { severity, code, message: text, detail, hint } = toDbError(message);
  return { severity, code, message: text, ...(detail ? { detail } : {}), ...(hint ? { hint } : {}) };
}

interface Reply {
  statements: StatementResult[];
  notices: Notice[];
  error?: DbError;
  /** readyForQuery: I idle, T in a transaction block, E in a failed transaction block. */
  status: string;
}

/** Folds one Query's backend messages into per-statement results. */
export function readReply(messages: BackendMessage[], maxRows: number): Reply {
  const statements: StatementResult[] = [];
  const notices: Notice[] = [];
  let current: ResultSet | undefined;
  let error: DbError | undefined;
  let status = 'I';
  for (const message of messages) {
    switch (message.name) {
      case 'rowDescription':
        current = { columns: (message.fields as { name: string }[]).map((field) => field.name), rows: [], totalRows: 0 };
        break;
      case 'dataRow':
        if (current) {
          current.totalRows += 1;
          if (current.rows.length < maxRows) current.rows.push(message.fields as (string | null)[]);
        }
        break;
      case 'commandComplete': {
        const tag = message.text ?? '';
        const count = /\s(\d+)$/.exec(tag)?.[1];
        statements.push({
          status: 'ok',
          command: tag,
          ...(count !== undefined ? { rowCount: Number(count) } : {}),
          ...(current ? { result: current } : {}),
        });
        current = undefined;
        break;
      }
      case 'emptyQueryResponse':
        break;
      case 'notice':
        notices.push(toNotice(message));
        break;
      case 'error':
        error = toDbError(message);
        statements.push({ status: 'error', error });
        current = undefined;
        break;
      case 'readyForQuery':
        status = message.status ?? 'I';
        break;
    }
  }
  return { statements, notices, ...(error ? { error } : {}), status };
}

const ENDS_TRANSACTION = /^(COMMIT|ROLLBACK|END|ABORT)\b/;
/** Command tags of transaction control: they change what is committed but are no change themselves. */
const TRANSACTION_CONTROL = /^(BEGIN|START TRANSACTION|COMMIT|ROLLBACK|END|ABORT|SAVEPOINT|RELEASE|PREPARE TRANSACTION)\b/;

/** The statements whose effect stayed committed once the Run ended (see RunResult.committed). */
export function committedStatements(statements: StatementResult[]): number[] {
  return statements.flatMap((statement, index) =>
    statement.status === 'ok' && !TRANSACTION_CONTROL.test(statement.command ?? '') ? [index] : [],
  );
}

/**
 * Tracks which completed statements are durable. Work inside a transaction block (implicit, as a
 * multi-statement batch is, or explicit after BEGIN) is pending until the block ends.
 */
class CommitLedger {
  #pending: StatementResult[] = [];

  completed(statement: StatementResult, durableNow: boolean): void {
    const tag = statement.command ?? '';
    if (ENDS_TRANSACTION.test(tag)) {
      if (tag.startsWith('ROLLBACK') || tag.startsWith('ABORT')) this.rollBack();
      else this.#pending = [];
      return;
    }
    if (!durableNow) this.#pending.push(statement);
    else this.#pending = [];
  }

  commitAll(): void {
    this.#pending = [];
  }

  rollBack(): void {
    for (const statement of this.#pending) statement.status = 'rolled-back';
    this.#pending = [];
  }
}

export interface RunOptions {
  mode: ExecutionMode;
  maxRows?: number;
  /** psql -f without ON_ERROR_STOP goes on after a failed statement; Prisma stops. */
  continueOnError?: boolean;
}

export async function runScript(db: ProtocolDatabase, sql: string, options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const spans = splitStatements(sql);
  const statements: StatementResult[] = [];
  const notices: Notice[] = [];
  const ledger = new CommitLedger();
  let firstError: DbError | undefined;
  let status = 'I';

  const place = (result: StatementResult, span: StatementSpan | undefined) => {
    if (span) Object.assign(result, { start: span.start, end: span.end });
    statements.push(result);
  };

  if (options.mode === 'batch' || spans.length <= 1) {
    const reply = readReply((await db.execProtocol(queryMessage(sql), { throwOnError: false })).messages, maxRows);
    notices.push(...reply.notices);
    status = reply.status;
    // The splitter and the server agree on boundaries for any script the server could parse.
    const aligned = reply.statements.length <= spans.length;
    reply.statements.forEach((result, index) => {
      place(result, aligned ? spans[index] : undefined);
      if (result.status === 'ok') ledger.completed(result, false);
    });
    firstError = reply.error;
    // One Query is one implicit transaction: it commits only if the whole batch got through.
    if (!firstError && status === 'I') ledger.commitAll();
    else if (firstError && status === 'I') ledger.rollBack();
    if (aligned) spans.slice(reply.statements.length).forEach((span) => place({ status: 'not-run' }, span));
  } else {
    for (const [index, span] of spans.entries()) {
      if (firstError && !options.continueOnError) {
        for (const rest of spans.slice(index)) place({ status: 'not-run' }, rest);
        break;
      }
      const reply = readReply((await db.execProtocol(queryMessage(span.text), { throwOnError: false })).messages, maxRows);
      notices.push(...reply.notices);
      status = reply.status;
      const result = reply.statements.at(-1) ?? { status: 'ok' as const };
      // An error's position counts from the start of what was sent: shift it into the whole script.
      if (result.error?.position !== undefined) result.error.position += span.start;
      place(result, span);
      if (result.status === 'ok') ledger.completed(result, status === 'I');
      else if (status === 'I') ledger.rollBack();
      firstError ??= result.error;
    }
  }

  // Each Run is a session of its own: a transaction left open is rolled back, as on disconnect, and
  // settings it changed (a restored pg_dump script empties search_path, for one) do not leak on.
  const openTransactionRolledBack = status !== 'I';
  if (openTransactionRolledBack) {
    await db.execProtocol(queryMessage('ROLLBACK'), { throwOnError: false });
    ledger.rollBack();
  }
  await db.execProtocol(queryMessage('RESET ALL'), { throwOnError: false });
  return {
    mode: options.mode,
    ok: !firstError,
    statements,
    notices,
    ...(firstError ? { error: firstError } : {}),
    openTransactionRolledBack,
    committed: committedStatements(statements),
    elapsedMs: performance.now() - started,
  };
}

/**
 * Back to a freshly created database: every schema the readers could have made goes, `public` is
 * recreated as initdb makes it, roles they created are dropped and session state is discarded.
 */
export const RESET_SQL = `
DO $reset$
DECLARE item record;
BEGIN
  FOR item IN SELECT nspname FROM pg_namespace
    WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
      AND nspname NOT LIKE 'prisma\\_lab\\_%'
  LOOP EXECUTE format('DROP SCHEMA %I CASCADE', item.nspname); END LOOP;
  FOR item IN SELECT rolname FROM pg_roles WHERE oid >= 16384 AND rolname <> current_user
  LOOP EXECUTE format('DROP OWNED BY %I CASCADE', item.rolname); EXECUTE format('DROP ROLE %I', item.rolname); END LOOP;
END
$reset$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
GRANT USAGE ON SCHEMA public TO PUBLIC;
COMMENT ON SCHEMA public IS 'standard public schema';
`;

export class StatePreparationError extends Error {
  override name = 'StatePreparationError';
}

/**
 * Owns the one database of a tab and remembers which example's state it holds, so consecutive
 * Runs of one example replay nothing and switching examples costs one reset plus replay.
 */
export class DatabaseSession {
  #heldKey: string | undefined;
  private readonly db: ProtocolDatabase;

  constructor(db: ProtocolDatabase) {
    this.db = db;
  }

  async reset(): Promise<void> {
    await this.db.execProtocol(queryMessage('ROLLBACK'), { throwOnError: false });
    await this.db.execProtocol(queryMessage('DISCARD ALL'), { throwOnError: false });
    const reply = readReply((await this.db.execProtocol(queryMessage(RESET_SQL), { throwOnError: false })).messages, 0);
    if (reply.error) throw new StatePreparationError(`Could not reset the database: ${reply.error.message}`);
    this.#heldKey = undefined;
  }

  /** The database was changed outside Runs (a script): the next prepare starts over. */
  invalidate(): void {
    this.#heldKey = undefined;
  }

  /** Brings the database into `state`; returns whether anything had to be replayed. */
  async prepare(state: StateSpec): Promise<boolean> {
    if (this.#heldKey === state.key) return false;
    await this.reset();
    if (state.setup.trim()) {
      const setup = await runScript(this.db, state.setup, { mode: 'batch', maxRows: 0 });
      if (setup.error) throw new StatePreparationError(`The example's setup failed: ${setup.error.code} ${setup.error.message}`);
    }
    // Earlier Runs are replayed as they ran; their failures are part of the state, not news.
    for (const run of state.history) await runScript(this.db, run.sql, { ...run, maxRows: 0 });
    this.#heldKey = state.key;
    return true;
  }

  async run(state: StateSpec, script: ScriptRun, options: { nextKey: string; maxRows?: number }): Promise<RunResult> {
    await this.prepare(state);
    this.#heldKey = undefined; // if the script throws midway, the state is unknown
    const result = await runScript(this.db, script.sql, { ...script, ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}) });
    this.#heldKey = options.nextKey;
    return result;
  }
}
