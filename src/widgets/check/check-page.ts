/**
 * The /check page: a pasted migration or a chosen migrations folder, checked in the tab's database
 * worker with the same code as the command line, and a report that can be shared as a link.
 * Over 300 lines because the form, the folder reading, the draft and the report are one page's
 * wiring; the checking itself is the checker's (lib/checker), shared with the command line.
 */
import { tabDatabase } from '../../lib/sql-runtime/tab-database.ts';
import { WorkerStoppedError } from '../../lib/sql-runtime/client.ts';
import {
  checkMigrations,
  type CheckReport,
  type MigrationSource,
  type PrismaTarget,
  type RunDatabase,
  type RunOutcome,
} from '../../lib/checker/check.ts';
import { lintOffThread } from './lint-client.ts';
import { statementOutcome } from '../../lib/sql-runtime/protocol.ts';
import { RULES } from '../../lib/checker/rules.ts';
import { copyShareLink, decodeShare } from '../../lib/share/share-link.ts';
import { editKey } from '../../lib/share/saved-edits.ts';
import { DraftKeeper, sharedBanner } from '../../lib/share/draft-keeper.ts';
import { MAX_FILE_BYTES } from '../../lib/sql-runtime/limits.ts';
import { el } from '../../lib/dom/el.ts';
import { unavailableExtensionMessage } from '../../lib/sql-runtime/extension-message.ts';
import { editorOnFocus } from '../../lib/editor/editor-on-focus.ts';

const RUN_TIMEOUT_MS = 20_000;
const STORAGE_ID = 'check-page';
/** What Prisma generates for a required column and a unique index on a table that has rows: two findings and a failure to show. */
const SAMPLE =
  '-- AlterTable\nALTER TABLE "User" ADD COLUMN "handle" TEXT NOT NULL;\n\n-- CreateIndex\nCREATE UNIQUE INDEX "User_handle_key" ON "User"("handle");\n';
const live = new WeakSet<HTMLElement>();

/** A migration file as read from disk: its text, or why it cannot be checked. */
export type FileReading = { name: string; sql: string } | { name: string; problem: string };

/**
 * Reads one chosen file as a migration: too large, binary (NUL bytes) and non-UTF-8 files are
 * described instead of being sent to the database, where they would fail with a wire-protocol error.
 */
export async function readMigrationFile(name: string, file: Blob): Promise<FileReading> {
  if (file.size > MAX_FILE_BYTES)
    return { name, problem: `is ${Math.ceil(file.size / 1024)} KB; the checker takes files up to ${MAX_FILE_BYTES / 1024} KB.` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.includes(0))
    return {
      name,
      problem: 'is not a text file (it contains NUL bytes), so PostgreSQL could not read it. Is a binary file saved under this name?',
    };
  try {
    return { name, sql: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const line = lossy.slice(0, lossy.indexOf('\uFFFD')).split('\n').length;
    return {
      name,
      problem: `is not valid UTF-8 (first bad byte on line ${line}); PostgreSQL and Prisma read migrations as UTF-8. Save it as UTF-8 and choose the folder again.`,
    };
  }
}

function renderFileProblems(host: HTMLElement, problems: { name: string; problem: string }[]): void {
  if (problems.length === 0) return;
  const items = problems.map((p) => {
    const item = el(
      'li',
      'finding',
      el('span', 'finding-head', el('span', 'severity error', 'error'), ' ', el('code', undefined, p.name)),
      ' ',
      p.problem,
    );
    item.dataset.role = 'check-file-problem';
    return item;
  });
  host.prepend(
    el('section', 'report-migration', el('h3', undefined, `${problems.length} file(s) not checked`), el('ul', 'findings', ...items)),
  );
}

// Its own copy, not dom/required.ts: this page sets up at load, and sharing that module would add a
// chunk's worth of bytes before interaction for a three-line function.
function required<T extends Element>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`check page is missing ${selector}`);
  return found;
}

function describe(outcome: RunOutcome): HTMLElement {
  if (outcome.skipped) return el('span', 'skipped', `skipped: ${outcome.skipped}`);
  if (outcome.ok) return el('span', 'badge ok', 'ok');
  const text = outcome.failures.map((failure) => `line ${failure.line}: ${failure.code} ${failure.message}`).join('; ');
  const kept = outcome.committedBeforeFailure ? ` (${outcome.committedBeforeFailure} statement(s) before it stayed committed)` : '';
  return el('span', 'failed', `failed, ${text}${kept}`);
}

function link(href: string, text: string): HTMLAnchorElement {
  const a = el('a', undefined, text) as HTMLAnchorElement;
  a.href = href;
  return a;
}

type Decorate = typeof import('../parts/render-locks.ts').decorate;

/**
 * What each statement locked and rewrote, with the live examples' badges and hooks
 * (`[data-role="statement"]` > `[data-role="lock"]`, `data-rewrite`).
 */
function renderLocks(migration: CheckReport['migrations'][number], decorate: Decorate): HTMLElement {
  if (!migration.trace) {
    const note = el('p', 'meta', `Locks: not traced${migration.traceUnavailable ? ` (${migration.traceUnavailable})` : ''}.`);
    note.dataset.role = 'check-locks';
    return note;
  }
  const rows = migration.trace
    .filter((statement) => statement.status !== 'not-run')
    .map((statement) => {
      const head = statement.sql.replace(/\s+/g, ' ').trim();
      const row = el(
        'li',
        'report-lock',
        el('span', 'meta', `line ${statement.line} `),
        el('code', undefined, head.length > 90 ? `${head.slice(0, 89)}…` : head),
      );
      row.dataset.role = 'statement';
      decorate(row, statement);
      return row;
    });
  const list = el('ul', 'report-locks', ...rows);
  list.dataset.role = 'check-locks';
  return el('details', 'report-locks-box', el('summary', undefined, `Locks and rewrites (${rows.length} statement(s))`), list);
}

function renderReport(
  host: HTMLElement,
  report: CheckReport,
  selectLine: (name: string, line: number) => void,
  target: PrismaTarget,
  decorate: Decorate,
): void {
  // The counts first, as cards in the severity's colour; the sentence under them says the same in words.
  const count = (n: number, label: string, kind: string) =>
    el('p', `report-count ${n ? kind : ''}`, el('strong', undefined, String(n)), ` ${label}`);
  const counts = el(
    'div',
    'report-counts',
    count(report.errors, report.errors === 1 ? 'error' : 'errors', 'err'),
    count(report.warnings, report.warnings === 1 ? 'warning' : 'warnings', 'warn'),
    count(report.migrations.length, report.migrations.length === 1 ? 'migration' : 'migrations', ''),
  );
  const summary = el(
    'p',
    'report-summary',
    `${report.migrations.length} migration(s) checked for Prisma ${target === '7.3' ? '≤ 7.3 (one batch)' : '≥ 7.4 (statement by statement)'}: ${report.errors} error(s), ${report.warnings} warning(s).`,
  );
  summary.dataset.role = 'check-summary';
  summary.dataset.errors = String(report.errors);
  summary.dataset.warnings = String(report.warnings);
  const parts: HTMLElement[] = [counts, summary];
  for (const migration of report.migrations) {
    const again =
      migration.again.ok || migration.again.skipped
        ? describe(migration.again)
        : el(
            'span',
            'failed',
            `${migration.again.failures.length} statement(s) conflict with what the first run created: ${migration.again.failures.map((f) => `line ${f.line} ${f.code} ${f.message}`).join('; ')}`,
          );
    const runs = el(
      'ul',
      'report-runs',
      el('li', undefined, 'Fresh database, one batch (Prisma ≤ 7.3): ', describe(migration.batch)),
      el('li', undefined, 'Fresh database, statement by statement (Prisma ≥ 7.4): ', describe(migration.statements)),
      el('li', undefined, 'Second run (idempotency, conflicts): ', again),
    );
    const findings = migration.findings.map((finding) => {
      const rule = RULES[finding.rule];
      const lineButton = el('button', 'ex-button', `line ${finding.line}`) as HTMLButtonElement;
      lineButton.type = 'button';
      lineButton.addEventListener('click', () => selectLine(migration.name, finding.line));
      const item = el(
        'li',
        `finding ${finding.severity}`,
        el(
          'p',
          'finding-head',
          el('span', `badge severity ${finding.severity === 'error' ? 'err' : 'warn'}`, finding.severity),
          el('code', undefined, finding.rule),
          lineButton,
        ),
        el('p', 'finding-message', finding.message),
        el('p', 'finding-why', rule.why, ' ', link(rule.section, 'Read the section'), ' · ', link(rule.example, 'run the example')),
      );
      item.dataset.rule = finding.rule;
      item.dataset.line = String(finding.line);
      return item;
    });
    const context = migration.missingContext
      ? el(
          'p',
          'report-context',
          'Not counted as a failure: what it changes is not there because no context was given. Paste the migrations before it, or the schema it starts from, under “Start from”, and check again.',
        )
      : undefined;
    if (context) context.dataset.role = 'check-missing-context';
    const extensionNotes = [
      ...(migration.unavailableExtensions ?? []).map(
        (name) => `${unavailableExtensionMessage(name)}; its CREATE EXTENSION was not run and the rest of the migration is still checked.`,
      ),
      ...(migration.dependsOn
        ? [`Cannot run: it depends on extension ${migration.dependsOn.join(', ')}, which PGlite lacks. Not counted as a failure.`]
        : []),
    ].map((text) => {
      const item = el('p', 'report-context', text);
      item.dataset.role = 'check-extension';
      return item;
    });
    // At a glance: did it run, and how much the linter says (its severity in the colour).
    const failed = (!migration.batch.ok && !migration.batch.skipped) || (!migration.statements.ok && !migration.statements.skipped);
    // A run that failed only because context or an extension is missing is not counted as failing.
    const excused = Boolean(migration.missingContext || migration.dependsOn);
    const lintErrors = migration.findings.some((f) => f.severity === 'error');
    const found = migration.findings.length;
    const tally = el(
      'span',
      'report-tally',
      el('span', `badge ${failed ? (excused ? 'warn' : 'err') : 'ok'}`, failed ? (excused ? 'not run here' : 'run failed') : 'runs ok'),
      el('span', `badge ${found ? (lintErrors ? 'err' : 'warn') : ''}`, `${found} finding${found === 1 ? '' : 's'}`),
    );
    const section = el(
      'section',
      'report-migration',
      el('h3', undefined, el('span', undefined, migration.name), tally),
      runs,
      ...(context ? [context] : []),
      ...extensionNotes,
      renderLocks(migration, decorate),
      findings.length ? el('ul', 'findings', ...findings) : el('p', 'meta', 'No lint findings.'),
    );
    section.dataset.role = 'check-migration';
    if (migration.missingContext) section.dataset.missingContext = '';
    parts.push(section);
  }
  host.replaceChildren(...parts);
}

export function setUpCheckPage(): void {
  const page = required<HTMLElement>('[data-page="check"]');
  if (live.has(page)) return;
  live.add(page);
  const form = required<HTMLFormElement>('[data-role="check-form"]');
  const textarea = required<HTMLTextAreaElement>('[data-role="check-sql"]');
  const folder = required<HTMLInputElement>('[data-role="check-folder"]');
  const status = required<HTMLElement>('[data-role="check-status"]');
  const report = required<HTMLElement>('[data-role="check-report"]');
  const targetSelect = required<HTMLSelectElement>('[data-role="check-target"]');
  const contextArea = required<HTMLTextAreaElement>('[data-role="check-context"]');
  for (const control of page.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[disabled]')) control.disabled = false;
  const selectText = editorOnFocus(textarea, { label: 'migration.sql', onRun: () => form.requestSubmit() });
  editorOnFocus(contextArea, { label: 'SQL the database holds before the migration runs', onRun: () => form.requestSubmit() });
  let folderSources: MigrationSource[] | undefined;
  let folderProblems: { name: string; problem: string }[] = [];
  let running = false;
  /** A folder from a link is on show (its note says nothing has run). */
  let sharedFolder = false;

  const note = el('div', 'draft-note');
  note.dataset.role = 'draft-note';
  note.setAttribute('role', 'status');
  note.hidden = true;
  form.after(note);
  const drafts = new DraftKeeper({
    key: editKey(STORAGE_ID),
    read: () => textarea.value,
    write: (text) => {
      textarea.value = text;
    },
    built: textarea.defaultValue,
    host: page,
    note,
  });
  // What was typed before this module loaded is in the textarea already: the keeper weighs it.
  drafts.start();
  textarea.addEventListener('input', () => {
    if (sharedFolder) {
      // Typing leaves the shared folder for the reader's own text.
      sharedFolder = false;
      delete page.dataset.shared;
      note.hidden = true;
    }
    folderSources = undefined;
    folderProblems = [];
    drafts.changed();
  });

  // A sample only fills an empty box: the reader's own text is never replaced.
  page.querySelector('[data-action="check-sample"]')?.addEventListener('click', () => {
    if (textarea.value.trim()) {
      status.textContent = 'Your text is kept: clear the box to load the sample.';
      return;
    }
    textarea.value = SAMPLE;
    textarea.dispatchEvent(new Event('input'));
    status.textContent = 'Sample loaded: press Check.';
  });

  const selectLine = (name: string, line: number) => {
    if (folderSources) return;
    const lines = textarea.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
    selectText(start, start + (lines[line - 1]?.length ?? 0));
    status.textContent = `${name}, line ${line} selected.`;
  };

  const sources = (): MigrationSource[] | string => {
    if (folderSources) return folderSources;
    if (!textarea.value.trim()) return 'Paste a migration.sql first, or choose a migrations folder.';
    if (new TextEncoder().encode(textarea.value).length > MAX_FILE_BYTES)
      return `The text is over ${MAX_FILE_BYTES / 1024} KB; the checker takes one migration at a time. Your text is kept.`;
    return [{ name: 'migration.sql', sql: textarea.value }];
  };

  const check = async () => {
    const input = sources();
    if (typeof input === 'string') {
      status.textContent = input;
      return;
    }
    if (running) return;
    running = true;
    page.dataset.busy = '';
    status.textContent = tabDatabase().startup ? 'Checking…' : 'Starting PostgreSQL in this tab… (first check only)';
    try {
      const database = tabDatabase();
      const run: RunDatabase = (state, script, nextKey) => database.run(state, script, { nextKey, maxRows: 0, timeoutMs: RUN_TIMEOUT_MS });
      const target: PrismaTarget = targetSelect.value === '7.3' ? '7.3' : '7.4';
      const setup = contextArea.value.trim() ? contextArea.value : undefined;
      const result = await checkMigrations(input, run, lintOffThread, {
        target,
        // Each migration's locks, observed on the state it started from (the worker then holds what it left).
        trace: async (state, script, after, ran) => {
          const outcome = ran.statements.map((statement) => statementOutcome(statement.status, statement.error?.code));
          try {
            return (await database.trace(state, script, after, outcome, 2 * RUN_TIMEOUT_MS)).trace.statements;
          } catch (error) {
            return error instanceof Error ? error.message : String(error);
          }
        },
        ...(setup ? { setup } : {}),
        withoutContext: !setup && !folderSources,
        onProgress: (done, total) => {
          if (total > 1) status.textContent = `Checking ${done} of ${total} migrations…`;
          page.dataset.progress = `${done}/${total}`;
        },
      });
      // The badges' code comes with the first report, not with the page.
      const { decorate } = await import('../parts/render-locks.ts');
      renderReport(report, result, selectLine, target, decorate);
      renderFileProblems(report, folderProblems);
      drafts.ran();
      if (sharedFolder) {
        sharedFolder = false;
        delete page.dataset.shared;
        note.hidden = true;
      }
      status.textContent = `Checked: ${result.errors} error(s), ${result.warnings} warning(s).`;
    } catch (error) {
      status.textContent =
        error instanceof WorkerStoppedError
          ? `${error.message} A migration that runs this long (a lock wait, an endless loop) would hold up a deploy too.`
          : `The check could not finish: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      running = false;
      delete page.dataset.busy;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void check();
  });

  folder.addEventListener('change', async () => {
    const files = [...(folder.files ?? [])].filter((file) => /(^|\/)[^/]+\/migration\.sql$/.test(file.webkitRelativePath || file.name));
    if (files.length === 0) {
      status.textContent = 'No migration.sql files in that folder (choose prisma/migrations).';
      return;
    }
    const read = await Promise.all(
      files.map((file) => {
        const parts = (file.webkitRelativePath || file.name).split('/');
        return readMigrationFile(`${parts.at(-2)}/migration.sql`, file);
      }),
    );
    read.sort((a, b) => a.name.localeCompare(b.name));
    folderProblems = read.filter((r): r is { name: string; problem: string } => 'problem' in r);
    const good = read.filter((r): r is { name: string; sql: string } => 'sql' in r);
    const said = folderProblems.length ? ` ${folderProblems.length} file(s) cannot be checked (listed in the report).` : '';
    if (good.length === 0) {
      folderSources = undefined;
      report.replaceChildren();
      renderFileProblems(report, folderProblems);
      status.textContent = `No readable migration.sql in that folder.${said}`;
      return;
    }
    folderSources = good;
    // Said at once; the report that follows lists them again above the checked migrations.
    report.replaceChildren();
    renderFileProblems(report, folderProblems);
    status.textContent = `${folderSources.length} migration(s) from the folder, in Prisma's order.${said}`;
    void check();
  });

  page.querySelector('[data-action="check-share"]')?.addEventListener('click', async () => {
    const input = sources();
    if (typeof input === 'string') {
      status.textContent = input;
      return;
    }
    const state = folderSources
      ? { kind: 'check' as const, sql: '', migrations: folderSources }
      : { kind: 'check' as const, sql: textarea.value };
    await copyShareLink(state, status, 'Link copied: it opens this page with the same migration; the reader presses Check to run it.');
  });

  const showShared = (state: { sql: string; migrations?: { name: string; sql: string }[] }) => {
    report.replaceChildren();
    if (state.migrations?.length) {
      // A folder travels whole: shown file by file, checked only when the reader presses Check.
      folderSources = state.migrations;
      sharedFolder = true;
      page.dataset.shared = '';
      note.hidden = false;
      note.replaceChildren(`${sharedBanner()} ${state.migrations.length} migration(s) from the link; your own text above is untouched.`);
      report.append(
        ...state.migrations.map((m) => el('details', 'shared-migration', el('summary', undefined, m.name), el('pre', undefined, m.sql))),
      );
    } else {
      folderSources = undefined;
      drafts.showShared(state.sql);
    }
    status.textContent = 'Press Check to run it.';
  };
  const openLink = async () => {
    if (!location.hash.startsWith('#share=')) return;
    try {
      const state = await decodeShare(location.hash);
      if (state.kind === 'check') showShared(state);
    } catch {
      // open-shared.ts reports a broken link; the reader's own text stays.
    }
  };
  addEventListener('hashchange', () => void openLink());
  void openLink().finally(() => {
    page.dataset.ready = '';
  });
}
