/**
 * The lock and rewrite tracer: runs a script once more, as a Run would run it, and after every
 * statement reads from the catalog which relation locks the session holds and which relations got a
 * new storage file. Observed, not guessed: the locks are read while they are still held, before the
 * transaction that took them ends.
 *
 * How the trace keeps to the Run's transactions (the design, since it decides what is true):
 * - Batch mode (more than one statement): the whole script is one transaction, as the one Query of
 *   a Run is. The tracer opens it with BEGIN, sends each statement on its own so it can look in
 *   between, and ROLLBACKs at the end, so the database is left as it was. A lock taken by statement
 *   1 shows on every later statement as still held (`acquired: false`, `sinceLine: 1`).
 * - Statement mode (and a script of one statement): each statement is its own transaction, as with
 *   psql -f. The tracer wraps each in BEGIN … COMMIT and reads the locks before the COMMIT, so each
 *   statement's locks are seen fresh; the statements are committed, as the Run commits them.
 * - A BEGIN … COMMIT the reader wrote is kept in either mode: the tracer opens no transaction of its
 *   own inside it, and the locks accumulate until the reader's COMMIT, which the tracer sends as
 *   written (so the database changes, as the Run would change it).
 * - `changedDatabase` says whether anything was committed: the caller (which owns the session's
 *   state) must then treat the database as changed, e.g. DatabaseSession.invalidate().
 * - Statements that cannot run in a transaction block (CONCURRENTLY, VACUUM) fail with 25001 inside
 *   the tracer's BEGIN; in statement mode the tracer then runs them outside one, as the Run does,
 *   and reports their documented locks, marked `source: 'documented'`. In a batch or inside the
 *   reader's BEGIN they fail in the Run too, and the trace reports that failure.
 * - A failed statement ends the trace as it ends the Run (unless continueOnError, as psql without
 *   ON_ERROR_STOP); its locks cannot be read in the aborted transaction and are not invented.
 * - Locks on relations created in the same transaction are left out: no other session can see
 *   those relations, so the locks block nobody.
 *
 * Over 300 lines on purpose: the rules above are one loop over the statements, and splitting the
 * loop would scatter the transaction bookkeeping that makes the trace agree with the Run.
 */
import type { DbError, ExecutionMode } from '../sql-runtime/results.ts';
import { query, type ProtocolDatabase } from '../sql-runtime/wire.ts';
import { splitStatements } from '../sql-runtime/split-statements.ts';
import { lineIndex } from '../sql-runtime/text-lines.ts';
import { documentedLocks, statementHead } from './documented.ts';
import { LOCK_MODES, blocks, type Blocks, type LockMode } from './lock-modes.ts';
import { rewrittenBetween, takeSnapshot, type Snapshot } from './snapshot.ts';

export interface TracedLock {
  /** As the reader writes it: `Post`, `audit.log`; an index by its own name. */
  relation: string;
  mode: LockMode;
  blocks: Blocks;
  /** This statement took it; false when an earlier statement of the same transaction did and still holds it. */
  acquired: boolean;
  /** The line of the statement that took it. */
  sinceLine: number;
  source: 'observed' | 'documented';
}

export interface TracedStatement {
  /** 1-based line of the statement's first word in the script. */
  line: number;
  sql: string;
  /** Offsets into the script (0-based, end exclusive). */
  start: number;
  end: number;
  status: 'ok' | 'error' | 'not-run';
  command?: string;
  error?: DbError;
  /** Every lock held once the statement finished, within its transaction: its own and those still held. */
  locks: TracedLock[];
  /** Tables and indexes whose storage was replaced by this statement. */
  rewrites: string[];
  ms: number;
  /** Why some of this statement's locks are not observed ones. */
  note?: string;
}

export interface LockTrace {
  mode: ExecutionMode;
  statements: TracedStatement[];
  /** Something was committed (statement mode, a COMMIT in the script): the database moved on. */
  changedDatabase: boolean;
  elapsedMs: number;
  /** Of elapsedMs, the time spent reading the catalog: the tracer's own cost. */
  overheadMs: number;
}

export interface TraceOptions {
  mode: ExecutionMode;
  continueOnError?: boolean;
  /** Checked between statements: an aborted trace rolls back what is open and reports the rest as not run. */
  signal?: AbortSignal;
}

const FAILED_NOTE = 'failed: the locks it took were released with its transaction before they could be read';

/**
 * The statement refuses the tracer's BEGIN: CONCURRENTLY and VACUUM (25001), or a procedure that
 * COMMITs on its own (2D000). Either runs fine outside a block, as statement mode sends it.
 */
function refusesTransactionBlock(error: DbError | undefined): boolean {
  return (error?.code === '25001' && /cannot run inside a transaction block/i.test(error.message)) || error?.code === '2D000';
}

function opensTransaction(sql: string): boolean {
  return /^(BEGIN|START TRANSACTION)\b/i.test(statementHead(sql));
}

/**
 * Statements that fail outside a transaction block (LOCK, DECLARE, SAVEPOINT …): inside the
 * tracer's BEGIN they would succeed where the Run fails, so they are sent without one.
 */
function needsReaderTransaction(sql: string): boolean {
  return /^(LOCK|DECLARE|SAVEPOINT|RELEASE|ROLLBACK( WORK| TRANSACTION)? TO)\b/i.test(statementHead(sql));
}

/** Offset of the first character that is not blank or a comment: where a reader sees the statement begin. */
function codeStart(text: string): number {
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i] as string)) i += 1;
    else if (text.startsWith('--', i)) i = text.includes('\n', i) ? text.indexOf('\n', i) + 1 : text.length;
    else if (text.startsWith('/*', i)) i = text.includes('*/', i) ? text.indexOf('*/', i) + 2 : text.length;
    else break;
  }
  return i;
}

/** A statement's locks in reading order: by relation, and on one relation the strongest first. */
function byStrength(a: TracedLock, b: TracedLock): number {
  return a.relation.localeCompare(b.relation) || LOCK_MODES.indexOf(b.mode) - LOCK_MODES.indexOf(a.mode);
}

class Tracer {
  status = 'I';
  changedDatabase = false;
  overheadMs = 0;
  /** The latest look at the catalog: what the next statement starts from. */
  last!: Snapshot;
  /** The catalog when the current transaction began: what other sessions can see. */
  #start!: Snapshot;
  /** Locks of the current transaction → the line that took them. */
  #held = new Map<string, number>();
  private readonly db: ProtocolDatabase;

  constructor(db: ProtocolDatabase) {
    this.db = db;
  }

  async send(sql: string) {
    const started = performance.now();
    // query() refuses a reply the database did not really give (a PANIC, an answer cut short).
    const reply = await query(this.db, sql, 0);
    this.status = reply.status ?? 'I';
    return { reply, ms: performance.now() - started };
  }

  async look(): Promise<Snapshot> {
    const started = performance.now();
    const snapshot = await takeSnapshot(this.db);
    this.overheadMs += performance.now() - started;
    return snapshot;
  }

  async begin(sql = 'BEGIN') {
    const sent = await this.send(sql);
    this.transactionStarted();
    return sent;
  }

  transactionStarted(): void {
    this.#start = this.last;
    this.#held.clear();
  }

  /** The transaction ended: committed, its catalog stays; rolled back, the catalog is as it began. */
  ended(committed: boolean): void {
    if (committed) this.changedDatabase = true;
    else if (this.#start) this.last = { relations: this.#start.relations, locks: [] };
    this.#held.clear();
  }

  /** The locks held now on relations other sessions can see, each with the line that took it. */
  locks(after: Snapshot, line: number): TracedLock[] {
    const seen = new Map<string, TracedLock>();
    for (const { oid, mode } of after.locks) {
      if (!this.#start.relations.has(oid)) continue;
      const relation = (after.relations.get(oid) ?? this.last.relations.get(oid) ?? this.#start.relations.get(oid))?.name;
      if (relation === undefined) continue;
      const key = `${relation}\u0000${mode}`;
      if (seen.has(key)) continue;
      const since = this.#held.get(key);
      seen.set(key, { relation, mode, blocks: blocks(mode), acquired: since === undefined, sinceLine: since ?? line, source: 'observed' });
    }
    this.#held = new Map([...seen].map(([key, lock]) => [key, lock.sinceLine]));
    return [...seen.values()].sort(byStrength);
  }
}

export async function traceScript(db: ProtocolDatabase, sql: string, options: TraceOptions): Promise<LockTrace> {
  const started = performance.now();
  const spans = splitStatements(sql);
  // A script of one statement is sent alone, outside any transaction block, in either mode (as runScript does).
  const batch = options.mode === 'batch' && spans.length > 1;
  const tracer = new Tracer(db);
  tracer.last = await tracer.look();
  const statements: TracedStatement[] = [];
  const lineAt = lineIndex(sql);
  // A batch that does not parse runs nothing at all: the server parses the whole Query first.
  const parseError = batch ? await batchParseError(tracer, sql) : undefined;
  let stopped = false;

  try {
    for (const span of spans) {
      const line = lineAt(span.start + codeStart(span.text));
      const statement: TracedStatement = {
        line,
        sql: span.text,
        start: span.start,
        end: span.end,
        status: 'not-run',
        locks: [],
        rewrites: [],
        ms: 0,
      };
      statements.push(statement);
      if (parseError) {
        // The statement the error points into (the first, if it points nowhere; the last, if past the end).
        const here = parseError.position === undefined || parseError.position <= span.end || span === spans.at(-1);
        if (here && !stopped) {
          Object.assign(statement, { status: 'error', error: parseError, note: NOT_PARSED_NOTE });
          stopped = true;
        }
        continue;
      }
      if (stopped || options.signal?.aborted) {
        stopped = true;
        continue;
      }

      // Outside a transaction, open one so the locks can be read before they are released; the
      // reader's own BEGIN opens it instead.
      let wrapped = false;
      if (tracer.status === 'I') {
        if (opensTransaction(span.text)) {
          const { reply, ms } = await tracer.begin(span.text);
          settle(statement, reply.statements.at(-1), ms);
          if (reply.error) stopped = batch || !options.continueOnError;
          continue;
        }
        if (!batch && needsReaderTransaction(span.text)) {
          const { reply, ms } = await tracer.send(span.text);
          settle(statement, reply.statements.at(-1), ms);
          statement.note =
            'runs outside a transaction block here, as in the Run: its locks, if any, were released before they could be read';
          if (reply.error) stopped = !options.continueOnError;
          else tracer.last = await tracer.look();
          continue;
        }
        await tracer.begin();
        wrapped = !batch;
      }

      const { reply, ms } = await tracer.send(span.text);
      const result = reply.statements.at(-1) ?? { status: 'ok' as const };
      // An error's position counts from the start of what was sent: shift it into the whole script, as runScript does.
      if (result.error?.position !== undefined) result.error.position += span.start;
      settle(statement, result, ms);

      if (result.status === 'error') {
        if (wrapped && refusesTransactionBlock(result.error)) {
          await tracer.send('ROLLBACK');
          tracer.ended(false);
          stopped = !(await traceOutsideTransaction(tracer, statement)) && !options.continueOnError;
          continue;
        }
        statement.note = FAILED_NOTE;
        if (wrapped) await tracer.send('ROLLBACK');
        if (tracer.status === 'I') tracer.ended(false);
        stopped = batch || !options.continueOnError;
        continue;
      }

      if (tracer.status === 'I') {
        // The statement ended the transaction (the reader's COMMIT or ROLLBACK): nothing is held now.
        tracer.ended(/^COMMIT\b/.test(result.command ?? ''));
        tracer.last = await tracer.look();
        continue;
      }
      if (tracer.status === 'E') continue;

      const after = await tracer.look();
      statement.locks = tracer.locks(after, line);
      statement.rewrites = rewrittenBetween(tracer.last, after);
      tracer.last = after;

      if (wrapped) {
        const { reply: commit } = await tracer.send('COMMIT');
        // A deferred constraint is checked at COMMIT: in the Run that is this statement failing.
        if (commit.error) {
          settle(statement, commit.statements.at(-1));
          statement.note = 'failed at COMMIT (a deferred check); its locks were read before the COMMIT';
          tracer.ended(false);
          stopped = !options.continueOnError;
        } else {
          tracer.ended(true);
        }
      }
    }
  } finally {
    // Even when reading the catalog failed midway: no transaction of the trace stays open, and
    // settings the script changed do not leak into the next Run (runScript does the same).
    if (tracer.status !== 'I') await tracer.send('ROLLBACK');
    await tracer.send('RESET ALL');
  }
  return {
    mode: options.mode,
    statements,
    changedDatabase: tracer.changedDatabase,
    elapsedMs: performance.now() - started,
    overheadMs: tracer.overheadMs,
  };
}

const PARSE_PROBE = 'SELECT 1/0;\n';
const NOT_PARSED_NOTE = 'the batch does not parse, so the server ran none of it';

/**
 * Asks the server to parse the whole batch without running any of it: the Query starts with a
 * statement that fails (division by zero) once everything has parsed, so the reader's statements
 * never start. Any other error is the batch's own parse error.
 */
async function batchParseError(tracer: Tracer, sql: string): Promise<DbError | undefined> {
  const { reply } = await tracer.send(PARSE_PROBE + sql);
  if (tracer.status !== 'I') await tracer.send('ROLLBACK');
  const error = reply.error;
  if (!error || error.code === '22012') return undefined;
  return error.position === undefined ? error : { ...error, position: error.position - PARSE_PROBE.length };
}

/** Sets how the statement ended, replacing what an earlier attempt (inside BEGIN) reported. */
function settle(statement: TracedStatement, result: { status: string; command?: string; error?: DbError } | undefined, ms?: number): void {
  delete statement.error;
  delete statement.command;
  if (ms !== undefined) statement.ms = ms;
  if (result?.status === 'error' && result.error) Object.assign(statement, { status: 'error', error: result.error });
  else Object.assign(statement, { status: 'ok' }, result?.command ? { command: result.command } : {});
}

/** Runs a statement that refuses a transaction block as the Run does; returns whether it succeeded. */
async function traceOutsideTransaction(tracer: Tracer, statement: TracedStatement): Promise<boolean> {
  const before = tracer.last;
  const { reply, ms } = await tracer.send(statement.sql);
  const after = await tracer.look();
  const result = reply.statements.at(-1);
  const documented = documentedLocks(statement.sql, before, after);
  settle(statement, result, ms);
  statement.locks = documented.locks
    .map(
      ({ relation, mode }): TracedLock => ({
        relation,
        mode,
        blocks: blocks(mode),
        acquired: true,
        sinceLine: statement.line,
        source: 'documented',
      }),
    )
    .sort(byStrength);
  statement.rewrites = rewrittenBetween(before, after);
  statement.note = documented.note;
  tracer.last = after;
  if (result?.status !== 'error') tracer.changedDatabase = true;
  return result?.status !== 'error';
}
