/** Builds the tracer's observation for one statement, as src/lib/locks/trace.ts reports it. */
import { blocks, type LockMode } from '../../../../src/lib/locks/lock-modes.ts';
import type { ObservedStatement } from '../../../../src/lib/checker/rules/types.ts';

export function observed(line: number, locks: [string, LockMode][], rewrites: string[] = []): ObservedStatement {
  return { line, status: 'ok', locks: locks.map(([relation, mode]) => ({ relation, mode, blocks: blocks(mode) })), rewrites };
}
