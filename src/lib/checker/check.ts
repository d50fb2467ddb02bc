/**
 * Checks migrations the way they will meet a database: each one on a fresh database (after the
 * migrations before it) in both execution modes, then a second time on top of itself (does it
 * survive a retry? which objects conflict?), plus the lint. The database is reached through
 * `run`, so the page uses the tab's worker and the command line a PGlite in Node, with the same
 * code.
 */
import type { DbError, RunResult, ScriptRun, StateSpec } from '../sql-runtime/results.ts';
import type { Finding } from './lint.ts';
import { lineAt } from '../sql-runtime/text-lines.ts';

export type RunDatabase = (state: StateSpec, script: ScriptRun, nextKey: string) => Promise<RunResult>;

export interface MigrationSource {
  /** A display name: a folder name or "migration.sql". */
  name: string;
  sql: string;
}

export interface RunOutcome {
  ok: boolean;
  /** Statements that succeeded before the failure and stayed committed (statement mode). */
  committedBeforeFailure?: number;
  failures: { line: number; code: string; message: string }[];
  skipped?: string;
}

export interface MigrationReport {
  name: string;
  findings: Finding[];
  batch: RunOutcome;
  statements: RunOutcome;
  /** The same file once more, statement by statement, on the database it produced. */
  again: RunOutcome;
  /**
   * Why this migration could not be checked, or only in part (an unreadable file, the time limit,
   * a statement that cannot run here, a database that stopped): each one counts as an error.
   */
  problems?: string[];
  /**
   * Set when the migration failed only for want of an extension PGlite lacks (directly or through
   * what an earlier migration could not create): "cannot run", not a failure.
   */
  dependsOn?: string[];
  /** Per statement, its locks and rewrites (the lock tracer, on the state before the migration). */
  trace?: import('../locks/index.ts').TracedStatement[];
  /** Why the page could not trace this migration. */
  traceUnavailable?: string;
  /** Extensions this migration creates that PGlite lacks: their CREATE EXTENSION was not run. */
  unavailableExtensions?: string[];
  /**
   * A pasted migration checked without context failed only because what it alters is not there:
   * said as such, not counted as a failing migration.
   */
  missingContext?: boolean;
  /** How the target Prisma sends the file (7.4+ falls back to one batch when sqlparser cannot parse it), and why. */
  deployMode?: 'statements' | 'batch';
  fallback?: string;
  /** Only replayed (--since): the state for the ones after it, not reported. */
  replayedOnly?: boolean;
}

export interface CheckReport {
  migrations: MigrationReport[];
  errors: number;
  warnings: number;
}

function failureLine(sql: string, error: DbError, statementStart: number | undefined): number {
  if (error.position !== undefined) return lineAt(sql, error.position - 1);
  return statementStart !== undefined ? lineAt(sql, statementStart) : 1;
}

export function outcome(sql: string, result: RunResult): RunOutcome {
  const failures = result.statements
    .filter((statement) => statement.status === 'error' && statement.error)
    .map((statement) => ({
      line: failureLine(sql, statement.error!, statement.start),
      code: statement.error!.code,
      message: statement.error!.message,
    }));
  if (failures.length === 0 && result.error)
    failures.push({ line: failureLine(sql, result.error, undefined), code: result.error.code, message: result.error.message });
  const committed = result.mode === 'statements' ? result.statements.findIndex((statement) => statement.status === 'error') : -1;
  return { ok: result.ok, failures, ...(committed > 0 ? { committedBeforeFailure: committed } : {}) };
}

let checks = 0;

/**
 * Lints one migration: lint.ts's lintMigration in Node, lint-client.ts's lintOffThread on the page
 * (passed in, so the page's chunk does not carry libpg_query and never parses on its own thread).
 */
export type Lint = (sql: string, options?: { secondRun?: RunOutcome['failures'] }) => Promise<Finding[]>;

export type PrismaTarget = '7.3' | '7.4';

export interface CheckOptions {
  /** Whose execution decides whether a migration fails: 7.4+ statement by statement, 7.3 one batch. */
  target?: PrismaTarget;
  /** SQL the first migration starts from: a schema, or the migrations before it. */
  setup?: string;
  /**
   * The migrations were pasted alone, with no setup: a table, column or type they need but that is
   * missing is the missing context, not the migration's fault.
   */
  withoutContext?: boolean;
  onProgress?: (done: number, total: number) => void;
  /**
   * Traces a migration's locks and rewrites on the state it started from (its statement-by-statement
   * run, `result`, is already known); the database is left in `after`. A string says why not.
   */
  trace?: (
    state: StateSpec,
    script: ScriptRun,
    after: StateSpec,
    result: RunResult,
  ) => Promise<import('../locks/index.ts').TracedStatement[] | string>;
}

/** Objects that are missing: what a migration without its history meets. */
const MISSING_CONTEXT_CODES = new Set(['42P01', '42703', '42704', '42883', '3F000']);

export async function checkMigrations(
  sources: MigrationSource[],
  run: RunDatabase,
  lint: Lint,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const id = `check-${++checks}-${Date.now()}`;
  const reports: MigrationReport[] = [];
  const before: ScriptRun[] = [];
  const target = options.target ?? '7.4';
  // Loaded when a check starts, not with the page: the /check page's first bytes stay as they were.
  const { extensionsCreated, isAvailable, onlyMissingObjects, withoutExtensions } = await import('./extensions.ts');
  /** Extensions PGlite lacks that an earlier (or this) migration asked for: not run, and what needs them "cannot run". */
  const unavailable = new Set<string>();
  for (const [index, entry] of sources.entries()) {
    options.onProgress?.(index, sources.length);
    const missing = extensionsCreated(entry.sql).filter((name) => !isAvailable(name));
    for (const name of missing) unavailable.add(name);
    const source = { ...entry, sql: withoutExtensions(entry.sql, unavailable) };
    const state = (label: string, history: ScriptRun[]): StateSpec => ({
      key: `${id}:${index}:${label}`,
      setup: options.setup ?? '',
      history,
    });
    const batch = outcome(source.sql, await run(state('batch', before), { sql: source.sql, mode: 'batch' }, `${id}:${index}:batch:after`));
    const statementsRun: ScriptRun = { sql: source.sql, mode: 'statements' };
    const statementsResult = await run(state('statements', before), statementsRun, `${id}:${index}:statements:after`);
    const statements = outcome(source.sql, statementsResult);
    // The state the next migration meets is the one the target leaves: 7.4+ statement by statement
    // (what failed keeps what came before it), 7.3 one batch (a failure leaves nothing), as on the command line.
    const leftBy = target === '7.3' ? 'batch' : 'statements';
    const after: ScriptRun = { sql: source.sql, mode: leftBy };
    const traced = options.trace
      ? await options.trace(
          state('statements', before),
          statementsRun,
          { key: `${id}:${index}:${leftBy}:after`, setup: options.setup ?? '', history: [...before, after] },
          statementsResult,
        )
      : undefined;
    const again = statements.ok
      ? outcome(
          source.sql,
          await run(
            state('again', [...before, after]),
            { sql: source.sql, mode: 'statements', continueOnError: true },
            `${id}:${index}:again:after`,
          ),
        )
      : { ok: false, failures: [], skipped: 'the first run failed' };
    // Linted once the second run is known: what it hit is a finding of its own (second-run-conflict).
    const findings = await lint(entry.sql, again.ok || again.skipped ? {} : { secondRun: again.failures });
    const deploy = target === '7.3' ? batch : statements;
    const missingContext =
      Boolean(options.withoutContext) &&
      index === 0 &&
      !deploy.ok &&
      deploy.failures.length > 0 &&
      deploy.failures.every((failure) => MISSING_CONTEXT_CODES.has(failure.code));
    const traceFields = traced === undefined ? {} : typeof traced === 'string' ? { traceUnavailable: traced } : { trace: traced };
    const dependsOn = unavailable.size > 0 && (onlyMissingObjects(batch) || onlyMissingObjects(statements)) ? [...unavailable] : undefined;
    reports.push({
      name: source.name,
      findings,
      batch,
      statements,
      again,
      ...traceFields,
      ...(missingContext ? { missingContext } : {}),
      ...(dependsOn ? { dependsOn } : {}),
      ...(missing.length > 0 ? { unavailableExtensions: missing } : {}),
    });
    before.push(after);
  }
  options.onProgress?.(sources.length, sources.length);
  return summarize(reports, target);
}

/**
 * Totals over migration reports: a migration that fails in the target's run, error-level findings
 * and problems are errors. A failure that is a syntax error the lint already reports counts once; one
 * for want of context or of an extension PGlite lacks does not count.
 */
export function summarize(reports: MigrationReport[], target: PrismaTarget = '7.4'): CheckReport {
  const all = reports.flatMap((report) => report.findings);
  const fails = (report: MigrationReport) => {
    const deploy = target === '7.3' ? report.batch : report.statements;
    if (deploy.ok || deploy.skipped || report.dependsOn || report.missingContext) return false;
    const syntax = report.findings.some((finding) => finding.rule === 'syntax-error');
    return !(syntax && deploy.failures.every((failure) => failure.code === '42601'));
  };
  const runErrors = reports.filter(fails).length;
  const problems = reports.reduce((sum, report) => sum + (report.problems?.length ?? 0), 0);
  return {
    migrations: reports,
    errors: all.filter((finding) => finding.severity === 'error').length + runErrors + problems,
    warnings: all.filter((finding) => finding.severity === 'warning').length,
  };
}
