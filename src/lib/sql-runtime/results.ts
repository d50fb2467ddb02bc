/**
 * What a Run is and what it returns (types only, so nothing of it reaches a bundle): the shapes the engines (session, migrations, the lock tracer,
 * the checker, the lab's adapter) produce without knowing about the worker. protocol.ts re-exports
 * them, so the page still finds every message type in one place.
 */
import type { ExecutionMode } from '../markdown/example-meta.ts';

export type { ExecutionMode };

/**
 * What state the database must be in before a script runs: the example's setup plus the scripts
 * of its earlier Runs. `key` names that state; when the worker already holds it, nothing replays.
 */
export interface StateSpec {
  key: string;
  setup: string;
  /**
   * Generated rows added to every table the setup created, before the history replays ("with N
   * rows"); absent or 0: the setup's own rows only. The key must name it too.
   */
  rows?: number;
  history: ScriptRun[];
}

/**
 * How a Run's statements ended, one entry each: 'ok', 'not-run' or the SQLSTATE. The trace compares
 * its own outcome with it to know whether it left the database exactly where the Run did.
 */
export type RunOutcome = string[];

/** A script and how it is sent: what a Run is, and what replaying one repeats. */
export interface ScriptRun {
  sql: string;
  mode: ExecutionMode;
  /** Statement mode only: go on after a failed statement, as `psql -f` without ON_ERROR_STOP. */
  continueOnError?: boolean;
}

export interface DbError {
  severity: string;
  code: string;
  message: string;
  detail?: string;
  hint?: string;
  where?: string;
  /** 1-based character offset into the submitted script (not into one statement). */
  position?: number;
}

export interface Notice {
  severity: string;
  code: string;
  message: string;
  detail?: string;
  hint?: string;
}

/** A cell cut to MAX_CELL_CHARS (limits.ts); its value in `rows` holds the first part. */
export interface TruncatedCell {
  row: number;
  column: number;
  /** The whole value's length in characters. */
  length: number;
  /** The whole value, when it is at most MAX_DOWNLOAD_CHARS (a Blob: it crosses without a copy on the page's heap). */
  full?: Blob;
}

export interface ResultSet {
  columns: string[];
  /** Every value as PostgreSQL's own text output; null stays null. */
  rows: (string | null)[][];
  /** Rows the statement returned; `rows` holds at most the cap. */
  totalRows: number;
  /** Cells whose value was cut (see limits.ts). */
  truncated?: TruncatedCell[];
  /** Why `rows` stops short of `totalRows`: the row cap, or the Run's total size cap. */
  cappedBy?: 'rows' | 'bytes';
}

export interface StatementResult {
  /** Offsets into the submitted script (0-based, end exclusive), when the statement is known. */
  start?: number;
  end?: number;
  status: 'ok' | 'error' | 'not-run' | 'rolled-back';
  command?: string;
  rowCount?: number;
  result?: ResultSet;
  error?: DbError;
}

export interface RunResult {
  mode: ExecutionMode;
  ok: boolean;
  statements: StatementResult[];
  notices: Notice[];
  error?: DbError;
  /** The script ended inside a transaction block, which was rolled back, like a closed session. */
  openTransactionRolledBack: boolean;
  /**
   * Indices (0-based) of the statements whose effect stayed committed when the Run ended;
   * transaction control (BEGIN, COMMIT, ROLLBACK, …) is never counted.
   */
  committed: number[];
  elapsedMs: number;
}
