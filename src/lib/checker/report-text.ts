/**
 * The checker's report as text, for a terminal or a CI log: per migration, how it ran, then each
 * finding with its line, rule and the guide section that explains it.
 */
import { RULES } from './rules.ts';
import type { CheckReport, RunOutcome } from './check.ts';

function describe(outcome: RunOutcome): string {
  if (outcome.skipped) return `skipped (${outcome.skipped})`;
  if (outcome.ok) return 'ok';
  const first = outcome.failures[0];
  const failed = outcome.failures.map((failure) => `line ${failure.line}: ${failure.code} ${failure.message}`).join('; ');
  const kept = outcome.committedBeforeFailure ? ` (${outcome.committedBeforeFailure} statement(s) before it stayed committed)` : '';
  return first ? `FAILED ${failed}${kept}` : 'FAILED';
}

/** Conflicts named on one line; a data migration can have thousands. */
const LISTED = 10;

const listed = (items: string[]) =>
  items.length > LISTED ? `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more` : items.join(', ');

export function formatReport(report: CheckReport, options: { siteUrl: string }): string {
  const lines: string[] = [];
  for (const migration of report.migrations) {
    lines.push(migration.name);
    for (const problem of migration.problems ?? []) lines.push(`  NOT CHECKED  ${problem}`);
    const ran = !(migration.batch.skipped && migration.statements.skipped);
    if (ran) lines.push(`  fresh database, one batch (Prisma <= 7.3)          ${describe(migration.batch)}`);
    if (ran) lines.push(`  fresh database, statement by statement (>= 7.4)    ${describe(migration.statements)}`);
    const again = migration.again.ok || migration.again.skipped
      ? describe(migration.again)
      : `${migration.again.failures.length} statement(s) conflict: ${listed(migration.again.failures.map((f) => `line ${f.line} ${f.code}`))}`;
    if (ran) lines.push(`  second run (idempotency, conflicts)                ${again}`);
    for (const finding of migration.findings) {
      const rule = RULES[finding.rule];
      lines.push(`  line ${String(finding.line).padEnd(4)} ${finding.severity.padEnd(7)} ${finding.rule}  ${finding.message}`);
      lines.push(`            ${rule.why}`);
      lines.push(`            guide: ${options.siteUrl}${rule.section}  example: ${options.siteUrl}${rule.example}`);
    }
    lines.push('');
  }
  lines.push(`${report.migrations.length} migration(s) checked: ${report.errors} error(s), ${report.warnings} warning(s)`);
  return lines.join('\n');
}
