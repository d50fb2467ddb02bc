/**
 * A trace in plain words, for a terminal or a screen reader: per statement its time, the strongest
 * lock on each relation (whether this statement took it or an earlier one still holds it), what
 * that lock blocks, and the rewrites. Pure: the CLI prints it, a page can put it in a <pre> as text.
 */
import { LOCK_MODES, SQL_NAMES, blocks, describeWaiting, type Blocks } from './lock-modes.ts';
import { DOCUMENTED } from './documented.ts';
import type { LockTrace, TracedLock, TracedStatement } from './trace.ts';

/** What a lock blocks, in the words of a badge. */
export const BLOCKS_WORDS: Record<Blocks, string> = {
  'reads,writes': 'blocks reads and writes',
  writes: 'blocks writes',
  ddl: 'blocks other schema changes only',
};

/** Per relation, the strongest lock held: the one that decides what other sessions must wait for. */
export function strongestPerRelation(locks: readonly TracedLock[]): TracedLock[] {
  const best = new Map<string, TracedLock>();
  for (const lock of locks) {
    const current = best.get(lock.relation);
    if (!current || LOCK_MODES.indexOf(lock.mode) > LOCK_MODES.indexOf(current.mode)) best.set(lock.relation, lock);
  }
  return [...best.values()];
}

function firstLine(sql: string): string {
  const line =
    sql
      .split('\n')
      .find((text) => text.trim() !== '' && !text.trim().startsWith('--'))
      ?.trim() ?? sql.trim();
  return line.length > 72 ? `${line.slice(0, 71)}…` : line;
}

function statementText(statement: TracedStatement): string[] {
  const head = `line ${statement.line}: ${firstLine(statement.sql)}`;
  if (statement.status === 'not-run') return [`${head} — not run`];
  const lines = [
    `${head} — ${statement.status === 'error' ? `failed (${statement.error?.code ?? 'error'})` : 'ok'}, ${statement.ms.toFixed(1)} ms`,
  ];
  for (const lock of strongestPerRelation(statement.locks)) {
    const origin =
      lock.source === 'documented' ? `documented, not observed` : lock.acquired ? 'taken here' : `held since line ${lock.sinceLine}`;
    lines.push(`  ${lock.relation}: ${SQL_NAMES[lock.mode]} (${origin}) — ${BLOCKS_WORDS[blocks(lock.mode)]}`);
  }
  if (statement.rewrites.length > 0) lines.push(`  rewrites: ${statement.rewrites.join(', ')}`);
  // A documented lock's note says so itself; any other note explains what could not be observed.
  if (statement.note) lines.push(statement.note.includes(DOCUMENTED) ? `  ${statement.note}` : `  note: ${statement.note}`);
  return lines;
}

export function traceText(trace: LockTrace): string {
  const lines = trace.statements.flatMap(statementText);
  // The lock queue matters once per relation: say it for the first ACCESS EXCLUSIVE a relation gets.
  const queued = new Set<string>();
  for (const statement of trace.statements)
    for (const lock of statement.locks)
      if (lock.mode === 'AccessExclusiveLock' && !queued.has(lock.relation)) {
        queued.add(lock.relation);
        lines.push(`Lock queue: ${describeWaiting(lock.mode, lock.relation)}`);
      }
  lines.push(
    trace.changedDatabase
      ? `Traced in ${trace.elapsedMs.toFixed(1)} ms (${trace.overheadMs.toFixed(1)} ms reading locks); committed as the Run commits.`
      : `Traced in ${trace.elapsedMs.toFixed(1)} ms (${trace.overheadMs.toFixed(1)} ms reading locks) inside a transaction that was rolled back.`,
  );
  return lines.join('\n');
}
