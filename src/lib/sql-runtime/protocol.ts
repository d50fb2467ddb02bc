/**
 * Every message between the page and the database worker, in one place. Both sides import these
 * types; nothing is posted that is not declared here.
 *
 *   page → worker: WorkerRequest (with an `id`)        worker → page: WorkerResponse (same `id`) | Lifecycle
 */
import type { ExecutionMode } from '../markdown/example-meta.ts';
import type { ScriptResult } from './script-runner.ts';
import type { EngineMode, LabCommandResult, LabFile, LabPrompt } from '../prisma-lab/lab.ts';
import type { PackedRun } from './run-result-wire.ts';
import type { LockTrace } from '../locks/trace.ts';
import type { FillReport } from '../locks/fill-rows.ts';

export type { ExecutionMode, ScriptResult, EngineMode, LabCommandResult, LabFile, LockTrace, FillReport };

/** A Prisma CLI command typed in a lab. `fresh`: the lab starts over with an empty database. */
export interface LabRequest {
  lab: string;
  fresh: boolean;
  command: string;
  files: LabFile[];
  mode: EngineMode;
  /** A reader can answer the command's y/N questions (absent: non-interactive, as in CI). */
  prompt?: LabPrompt;
}

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

/** A statement's outcome in one word, the same for a Run and a trace: work a failed batch rolled back did run. */
export function statementOutcome(status: string, code?: string): string {
  if (status === 'error') return code ?? 'error';
  return status === 'rolled-back' ? 'ok' : status;
}

/** A script and how it is sent: what a Run is, and what replaying one repeats. */
export interface ScriptRun {
  sql: string;
  mode: ExecutionMode;
  /** Statement mode only: go on after a failed statement, as `psql -f` without ON_ERROR_STOP. */
  continueOnError?: boolean;
}

export type WorkerRequest =
  | { id: number; type: 'prepare'; state: StateSpec }
  | { id: number; type: 'run'; state: StateSpec; script: ScriptRun; nextKey: string; maxRows: number }
  /**
   * The lock trace of a Run already shown: observed on `state` (what the Run started from); the
   * worker is left holding `after` (what the Run left), so the next Run replays nothing.
   */
  | { id: number; type: 'trace'; state: StateSpec; script: ScriptRun; after: StateSpec; outcome: RunOutcome }
  /** A Node-style migration script (JavaScript) run from `state`'s database; leaves it changed. */
  | { id: number; type: 'script'; state: StateSpec; code: string; /** The page's limit; the sandbox stops the script just before it. */ timeoutMs?: number }
  /** pg_dump (plain SQL) of the database in `state`. */
  | { id: number; type: 'dump'; state: StateSpec }
  | ({ id: number; type: 'lab' } & LabRequest);

export type WorkerResponse =
  | { id: number; type: 'prepared'; elapsedMs: number; replayed: boolean; fill?: FillReport }
  /** `result`, or for a very long Run, its statements packed (run-result-wire.ts). */
  | ({ id: number; type: 'ran'; fill?: FillReport } & PackedRun)
  | { id: number; type: 'dumped'; sql: string; elapsedMs: number }
  /** `rebuildMs`: bringing the database back to the Run's starting state; `fill`: the generated rows, when asked. */
  | { id: number; type: 'traced'; trace: LockTrace; rebuildMs: number; fill?: FillReport; elapsedMs: number }
  | { id: number; type: 'scripted'; result: ScriptResult }
  | { id: number; type: 'lab-ran'; result: LabCommandResult }
  /**
   * `crashed`: the database can no longer be trusted (a PANIC, a statement answered without
   * running); the page restarts the worker as after a crash.
   */
  | { id: number; type: 'failed'; error: string; crashed?: boolean };

/**
 * Sent besides the replies: startup progress, so the page can say what it is waiting for, and
 * `started` when the worker begins a request (its time limit counts from there, not from the
 * moment it was queued behind another request).
 */
export type Lifecycle =
  /** `assets`: the same-origin files the worker fetched to open the database (kept for offline use). */
  | { type: 'ready'; startupMs: number; downloadedMs: number; version: string; assets: string[] }
  | { type: 'startup-failed'; error: string }
  | { type: 'started'; id: number }
  /**
   * After its reply: the database holds changes that cannot be undone in place, so the page
   * replaces the worker before the next request (which is re-sent, not failed).
   */
  | { type: 'retire'; reason: string };

export type WorkerMessage = WorkerResponse | Lifecycle;

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

/** Posted across the worker boundary, so it must stay structured-clone friendly (no classes). */
export function isWorkerMessage(data: unknown): data is WorkerMessage {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}
