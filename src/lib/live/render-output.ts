/**
 * Turns a RunResult into the output a psql user recognises. Every value from the database goes in
 * through textContent, never as markup: readers' data, column names and error texts are untrusted.
 */
import type { DbError, RunResult, ScriptResult, StatementResult } from '../sql-runtime/protocol.ts';
import { el } from '../dom/el.ts';


function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Where in the script an offset is, as psql's "LINE n:" does. */
export function lineAndColumn(script: string, offset: number): { line: number; column: number } {
  const before = script.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

export function formatError(error: DbError, script: string): string {
  const lines = [`${error.severity}:  ${error.code}: ${error.message}`];
  if (error.position !== undefined) {
    const { line, column } = lineAndColumn(script, error.position - 1);
    const text = script.split('\n')[line - 1] ?? '';
    lines.push(`LINE ${line}: ${text}`, `${' '.repeat(`LINE ${line}: `.length + column - 1)}^`);
  }
  if (error.detail) lines.push(`DETAIL:  ${error.detail}`);
  if (error.hint) lines.push(`HINT:  ${error.hint}`);
  if (error.where) lines.push(`CONTEXT:  ${error.where}`);
  return lines.join('\n');
}

function renderTable(statement: StatementResult): HTMLElement | undefined {
  const result = statement.result;
  if (!result) return undefined;
  const head = el('tr', undefined, ...result.columns.map((name) => {
    const th = el('th', undefined, name);
    th.setAttribute('scope', 'col');
    return th;
  }));
  const body = result.rows.map((row) =>
    el('tr', undefined, ...row.map((value) => (value === null ? el('td', 'null', 'NULL') : el('td', undefined, value)))),
  );
  const table = el('table', undefined, el('thead', undefined, head), el('tbody', undefined, ...body));
  const wrap = el('div', 'table-wrap', table);
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', `Result: ${plural(result.totalRows, 'row')}`);
  const parts: HTMLElement[] = [wrap];
  if (result.totalRows > result.rows.length) {
    parts.push(el('p', 'meta', `Showing the first ${result.rows.length} of ${result.totalRows} rows.`));
  }
  return el('div', undefined, ...parts);
}

const STATUS_TEXT: Record<StatementResult['status'], string> = {
  ok: 'done',
  error: 'failed',
  'not-run': 'not run',
  'rolled-back': 'rolled back',
};

function statementLabel(statement: StatementResult, script: string, index: number): string {
  const text = statement.start !== undefined ? script.slice(statement.start, statement.end).trim() : '';
  const firstLine = text.split('\n').find((line) => line.trim() && !line.trim().startsWith('--'))?.trim() ?? `statement ${index + 1}`;
  return firstLine.length > 60 ? `${firstLine.slice(0, 57)}…` : firstLine;
}

function renderStatement(statement: StatementResult, script: string, index: number): HTMLElement {
  const tagText = statement.command ?? (statement.status === 'error' ? statement.error?.code ?? 'ERROR' : '');
  const status = statement.status === 'ok' ? 'ok' : statement.status === 'error' ? 'error' : 'skipped';
  const row = el(
    'div',
    `stmt ${status}`,
    el('span', 'meta', `${index + 1}. `),
    el('span', 'tag', tagText || statementLabel(statement, script, index)),
    el('span', 'meta', ` · ${STATUS_TEXT[statement.status]}${tagText ? ` · ${statementLabel(statement, script, index)}` : ''}`),
  );
  row.dataset.status = statement.status;
  const table = renderTable(statement);
  if (table) row.append(table);
  return row;
}

/** Which statements a failed statement-by-statement Run left behind, in one sentence. */
function commitSummary(result: RunResult): string | undefined {
  if (result.ok) return undefined;
  const numbers = (status: StatementResult['status']) =>
    result.statements.flatMap((statement, index) => (statement.status === status ? [index + 1] : []));
  const committed = numbers('ok');
  const undone = [...numbers('rolled-back'), ...numbers('error'), ...numbers('not-run')].sort((a, b) => a - b);
  const kept = committed.length ? `Committed: statement${committed.length > 1 ? 's' : ''} ${committed.join(', ')}.` : 'Nothing was committed.';
  return `${kept} Not committed: ${undone.join(', ') || 'none'}.`;
}

export function renderResult(output: HTMLElement, result: RunResult, script: string, runNumber: number): void {
  const parts: HTMLElement[] = [];
  const mode = result.mode === 'batch' ? 'one batch' : 'statement by statement';
  const time = `${result.elapsedMs < 10 ? result.elapsedMs.toFixed(1) : Math.round(result.elapsedMs)} ms`;
  parts.push(
    el(
      'p',
      `summary ${result.ok ? 'ok' : 'error'}`,
      result.ok ? `Run ${runNumber} succeeded` : `Run ${runNumber} failed with ${result.error?.code ?? 'an error'}`,
      el('span', 'meta', ` · ${mode} · ${time}`),
    ),
  );
  if (result.error) {
    const box = el('div', 'err-box', formatError(result.error, script));
    box.dataset.role = 'error';
    parts.push(box);
  }
  const summary = commitSummary(result);
  if (summary) parts.push(el('p', 'meta commit-summary', summary));
  if (result.openTransactionRolledBack) {
    parts.push(
      el('p', 'banner', 'The script ended inside an open transaction. Like a session that disconnects, it was rolled back, so the next Run starts clean.'),
    );
  }
  for (const notice of result.notices) {
    const text = `${notice.severity}:  ${notice.message}${notice.detail ? `\nDETAIL:  ${notice.detail}` : ''}${notice.hint ? `\nHINT:  ${notice.hint}` : ''}`;
    parts.push(el('p', 'notice', text));
  }
  result.statements.forEach((statement, index) => parts.push(renderStatement(statement, script, index)));
  output.replaceChildren(...parts);
  output.dataset.state = result.ok ? 'ok' : 'error';
  if (result.error) output.dataset.sqlstate = result.error.code;
  else delete output.dataset.sqlstate;
}

/** A script's console output, as a terminal would show it, and its exit code. */
export function renderScript(output: HTMLElement, result: ScriptResult): void {
  const ok = result.exitCode === 0;
  const transcript = el('pre', 'transcript', ...result.lines.map((line) => el('span', line.stream === 'stderr' ? 'stderr error' : 'stdout', `${line.text}\n`)));
  output.replaceChildren(
    el('p', `summary ${ok ? 'ok' : 'error'}`, `node scripts/apply-migration.js exited with code ${result.exitCode}`, el('span', 'meta', ` · ${Math.round(result.elapsedMs)} ms`)),
    transcript,
  );
  output.dataset.state = ok ? 'ok' : 'error';
  output.dataset.exitCode = String(result.exitCode);
  delete output.dataset.sqlstate;
}

let backupUrl: string | undefined;

/** A pg_dump result: the script itself, readable in place and downloadable as backup.sql. */
export function renderBackup(output: HTMLElement, sql: string, elapsedMs: number): void {
  if (backupUrl) URL.revokeObjectURL(backupUrl);
  backupUrl = URL.createObjectURL(new Blob([sql], { type: 'application/sql' }));
  const link = el('a', undefined, 'Download backup.sql');
  link.setAttribute('href', backupUrl);
  link.setAttribute('download', 'backup.sql');
  link.dataset.role = 'backup-download';
  const script = el('pre', 'backup', sql);
  script.tabIndex = 0;
  output.replaceChildren(
    el('p', 'summary ok', `pg_dump wrote backup.sql (${(new Blob([sql]).size / 1024).toFixed(1)} KB) in ${Math.round(elapsedMs)} ms. `, link),
    el('details', undefined, el('summary', undefined, 'Show backup.sql'), script),
  );
  output.dataset.state = 'ok';
  delete output.dataset.sqlstate;
}

export function renderMessage(output: HTMLElement, state: 'running' | 'error' | 'idle' | 'ok', message: string, detail?: string): void {
  const parts: HTMLElement[] = [el('p', `summary${state === 'error' ? ' error' : ''}`, message)];
  if (detail) parts.push(el('p', 'meta', detail));
  output.replaceChildren(...parts);
  output.dataset.state = state;
  delete output.dataset.sqlstate;
}
