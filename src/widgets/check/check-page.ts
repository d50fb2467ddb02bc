/**
 * The /check page: a pasted migration or a chosen migrations folder, checked in the tab's database
 * worker with the same code as the command line, and a report that can be shared as a link.
 * Over 300 lines because the form, the folder reading, the draft and the report are one page's
 * wiring; the checking itself is the checker's (lib/checker), shared with the command line.
 */
import { tabDatabase } from '../../lib/sql-runtime/tab-database.ts';
import { WorkerStoppedError } from '../../lib/sql-runtime/client.ts';
import type { MigrationSource, PrismaTarget, RunDatabase } from '../../lib/checker/check.ts';
import { lintOffThread } from './lint-client.ts';
import { statementOutcome } from '../../lib/sql-runtime/protocol.ts';
import { copyShareLink, decodeShare } from '../../lib/share/share-link.ts';
import { editKey } from '../../lib/share/saved-edits.ts';
import { DraftKeeper, sharedBanner } from '../../lib/share/draft-keeper.ts';
import { MAX_FILE_BYTES } from '../../lib/sql-runtime/limits.ts';
import { el } from '../../lib/dom/el.ts';
import { warmFontStrikes } from '../../lib/dom/font-strikes.ts';
import { REPORT_STRIKES } from './report-strikes.ts';
import { required } from '../../lib/dom/required.ts';
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
    // Not text-lines.ts's lineAt: that module is a chunk of its own, and even loading it on demand here
    // adds ~40 bytes gz before interaction (measured) for one count done once per bad file.
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

export function setUpCheckPage(): void {
  const page = required<HTMLElement>(document, '[data-page="check"]', 'check page');
  if (live.has(page)) return;
  live.add(page);
  const form = required<HTMLFormElement>(document, '[data-role="check-form"]', 'check page');
  const textarea = required<HTMLTextAreaElement>(document, '[data-role="check-sql"]', 'check page');
  const folder = required<HTMLInputElement>(document, '[data-role="check-folder"]', 'check page');
  const status = required<HTMLElement>(document, '[data-role="check-status"]', 'check page');
  const report = required<HTMLElement>(document, '[data-role="check-report"]', 'check page');
  const targetSelect = required<HTMLSelectElement>(document, '[data-role="check-target"]', 'check page');
  const contextArea = required<HTMLTextAreaElement>(document, '[data-role="check-context"]', 'check page');
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
      // The checker and the report's drawing come with the first check, not with the page.
      const [{ checkMigrations }, { renderReport }] = await Promise.all([
        import('../../lib/checker/check.ts'),
        import('./check-report.ts'),
      ]);
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
      renderReport(report, result, selectLine, target);
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
    // While the page is quiet, before a run starts the database (font-strikes.ts says why).
    warmFontStrikes(REPORT_STRIKES);
  });
}
