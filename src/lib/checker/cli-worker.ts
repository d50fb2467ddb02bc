/**
 * The command line's database side, in a worker thread: PGlite runs a query synchronously on the
 * thread that calls it, so only a thread of its own can be stopped when a migration never ends.
 *
 * One database follows the migrations (each PGlite instance costs 250-350 MB): per migration, the
 * batch run (Prisma <= 7.3) inside a transaction that is rolled back, then the traced run statement
 * by statement (Prisma 7.4+), which stays and is the state the next migration meets, then the second
 * run inside a transaction rolled back. Only a file with its own BEGIN/COMMIT, or a second run that
 * cannot be rolled back (CONCURRENTLY among others), needs `side`: rebuilt from the history, then freed.
 * Over 300 lines because those three runs share one database and its history, which only this thread holds.
 */
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { loadModule } from 'libpg-query';
import type { RunResult, StatementResult } from '../sql-runtime/results.ts';
import { committedStatements, queryMessage, readReply, runScript, type ProtocolDatabase } from '../sql-runtime/session.ts';
import { splitStatements } from '../sql-runtime/split-statements.ts';
import { traceScript, type TracedStatement } from '../locks/index.ts';
import { extensionBundles } from '../sql-runtime/extension-bundles.ts';
import { pristineDataDir, START_PARAMS } from './pristine.ts';
import { SnapshotFS } from '../sql-runtime/snapshot-fs.ts';
import type { Finding } from './lint.ts';
import { lintMigration } from './lint.ts';
import type { PrismaTarget } from './rules/types.ts';
import { loadSqlparser, splitAsPrisma } from '../execution/prisma-split.ts';
import { surveyStatements } from './unrunnable.ts';
import { outcome } from './check.ts';

export type ToWorker =
  | { type: 'start'; history: string[]; extensions: string[]; target: PrismaTarget }
  | { type: 'check'; sql: string; target: PrismaTarget }
  /** An earlier migration under --since: replayed as one batch so the next ones meet its state, nothing more. */
  | { type: 'replay'; sql: string };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'replayed'; ok: boolean }
  | {
      type: 'checked';
      findings: Finding[];
      unrunnable: string[];
      batch?: RunResult;
      statements?: RunResult;
      again?: RunResult;
      trace?: TracedStatement[];
      /** How the target sends the file: 7.4+ splits with sqlparser, and falls back to one batch when it cannot parse. */
      deployMode?: 'statements' | 'batch';
      fallback?: string;
    }
  /** The database stopped answering (a PANIC, say): the thread must be replaced. */
  | { type: 'broken'; findings: Finding[]; message: string };

class BrokenDatabaseError extends Error {
  override name = 'BrokenDatabaseError';
}

const BATCH = 'as one batch';
const STATEMENTS = 'statement by statement';

const send = (message: FromWorker) => parentPort!.postMessage(message);

let main: PGlite;
let side: PGlite | undefined;
/** The migrations (as batches) `main` has run, in order. */
const history: string[] = [];
/**
 * How the target Prisma leaves a migration, and so how the history is replayed: 7.4+ statement by
 * statement (a failure keeps what came before it), 7.3 one batch (a failure leaves nothing).
 */
let target: PrismaTarget = '7.4';
const leftBy = () => (target === '7.3' ? 'batch' : 'statements');
/** How many of `history` the side database holds exactly; undefined when it holds something else. */
let sideHolds: number | undefined;

async function exec(db: ProtocolDatabase, sql: string) {
  return readReply((await db.execProtocol(queryMessage(sql), { throwOnError: false })).messages, 0);
}

/** After a PANIC, PGlite answers every query with an error (or throws): the instance is gone. */
async function probe(db: ProtocolDatabase, which: string): Promise<void> {
  let failure: string | undefined;
  try {
    const reply = await exec(db, 'SELECT 1');
    if (reply.error) failure = `${reply.error.code} ${reply.error.message}`;
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure !== undefined) throw new BrokenDatabaseError(`the database stopped answering (${failure}) after running it ${which}`);
}

async function run(db: PGlite, which: string, sql: string, options: Parameters<typeof runScript>[2]): Promise<RunResult> {
  let result: RunResult;
  try {
    result = await runScript(db, sql, { ...options, maxRows: 0 });
  } catch (error) {
    throw new BrokenDatabaseError(`the database failed (${(error as Error).message}) running it ${which}`);
  }
  await probe(db, which);
  return result;
}

let bundles: Awaited<ReturnType<typeof extensionBundles>> = {};
// shared_buffers 16 MB instead of 128: a migration's check touches little data, and the default's
// pages cost ~150 MB of resident memory over a 160-migration folder (measured); locks and rewrites are unchanged.
let pristine: Uint8Array | undefined;
const open = () =>
  PGlite.create({
    extensions: bundles,
    startParams: [...PGlite.defaultStartParams, ...START_PARAMS],
    ...(pristine ? { fs: new SnapshotFS(pristine) } : {}),
  });

async function rebuildSide(count: number): Promise<PGlite> {
  if (side && sideHolds === count) return side;
  // A fresh instance, not a reset in place: an extension's objects (citext's casts, say) refuse the reset's cleanup.
  const previous = side;
  side = undefined;
  sideHolds = undefined;
  await previous?.close().catch(() => undefined);
  try {
    side = await open();
    for (const sql of history.slice(0, count)) await runScript(side, sql, { mode: leftBy(), maxRows: 0 });
  } catch (error) {
    throw new BrokenDatabaseError(`could not rebuild the database for the run statement by statement (${(error as Error).message})`);
  }
  sideHolds = count;
  return side;
}

/**
 * The second run, statement by statement going on after errors, inside one transaction that is
 * rolled back, with a savepoint per statement so that one conflict does not hide the next. Returns
 * undefined when a statement refuses to run in a transaction block: only a real run can tell then.
 */
async function againRolledBack(db: PGlite, sql: string): Promise<RunResult | undefined> {
  const started = performance.now();
  const statements: StatementResult[] = [];
  const notices: RunResult['notices'] = [];
  let firstError: RunResult['error'];
  let usable = true;
  const begin = await exec(db, 'BEGIN');
  if (begin.error || begin.status !== 'T') return undefined;
  try {
    for (const span of splitStatements(sql)) {
      await exec(db, 'SAVEPOINT mfg_again');
      const reply = await exec(db, span.text);
      notices.push(...reply.notices);
      const result: StatementResult = { ...(reply.statements.at(-1) ?? { status: 'ok' as const }), start: span.start, end: span.end };
      if (result.error?.position !== undefined) result.error.position += span.start;
      if (result.error && ['25001', '2D000', '0A000'].includes(result.error.code)) usable = false;
      if (!usable) break;
      statements.push(result);
      firstError ??= result.error;
      // The statement may have ended the transaction itself (it should not: the file has no BEGIN/COMMIT).
      if (reply.status === 'I') {
        usable = false;
        break;
      }
      await exec(db, result.status === 'error' ? 'ROLLBACK TO SAVEPOINT mfg_again' : 'RELEASE SAVEPOINT mfg_again');
    }
  } finally {
    await exec(db, 'ROLLBACK');
    await exec(db, 'RESET ALL');
  }
  await probe(db, 'a second time');
  if (!usable) return undefined;
  return {
    mode: 'statements',
    ok: !firstError,
    statements,
    notices,
    ...(firstError ? { error: firstError } : {}),
    openTransactionRolledBack: false,
    committed: committedStatements(statements),
    elapsedMs: performance.now() - started,
  };
}

/** The run statement by statement through the lock tracer, which commits each statement as that run does. */
async function traced(db: PGlite, sql: string): Promise<{ result: RunResult; trace: TracedStatement[] }> {
  let trace;
  try {
    trace = await traceScript(db, sql, { mode: 'statements' });
  } catch (error) {
    throw new BrokenDatabaseError(`the database failed (${(error as Error).message}) running it ${STATEMENTS}`);
  }
  await probe(db, STATEMENTS);
  const statements: StatementResult[] = trace.statements.map((statement) => ({
    start: statement.start,
    end: statement.end,
    status: statement.status,
    ...(statement.command ? { command: statement.command } : {}),
    ...(statement.error ? { error: statement.error } : {}),
  }));
  const error = trace.statements.find((statement) => statement.error)?.error;
  const result: RunResult = {
    mode: 'statements',
    ok: !error,
    statements,
    notices: [],
    ...(error ? { error } : {}),
    openTransactionRolledBack: false,
    committed: committedStatements(statements),
    elapsedMs: trace.elapsedMs,
  };
  return { result, trace: trace.statements };
}

async function replay(sql: string): Promise<FromWorker> {
  // One batch is the fast way to the same state; a batch that fails (CONCURRENTLY among others)
  // changed nothing, and the run statement by statement then builds the state Prisma 7.4+ leaves.
  let result = await runScript(main, sql, { mode: 'batch', maxRows: 0 });
  if (!result.ok && leftBy() === 'statements') result = await runScript(main, sql, { mode: 'statements', maxRows: 0 });
  history.push(sql);
  return { type: 'replayed', ok: result.ok };
}

/**
 * Under 7.3 a file whose two runs disagree (its batch failed: nothing stays; or only its run statement
 * by statement failed) leaves `main` where 7.3 would not: it is rebuilt from the history, as batches.
 */
async function rebuildMain(): Promise<void> {
  await main.close().catch(() => undefined);
  try {
    main = await open();
    for (const sql of history) await runScript(main, sql, { mode: 'batch', maxRows: 0 });
  } catch (error) {
    throw new BrokenDatabaseError(`could not rebuild the database as Prisma 7.3 leaves it (${(error as Error).message})`);
  }
}

/** Frees the second database: it is needed only for the rare file that controls its own transactions. */
async function dropSide(): Promise<void> {
  const previous = side;
  side = undefined;
  sideHolds = undefined;
  await previous?.close().catch(() => undefined);
}

/** The tables the migration meets, as the lint names them (`Post`, `audit.log`). */
async function tablesNow(db: PGlite): Promise<Set<string>> {
  const reply = await db.query<{ name: string }>(
    `SELECT CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
  );
  return new Set(reply.rows.map((row) => row.name));
}

async function check(sql: string): Promise<FromWorker> {
  const survey = await surveyStatements(sql);
  if (survey.unrunnable.length > 0)
    return { type: 'checked', findings: await lintMigration(sql, { prismaTarget: target }), unrunnable: survey.unrunnable };
  let existingTables: Set<string> | undefined;
  try {
    existingTables = await tablesNow(main);
    const index = history.length;
    const single = splitStatements(sql).length <= 1;
    let batch: RunResult | undefined;
    let again: RunResult | undefined;
    if (survey.transactionControl) {
      // The file's own BEGIN/COMMIT would end a transaction the check opened: its batch runs for real on a copy.
      const copy = await rebuildSide(index);
      batch = await run(copy, BATCH, sql, { mode: 'batch' });
      if (batch.ok) again = await run(copy, 'a second time', sql, { mode: 'statements', continueOnError: true });
    } else if (!single) {
      // One database for both runs (each PGlite costs hundreds of MB): the batch inside a transaction
      // the check opens, which runScript rolls back as it rolls back any transaction left open.
      const begin = await exec(main, 'BEGIN');
      if (begin.error) throw new BrokenDatabaseError(`could not open a transaction (${begin.error.message})`);
      batch = await run(main, BATCH, sql, { mode: 'batch' });
    }
    // The run statement by statement (Prisma 7.4+) is the traced one, and the state the next migration meets.
    const { result: statements, trace } = await traced(main, sql);
    history.push(sql);
    // One statement is sent alone in either mode: the batch is the same run.
    batch ??= { ...statements, mode: 'batch' };
    if (!survey.transactionControl && statements.ok) {
      again = await againRolledBack(main, sql);
      if (!again && single) again = await run(main, 'a second time', sql, { mode: 'statements', continueOnError: true });
      else if (!again) {
        const copy = await rebuildSide(index + 1);
        again = await run(copy, 'a second time', sql, { mode: 'statements', continueOnError: true });
      }
    }
    if (side) await dropSide();
    if (target === '7.3' && !(batch.ok && statements.ok)) await rebuildMain();
    // src/lib/execution's split: whether Prisma 7.4+ really sends this file statement by statement.
    const split = target === '7.3' ? undefined : splitAsPrisma(sql, target, await loadSqlparser());
    const deployMode = split?.mode ?? 'batch';
    // Linted with what the runs saw: the tables before it, the target, each statement's observed locks and rewrites.
    const secondRun = again && !again.ok ? outcome(sql, again).failures : undefined;
    const findings = await lintMigration(sql, {
      existingTables,
      prismaTarget: target,
      trace,
      ...(split ? { sqlparserFallback: split.fallback !== undefined } : {}),
      ...(secondRun ? { secondRun } : {}),
    });
    return {
      type: 'checked',
      findings,
      unrunnable: [],
      batch,
      statements,
      trace,
      deployMode,
      ...(split?.fallback ? { fallback: split.fallback.reason } : {}),
      ...(again ? { again } : {}),
    };
  } catch (error) {
    if (error instanceof BrokenDatabaseError)
      return {
        type: 'broken',
        findings: await lintMigration(sql, { prismaTarget: target, ...(existingTables ? { existingTables } : {}) }),
        message: error.message,
      };
    throw error;
  }
}

parentPort!.on('message', async (message: ToWorker) => {
  if (message.type === 'start') {
    // Everything slow to start starts here, outside any migration's time limit.
    bundles = await extensionBundles(message.extensions);
    target = message.target;
    pristine = pristineDataDir();
    const [first] = await Promise.all([open(), loadModule(), loadSqlparser()]);
    main = first;
    // Earlier migrations are replayed as they ran; their failures are part of the state, not news.
    for (const sql of message.history) {
      await runScript(main, sql, { mode: leftBy(), maxRows: 0 });
      history.push(sql);
    }
    send({ type: 'ready' });
  } else if (message.type === 'replay') {
    send(await replay(message.sql));
  } else {
    target = message.target;
    send(await check(message.sql));
  }
});
