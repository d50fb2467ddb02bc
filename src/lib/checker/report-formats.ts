/**
 * The report for review tools, each rendered from the JSON report: GitHub workflow commands
 * (annotations on the pull request), SARIF 2.1.0 (code scanning) and markdown (a PR comment).
 */
import { RULES } from './rules.ts';
import { SQL_NAMES } from '../locks/index.ts';
import type { JsonFinding, JsonMigration, JsonReport, Severity } from './report-json.ts';

// Workflow command values: %, CR and LF always; in properties also : and , (GitHub's escaping rules).
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function formatGithub(report: JsonReport): string {
  const lines: string[] = [];
  for (const migration of report.migrations)
    for (const finding of migration.findings) {
      const properties = `file=${escapeProperty(migration.path)},line=${finding.line},title=${escapeProperty(`${finding.rule} (${finding.severity})`)}`;
      lines.push(
        `::${COMMAND[finding.severity]} ${properties}::${escapeData(`${finding.message}${finding.url ? ` ${finding.url}` : ''}`)}`,
      );
    }
  const { summary } = report;
  lines.push(
    `${summary.migrations} migration(s) checked: ${summary.failed} failed, ${summary.cannotRun} cannot run here; ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info`,
  );
  return lines.join('\n');
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function ruleDescriptor(id: string, findings: JsonFinding[]) {
  const rule = id in RULES ? RULES[id as keyof typeof RULES] : undefined;
  const first = findings.find((finding) => finding.rule === id);
  return {
    id,
    shortDescription: { text: rule?.title ?? id },
    ...(rule ? { fullDescription: { text: rule.why } } : {}),
    ...(first?.url.startsWith('http') ? { helpUri: first.url } : {}),
    defaultConfiguration: { level: LEVEL[first?.severity ?? 'warning'] },
  };
}

export function formatSarif(report: JsonReport): string {
  const all = report.migrations.flatMap((migration) => migration.findings);
  const ids = [...new Set(all.map((finding) => finding.rule))].sort();
  const results = report.migrations.flatMap((migration) =>
    migration.findings.map((finding) => ({
      ruleId: finding.rule,
      ruleIndex: ids.indexOf(finding.rule),
      level: LEVEL[finding.severity],
      message: { text: finding.url ? `${finding.message} ${finding.url}` : finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: migration.path.split('\\').join('/') },
            region: { startLine: Math.max(1, finding.line) },
          },
        },
      ],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: 'https://github.com/',
            rules: ids.map((id) => ruleDescriptor(id, all)),
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ICON: Record<JsonMigration['status'], string> = {
  ok: 'ok',
  failed: '**FAILED**',
  'cannot-run': 'cannot run here',
  'not-checked': '**not checked**',
};

export function formatMarkdown(report: JsonReport): string {
  const { summary } = report;
  const lines = [
    `### Migration check (Prisma ${report.target.prisma}, PostgreSQL ${report.target.postgres})`,
    '',
    `${summary.migrations} migration(s) checked${summary.replayed ? ` after replaying ${summary.replayed}` : ''}: ${summary.failed} failed, ${summary.cannotRun} cannot run here · ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info`,
    '',
  ];
  for (const migration of report.migrations) {
    const heavy = migration.statements.filter(
      (statement) => statement.rewrites.length > 0 || statement.locks.some((lock) => lock.blocks === 'reads,writes'),
    );
    if (migration.status === 'ok' && migration.findings.length === 0 && heavy.length === 0) continue;
    lines.push(`#### \`${cell(migration.name)}\` — ${ICON[migration.status]}`, '');
    if (migration.findings.length > 0) {
      lines.push('| Line | Severity | Rule | Finding |', '| ---: | --- | --- | --- |');
      for (const finding of migration.findings) {
        const rule = finding.url.startsWith('http') ? `[${finding.rule}](${finding.url})` : `\`${finding.rule}\``;
        lines.push(`| ${finding.line} | ${finding.severity} | ${rule} | ${cell(finding.message)} |`);
      }
      lines.push('');
    }
    for (const statement of heavy) {
      const locks = statement.locks
        .filter((lock) => lock.blocks === 'reads,writes')
        .map((lock) => `${SQL_NAMES[lock.mode]} on \`${cell(lock.relation)}\``);
      const rewrote = statement.rewrites.length > 0 ? [`rewrites ${statement.rewrites.map((name) => `\`${cell(name)}\``).join(', ')}`] : [];
      lines.push(`- line ${statement.line}: ${[...locks, ...rewrote].join(' · ')} (blocks reads and writes while it runs)`);
    }
    if (heavy.length > 0) lines.push('');
  }
  return lines.join('\n');
}
