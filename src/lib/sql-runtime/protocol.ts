/**
 * Every message between the page and the database worker, in one place. Both sides import these
 * types; nothing is posted that is not declared here.
 *
 *   page → worker: WorkerRequest (with an `id`)        worker → page: WorkerResponse (same `id`) | Lifecycle
 */
import type {
  DbError,
  ExecutionMode,
  Notice,
  ResultSet,
  RunOutcome,
  RunResult,
  ScriptRun,
  StateSpec,
  StatementResult,
  TruncatedCell,
} from './results.ts';
import type { ScriptResult } from './script-runner.ts';
import type { LabCommandResult, LabPrompt } from '../prisma-lab/lab-types.ts';
import type { LabFile } from '../prisma-lab/project.ts';
import type { PrismaTarget } from '../execution/prisma-target.ts';
import type { PackedRun } from './run-result-wire.ts';
import type { LockTrace } from '../locks/trace.ts';
import type { FillReport } from '../locks/fill-rows.ts';

export type { DbError, Notice, ResultSet, RunOutcome, RunResult, ScriptRun, StateSpec, StatementResult, TruncatedCell };
export type { ExecutionMode, ScriptResult, PrismaTarget, LabCommandResult, LabFile, LockTrace, FillReport };

/** A statement's outcome in one word, the same for a Run and a trace: work a failed batch rolled back did run. */
export function statementOutcome(status: string, code?: string): string {
  if (status === 'error') return code ?? 'error';
  return status === 'rolled-back' ? 'ok' : status;
}

/** A Prisma CLI command typed in a lab. `fresh`: the lab starts over with an empty database. */
export interface LabRequest {
  lab: string;
  fresh: boolean;
  command: string;
  files: LabFile[];
  mode: PrismaTarget;
  /** A reader can answer the command's y/N questions (absent: non-interactive, as in CI). */
  prompt?: LabPrompt;
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
  | {
      id: number;
      type: 'script';
      state: StateSpec;
      code: string /** The page's limit; the sandbox stops the script just before it. */;
      timeoutMs?: number;
    }
  /** pg_dump (plain SQL) of the database in `state`. */
  | { id: number; type: 'dump'; state: StateSpec }
  | ({ id: number; type: 'lab' } & LabRequest);

export type WorkerResponse =
  | { id: number; type: 'prepared'; elapsedMs: number; replayed: boolean; fill?: FillReport }
  /**
   * A Run's end: the database is back in a known state (state-restore.ts), and `notice` says what
   * that removed or why the database must be replaced. Its result came before, as `ran`.
   */
  | { id: number; type: 'run-settled'; notice?: Notice }
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
   * A Run's result, sent as soon as its script has run; the request ends with `run-settled` once
   * the database is put back. `result`, or for a very long Run, its statements packed (run-result-wire.ts).
   */
  | ({ id: number; type: 'ran'; fill?: FillReport } & PackedRun)
  /**
   * After its reply: the database holds changes that cannot be undone in place, so the page
   * replaces the worker before the next request (which is re-sent, not failed).
   */
  | { type: 'retire'; reason: string };

export type WorkerMessage = WorkerResponse | Lifecycle;

/** Posted across the worker boundary, so it must stay structured-clone friendly (no classes). */
export function isWorkerMessage(data: unknown): data is WorkerMessage {
  return typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string';
}
