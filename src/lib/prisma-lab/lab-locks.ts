/**
 * The lock trace of a migration the lab applies: what each statement locked and rewrote, observed
 * on a copy of the lab's database taken just before the file runs for real. A copy, because a
 * trace in the lab's own database would leave marks the command must not have (a 7.4 file traced
 * statement by statement commits; even a rolled-back batch advances sequences), and what the
 * command does and prints must stay exactly as without the trace.
 */
import { traceScript, type LockTrace } from '../locks/trace.ts';
import { loadSqlparser, splitAsPrisma } from '../execution/prisma-split.ts';
import type { PrismaTarget } from '../execution/prisma-target.ts';
import { MAX_TRACED_STATEMENTS } from '../sql-runtime/limits.ts';
import type { LabDatabase } from './lab-database.ts';

export interface MigrationTrace {
  migration: string;
  trace: LockTrace | { unavailable: string };
}

export function isUnavailable(trace: MigrationTrace['trace']): trace is { unavailable: string } {
  return 'unavailable' in trace;
}

/**
 * Traces `script` as `target` sends it (one batch, or statement by statement) on a fresh copy.
 * Never throws: whatever goes wrong becomes the reason the trace is not available.
 */
export async function traceMigration(
  copy: () => Promise<LabDatabase>,
  script: string,
  target: PrismaTarget,
): Promise<MigrationTrace['trace']> {
  let split;
  try {
    split = splitAsPrisma(script, target, target === '7.3' ? { validate: () => undefined } : await loadSqlparser());
  } catch (error) {
    return { unavailable: `the file could not be split: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (split.statements.length > MAX_TRACED_STATEMENTS) {
    return { unavailable: `${split.statements.length} statements; files over ${MAX_TRACED_STATEMENTS} are not traced` };
  }
  if (split.statements.length === 0) return { unavailable: 'the file has no statement' };
  let database: LabDatabase | undefined;
  try {
    database = await copy();
    return await traceScript(database, script, { mode: split.mode });
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  } finally {
    await database?.close().catch(() => undefined);
  }
}
