/**
 * The /check report: a card per migration (its runs, context and extension notes, locks, findings),
 * drawn after a check. Loaded with the first report, not with the page: a reader who only opens
 * /check pays nothing for it (bytes before interaction, tests/e2e/page-bytes.spec.ts).
 */
import type { CheckReport, PrismaTarget, RunOutcome } from '../../lib/checker/check.ts';
import { RULES } from '../../lib/checker/rules.ts';
import { el } from '../../lib/dom/el.ts';
import { unavailableExtensionMessage } from '../../lib/sql-runtime/extension-message.ts';
import { decorate } from '../parts/render-locks.ts';

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

/**
 * What each statement locked and rewrote, with the live examples' badges and hooks
 * (`[data-role="statement"]` > `[data-role="lock"]`, `data-rewrite`).
 */
function renderLocks(migration: CheckReport['migrations'][number]): HTMLElement {
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

export function renderReport(
  host: HTMLElement,
  report: CheckReport,
  selectLine: (name: string, line: number) => void,
  target: PrismaTarget,
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
      renderLocks(migration),
      findings.length ? el('ul', 'findings', ...findings) : el('p', 'meta', 'No lint findings.'),
    );
    section.dataset.role = 'check-migration';
    if (migration.missingContext) section.dataset.missingContext = '';
    parts.push(section);
  }
  host.replaceChildren(...parts);
}
