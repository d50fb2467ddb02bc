/**
 * The lock trace of a Run, drawn into the Run's output once it arrives: per statement one badge per
 * relation (its strongest lock, what that blocks, the rewrite), and behind a button the whole list.
 * The Run's own result is never changed by it; a trace that could not be made says why.
 *
 * Test hooks: each `[data-role="statement"]` gets `[data-role="lock"]` badges (data-relation,
 * data-mode, data-blocks) and, when it rewrote, data-rewrite="<relation>[,…]". The output carries
 * data-trace = running | done | unavailable.
 */
import type { RunResult } from '../../lib/sql-runtime/protocol.ts';
import type { LockTrace, TracedLock, TracedStatement } from '../../lib/locks/trace.ts';
import { SQL_NAMES, describeBlocks, describeWaiting } from '../../lib/locks/lock-modes.ts';
import { BLOCKS_WORDS, strongestPerRelation } from '../../lib/locks/trace-text.ts';
import { el } from '../../lib/dom/el.ts';
import { setStatementDecorator } from './render-output.ts';
import { partsUi } from './contract.ts';
import { count } from './count.ts';

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : count(Math.round(value))} ms`;

let detailIds = 0;

/** The line under the statements that says where the trace stands. */
function traceLine(output: HTMLElement): HTMLElement {
  let line = output.querySelector<HTMLElement>(`:scope > ${partsUi.role('lock-trace')}`);
  if (!line) {
    // Not a .meta paragraph: notes about the Run (how the database started) stay the output's last word.
    line = el('p', 'lock-trace');
    line.dataset.role = 'lock-trace';
    const statements = output.querySelector(':scope > .statements-beyond');
    const more = statements?.nextElementSibling?.matches('.show-more') ? statements.nextElementSibling : statements;
    if (more) more.after(line);
    else output.append(line);
  }
  return line;
}

export function showTracing(output: HTMLElement, text: string): void {
  traceLine(output).textContent = text;
  output.dataset.trace = 'running';
}

/** The trace failed, was stopped or timed out: said once, and the Run's result stays as it was. */
export function showTraceUnavailable(output: HTMLElement, why: string): void {
  traceLine(output).textContent = `lock trace not available: ${why}`;
  output.dataset.trace = 'unavailable';
}

function origin(lock: TracedLock): string {
  if (lock.source === 'documented') return 'from the PostgreSQL docs, not observed';
  return lock.acquired ? 'taken by this statement' : `held since line ${lock.sinceLine}`;
}

function badge(lock: TracedLock, rewrote: boolean): HTMLElement {
  const parts = [`${SQL_NAMES[lock.mode]} on ${lock.relation}`, BLOCKS_WORDS[lock.blocks]];
  if (!lock.acquired && lock.source === 'observed') parts.push(`held since line ${lock.sinceLine}`);
  if (lock.source === 'documented') parts.push('documented, not observed');
  if (rewrote) parts.push(`rewrote ${lock.relation}`);
  const span = el('span', `lock-badge lock-${lock.blocks === 'reads,writes' ? 'all' : lock.blocks}`, parts.join(' · '));
  span.dataset.role = 'lock';
  span.dataset.relation = lock.relation;
  span.dataset.mode = lock.mode;
  span.dataset.blocks = lock.blocks;
  return span;
}

function details(statement: TracedStatement): HTMLElement {
  const items = statement.locks.map((lock) => {
    const sentences = [describeBlocks(lock.mode, lock.relation)];
    if (lock.mode === 'AccessExclusiveLock') sentences.push(describeWaiting(lock.mode, lock.relation));
    const item = el(
      'li',
      undefined,
      el('strong', undefined, `${SQL_NAMES[lock.mode]} (${lock.mode}) on ${lock.relation}`),
      ` — ${origin(lock)}. ${sentences.join(' ')}`,
    );
    item.dataset.role = 'lock-detail';
    item.dataset.mode = lock.mode;
    return item;
  });
  const facts: string[] = [`Line ${statement.line}; ${ms(statement.ms)} in the trace.`];
  if (statement.rewrites.length)
    facts.push(`Rewrote ${statement.rewrites.join(', ')}: every row copied into new storage while the lock was held.`);
  else if (statement.status === 'ok') facts.push('No table or index was rewritten.');
  const box = el('div', 'lock-details', el('ul', undefined, ...items), el('p', 'meta', facts.join(' ')));
  if (statement.note) box.append(el('p', 'meta', statement.note));
  return box;
}

/** The badges, and the button that shows the whole list, for one statement row (a Run's, a lab migration's, /check's). */
export function decorate(row: HTMLElement, statement: TracedStatement): void {
  row.querySelector(':scope > .locks')?.remove();
  delete row.dataset.rewrite;
  if (statement.status === 'not-run') return;
  const rewrites = new Set(statement.rewrites);
  const strongest = strongestPerRelation(statement.locks);
  const badges: HTMLElement[] = strongest.map((lock) => badge(lock, rewrites.has(lock.relation)));
  // Rewrites of relations that hold no lock of their own here (an index of the table, say).
  const others = statement.rewrites.filter((relation) => !strongest.some((lock) => lock.relation === relation));
  if (others.length) badges.push(el('span', 'lock-badge lock-rewrite', `rewrote ${others.join(', ')}`));
  if (statement.rewrites.length) row.dataset.rewrite = statement.rewrites.join(',');
  if (!badges.length) {
    if (statement.status !== 'ok') return;
    badges.push(el('span', 'meta', 'no lock on a table that existed before'));
  }
  const box = details(statement);
  box.id = `lock-details-${++detailIds}`;
  box.hidden = true;
  const toggle = el('button', 'ex-button lock-toggle', 'Lock details') as HTMLButtonElement;
  toggle.type = 'button';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', box.id);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    box.hidden = !open;
  });
  // The statement's time in the trace beside its badges: with generated rows, a rewrite's grows and a
  // metadata-only change's stays flat, which is the lesson.
  const time = el('span', 'meta lock-time', ms(statement.ms));
  time.dataset.role = 'lock-time';
  row.append(el('div', 'locks', ...badges, ' ', time, ' ', toggle, box));
}

/**
 * Puts the trace beside the Run's statements: those drawn now, and those drawn later behind "Show
 * more". The trace's statements are matched to the Run's by where they start in the script.
 */
export function showTrace(output: HTMLElement, result: RunResult, trace: LockTrace, summary: string): void {
  const byStart = new Map(trace.statements.map((statement) => [statement.start, statement]));
  const find = (index: number): TracedStatement | undefined => {
    const start = result.statements[index]?.start;
    return start !== undefined ? byStart.get(start) : trace.statements[index];
  };
  const apply = (row: HTMLElement) => {
    const statement = find(Number(row.dataset.index) - 1);
    if (statement) decorate(row, statement);
  };
  for (const row of output.querySelectorAll<HTMLElement>(partsUi.role('statement'))) apply(row);
  setStatementDecorator(output, apply);
  traceLine(output).textContent = summary;
  output.dataset.trace = 'done';
}
