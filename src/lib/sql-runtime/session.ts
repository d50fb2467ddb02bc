/**
 * Runs readers' scripts on one database as if each example had a database of its own.
 *
 * It speaks the simple-query protocol directly (as psql and Prisma's engine do) instead of PGlite's
 * `exec()`, because only the raw messages say which statement failed, carry complete command tags
 * ("INSERT 0 2") and notices, and give every value as PostgreSQL's own text.
 *
 * No DOM and no worker globals: the browser worker and the Node tests drive the same code.
 *
 * Over 300 lines for now: runScript and the DatabaseSession that prepares, replays and resets the
 * states around it share the reset and restore rules; the reply reader already lives in wire.ts.
 * (runScript could move to a file of its own once the extension loading being added here settles.)
 */
import type { DbError, ExecutionMode, Notice, RunResult, ScriptRun, StateSpec, StatementResult } from './results.ts';
import { splitStatements, type StatementSpan } from './split-statements.ts';
import { DatabaseBrokenError, query, refuseUnsupported, UnsupportedInputError, type ProtocolDatabase } from './wire.ts';
import { MAX_ROWS } from './limits.ts';
import { CommitLedger, committedStatements } from './commit-ledger.ts';
import { newBudget } from './result-caps.ts';
import { readBaseline, restoreKnownState, type RestoreOutcome } from './state-restore.ts';
import { dropEverySchema, NEW_PUBLIC_SCHEMA } from './empty-database.ts';
import { prismaTargetOf } from '../markdown/example-meta.ts';
import { describeMigrationRun, runMigration } from '../execution/run-migration.ts';
import type { RunOutcome } from './results.ts';
import { statementOutcome } from './protocol.ts';
import { MAX_TRACED_STATEMENTS } from './limits.ts';
import { traceScript, type LockTrace } from '../locks/trace.ts';
import { fillTables, type FillReport } from '../locks/fill-rows.ts';

export { committedStatements };
// The reply reader lives in wire.ts so the engines (migrations, the tracer, the lab) can use it
// without importing the session that drives them; these names stay importable from here.
export {
  COPY_FROM_STDIN_MESSAGE,
  DatabaseBrokenError,
  queryMessage,
  query,
  readReply,
  refuseUnsupported,
  UnsupportedInputError,
} from './wire.ts';
export type { BackendMessage, ProtocolDatabase, Reply } from './wire.ts';

export const DEFAULT_MAX_ROWS = MAX_ROWS;

/** PostgreSQL counts error positions in characters; a JavaScript string index counts UTF-16 units. */
function indexOfCharacter(text: string, characters: number): number {
  let index = 0;
  for (let seen = 0; seen < characters && index < text.length; seen += 1) index += (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  return index;
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
  const budget = newBudget();
  const spans = splitStatements(sql);
  refuseUnsupported(sql, spans);
  const statements: StatementResult[] = [];
  const notices: Notice[] = [];
  const ledger = new CommitLedger();
  let firstError: DbError | undefined;
  let status = 'I';

  const place = (result: StatementResult, span: StatementSpan | undefined) => {
    if (span) Object.assign(result, { start: span.start, end: span.end });
    statements.push(result);
  };

  const target = prismaTargetOf(options.mode);
  if (target) {
    // As a Prisma version sends a migration file: execution/run-migration.ts, shared with labs and the checker.
    const run = await runMigration(db, sql, target, { maxRows });
    statements.push(...run.statements);
    notices.push({ severity: 'NOTICE', code: '00000', message: describeMigrationRun(run) }, ...run.notices);
    firstError = run.error;
    status = run.inTransaction ? 'T' : 'I';
  } else if (options.mode === 'batch' || spans.length <= 1) {
    const reply = await query(db, sql, maxRows, budget);
    notices.push(...reply.notices);
    status = reply.status ?? 'I';
    firstError = reply.error;
    const done = reply.statements.filter((result) => result.status === 'ok');
    // The splitter and the server agree on boundaries for any script the server could parse.
    const aligned = firstError ? done.length < spans.length : done.length === spans.length;
    if (!aligned) {
      for (const result of reply.statements) {
        place(result, undefined);
        if (result.status === 'ok') ledger.completed(result, undefined, false);
      }
    } else {
      done.forEach((result, index) => {
        place(result, spans[index]);
        ledger.completed(result, spans[index]?.text, false);
      });
      let next = done.length;
      if (firstError) {
        // The error belongs to the statement its position points into. A syntax error stops the
        // whole batch before anything runs, so the statements before it did not run either.
        const at = firstError.position === undefined ? -1 : indexOfCharacter(sql, firstError.position - 1);
        const pointed = spans.findIndex((span) => at >= span.start && at < span.end);
        const errorIndex = pointed >= next ? pointed : next;
        for (; next < errorIndex; next += 1) place({ status: 'not-run' }, spans[next]);
        place(reply.statements.find((result) => result.status === 'error') ?? { status: 'error', error: firstError }, spans[errorIndex]);
        next = errorIndex + 1;
      }
      for (const span of spans.slice(next)) place({ status: 'not-run' }, span);
    }
    // One Query is one implicit transaction: it commits only if the whole batch got through.
    if (!firstError && status === 'I') ledger.commitAll();
    else if (firstError && status === 'I') ledger.rollBack();
  } else {
    for (const [index, span] of spans.entries()) {
      if (firstError && !options.continueOnError) {
        for (const rest of spans.slice(index)) place({ status: 'not-run' }, rest);
        break;
      }
      const reply = await query(db, span.text, maxRows, budget);
      notices.push(...reply.notices);
      status = reply.status ?? 'I';
      const result: StatementResult = reply.statements.find((item) => item.status === 'error') ??
        reply.statements.at(-1) ?? { status: 'ok', command: '' };
      // An error's position counts from the start of what was sent: shift it into the whole script.
      if (result.error?.position !== undefined) result.error.position += [...sql.slice(0, span.start)].length;
      place(result, span);
      if (result.status === 'ok') ledger.completed(result, span.text, status === 'I');
      else if (status === 'I') ledger.rollBack();
      firstError ??= result.error;
    }
  }

  // Each Run is a session of its own: a transaction left open is rolled back, as on disconnect, and
  // what the session set (settings, role, temporary tables, advisory locks) ends with it; a restored
  // pg_dump script empties search_path, for one, and a temporary table can shadow a lab's.
  const openTransactionRolledBack = status !== 'I';
  if (openTransactionRolledBack) {
    await query(db, 'ROLLBACK');
    ledger.rollBack();
  }
  await query(db, 'DISCARD ALL');
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
  ${dropEverySchema('prisma\\_lab\\_%')}
  FOR item IN SELECT rolname FROM pg_roles WHERE oid >= 16384 AND rolname <> current_user
  LOOP EXECUTE format('DROP OWNED BY %I CASCADE', item.rolname); EXECUTE format('DROP ROLE %I', item.rolname); END LOOP;
END
$reset$;
${NEW_PUBLIC_SCHEMA}
`;

export class StatePreparationError extends Error {
  override name = 'StatePreparationError';
}

export interface SessionOptions {
  /** The labs' schemas, which resets and restores leave alone (the worker's labs name them). */
  labSchemas?: () => readonly string[];
}

/**
 * Owns the one database of a tab and remembers which example's state it holds, so consecutive
 * Runs of one example replay nothing and switching examples costs one reset plus replay.
 */
/** Same script, sent the same way: replaying one is replaying the other. */
function sameRun(a: ScriptRun, b: ScriptRun): boolean {
  return a.sql === b.sql && a.mode === b.mode && Boolean(a.continueOnError) === Boolean(b.continueOnError);
}

export { statementOutcome };

export interface TraceOutcome {
  trace: LockTrace;
  /** Time to bring the database back to the state the Run started from. */
  rebuildMs: number;
  /** Time to leave it where the Run left it, for the next Run. */
  settleMs: number;
  /** How the session got to the Run's end state: the trace left it there, one Run replayed, or a full rebuild. */
  settledBy: 'trace' | 'replay' | 'rebuild';
}

export class DatabaseSession {
  /** The state the database is in, when known: its key, and what it was built from. */
  #held: StateSpec | undefined;
  #start: { baseline: number; sessionUser: string } | undefined;
  private db: ProtocolDatabase;
  readonly #labSchemas: () => readonly string[];
  /** Set when a Run changed what cannot be restored in place: the database must be replaced. */
  retireReason: string | undefined;

  constructor(db: ProtocolDatabase, options: SessionOptions = {}) {
    this.db = db;
    this.#labSchemas = options.labSchemas ?? (() => []);
  }

  /** The same data directory, reopened (with more extensions): the state the session holds is unchanged. */
  replaceDatabase(db: ProtocolDatabase): void {
    this.db = db;
    this.#justReset = false;
    this.#cleanMark = undefined;
  }

  /** Where the last restore's check found the database clean (state-restore.ts): until it moves, nothing was written. */
  #cleanMark: string | undefined;

  /**
   * Back to a known state after a Run and before a lab command (see state-restore.ts); reports
   * what it removed, or what cannot be undone in place.
   */
  async restore(): Promise<RestoreOutcome> {
    const cleanMark = this.#cleanMark;
    this.#cleanMark = undefined; // if the restore throws midway, nothing is known to be clean
    const outcome = await restoreKnownState(this.db, query, {
      ...this.#start,
      labSchemas: this.#labSchemas(),
      ...(cleanMark === undefined ? {} : { cleanMark }),
    });
    this.#cleanMark = outcome.cleanMark;
    return outcome;
  }

  async reset(): Promise<void> {
    const outcome = await this.restore();
    if (outcome.unrecoverable) throw new DatabaseBrokenError(`The database cannot be reset in place: ${outcome.unrecoverable}.`);
    const reply = await query(this.db, RESET_SQL);
    if (reply.error) throw new StatePreparationError(`Could not reset the database: ${reply.error.message}`);
    this.#start ??= await readBaseline(this.db, query);
    this.#held = undefined;
    this.#justReset = true;
  }

  /**
   * A database just opened from the snapshot is already what a reset makes (initdb's `public`, no
   * role or schema of a reader's): only its baseline is read, so the first Run does not wait for a
   * reset's drops and re-creations on a backend whose caches are still cold.
   */
  async startFresh(): Promise<void> {
    this.#start ??= await readBaseline(this.db, query);
    this.#held = undefined;
    this.#justReset = true;
  }

  /**
   * Nothing has touched the database since the last reset (the worker's start ends with one): the
   * next prepare from scratch need not do it again, so a first Run does not pay for two.
   */
  #justReset = false;

  /** The database was changed outside Runs (a script): the next prepare starts over. */
  invalidate(): void {
    this.#held = undefined;
    this.#justReset = false;
  }

  /** The generated rows the last prepare added ("with N rows"), once: the page says what it got. */
  #fill: FillReport | undefined;
  takeFill(): FillReport | undefined {
    const fill = this.#fill;
    this.#fill = undefined;
    return fill;
  }

  /**
   * The held state is `state` minus some of its last Runs: the same setup, rows and earlier Runs.
   * Replaying only the missing Runs then gives what a rebuild from scratch gives, without redoing
   * the setup (which with a million generated rows takes seconds).
   */
  #missingRuns(state: StateSpec): ScriptRun[] | undefined {
    const held = this.#held;
    if (!held || held.setup !== state.setup || (held.rows ?? 0) !== (state.rows ?? 0)) return undefined;
    if (state.history.length <= held.history.length) return undefined;
    if (!held.history.every((run, index) => sameRun(run, state.history[index]!))) return undefined;
    return state.history.slice(held.history.length);
  }

  /** Brings the database into `state`; returns whether anything had to be replayed. */
  async prepare(state: StateSpec): Promise<boolean> {
    if (this.#held?.key === state.key) return false;
    const missing = this.#missingRuns(state);
    this.#held = undefined; // if a step throws midway, the state is unknown
    const fresh = this.#justReset;
    this.#justReset = false;
    if (!missing) {
      if (!fresh) await this.reset();
      // The reset just made is used up by this very prepare.
      this.#justReset = false;
      if (state.setup.trim()) {
        const setup = await runScript(this.db, state.setup, { mode: 'batch', maxRows: 0 });
        if (setup.error) throw new StatePreparationError(`The example's setup failed: ${setup.error.code} ${setup.error.message}`);
      }
      if (state.rows) this.#fill = await fillTables(this.db, state.rows);
    }
    // Earlier Runs are replayed as they ran; their failures are part of the state, not news.
    for (const run of missing ?? state.history) {
      await runScript(this.db, run.sql, { ...run, maxRows: 0 });
      await this.#restoreAfterRun();
    }
    this.#held = state;
    return true;
  }

  /**
   * `answer`, if given, receives the result as soon as the script has run, before the database is
   * put back: on a first Run that check of a cold catalog took ~190-225 ms of the wait (worker marks,
   * bench/cold-trace.mjs). What the restore then says is added to the returned result's notices.
   */
  async run(
    state: StateSpec,
    script: ScriptRun,
    options: { nextKey: string; maxRows?: number; answer?: (result: RunResult) => void },
  ): Promise<RunResult> {
    await this.prepare(state);
    this.#held = undefined; // if the script throws midway, the state is unknown
    const result = await runScript(this.db, script.sql, {
      ...script,
      ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
    });
    options.answer?.(result);
    const note = await this.#restoreAfterRun();
    if (note) result.notices.push(note);
    if (this.retireReason === undefined) this.#held = { ...state, key: options.nextKey, history: [...state.history, script] };
    return result;
  }

  /**
   * The lock trace of a Run the reader has already seen: observed on the state the Run started from
   * (`state`), then the database is left in the Run's end state (`after`), so the next Run replays
   * nothing. The trace's own outcome is compared with the Run's (`outcome`): where they agree and the
   * trace committed as the Run did, the trace itself is that end state; otherwise the Run is replayed.
   */
  async trace(state: StateSpec, script: ScriptRun, after: StateSpec, outcome: RunOutcome): Promise<TraceOutcome> {
    const spans = splitStatements(script.sql);
    refuseUnsupported(script.sql, spans);
    if (spans.length > MAX_TRACED_STATEMENTS) {
      throw new UnsupportedInputError(
        `the script has ${spans.length.toLocaleString('en-US')} statements; locks are traced for scripts of up to ${MAX_TRACED_STATEMENTS}`,
      );
    }
    const started = performance.now();
    await this.prepare(state);
    const rebuildMs = performance.now() - started;
    this.#held = undefined; // the trace changes the database; what it leaves is decided below
    const trace = await traceScript(this.db, script.sql, {
      mode: script.mode,
      ...(script.continueOnError ? { continueOnError: true } : {}),
    });
    await this.#restoreAfterRun();
    const settled = performance.now();
    const traced = trace.statements.map((statement) => statementOutcome(statement.status, statement.error?.code));
    const agrees = traced.length === outcome.length && traced.every((value, index) => value === outcome[index]);
    // One statement, or statement mode: the trace committed each statement as the Run did.
    const committedLikeRun = script.mode === 'statements' || spans.length <= 1;
    let settledBy: TraceOutcome['settledBy'];
    if (this.retireReason !== undefined) {
      settledBy = 'rebuild';
    } else if (agrees && committedLikeRun) {
      this.#held = after;
      settledBy = 'trace';
    } else {
      // A batch's trace rolled back: the database is where the Run started, one replay away.
      if (!trace.changedDatabase) this.#held = state;
      settledBy = this.#missingRuns(after) ? 'replay' : 'rebuild';
      await this.prepare(after);
    }
    return { trace, rebuildMs, settleMs: performance.now() - settled, settledBy };
  }

  /** What the restore removed is said as a notice: the reader should not wonder where it went. */
  async #restoreAfterRun(): Promise<Notice | undefined> {
    const outcome = await this.restore();
    if (outcome.unrecoverable) {
      this.retireReason = outcome.unrecoverable;
      return {
        severity: 'NOTICE',
        code: '00000',
        message: `This Run made ${outcome.unrecoverable}, which cannot be undone in place: the page starts a fresh database before the next request.`,
      };
    }
    if (outcome.removed.length === 0) return undefined;
    return {
      severity: 'NOTICE',
      code: '00000',
      message: `After this Run the page removed ${outcome.removed.join(', ')}: they would outlive this example and affect other examples and labs, so they do not persist between Runs here.`,
    };
  }
}
