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
  // Long output scrolls inside its box, so the box must be reachable by keyboard.
  const text = el('pre', 'lab-output-text', result.output);
  text.tabIndex = 0;
  text.setAttribute('role', 'region');
  text.setAttribute('aria-label', `Printed by ${result.command}`);
  block.append(
    el('p', 'lab-output-command', el('span', 'lab-prompt', '$ '), result.command),
    text,
    result.question !== undefined
      ? el('p', 'lab-exit waiting', `waiting for your answer: type y or n in the command line (Enter alone means no) · ${Math.round(result.elapsedMs)} ms`)
      : el('p', `lab-exit ${result.exitCode === 0 ? 'ok' : 'failed'}`, `exit code ${result.exitCode} · ${Math.round(result.elapsedMs)} ms`),
  );
  if (result.question !== undefined) block.dataset.question = result.question;
  // Under the command's own output, which it leaves as the CLI printed it.
  if (result.traces?.length) block.append(renderLabLocks(result.traces));
  return block;
}

export function renderNote(text: string, kind: 'error' | 'info'): HTMLElement {
  const note = el('p', `lab-note ${kind}`, text);
  note.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  return note;
}

function table(caption: string, columns: string[], rows: (string | null)[][]): HTMLElement {
  const head = el('tr', undefined, ...columns.map((name) => {
    const th = el('th', undefined, name);
    th.setAttribute('scope', 'col');
    return th;
  }));
  const body = rows.map((row) => el('tr', undefined, ...row.map((value) => {
    if (value === null) return el('td', 'null', 'NULL');
    // Logs hold a whole error report: first line shown, the rest one click away.
    if (value.includes('\n')) {
      const [first] = value.split('\n');
      return el('td', undefined, el('details', undefined, el('summary', undefined, first ?? ''), el('pre', undefined, value)));
    }
    return el('td', undefined, value);
  })));
  const wrap = el('div', 'table-wrap', el('table', undefined, el('caption', undefined, caption), el('thead', undefined, head), el('tbody', undefined, ...body)));
  wrap.tabIndex = 0;
  wrap.setAttribute('role', 'region');
  wrap.setAttribute('aria-label', caption);
  return wrap;
}

export function renderSnapshot(host: HTMLElement, snapshot: LabSnapshot): void {
  const parts: HTMLElement[] = [];
  parts.push(snapshot.migrations
    ? table(`_prisma_migrations (${snapshot.migrations.rows.length} row${snapshot.migrations.rows.length === 1 ? '' : 's'})`, snapshot.migrations.columns, snapshot.migrations.rows)
    : el('p', 'meta', '_prisma_migrations does not exist yet.'));
  if (snapshot.tables.length === 0) {
    parts.push(el('p', 'meta', 'Schema "public": no tables.'));
  } else {
    const items = snapshot.tables.map((t) => el('li', undefined,
      el('strong', undefined, t.name),
      el('ul', undefined,
        ...t.columns.map((c) => el('li', undefined, el('code', undefined, `${c.name} ${c.type}${c.nullable ? '' : ' NOT NULL'}${c.default ? ` DEFAULT ${c.default}` : ''}`))),
        ...t.constraints.map((c) => el('li', undefined, 'constraint ', el('code', undefined, `${c.name}: ${c.definition}`))),
        ...t.indexes.map((i) => el('li', undefined, 'index ', el('code', undefined, i.definition))),
      ),
    ));
    parts.push(el('div', 'lab-schema', el('p', 'meta', 'Schema "public" now:'), el('ul', undefined, ...items)));
  }
  host.replaceChildren(el('p', 'lab-state-title', 'The database after this command'), ...parts);
}
