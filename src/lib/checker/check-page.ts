/**
 * The /check page: a pasted migration or a chosen migrations folder, checked in the tab's database
 * worker with the same code as the command line, and a report that can be shared as a link.
 */
import { tabDatabase } from '../sql-runtime/tab-database.ts';
import { WorkerStoppedError } from '../sql-runtime/client.ts';
import { checkMigrations, type CheckReport, type MigrationSource, type RunOutcome } from './check.ts';
import { RULES } from './rules.ts';
import { copyShareLink, decodeShare } from '../share/share-link.ts';
import { readSavedEdit, saveEdit } from '../share/saved-edits.ts';
import { el } from '../dom/el.ts';

const RUN_TIMEOUT_MS = 20_000;
const MAX_BYTES = 512 * 1024;
const STORAGE_ID = 'check-page';

function required<T extends Element>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`check page is missing ${selector}`);
  return found;
}

function describe(outcome: RunOutcome): HTMLElement {
  if (outcome.skipped) return el('span', 'skipped', `skipped: ${outcome.skipped}`);
  if (outcome.ok) return el('span', 'ok', 'ok');
  const text = outcome.failures.map((failure) => `line ${failure.line}: ${failure.code} ${failure.message}`).join('; ');
  const kept = outcome.committedBeforeFailure ? ` (${outcome.committedBeforeFailure} statement(s) before it stayed committed)` : '';
  return el('span', 'failed', `failed, ${text}${kept}`);
}

function link(href: string, text: string): HTMLAnchorElement {
  const a = el('a', undefined, text) as HTMLAnchorElement;
  a.href = href;
  return a;
}

function renderReport(host: HTMLElement, report: CheckReport, selectLine: (name: string, line: number) => void): void {
  const parts: HTMLElement[] = [el('p', 'report-summary', `${report.migrations.length} migration(s) checked: ${report.errors} error(s), ${report.warnings} warning(s).`)];
  for (const migration of report.migrations) {
    const again = migration.again.ok || migration.again.skipped
      ? describe(migration.again)
      : el('span', 'failed', `${migration.again.failures.length} statement(s) conflict with what the first run created: ${migration.again.failures.map((f) => `line ${f.line} ${f.code} ${f.message}`).join('; ')}`);
    const runs = el('ul', 'report-runs',
      el('li', undefined, 'Fresh database, one batch (Prisma ≤ 7.3): ', describe(migration.batch)),
      el('li', undefined, 'Fresh database, statement by statement (Prisma ≥ 7.4): ', describe(migration.statements)),
      el('li', undefined, 'Second run (idempotency, conflicts): ', again));
    const findings = migration.findings.map((finding) => {
      const rule = RULES[finding.rule];
      const lineButton = el('button', 'ex-button', `line ${finding.line}`) as HTMLButtonElement;
      lineButton.type = 'button';
      lineButton.addEventListener('click', () => selectLine(migration.name, finding.line));
      const item = el('li', 'finding',
        el('span', 'finding-head', lineButton, ' ', el('span', `severity ${finding.severity}`, finding.severity), ' ', el('code', undefined, finding.rule), ' ', finding.message),
        el('br'), rule.why, ' ', link(rule.section, 'Read the section'), ' · ', link(rule.example, 'run the example'));
      item.dataset.rule = finding.rule;
      item.dataset.line = String(finding.line);
      return item;
    });
    const section = el('section', 'report-migration', el('h3', undefined, migration.name), runs,
      findings.length ? el('ul', 'findings', ...findings) : el('p', 'meta', 'No lint findings.'));
    section.dataset.role = 'check-migration';
    parts.push(section);
  }
  host.replaceChildren(...parts);
}

export function setUpCheckPage(): void {
  const page = required<HTMLElement>('[data-page="check"]');
  if (page.dataset.ready !== undefined) return;
  page.dataset.ready = '';
  const form = required<HTMLFormElement>('[data-role="check-form"]');
  const textarea = required<HTMLTextAreaElement>('[data-role="check-sql"]');
  const folder = required<HTMLInputElement>('[data-role="check-folder"]');
  const status = required<HTMLElement>('[data-role="check-status"]');
  const report = required<HTMLElement>('[data-role="check-report"]');
  for (const control of page.querySelectorAll<HTMLButtonElement | HTMLInputElement>('[disabled]')) control.disabled = false;
  let folderSources: MigrationSource[] | undefined;
  let running = false;

  textarea.value = readSavedEdit(STORAGE_ID) ?? '';
  textarea.addEventListener('input', () => {
    folderSources = undefined;
    if (saveEdit(STORAGE_ID, textarea.value, '') === 'unavailable') status.textContent = 'Your text will not be kept after you leave: this browser\'s storage is unavailable.';
  });

  const selectLine = (name: string, line: number) => {
    if (folderSources) return;
    const lines = textarea.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
    textarea.focus();
    textarea.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    status.textContent = `${name}, line ${line} selected.`;
  };

  const sources = (): MigrationSource[] | string => {
    if (folderSources) return folderSources;
    if (!textarea.value.trim()) return 'Paste a migration.sql first, or choose a migrations folder.';
    if (new TextEncoder().encode(textarea.value).length > MAX_BYTES) return `The text is over ${MAX_BYTES / 1024} KB; the checker takes one migration at a time. Your text is kept.`;
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
      const result = await checkMigrations(input, (state, script, nextKey) => database.run(state, script, { nextKey, maxRows: 0, timeoutMs: RUN_TIMEOUT_MS }));
      renderReport(report, result, selectLine);
      status.textContent = `Checked: ${result.errors} error(s), ${result.warnings} warning(s).`;
    } catch (error) {
      status.textContent = error instanceof WorkerStoppedError
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
    const read = await Promise.all(files.map(async (file) => {
      const parts = (file.webkitRelativePath || file.name).split('/');
      return { name: `${parts.at(-2)}/migration.sql`, sql: await file.text() };
    }));
    folderSources = read.sort((a, b) => a.name.localeCompare(b.name));
    status.textContent = `${folderSources.length} migration(s) from the folder, in Prisma's order.`;
    void check();
  });

  page.querySelector('[data-action="check-share"]')?.addEventListener('click', async () => {
    const input = sources();
    if (typeof input === 'string') {
      status.textContent = input;
      return;
    }
    const state = folderSources ? { kind: 'check' as const, sql: '', migrations: folderSources } : { kind: 'check' as const, sql: textarea.value };
    await copyShareLink(state, status, 'Link copied: it opens this page with the same migration and checks it.');
  });

  if (location.hash.startsWith('#share=')) {
    void decodeShare(location.hash).then((state) => {
      if (state.kind !== 'check') return;
      if (state.migrations?.length) folderSources = state.migrations;
      else textarea.value = state.sql;
      status.textContent = 'Checking the migration from the link you opened…';
      void check();
    }, () => undefined); // open-shared.ts reports a broken link
  }
}
