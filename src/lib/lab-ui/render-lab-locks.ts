/**
 * Under a lab command's output: what each migration it applied locked and rewrote. One line per
 * migration (its strongest lock, what that blocks), the statements behind it, each with the same
 * badges and test hooks as a live example's (render-locks.ts). Names and SQL go in as text.
 */
import { el } from '../dom/el.ts';
import { decorate } from '../live/render-locks.ts';
import { SQL_NAMES, LOCK_MODES } from '../locks/lock-modes.ts';
import { BLOCKS_WORDS, strongestPerRelation } from '../locks/trace-text.ts';
import type { LockTrace, TracedLock, TracedStatement } from '../locks/trace.ts';
import { isUnavailable, type MigrationTrace } from '../prisma-lab/lab-locks.ts';

function firstLine(sql: string): string {
  const line =
    sql
      .split('\n')
      .map((text) => text.trim())
      .find((text) => text !== '' && !text.startsWith('--')) ?? sql.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** The lock that matters most in the file: the strongest any statement took. */
function strongestTaken(trace: LockTrace): { lock: TracedLock; others: number } | undefined {
  const locks = strongestPerRelation(trace.statements.flatMap((statement) => statement.locks));
  const [lock] = locks.sort((a, b) => LOCK_MODES.indexOf(b.mode) - LOCK_MODES.indexOf(a.mode));
  return lock ? { lock, others: locks.length - 1 } : undefined;
}

function summary(migration: string, trace: MigrationTrace['trace']): string {
  if (isUnavailable(trace)) return `${migration}: lock trace not available: ${trace.unavailable}`;
  const rewrites = [...new Set(trace.statements.flatMap((statement) => statement.rewrites))];
  const top = strongestTaken(trace);
  const parts = [
    top
      ? `${SQL_NAMES[top.lock.mode]} on ${top.lock.relation} · ${BLOCKS_WORDS[top.lock.blocks]}`
      : 'no lock on a table that existed before',
  ];
  if (top && top.others > 0) parts.push(`${top.others} more relation${top.others === 1 ? '' : 's'} locked`);
  if (rewrites.length) parts.push(`rewrote ${rewrites.join(', ')}`);
  return `${migration}: ${parts.join(' · ')}`;
}

function statementRow(statement: TracedStatement, index: number): HTMLElement {
  const status =
    statement.status === 'error' ? ` — failed (${statement.error?.code ?? 'error'})` : statement.status === 'not-run' ? ' — not run' : '';
  const row = el('div', 'lab-lock-statement', el('code', undefined, `line ${statement.line}: ${firstLine(statement.sql)}`), status);
  row.dataset.role = 'statement';
  row.dataset.index = String(index + 1);
  decorate(row, statement);
  // A failed statement gets no badges: say why its locks are not shown.
  if (!row.querySelector('.locks') && statement.note) row.append(el('p', 'meta', statement.note));
  return row;
}

function howTraced(trace: LockTrace): string {
  const how =
    trace.mode === 'batch'
      ? 'the file as one transaction, as this Prisma version sends it: a lock stays held until the file ends'
      : 'each statement in its own transaction, as this Prisma version sends it';
  return `Observed on a copy of the database taken just before the migration ran: ${how}. Traced in ${Math.round(trace.elapsedMs)} ms.`;
}

function migrationBlock({ migration, trace }: MigrationTrace): HTMLElement {
  const block = el('details', 'lab-lock-migration', el('summary', undefined, summary(migration, trace)));
  block.dataset.role = 'migration-locks';
  block.dataset.migration = migration;
  if (isUnavailable(trace)) {
    block.dataset.trace = 'unavailable';
    block.append(
      el('p', 'meta', `What this migration locked is not shown: ${trace.unavailable}. The migration itself ran as printed above.`),
    );
    return block;
  }
  block.dataset.trace = 'done';
  block.append(...trace.statements.map(statementRow), el('p', 'meta', howTraced(trace)));
  return block;
}

export function renderLabLocks(traces: readonly MigrationTrace[]): HTMLElement {
  const box = el('div', 'lab-locks', el('p', 'lab-locks-title', 'What each applied migration locked'), ...traces.map(migrationBlock));
  box.dataset.role = 'lab-locks';
  return box;
}
