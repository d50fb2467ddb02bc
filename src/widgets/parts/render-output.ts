/**
 * Turns a RunResult into the output a psql user recognises. Every value from the database goes in
 * through textContent, never as markup: readers' data, column names and error texts are untrusted.
 *
 * A Run can hand back 100,000 statements or 500 rows of capped 2,000-character cells; drawing that
 * in one task froze the tab for tens of seconds. So the output draws at most STATEMENTS_SHOWN
 * statements (more on request) and appends in slices that each fit a small time budget.
 * Over 300 lines because every kind of output (rows, cut cells, errors, a script's, a dump's) shares
 * those two limits and the psql look; each is a short function here.
 */
import type {
  DbError,
  Notice,
  RunResult,
  ScriptResult,
  StatementResult,
  ResultSet,
  TruncatedCell,
} from '../../lib/sql-runtime/protocol.ts';
import { CELL_CHARS_SHOWN, MAX_DOWNLOAD_CHARS, MAX_RESULT_CHARS, STATEMENTS_SHOWN } from '../../lib/sql-runtime/limits.ts';
import { el } from '../../lib/dom/el.ts';
import { appendInSlices, type Drawing, startDrawing } from '../../lib/dom/slices.ts';
import { lineAndColumn } from '../../lib/sql-runtime/text-lines.ts';
import { count } from './count.ts';

export { lineAndColumn };

function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** The text of the line holding `offset`, cut so a minified one-line script cannot flood the box. */
function lineAt(script: string, offset: number): { text: string; column: number } {
  const start = script.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const stop = script.indexOf('\n', offset);
  const whole = script.slice(start, stop === -1 ? script.length : stop);
  const column = offset - start;
  const WIDTH = 160;
  if (whole.length <= WIDTH) return { text: whole, column };
  const from = Math.max(0, Math.min(column - WIDTH / 2, whole.length - WIDTH));
  const prefix = from > 0 ? '…' : '';
  return {
    text: `${prefix}${whole.slice(from, from + WIDTH)}${from + WIDTH < whole.length ? '…' : ''}`,
    column: column - from + prefix.length,
  };
}

export function formatError(error: DbError, script: string): string {
  const lines = [`${error.severity}:  ${error.code}: ${error.message}`];
  if (error.position !== undefined) {
    const offset = Math.min(Math.max(0, error.position - 1), script.length);
    const { line } = lineAndColumn(script, offset);
    const { text, column } = lineAt(script, offset);
    lines.push(`LINE ${line}: ${text}`, `${' '.repeat(`LINE ${line}: `.length + column)}^`);
  }
  if (error.detail) lines.push(`DETAIL:  ${error.detail}`);
  if (error.hint) lines.push(`HINT:  ${error.hint}`);
  if (error.where) lines.push(`CONTEXT:  ${error.where}`);
  return lines.join('\n');
}

/** Offers a cut value's whole text; the Blob URL lives only as long as the download needs it. */
function downloadButton(full: Blob, name: string): HTMLElement {
  const button = el('button', 'ex-button cell-download', 'Download full value') as HTMLButtonElement;
  button.type = 'button';
  button.addEventListener('click', () => {
    const url = URL.createObjectURL(full);
    const link = el('a') as HTMLAnchorElement;
    link.href = url;
    link.download = name;
    link.click();
    // Revoking at once can cancel the download in some browsers; a minute is ample.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  });
  return button;
}

/** A cell's text: at most CELL_CHARS_SHOWN characters go into the table, laid out with everything else. */
function renderCell(value: string, cut: TruncatedCell | undefined, column: string, row: number): HTMLElement {
  if (!cut && value.length <= CELL_CHARS_SHOWN) return el('td', undefined, value);
  // A value the worker sent whole but that is too long to draw: the page still holds all of it.
  const whole: TruncatedCell = cut ?? { row, column: 0, length: value.length, full: new Blob([value], { type: 'text/plain' }) };
  return el('td', undefined, value.slice(0, CELL_CHARS_SHOWN), cutNote(whole, column));
}

function cutNote(cut: TruncatedCell, column: string): HTMLElement {
  const note = el('span', 'cut', ` … cut — ${plural(cut.length, 'character')}`);
  const offer = cut.full
    ? downloadButton(cut.full, `${column || 'value'}-row-${cut.row + 1}.txt`)
    : el(
        'span',
        'meta',
        cut.length > MAX_DOWNLOAD_CHARS
          ? ` (too large to offer: over ${count(MAX_DOWNLOAD_CHARS)} characters)`
          : ` (not offered: this Run's downloads already reached ${count(MAX_DOWNLOAD_CHARS)} characters)`,
      );
  const wrap = el('span', 'cut-note', note, ' ', offer);
  wrap.dataset.role = 'cut';
  return wrap;
}

function renderRow(result: ResultSet, row: (string | null)[], index: number, cuts: Map<string, TruncatedCell>): HTMLElement {
  return el(
    'tr',
    undefined,
    ...row.map((value, column) => {
      if (value === null) return el('td', 'null', 'NULL');
      return renderCell(value, cuts.get(`${index}:${column}`), result.columns[column] ?? '', index);
    }),
  );
}

function capNote(result: ResultSet): HTMLElement | undefined {
  if (result.totalRows <= result.rows.length) return undefined;
  const shown = `Showing the first ${count(result.rows.length)} of ${count(result.totalRows)} rows`;
  const why =
    result.cappedBy === 'bytes'
      ? `: this Run's results reached ${count(MAX_RESULT_CHARS)} characters, as much as the page draws for one Run.`
      : '.';
  const note = el('p', 'meta cap-note', `${shown}${why}`);
  if (result.cappedBy) note.dataset.cappedBy = result.cappedBy;
  return note;
}

/** The table's frame now; its rows arrive in slices. */
async function renderTable(statement: StatementResult, into: HTMLElement, drawing: Drawing): Promise<void> {
  const result = statement.result;
  if (!result) return;
  const head = el(
    'tr',
    undefined,
    ...result.columns.map((name) => {
      const th = el('th', undefined, name);
      th.setAttribute('scope', 'col');
      return th;
    }),
  );
  const body = el('tbody');
  const wrap = el('div', 'table-wrap', el('table', undefined, el('thead', undefined, head), body));
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', `Result: ${plural(result.totalRows, 'row')}`);
  const cuts = new Map((result.truncated ?? []).map((cut) => [`${cut.row}:${cut.column}`, cut]));
  const note = capNote(result);
  into.append(el('div', undefined, wrap, ...(note ? [note] : [])));
  await appendInSlices(drawing, body, result.rows, (row, index) => renderRow(result, row, index, cuts));
}

const STATUS_TEXT: Record<StatementResult['status'], string> = {
  ok: 'done',
  error: 'failed',
  'not-run': 'not run',
  'rolled-back': 'rolled back',
};

function statementLabel(statement: StatementResult, script: string, index: number): string {
  // Only the statement's opening is needed for a label; never copy a huge statement whole.
  const text =
    statement.start !== undefined
      ? script.slice(statement.start, Math.min(statement.end ?? script.length, statement.start + 2000)).trim()
      : '';
  const firstLine =
    text
      .split('\n')
      .find((line) => line.trim() && !line.trim().startsWith('--'))
      ?.trim() ?? `statement ${index + 1}`;
  return firstLine.length > 60 ? `${firstLine.slice(0, 57)}…` : firstLine;
}

function renderStatement(statement: StatementResult, script: string, index: number): HTMLElement {
  const tagText = statement.command ?? (statement.status === 'error' ? (statement.error?.code ?? 'ERROR') : '');
  const status = statement.status === 'ok' ? 'ok' : statement.status === 'error' ? 'error' : 'skipped';
  const row = el(
    'div',
    `stmt ${status}`,
    el('span', 'meta', `${count(index + 1)}. `),
    el('span', 'tag', tagText || statementLabel(statement, script, index)),
    el('span', 'meta', ` · ${STATUS_TEXT[statement.status]}${tagText ? ` · ${statementLabel(statement, script, index)}` : ''}`),
  );
  row.dataset.status = statement.status;
  row.dataset.index = String(index + 1);
  row.dataset.role = 'statement';
  return row;
}

/**
 * Something drawn later into each statement row of an output (the lock trace, which arrives after
 * the result): applied to rows drawn from then on, e.g. behind "Show more". A new drawing forgets it.
 */
const decorators = new WeakMap<HTMLElement, (row: HTMLElement) => void>();

export function setStatementDecorator(output: HTMLElement, decorate: ((row: HTMLElement) => void) | undefined): void {
  if (decorate) decorators.set(output, decorate);
  else decorators.delete(output);
}

function decorateRows(list: HTMLElement, rows: HTMLElement[]): void {
  const output = list.closest<HTMLElement>('[data-role="output"]');
  const decorate = output ? decorators.get(output) : undefined;
  if (decorate) for (const row of rows) decorate(row);
}

/** 1, 2, 3, 4, 7 → "1–4, 7"; long lists stop after a few ranges, so the sentence stays a sentence. */
export function describeNumbers(numbers: number[], maxRanges = 12): string {
  const ranges: string[] = [];
  let index = 0;
  while (index < numbers.length && ranges.length < maxRanges) {
    const first = numbers[index]!;
    let last = first;
    while (numbers[index + 1] === last + 1) last = numbers[++index]!;
    index += 1;
    ranges.push(first === last ? count(first) : last === first + 1 ? `${count(first)}, ${count(last)}` : `${count(first)}–${count(last)}`);
  }
  const rest = numbers.length - index;
  return rest > 0 ? `${ranges.join(', ')} and ${count(rest)} more` : ranges.join(', ');
}

const TRANSACTION_CONTROL =
  /^(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE TRANSACTION|COMMIT PREPARED|ROLLBACK PREPARED)\b/i;

function isTransactionControl(statement: StatementResult, script: string): boolean {
  if (statement.command) return TRANSACTION_CONTROL.test(statement.command);
  if (statement.start === undefined) return false;
  const text = script
    .slice(statement.start, Math.min(statement.end ?? script.length, statement.start + 200))
    .replace(/^(\s|--[^\n]*\n)+/, '');
  return TRANSACTION_CONTROL.test(text);
}

/** What a failed Run left behind, in one sentence, from what the worker says stayed committed. */
export function commitSummary(result: RunResult, script: string): string | undefined {
  if (result.ok) return undefined;
  const committed = new Set(result.committed);
  const kept = result.committed.map((index) => index + 1).sort((a, b) => a - b);
  const undone: number[] = [];
  result.statements.forEach((statement, index) => {
    if (!committed.has(index) && !isTransactionControl(statement, script)) undone.push(index + 1);
  });
  const keptText = kept.length ? `Committed: statement${kept.length > 1 ? 's' : ''} ${describeNumbers(kept)}.` : 'Nothing was committed.';
  return `${keptText} Not committed: ${undone.length ? describeNumbers(undone) : 'none'}.`;
}

function tally(statements: StatementResult[]): string {
  const by: Record<StatementResult['status'], number> = { ok: 0, error: 0, 'not-run': 0, 'rolled-back': 0 };
  for (const statement of statements) by[statement.status] += 1;
  return (Object.keys(by) as StatementResult['status'][])
    .filter((status) => by[status] > 0)
    .map((status) => `${count(by[status])} ${STATUS_TEXT[status]}`)
    .join(', ');
}

/**
 * The statements, STATEMENTS_SHOWN at a time behind "Show N more", with a one-line tally when they
 * do not all fit, and the failing statement always on screen even when it is number 99,999.
 */
async function renderStatements(
  list: HTMLElement,
  beyond: HTMLElement,
  result: RunResult,
  script: string,
  drawing: Drawing,
): Promise<void> {
  const total = result.statements.length;
  const failing = result.statements.findIndex((statement) => statement.status === 'error');
  let shown = 0;
  const more = el('button', 'ex-button show-more') as HTMLButtonElement;
  more.type = 'button';
  more.dataset.role = 'show-more';
  const summary = el('p', 'meta statements-summary');
  summary.dataset.role = 'statements-summary';

  const describe = () => {
    const failingApart = failing >= shown ? ` and the failing one (number ${count(failing + 1)})` : '';
    summary.textContent = `${plural(total, 'statement')}: ${tally(result.statements)} — showing ${shown === total ? 'all' : `the first ${count(shown)}`}${failingApart}.`;
    const next = Math.min(STATEMENTS_SHOWN, total - shown);
    more.textContent = `Show ${count(next)} more`;
    more.hidden = next === 0;
  };

  const drawNext = async (): Promise<void> => {
    const from = shown;
    const to = Math.min(total, from + STATEMENTS_SHOWN);
    shown = to;
    more.disabled = true;
    if (failing >= from && failing < to) beyond.replaceChildren();
    const rows: HTMLElement[] = [];
    await appendInSlices(drawing, list, result.statements.slice(from, to), (statement, offset) => {
      const row = renderStatement(statement, script, from + offset);
      rows.push(row);
      return row;
    });
    decorateRows(list, rows);
    // Then the tables, whose rows are drawn slice by slice as well.
    for (const row of rows) {
      if (!drawing.current()) return;
      const statement = result.statements[Number(row.dataset.index) - 1];
      if (statement?.result) await renderTable(statement, row, drawing);
    }
    more.disabled = false;
    if (total > STATEMENTS_SHOWN) describe();
  };

  if (total > STATEMENTS_SHOWN) {
    more.addEventListener('click', () => void drawNext());
    list.before(summary);
    beyond.after(more);
    if (failing >= STATEMENTS_SHOWN) beyond.append(renderStatement(result.statements[failing]!, script, failing));
    describe();
  }
  await drawNext();
}

const noticeLine = (notice: Notice): HTMLElement =>
  el(
    'p',
    'notice',
    `${notice.severity}:  ${notice.message}${notice.detail ? `\nDETAIL:  ${notice.detail}` : ''}${notice.hint ? `\nHINT:  ${notice.hint}` : ''}`,
  );

/**
 * Draws a Run's result. Resolves once everything drawn at first is in place; a newer drawing on the
 * same output (the next Run) makes this one stop where it is. `lateNotice`: one that comes after the
 * result (the database's restore, client.ts `settled`), added after the result's own notices while
 * this drawing is still the one shown.
 */
export async function renderResult(
  output: HTMLElement,
  result: RunResult,
  script: string,
  runNumber: number,
  lateNotice?: Promise<Notice | undefined>,
): Promise<void> {
  const drawing = startDrawing(output);
  setStatementDecorator(output, undefined);
  delete output.dataset.trace;
  const parts: HTMLElement[] = [];
  const mode = result.mode === 'batch' ? 'one batch' : 'statement by statement';
  const time = `${result.elapsedMs < 10 ? result.elapsedMs.toFixed(1) : Math.round(result.elapsedMs)} ms`;
  parts.push(
    el(
      'p',
      `summary ${result.ok ? 'ok' : 'error'}`,
      result.ok ? `Run ${runNumber} succeeded` : `Run ${runNumber} failed with ${result.error?.code ?? 'an error'}`,
      // The time on its own: the one part of a Run's summary that differs between two identical Runs.
      el('span', 'meta', ` · ${mode} · `, el('span', 'elapsed', time)),
    ),
  );
  if (result.error) {
    const box = el('div', 'err-box', formatError(result.error, script));
    box.dataset.role = 'error';
    parts.push(box);
  }
  const summary = commitSummary(result, script);
  if (summary) parts.push(el('p', 'meta commit-summary', summary));
  if (result.openTransactionRolledBack) {
    parts.push(
      el(
        'p',
        'banner',
        'The script ended inside an open transaction. Like a session that disconnects, it was rolled back, so the next Run starts clean.',
      ),
    );
  }
  const notices = el('div', 'notices');
  const list = el('div', 'statements');
  const beyond = el('div', 'statements-beyond');
  parts.push(notices, list, beyond);
  output.replaceChildren(...parts);
  output.dataset.state = 'drawing';
  delete output.dataset.sqlstate;

  const shownNotices = result.notices.slice(0, STATEMENTS_SHOWN);
  await appendInSlices(drawing, notices, shownNotices, noticeLine);
  if (result.notices.length > shownNotices.length) {
    notices.append(el('p', 'meta', `…and ${plural(result.notices.length - shownNotices.length, 'more notice')}, not shown.`));
  }
  void lateNotice?.then((notice) => notice && drawing.current() && notices.append(noticeLine(notice)));
  await renderStatements(list, beyond, result, script, drawing);
  if (!drawing.current()) return;
  output.dataset.state = result.ok ? 'ok' : 'error';
  if (result.error) output.dataset.sqlstate = result.error.code;
}

/** A script's console output, as a terminal would show it, and its exit code. */
export function renderScript(output: HTMLElement, result: ScriptResult): void {
  startDrawing(output);
  setStatementDecorator(output, undefined);
  delete output.dataset.trace;
  const ok = result.exitCode === 0;
  const transcript = el(
    'pre',
    'transcript',
    ...result.lines.map((line) => el('span', line.stream === 'stderr' ? 'stderr error' : 'stdout', `${line.text}\n`)),
  );
  output.replaceChildren(
    el(
      'p',
      `summary ${ok ? 'ok' : 'error'}`,
      `node scripts/apply-migration.js exited with code ${result.exitCode}`,
      el('span', 'meta', ` · ${Math.round(result.elapsedMs)} ms`),
    ),
    transcript,
  );
  output.dataset.state = ok ? 'ok' : 'error';
  output.dataset.exitCode = String(result.exitCode);
  delete output.dataset.sqlstate;
}

let backupUrl: string | undefined;

/** A pg_dump result: the script itself, readable in place and downloadable as backup.sql. */
export function renderBackup(output: HTMLElement, sql: string, elapsedMs: number): void {
  startDrawing(output);
  setStatementDecorator(output, undefined);
  delete output.dataset.trace;
  if (backupUrl) URL.revokeObjectURL(backupUrl);
  backupUrl = URL.createObjectURL(new Blob([sql], { type: 'application/sql' }));
  const link = el('a', undefined, 'Download backup.sql');
  link.setAttribute('href', backupUrl);
  link.setAttribute('download', 'backup.sql');
  link.dataset.role = 'backup-download';
  const script = el('pre', 'backup', sql);
  script.tabIndex = 0;
  output.replaceChildren(
    el(
      'p',
      'summary ok',
      `pg_dump wrote backup.sql (${(new Blob([sql]).size / 1024).toFixed(1)} KB) in ${Math.round(elapsedMs)} ms. `,
      link,
    ),
    el('details', undefined, el('summary', undefined, 'Show backup.sql'), script),
  );
  output.dataset.state = 'ok';
  delete output.dataset.sqlstate;
}

export type MessageState = 'running' | 'restarting' | 'error' | 'idle' | 'ok';

/**
 * A Run on a started database: the output's state says "running" at once (and aria-busy, set by the
 * caller), the words only if the wait lasts `afterMs`. Most warm Runs answer in ~10 ms; replacing
 * the last result with "Running…" for that long made the page lay out and paint a frame in between
 * (4-10 ms of main-thread work the reply then waited for, on a 2-core machine) and flash.
 * Returns what cancels the words: call it before drawing the result.
 */
export function sayRunningSoon(output: HTMLElement, message: string, afterMs: number): () => void {
  startDrawing(output); // a result still being drawn stops here, as under the message itself
  output.dataset.state = 'running';
  delete output.dataset.sqlstate;
  const timer = setTimeout(() => renderMessage(output, 'running', message), afterMs);
  return () => clearTimeout(timer);
}

export function renderMessage(output: HTMLElement, state: MessageState, message: string, detail?: string): void {
  startDrawing(output);
  setStatementDecorator(output, undefined);
  delete output.dataset.trace;
  const parts: HTMLElement[] = [el('p', `summary${state === 'error' ? ' error' : ''}`, message)];
  if (detail) parts.push(el('p', 'meta', detail));
  output.replaceChildren(...parts);
  output.dataset.state = state;
  delete output.dataset.sqlstate;
}
