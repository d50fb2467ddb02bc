/**
 * A lab command's output block and the database state after it. Everything from the engine or the
 * database goes in as text (migration names, logs and SQL are the reader's).
 */
import { el } from '../dom/el.ts';
import type { LabCommandResult } from '../prisma-lab/lab.ts';
import type { LabSnapshot } from '../prisma-lab/inspect.ts';
import { renderLabLocks } from './render-lab-locks.ts';

export function renderCommand(result: LabCommandResult): HTMLElement {
  const block = el('section', 'lab-output');
  block.dataset.role = 'lab-output';
  block.dataset.exitCode = String(result.exitCode);
  block.setAttribute('aria-label', `Output of ${result.command}`);
  const waiting = result.question !== undefined;
  // A terminal: the newest command open in full (no inner scroll that hides its end), older ones
  // folded to their command and exit code by appendCommand.
  const exit = el(
    'span',
    `badge ${waiting ? 'warn' : result.exitCode === 0 ? 'ok' : 'err'}`,
    waiting ? 'waiting' : `exit ${result.exitCode}`,
  );
  const run = el(
    'details',
    'lab-run',
    el('summary', 'lab-output-command', el('span', 'lab-prompt', '$ '), el('span', 'lab-cmd', result.command), exit),
    el('pre', 'lab-output-text', result.output),
    waiting
      ? el(
          'p',
          'lab-exit waiting',
          'waiting for your answer: type y or n in the command line (Enter alone means no) · ',
          el('span', 'elapsed', `${Math.round(result.elapsedMs)} ms`),
        )
      : el(
          'p',
          `lab-exit ${result.exitCode === 0 ? 'ok' : 'failed'}`,
          `exit code ${result.exitCode} · `,
          el('span', 'elapsed', `${Math.round(result.elapsedMs)} ms`),
        ),
  );
  (run as HTMLDetailsElement).open = true;
  block.append(run);
  if (waiting) block.dataset.question = result.question;
  // Under the command's own output, which it leaves as the CLI printed it.
  if (result.traces?.length) run.append(renderLabLocks(result.traces));
  return block;
}

/** Adds a command's output to the log and folds the ones before it to a line each. */
export function appendCommand(log: HTMLElement, result: LabCommandResult): void {
  for (const older of log.querySelectorAll<HTMLDetailsElement>(':scope > .lab-output > details[open]')) older.open = false;
  log.append(renderCommand(result));
}

export function renderNote(text: string, kind: 'error' | 'info'): HTMLElement {
  const note = el('p', `lab-note ${kind}`, text);
  note.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  return note;
}

function table(caption: string, columns: string[], rows: (string | null)[][]): HTMLElement {
  const head = el(
    'tr',
    undefined,
    ...columns.map((name) => {
      const th = el('th', undefined, name);
      th.setAttribute('scope', 'col');
      return th;
    }),
  );
  const body = rows.map((row) =>
    el(
      'tr',
      undefined,
      ...row.map((value) => {
        if (value === null) return el('td', 'null', 'NULL');
        // Logs hold a whole error report: first line shown, the rest one click away.
        if (value.includes('\n')) {
          const [first] = value.split('\n');
          return el('td', undefined, el('details', undefined, el('summary', undefined, first ?? ''), el('pre', undefined, value)));
        }
        return el('td', undefined, value);
      }),
    ),
  );
  const wrap = el(
    'div',
    'table-wrap',
    el('table', undefined, el('caption', undefined, caption), el('thead', undefined, head), el('tbody', undefined, ...body)),
  );
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', caption);
  return wrap;
}

type MigrationStatus = 'applied' | 'failed' | 'rolled back';

/**
 * `_prisma_migrations` as a reader needs it: what happened to each migration, in the order Prisma
 * started them. The raw table (UUIDs and checksums first) stays one click away.
 */
function migrationsView(columns: string[], rows: (string | null)[][]): HTMLElement {
  const at = (row: (string | null)[], name: string) => row[columns.indexOf(name)] ?? null;
  const items = rows.map((row) => {
    const status: MigrationStatus =
      at(row, 'rolled_back_at') !== null ? 'rolled back' : at(row, 'finished_at') !== null ? 'applied' : 'failed';
    const badge = el('span', `badge ${status === 'applied' ? 'ok' : status === 'failed' ? 'err' : 'warn'}`, status);
    const facts = el(
      'dl',
      'lab-migration-facts',
      el('dt', undefined, 'started'),
      el('dd', undefined, el('time', undefined, at(row, 'started_at') ?? '—')),
      el('dt', undefined, 'finished'),
      el('dd', undefined, el('time', undefined, at(row, 'finished_at') ?? '—')),
      ...(status === 'rolled back'
        ? [el('dt', undefined, 'rolled back'), el('dd', undefined, el('time', undefined, at(row, 'rolled_back_at') ?? ''))]
        : []),
      el('dt', undefined, 'applied steps'),
      el('dd', undefined, at(row, 'applied_steps_count') ?? '0'),
    );
    const logs = at(row, 'logs');
    const item = el(
      'li',
      'lab-migration',
      el('p', 'lab-migration-head', badge, el('code', undefined, at(row, 'migration_name') ?? '')),
      facts,
    );
    item.dataset.status = status;
    if (logs) item.append(el('details', 'lab-migration-logs', el('summary', undefined, 'logs'), el('pre', undefined, logs)));
    return item;
  });
  const list = el('ol', 'lab-migrations', ...items);
  list.dataset.role = 'lab-migrations';
  list.setAttribute('aria-label', '_prisma_migrations, one migration per row');
  const raw = el(
    'details',
    'lab-raw',
    el('summary', undefined, 'Raw table'),
    table(`_prisma_migrations (${rows.length} row${rows.length === 1 ? '' : 's'})`, columns, rows),
  );
  return el(
    'div',
    'lab-migrations-view',
    el('p', 'lab-state-sub', el('code', undefined, '_prisma_migrations'), ` (${rows.length} row${rows.length === 1 ? '' : 's'})`),
    list,
    raw,
  );
}

export function renderSnapshot(host: HTMLElement, snapshot: LabSnapshot): void {
  const parts: HTMLElement[] = [];
  parts.push(
    snapshot.migrations
      ? migrationsView(snapshot.migrations.columns, snapshot.migrations.rows)
      : el('p', 'meta', '_prisma_migrations does not exist yet.'),
  );
  if (snapshot.tables.length === 0) {
    parts.push(el('p', 'meta', 'Schema "public": no tables.'));
  } else {
    const items = snapshot.tables.map((t) =>
      el(
        'li',
        undefined,
        el('strong', undefined, t.name),
        el(
          'ul',
          undefined,
          ...t.columns.map((c) =>
            el(
              'li',
              undefined,
              el('code', undefined, `${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}${c.default ? ` DEFAULT ${c.default}` : ''}`),
            ),
          ),
          ...t.constraints.map((c) => el('li', undefined, 'constraint ', el('code', undefined, `${c.name}: ${c.definition}`))),
          ...t.indexes.map((i) => el('li', undefined, 'index ', el('code', undefined, i.definition))),
        ),
      ),
    );
    parts.push(el('div', 'lab-schema', el('p', 'meta', 'Schema "public" now:'), el('ul', undefined, ...items)));
  }
  host.replaceChildren(el('p', 'lab-state-title', 'The database after this command'), ...parts);
}
