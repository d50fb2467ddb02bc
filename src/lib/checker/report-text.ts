/**
 * The checker's report as text, for a terminal or a CI log: per migration, how it ran, then each
 * finding with its line, rule and the guide section that explains it.
 */
import { RULES } from './rules.ts';
import type { CheckReport, MigrationReport, RunOutcome } from './check.ts';
import { strongestPerRelation, SQL_NAMES } from '../locks/index.ts';
import type { JsonReport } from './report-json.ts';

const BLOCKS = { 'reads,writes': 'blocks reads and writes', writes: 'blocks writes', ddl: 'blocks other schema changes only' } as const;

/** Each statement's strongest lock per relation and what it rewrote (issue 11's text form). */
function lockLines(migration: MigrationReport): string[] {
  const lines: string[] = [];
  for (const statement of migration.trace ?? []) {
    const locks = strongestPerRelation(statement.locks).map(
      (lock) =>
        `${SQL_NAMES[lock.mode]} on ${lock.relation} (${BLOCKS[lock.blocks]}${lock.source === 'documented' ? ', from the PostgreSQL docs, not observed' : ''})`,
    );
    const rewrites = statement.rewrites.length > 0 ? [`rewrote ${statement.rewrites.join(', ')}`] : [];
    if (locks.length + rewrites.length === 0) continue;
    lines.push(`  line ${String(statement.line).padEnd(4)} locks   ${[...locks, ...rewrites].join(' · ')}`);
  }
  return lines;
}

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

export function formatReport(report: CheckReport, options: { siteUrl: string; json?: JsonReport }): string {
  const lines: string[] = [];
  const shown = report.migrations.filter((migration) => !migration.replayedOnly);
  for (const [index, migration] of shown.entries()) {
    lines.push(migration.name);
    const json = options.json?.migrations[index];
    for (const problem of migration.problems ?? []) lines.push(`  NOT CHECKED  ${problem}`);
    const ran = !(migration.batch.skipped && migration.statements.skipped);
    if (ran) lines.push(`  fresh database, one batch (Prisma <= 7.3)          ${describe(migration.batch)}`);
    if (ran) lines.push(`  fresh database, statement by statement (>= 7.4)    ${describe(migration.statements)}`);
    const again =
      migration.again.ok || migration.again.skipped
        ? describe(migration.again)
        : `${migration.again.failures.length} statement(s) conflict: ${listed(migration.again.failures.map((f) => `line ${f.line} ${f.code}`))}`;
    if (ran) lines.push(`  second run (idempotency, conflicts)                ${again}`);
    if (migration.dependsOn)
      lines.push(`  CANNOT RUN   depends on extension ${migration.dependsOn.join(', ')}, which PGlite lacks: not counted as a failure`);
    lines.push(...lockLines(migration));
    if (json) {
      for (const finding of json.findings) {
        const rule = finding.rule in RULES ? RULES[finding.rule as keyof typeof RULES] : undefined;
        lines.push(`  line ${String(finding.line).padEnd(4)} ${finding.severity.padEnd(7)} ${finding.rule}  ${finding.message}`);
        if (rule) lines.push(`            ${rule.why}`);
        lines.push(`            guide: ${finding.url}`);
      }
      lines.push('');
      continue;
    }
    for (const finding of migration.findings) {
      const rule = RULES[finding.rule];
      lines.push(`  line ${String(finding.line).padEnd(4)} ${finding.severity.padEnd(7)} ${finding.rule}  ${finding.message}`);
      lines.push(`            ${rule.why}`);
      lines.push(`            guide: ${options.siteUrl}${rule.section}  example: ${options.siteUrl}${rule.example}`);
    }
    lines.push('');
  }
  if (options.json) {
    const { summary } = options.json;
    const replayed = summary.replayed > 0 ? ` (${summary.replayed} earlier one(s) only replayed)` : '';
    lines.push(
      `${summary.migrations} migration(s) checked${replayed}: ${summary.failed} failed, ${summary.cannotRun} cannot run here, ${summary.notChecked} not checked; ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info`,
    );
  } else lines.push(`${report.migrations.length} migration(s) checked: ${report.errors} error(s), ${report.warnings} warning(s)`);
  return lines.join('\n');
}
